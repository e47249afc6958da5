"""hub migrate: a street hub moves from its SQLite file to a PostgreSQL server."""

from __future__ import annotations

from cli.common import db_path, passphrase, print_json, progress_printer, server_password
from gridapp import engines
from gridapp.errors import UserError


def cmd_migrate(args) -> int:
    from gridapp import db
    from gridapp.services.hubmove import move

    if not engines.is_url(args.to):
        raise UserError("--to 应是 PostgreSQL 服务器地址：postgresql://用户@主机[:端口]/库名")
    source = db_path(args)
    if engines.is_url(source):
        raise UserError("--db 应是街道的数据库文件（要迁移的那个）。")
    key = passphrase(args, creating=False)
    result = move(source, key, args.to, server_password(args.to), None if args.quiet else progress_printer())
    if args.json:
        print_json(result)
    else:
        width = max(len(r["table"]) for r in result)
        print(f"{'table':<{width}}  {'file':>9}  {'server':>9}")
        for r in result:
            print(f"{r['table']:<{width}}  {r['source']:>9}  {r['target']:>9}")
        print(f"已迁移到 {db.server_label(args.to)}：{len(result)} 张表，"
              f"{sum(r['target'] for r in result)} 行，行数核对一致。")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("hub", help="街道枢纽数据库")
    hub_sub = p.add_subparsers(dest="hub_command", metavar="COMMAND", required=True)
    p = hub_sub.add_parser("migrate", parents=[common],
                           help="把街道数据库文件迁移到 PostgreSQL 服务器（一次完成，核对行数）")
    p.add_argument("--to", required=True, metavar="URL", help="postgresql://用户@主机[:端口]/库名（新建的空库）")
    p.add_argument("--json", action="store_true")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_migrate)
