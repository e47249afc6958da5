"""matters add | assign | progress | done | check | close | refer | list | show | photos | import: events and
residents' requests from intake to closure, headless."""

from __future__ import annotations

import sys
from pathlib import Path

from cli.common import open_db, print_json
from gridapp.errors import UserError

FIELDS = ("kind", "grid", "community", "place", "person", "contact_name", "contact_phone", "description",
          "urgency", "affair", "line", "found_by", "found_at")


def _shown(matter) -> dict:
    from gridapp.services.matterlist import detail

    return detail(matter)


def _say(args, matter, what: str) -> int:
    data = _shown(matter)
    if args.json:
        print_json(data)
    else:
        late = f"，逾期 {data['days_late']} 天" if data["overdue"] else ""
        print(f"事项 {data['number']} {what}：{data['state']}，承诺 {data['promised_on']} 前办结{late}。")
    return 0


def cmd_add(args) -> int:
    from gridapp.services import matters

    open_db(args)
    raw = {k: getattr(args, k) for k in FIELDS if getattr(args, k) is not None}
    if args.photo:
        raw["photos"] = args.photo
    return _say(args, matters.add(raw, base=Path.cwd()), "已登记")


def cmd_step(args) -> int:
    from gridapp.services import matters

    open_db(args)
    matter = matters.find(args.number, args.community)
    action = args.matters_command
    if action == "assign":
        matters.assign(matter, args.line, args.to or "", args.note or "")
    elif action == "progress":
        matters.progress(matter, args.note)
    elif action == "done":
        matters.done(matter, args.result)
    elif action == "check":
        matters.check(matter, args.satisfied, args.note or "")
    else:
        matters.ACTIONS[action](matter, args.note or "")
    return _say(args, matter, matters.STEPS[action])


def cmd_show(args) -> int:
    from gridapp.services import matters

    open_db(args)
    data = _shown(matters.find(args.number, args.community))
    if args.json:
        print_json(data)
        return 0
    print(f"事项 {data['number']}（{data['kind']}，{data['urgency']}）{data['grid']} {data['place']}：{data['description']}")
    for s in data["steps"]:
        print(f"  {s['at']:%Y-%m-%d %H:%M} {s['label']} {s['user']} {s['line']} {s['assignee']} {s['note']}".rstrip())
    return 0


def cmd_photos(args) -> int:
    from gridapp.services import matters

    open_db(args)
    matter = matters.find(args.number, args.community)
    if not args.out:
        shots = matters.photo_files(matter)
        if args.json:
            print_json({"number": matter.number, "photos": [{"name": p.name, "mime": p.mime, "bytes": len(p.data)}
                                                            for p in shots]})
        else:
            for p in shots:
                print(f"{p.name}\t{len(p.data) / 1024:.0f} KB")
            print(f"事项 {matter.number} 共 {len(shots)} 张照片。")
        return 0
    written = matters.save_photos(matter, args.out)
    if args.json:
        print_json({"number": matter.number, "files": [str(p) for p in written]})
    else:
        print(f"事项 {matter.number} 的 {len(written)} 张照片已保存到 {args.out}"
              + (f"：{'、'.join(p.name for p in written)}" if written else "。"))
    return 0


def cmd_list(args) -> int:
    from gridapp.services import matterlist
    from gridapp.services.matterinput import find_grid
    from gridapp.services.scope import resolve

    if args.offset < 0 or not 1 <= args.limit <= 1000:
        raise UserError("--offset 不能为负数，--limit 须在 1 到 1000 之间")
    open_db(args)
    f = matterlist.Filter(view=args.view, community=resolve(args.community).community, line=args.line or "",
                          state=args.state or "", kind=args.kind or "")
    if args.grid:
        f.grid = find_grid(args.grid, args.community or "")
    rows = matterlist.page(f, args.offset, args.limit)
    if args.json:
        print_json({"total": matterlist.count(f), "offset": args.offset, "matters": rows})
        return 0
    for r in rows:
        late = f"逾期{r['days_late']}天" if r["overdue"] else ""
        print(f"{r['number']}\t{r['kind']}\t{r['grid']}\t{r['line']}\t{r['state']}\t{r['promised_on']}\t{late}\t"
              f"{r['description'][:30]}")
    print(f"共 {matterlist.count(f)} 个事项。")
    return 0


def cmd_import(args) -> int:
    from gridapp import jsonfile
    from gridapp.services import matters

    open_db(args)
    path = Path(args.file)
    made = matters.import_matters(jsonfile.load(path), base=path.parent)
    if args.json:
        print_json({"imported": len(made), "numbers": [m.number for m in made]})
    else:
        print(f"已导入 {len(made)} 个事项" + (f"（{made[0].number}–{made[-1].number}）。" if made else "。"))
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("matters", help="事件与诉求：登记、分派、办理、回访、办结、上报")
    actions = p.add_subparsers(dest="matters_command", metavar="ACTION", required=True)
    q = actions.add_parser("add", parents=[common], help="登记一个事项")
    q.add_argument("--kind", required=True, help="诉求、巡查发现、隐患、矛盾纠纷、代办")
    q.add_argument("--grid", required=True)
    q.add_argument("--community")
    q.add_argument("--place", help="地点：楼栋房号（长安阁1栋2单元302）或文字")
    q.add_argument("--person", help="当事人：身份证号，或该地址住户中的姓名")
    q.add_argument("--contact-name")
    q.add_argument("--contact-phone")
    q.add_argument("--description", required=True)
    q.add_argument("--urgency", help="简易、一般（默认）、突出、重大")
    q.add_argument("--affair", help="社区事务清单事项的编号或名称（给出业务口和承诺时限）")
    q.add_argument("--line", help="业务口（不按事务清单时）")
    q.add_argument("--found-by", help="发现/受理的网格员")
    q.add_argument("--found-at", help="发现/受理时间，默认现在")
    q.add_argument("--photo", action="append", help="照片文件（可多次）")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_add)
    for name, help_ in (("assign", "分派到业务口 / 分管委员"), ("progress", "记录办理情况"), ("done", "办理完毕，写明结果"),
                        ("check", "回访：居民满意与否"), ("close", "办结归档"), ("refer", "上报街道")):
        q = actions.add_parser(name, parents=[common], help=help_)
        q.add_argument("number", help="事项编号，如 2026-0012")
        q.add_argument("--community", help="社区（街道办理上报的事项时，编号在多个社区都有）")
        if name == "assign":
            q.add_argument("--line", required=True)
            q.add_argument("--to", help="分管委员")
        if name == "done":
            q.add_argument("--result", required=True)
        q.add_argument("--note", required=name in ("progress", "refer"))
        if name == "check":
            answer = q.add_mutually_exclusive_group(required=True)
            answer.add_argument("--satisfied", action="store_true", default=None)
            answer.add_argument("--dissatisfied", dest="satisfied", action="store_false")
        q.add_argument("--json", action="store_true")
        q.set_defaults(func=cmd_step)
    q = actions.add_parser("list", parents=[common], help="事项列表（可筛选、分页）")
    q.add_argument("--view", default="all", choices=["all", "mine", "overdue", "check", "open"],
                   help="all 全部、mine 我的、overdue 逾期、check 待回访、open 未办结")
    q.add_argument("--community")
    q.add_argument("--grid")
    q.add_argument("--line")
    q.add_argument("--state")
    q.add_argument("--kind")
    q.add_argument("--offset", type=int, default=0)
    q.add_argument("--limit", type=int, default=100)
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)
    q = actions.add_parser("show", parents=[common], help="一个事项及其办理过程")
    q.add_argument("number")
    q.add_argument("--community")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_show)
    q = actions.add_parser("photos", parents=[common], help="一个事项的照片：列出，或保存到文件夹（--out）")
    q.add_argument("number")
    q.add_argument("--community")
    q.add_argument("--out", metavar="DIR", help="保存到的文件夹（文件名为事项编号和序号）")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_photos)
    q = actions.add_parser("import", parents=[common], help="从 JSON 文件批量登记事项（全部正确才导入）")
    q.add_argument("file")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_import)
    register_report(actions, common)


def cmd_report(args) -> int:
    from gridapp.services.matterstats import month_report
    from gridapp.services.scope import resolve
    from gridapp.store.session import current_user

    if args.out and Path(args.out).suffix.lower() not in (".pdf", ".xlsx"):
        raise UserError(f"报表文件须以 .pdf 或 .xlsx 结尾：{args.out}")
    open_db(args)
    data = month_report(args.month, resolve(args.community, args.grid))
    if args.out:
        from reports.matters_report import write_pdf, write_xlsx

        write = write_xlsx if args.out.lower().endswith(".xlsx") else write_pdf
        write(data, args.out, made_by=current_user())
        print(f"事项月报已写入 {args.out}", file=sys.stderr)
    if args.json:
        print_json(data)
    elif not args.out:
        from reports.matters_report import headline

        print(f"{data['month']} {data['scope']}：{headline(data)}")
    return 0


def register_report(actions, common) -> None:
    q = actions.add_parser("report", parents=[common], help="事项月报：按网格、类型、业务口、状态，按时办结率、满意率")
    q.add_argument("--month", required=True, help="YYYY-MM")
    q.add_argument("--community")
    q.add_argument("--grid")
    q.add_argument("--out", metavar="FILE", help="另存为 .pdf（可打印）或 .xlsx")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_report)
