"""lists: lists on demand (按需名单), saved by name beside the fixed ledgers."""

from __future__ import annotations

from pathlib import Path

from cli.common import open_db, print_json
from gridapp.errors import UserError


def _split(text: str | None) -> list[str]:
    return [p.strip() for p in (text or "").replace("，", ",").split(",") if p.strip()]


def cmd_add(args) -> int:
    from gridapp.services import listbuilder
    from gridapp.services.scope import resolve

    open_db(args)
    match = "any" if args.any else "all"
    groups = [{"match": "all" if args.any else "any",
               "conditions": [c.strip() for c in g.replace("；", ";").split(";") if c.strip()]}
              for g in args.group or []]
    body = {"level": args.level, "match": match, "conditions": (args.where or []) + groups,
            "columns": _split(args.columns), "sort": _split(args.sort)}
    community = resolve(args.community, None).community if args.community else None
    row = listbuilder.save(args.name, body, community)
    saved = next(x for x in listbuilder.all_saved() if x["name"] == row.name)
    if args.json:
        print_json(saved)
    else:
        print(f"已保存名单“{row.name}”：{saved['description']}")
    return 0


def cmd_list(args) -> int:
    from gridapp.services import listbuilder

    open_db(args)
    rows = listbuilder.all_saved()
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(f"{r['name']}\t{r['description']}（{r['by']}，{r['at']}）")
    if not rows:
        print("（没有保存的名单）")
    return 0


def _query(args):
    from gridapp.services import listbuilder
    from gridapp.services.scope import resolve

    open_db(args)
    return listbuilder.query(args.name, resolve(args.community, args.grid) if (args.community or args.grid) else None)


def cmd_show(args) -> int:
    from gridapp.privacy import sees_full
    from gridapp.services.ledgerquery import display, iter_rows

    q = _query(args)
    mask = args.masked or not sees_full()
    rows = [[display(v) for v in r] for r in iter_rows(q, mask=mask)]
    headers = [c.header for c in q.ledger.columns]
    if args.json:
        print_json({"name": q.ledger.name, "description": q.ledger.description, "count": len(rows),
                    "columns": [c.key for c in q.ledger.columns], "headers": headers,
                    "rows": rows[:args.limit] if args.limit else rows, "masked": mask})
        return 0
    print(f"{q.ledger.name}（{q.ledger.description}）：{len(rows)} 行")
    print("\t".join(headers))
    for r in rows[:args.limit] if args.limit else rows:
        print("\t".join(r))
    return 0


def cmd_export(args) -> int:
    from gridapp.store.session import current_user
    from reports.ledger_xlsx import write_ledger

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"输出文件须以 .xlsx 结尾：{out}")
    q = _query(args)
    n = write_ledger(q, out, made_by=current_user(), mask=args.masked)
    if args.json:
        print_json({"name": q.ledger.name, "rows": n, "out": str(out)})
    else:
        print(f"名单“{q.ledger.name}”已写入 {out}：{n} 行。")
    return 0


def cmd_remove(args) -> int:
    from gridapp.services import listbuilder

    open_db(args)
    listbuilder.remove(args.name)
    print(f"已删除名单“{args.name}”。")
    return 0


def cmd_rename(args) -> int:
    from gridapp.services import listbuilder

    open_db(args)
    row = listbuilder.rename(args.name, args.new_name)
    print(f"名单“{args.name}”已改名为“{row.name}”。")
    return 0


def cmd_choices(args) -> int:
    from gridapp.services import listbuilder

    open_db(args)
    subjects, columns = listbuilder.subject_choices(args.level), listbuilder.columns_of(args.level)
    if args.json:
        print_json({"subjects": subjects, "operators": listbuilder.OPERATORS, "columns": columns})
        return 0
    print("条件可用的项目：")
    for s in subjects:
        print(f"  {s['label']}" + (f"（{'、'.join(s['values'])}）" if s["values"] else ""))
    print("运算：" + "  ".join(f"{op} {text}" for op, text in listbuilder.OPERATORS.items()))
    print("可选的列：" + "、".join(c["header"] for c in columns))
    return 0


def _scoped(q) -> None:
    q.add_argument("--community", help="只看此社区")
    q.add_argument("--grid", help="只看此网格")


def register(sub, common) -> None:
    p = sub.add_parser("lists", help="按需名单：按任意项目和类别组合条件，保存后像台账一样查看和导出")
    s = p.add_subparsers(dest="lists_command", metavar="ACTION", required=True)
    q = s.add_parser("add", parents=[common], help="保存（或替换）一个名单")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--where", action="append", metavar="COND",
                   help="条件，可写多个：性别=女、年龄=15-49、户人数>=6、港澳台=是、类别=重点人口、医保类型=未参保、户籍地~海口")
    q.add_argument("--any", action="store_true", help="满足其中一个条件即可（默认须同时满足）")
    q.add_argument("--group", action="append", metavar="COND;COND",
                   help="一组条件（用 ; 分隔），满足其一即可（与 --any 同用时：须同时满足），如 年龄>=80;类别=残疾人")
    q.add_argument("--level", choices=["person", "household"], default="person", help="按人员（默认）或按户列出")
    q.add_argument("--columns", help="显示的列（键或表头，逗号分隔）")
    q.add_argument("--sort", help="排序的列，逗号分隔；前加 - 为降序，如 -age")
    q.add_argument("--community", help="名单属于此社区（不写：全街道可用）")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_add)
    q = s.add_parser("list", parents=[common], help="已保存的名单")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)
    q = s.add_parser("show", parents=[common], help="名单的行（按角色遮蔽身份证号和电话）")
    q.add_argument("name", metavar="NAME")
    _scoped(q)
    q.add_argument("--masked", action="store_true", help="遮蔽身份证号和电话")
    q.add_argument("--limit", type=int, default=0)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_show)
    q = s.add_parser("export", parents=[common], help="名单导出为 Excel（记入操作记录）")
    q.add_argument("name", metavar="NAME")
    _scoped(q)
    q.add_argument("--out", required=True, metavar="FILE.xlsx")
    q.add_argument("--masked", action="store_true", help="遮蔽身份证号和电话（无完整导出权限的角色总是遮蔽）")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_export)
    q = s.add_parser("rename", parents=[common], help="给名单改名")
    q.add_argument("name", metavar="NAME")
    q.add_argument("new_name", metavar="NEW")
    q.set_defaults(func=cmd_rename)
    q = s.add_parser("choices", parents=[common], help="条件可用的项目（含类别和补充项）、运算和可选的列")
    q.add_argument("--level", choices=["person", "household"], default="person")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_choices)
    q = s.add_parser("remove", parents=[common], help="删除一个名单")
    q.add_argument("name", metavar="NAME")
    q.set_defaults(func=cmd_remove)
