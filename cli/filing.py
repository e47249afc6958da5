"""filing register / file / missing / index: the paper archive, headless."""

from __future__ import annotations

import sys

from cli.common import date_arg, open_db, print_json
from gridapp.errors import UserError


def _scope(args):
    from gridapp.services.scope import resolve

    return resolve(getattr(args, "community", None), getattr(args, "grid", None))


def cmd_register(args) -> int:
    from reports.filing_register import export_register

    open_db(args)
    scope = _scope(args)
    count = export_register(args.out, scope.community, scope.grid)
    print(f"归档登记表已写入 {args.out}：{count} 张登记卡。")
    return 0


def cmd_file(args) -> int:
    from gridapp.services.filing import file_cards

    open_db(args)
    numbers = list(args.numbers) or [line for line in sys.stdin.read().splitlines()]
    result = file_cards(numbers, _scope(args).community)
    if args.json:
        print_json(result.__dict__)
    else:
        print(f"已归档 {len(result.filed)} 张。")
        for label, items in (("此前已归档", result.already), ("尚未录入", result.not_keyed), ("没有此档案号", result.unknown)):
            if items:
                print(f"{label}：{'、'.join(items)}", file=sys.stderr)
    return 0 if not result.unknown else 2


def cmd_missing(args) -> int:
    from gridapp.services.filing import missing

    open_db(args)
    today = date_arg(args.today, "--today")
    rows = missing(_scope(args).community, today)
    if args.json:
        print_json([{"archive_no": r.archive_no, "card_no": r.card_no, "grid": r.grid, "head": r.head,
                     "keyed_at": r.keyed_at} for r in rows])
    else:
        for r in rows:
            print(f"{r.archive_no}\t{r.grid}\t{r.card_no}\t{r.head}\t录入于 {r.keyed_at:%Y-%m-%d}")
        print(f"共 {len(rows)} 张已录入未归档。")
    return 0


def cmd_index(args) -> int:
    from gridapp.services.filing import register
    from reports.filing_index import write_index

    open_db(args)
    scope = _scope(args)
    if scope.grid is None:
        raise UserError("请用 --grid 指明网格。")
    rows = register(grid=scope.grid)
    write_index(scope.grid, rows, args.out)
    print(f"{scope.label} 的归档目录已写入 {args.out}：{len(rows)} 张登记卡。")
    return 0


def register_commands(sub, common) -> None:
    p = sub.add_parser("filing", help="按格归档：登记表、归档、缺失、目录")
    f = p.add_subparsers(dest="filing_command", metavar="ACTION", required=True)
    q = f.add_parser("register", parents=[common], help="归档登记表 XLSX（每个网格一张工作表）")
    q.add_argument("--out", required=True)
    q.add_argument("--community")
    q.add_argument("--grid")
    q.set_defaults(func=cmd_register)
    q = f.add_parser("file", parents=[common], help="按档案号登记纸质卡已归档（参数或标准输入，每行一个）")
    q.add_argument("numbers", nargs="*")
    q.add_argument("--community")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_file)
    q = f.add_parser("missing", parents=[common], help="录入多日仍未归档的登记卡")
    q.add_argument("--community")
    q.add_argument("--today")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_missing)
    q = f.add_parser("index", parents=[common], help="网格归档目录、册封面和脊标 PDF")
    q.add_argument("--grid", required=True)
    q.add_argument("--community")
    q.add_argument("--out", required=True)
    q.set_defaults(func=cmd_index)


register = register_commands
