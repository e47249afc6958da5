"""org import, stats: the street's structure and its figures."""

from __future__ import annotations

from gridapp.cli.common import open_db, print_json


def cmd_org_import(args) -> int:
    from gridapp.services.org import import_org_file

    open_db(args)
    result = import_org_file(args.file)
    if args.json:
        print_json(result.as_dict())
    else:
        made = "，".join(f"{k} {v}" for k, v in result.created.items()) or "无"
        changed = "，".join(f"{k} {v}" for k, v in result.updated.items()) or "无"
        print(f"已导入。新建：{made}；更新：{changed}")
    return 0


def cmd_stats(args) -> int:
    from gridapp.services.scope import resolve
    from gridapp.services.stats import stats

    open_db(args)
    data = stats(resolve(args.community, args.grid))
    if args.json:
        print_json(data)
    else:
        print(f"{data['scope']}：{data['communities']} 个社区，{data['grids']} 个网格，"
              f"{data['buildings']} 栋楼，{data['houses']} 套房屋，{data['households']} 户，{data['persons']} 人")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("org", help="组织结构")
    org = p.add_subparsers(dest="org_command", metavar="ACTION", required=True)
    q = org.add_parser("import", parents=[common], help="导入街道组织结构 JSON（再次导入只更新，不重复）")
    q.add_argument("file")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_org_import)

    p = sub.add_parser("stats", parents=[common], help="统计（在册人员）")
    p.add_argument("--json", action="store_true")
    p.add_argument("--community")
    p.add_argument("--grid")
    p.set_defaults(func=cmd_stats)
