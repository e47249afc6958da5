"""affairs import / export / find / starter: the community affairs list (社区事务清单)."""

from __future__ import annotations

from cli.common import open_db, print_json


def cmd_import(args) -> int:
    from gridapp.services import affairs

    open_db(args)
    counts = affairs.import_file(args.file)
    print(f"已导入：新增 {counts.created} 项，更新 {counts.updated} 项，未变 {counts.unchanged} 项。")
    return 0


def cmd_starter(args) -> int:
    from gridapp.services import affairs

    open_db(args)
    notice, _items = affairs.starter_items()
    counts = affairs.load_starter()
    print(f"已载入示例清单：新增 {counts.created} 项，更新 {counts.updated} 项。")
    print(f"注意：{notice}")
    return 0


def cmd_export(args) -> int:
    from gridapp.store.session import current_user
    from reports.affairs_xlsx import write_affairs

    open_db(args)
    n = write_affairs(args.out, made_by=current_user())
    print(f"社区事务清单已写入 {args.out}：{n} 项。")
    return 0


def cmd_find(args) -> int:
    from gridapp.services import affairs

    open_db(args)
    items = affairs.find(" ".join(args.text))
    if args.json:
        print_json([{f.key: getattr(a, f.key) for f in affairs.FIELDS} for a in items])
        return 0
    for a in items:
        days = "" if a.promised_days is None else "即时办结" if a.promised_days == 0 else f"{a.promised_days} 个工作日"
        print(f"{a.code or '-'}\t{a.name}\t{a.category}\t{days}\t{a.office}")
    print(f"共 {len(items)} 项。")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("affairs", help="社区事务清单：导入、导出、查找")
    a = p.add_subparsers(dest="affairs_command", metavar="ACTION", required=True)
    q = a.add_parser("import", parents=[common], help="从 Excel 导入或更新清单（街道办）")
    q.add_argument("file", metavar="FILE.xlsx")
    q.set_defaults(func=cmd_import)
    q = a.add_parser("export", parents=[common], help="清单导出为 Excel")
    q.add_argument("--out", required=True, metavar="FILE.xlsx")
    q.set_defaults(func=cmd_export)
    q = a.add_parser("find", parents=[common], help="按关键词或拼音首字母查找事项（如 低保、jzz）")
    q.add_argument("text", nargs="*")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_find)
    q = a.add_parser("starter", parents=[common], help="载入示例清单（22 项，须由街道核实后使用）")
    q.set_defaults(func=cmd_starter)
