"""categories: own person and household categories (自定义类别) with their wall-board marker and privacy."""

from __future__ import annotations

from cli.cardfields import _scope, _where
from cli.common import open_db, print_json


def _line(c: dict) -> str:
    from gridapp.services.owncategories import LEVELS, PRIVACY

    return (f"  [{LEVELS[c['level']]}] {c['code']}\t{c['symbol']} {c['label']}（{c['colour']}，{PRIVACY[c['privacy']]}）"
            f"〔{c['scope']}〕{'（已停用）' if c['retired'] else ''}")


def cmd_list(args) -> int:
    from gridapp.services import owncategories

    open_db(args)
    community = _scope(args)
    rows = owncategories.listed(community.id if community else None, retired=args.all)
    if args.json:
        print_json(rows)
        return 0
    print(f"{_where(community)}的自定义类别：")
    for c in rows:
        print(_line(c))
    if not rows:
        print("  （没有）")
    return 0


def cmd_add(args) -> int:
    from gridapp.services import owncategories

    open_db(args)
    row = owncategories.add(_scope(args), args.level, args.code, args.label, args.symbol or "",
                            args.colour, args.privacy)
    shown = owncategories.describe_row(row)
    print_json(shown) if args.json else print(f"已添加：{_line(shown).strip()}")
    return 0


def cmd_change(args) -> int:
    from gridapp.services import owncategories

    open_db(args)
    values = {k: v for k, v in (("label", args.label), ("symbol", args.symbol), ("colour", args.colour),
                                ("privacy", args.privacy)) if v is not None}
    if args.retire or args.restore:
        values["retired"] = bool(args.retire)
    row = owncategories.change(args.code, **values)
    shown = owncategories.describe_row(row)
    print_json(shown) if args.json else print(f"已修改：{_line(shown).strip()}")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("categories", help="自定义人员和户类别（重点人口、低保户、优抚对象…）：标记与公开程度")
    s = p.add_subparsers(dest="categories_command", metavar="ACTION", required=True)
    for name, func, text in (("list", cmd_list, "全部自定义类别"), ("add", cmd_add, "添加一个类别（默认仅内部，不上公示栏）"),
                             ("change", cmd_change, "修改名称、标记、颜色、公开程度，或停用")):
        q = s.add_parser(name, parents=[common], help=text)
        q.add_argument("--json", action="store_true")
        if name != "change":
            q.add_argument("--community", help="社区（不写：社区办公室为本社区，街道为全街道）")
            q.add_argument("--street", action="store_true", help="全街道通用")
        if name == "list":
            q.add_argument("--all", action="store_true", help="包括已停用的")
        if name in ("add", "change"):
            q.add_argument("code", metavar="CODE", help="代码（小写字母开头，如 key_person）")
            q.add_argument("--symbol", help="公示栏上的一个标记字（默认名称的第一个字）")
            q.add_argument("--colour", default="#555555" if name == "add" else None, help="标记颜色 #RRGGBB")
            q.add_argument("--privacy", choices=["internal", "public"], default="internal" if name == "add" else None,
                           help="internal 仅内部（默认，不上公示栏）；public 可上公示栏")
        if name == "add":
            q.add_argument("label", metavar="LABEL")
            q.add_argument("--level", choices=["household", "person"], required=True)
        if name == "change":
            q.add_argument("--label")
            q.add_argument("--retire", action="store_true")
            q.add_argument("--restore", action="store_true")
        q.set_defaults(func=func)
