"""sync enrol / export / import / status / conflicts: file-based sync with the street office."""

from __future__ import annotations

import os
import sys

from cli.common import open_db, print_json, progress_printer


def cmd_enrol(args) -> int:
    from gridapp.sync.enrol import CODE_ENV, enrol

    open_db(args)
    result = enrol(args.community, args.out, code=args.code or os.environ.get(CODE_ENV), replace=args.replace)
    if args.json:
        print_json(result)
    else:
        print(f"已为“{result['community']}”生成登记文件 {result['file']}。")
        print(f"登记码：{result['code']}（请另行告知社区，勿与登记文件放在一起）")
    return 0


def cmd_rebuild(args) -> int:
    from cli.setup import _enrolment_code
    from gridapp.services import reenrol

    open_db(args)
    result = reenrol.rebuild(args.enrolment, _enrolment_code(args),
                             progress=None if args.json else progress_printer())
    if args.json:
        print_json(result)
    else:
        print(f"已用登记文件重建数据库：{result['name']}（原为“{result['was']}”）。")
    return 0


def cmd_export(args) -> int:
    from gridapp.sync.export import export

    open_db(args)
    made = export(args.to, full=args.full, only=args.peer, resend=args.resend,
                  progress=None if args.json else progress_printer())
    if args.json:
        print_json({"packages": made})
    elif not made:
        print("没有需要发送的新数据。")
    else:
        for m in made:
            print(f"给“{m['peer']}”的第 {m['package']} 号数据包：{m['changes']} 条记录，"
                  f"{m['bytes']:,} 字节（{m['file']}）")
        print("已写入并校验，可以拔出 U 盘。")
    return 0


EXIT_REJECTED = 3  # some packages were refused; the good ones were applied


def cmd_import(args) -> int:
    from gridapp.sync.importer import import_from

    open_db(args)
    result = import_from(args.source, progress=None if args.json else progress_printer())
    if args.json:
        print_json(result.as_dict())
    else:
        for message in result.messages:
            print(message, file=sys.stderr)
        print(result.summary())
    return EXIT_REJECTED if result.rejected else 0


def cmd_status(args) -> int:
    from gridapp.sync.status import status, status_line

    open_db(args)
    data = status()
    if args.json:
        print_json(data)
    else:
        print(status_line(data))
        for peer in data["peers"]:
            print(f"  {peer['name']}：收到至第 {peer['last_package_received']} 号，"
                  f"发出至第 {peer['last_package_sent']} 号（对方已确认第 {peer['acknowledged_package']} 号），"
                  f"待发送 {peer['pending']}")
    return 0


def cmd_conflicts(args) -> int:
    from gridapp.services import conflicts

    open_db(args)
    if args.keep is not None:
        conflicts.keep(args.keep)
    if args.swap is not None:
        conflicts.swap(args.swap)
    items = conflicts.conflicts(include_reviewed=args.all)
    dupes = conflicts.duplicate_id_numbers()
    if args.json:
        print_json({"conflicts": items, "duplicate_id_numbers": dupes})
        return 0
    for c in items:
        print(f"[{c['id']}] {c['table_label']}“{c['record']}” {c['field_label']}：当前 {c['current']}"
              f"（{c['current_by']} {c['current_at']}），另一值 {c['other']}（{c['other_by']} {c['other_at']}）")
    for d in dupes:
        print(f"身份证号 {d['id_number']} 同时在：{'、'.join(d['communities'])}")
    if not items and not dupes:
        print("没有待处理的冲突。")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("sync", help="与街道（或社区）同步：登记、导出、导入、状态、冲突")
    sync = p.add_subparsers(dest="sync_command", metavar="ACTION", required=True)

    q = sync.add_parser("enrol", parents=[common], help="（街道）为社区生成登记文件")
    q.add_argument("--community", required=True, help="社区名称")
    q.add_argument("--out", required=True, metavar="FILE", help="登记文件")
    q.add_argument("--code", help="登记码（默认随机生成；也可用环境变量 GRIDAPP_ENROL_CODE）")
    q.add_argument("--replace", action="store_true", help="重新登记（更换电脑）")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_enrol)

    q = sync.add_parser("rebuild", parents=[common],
                        help="（社区）用街道的登记文件重建尚未录入任何数据的数据库")
    q.add_argument("--enrolment", required=True, metavar="FILE", help="街道生成的登记文件")
    q.add_argument("--code", help="登记码（也可用环境变量 GRIDAPP_ENROL_CODE）")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_rebuild)

    q = sync.add_parser("export", parents=[common], help="把新的改动写成数据包")
    q.add_argument("--to", required=True, metavar="DIR", help="同步文件夹（U 盘或共享文件夹）")
    q.add_argument("--full", action="store_true", help="完整数据包（用于新站点或恢复）")
    q.add_argument("--resend", action="store_true", help="重新发送对方尚未确认收到的数据（数据包丢失时）")
    q.add_argument("--peer", metavar="NAME", help="只给这个站点")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_export)

    q = sync.add_parser("import", parents=[common], help="导入同步文件夹中发给本站的数据包（可重复执行）",
                        epilog=f"退出状态：0 正常；{EXIT_REJECTED} 有数据包被拒收（其余已导入）；2 用户错误")
    q.add_argument("--from", dest="source", required=True, metavar="DIR")
    q.add_argument("--json", action="store_true",
                   help="输出 applied、duplicate、waiting、rejected、conflicts、skipped 等计数")
    q.set_defaults(func=cmd_import)

    q = sync.add_parser("status", parents=[common], help="同步状态")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_status)

    q = sync.add_parser("conflicts", parents=[common], help="冲突列表（保留当前值或改用另一值）")
    q.add_argument("--keep", type=int, metavar="ID", help="保留当前值")
    q.add_argument("--swap", type=int, metavar="ID", help="改用另一值")
    q.add_argument("--all", action="store_true", help="包括已处理的")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_conflicts)
