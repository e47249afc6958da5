"""org import, stats: the street's structure and its figures."""

from __future__ import annotations

import sys

from cli import buildings
from cli.common import date_arg, open_db, print_json


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


def cmd_org_vacant(args) -> int:
    from gridapp.services import vacancy
    from gridapp.services.boards import find_buildings

    open_db(args)
    building = find_buildings(args.building, args.grid, args.community)[0]
    if args.flats:
        chosen = vacancy.find_flats(building, args.flats)
        changed = vacancy.set_vacant([f.id for f in chosen], not args.clear, building.name)
        print(f"{building.name}：{'、'.join(f.label for f in chosen)} {'取消空置' if args.clear else '标为空置'}"
              f"（更改 {changed} 套）")
    marked = [f for f in vacancy.flats(building) if f.vacant]
    if args.json:
        print_json({"building": building.name, "vacant": [f.label for f in marked]})
    elif not args.flats:
        print(f"{building.name} 空置房屋 {len(marked)} 套：{'、'.join(f.label for f in marked) or '无'}")
    return 0


def cmd_org_add_grid(args) -> int:
    from gridapp.services import grids

    open_db(args)
    buildings = grids.parse_buildings("\n".join(args.building or []))
    made = grids.add_grid(grids.own_community(args.community), args.name, buildings, args.number)
    if args.json:
        print_json(made)
    else:
        print(f"已新建{made['community']}{made['grid']}（编号 {made['number']}）：楼栋 {len(made['buildings'])} 栋，"
              f"房屋 {made['houses']} 套")
    return 0


def cmd_stats(args) -> int:
    from gridapp.services.scope import resolve
    from gridapp.services.stats import stats

    open_db(args)
    today = date_arg(args.today, "--today")
    data = stats(resolve(args.community, args.grid), today)
    if args.out:
        _write_stats(data, args.out)
    if args.json:
        print_json(data)
    else:
        print(f"{data['scope']}：{data['communities']} 个社区，{data['grids']} 个网格，"
              f"{data['buildings']} 栋楼，{data['houses']} 套房屋，{data['households']} 户，{data['persons']} 人")
    return 0


def _write_stats(data: dict, out: str) -> None:
    from pathlib import Path

    from gridapp.errors import UserError
    from gridapp.store.session import current_user

    path = Path(out)
    if path.suffix.lower() == ".xlsx":
        from reports.stats_xlsx import write_stats
    elif path.suffix.lower() == ".pdf":
        from reports.stats_pdf import write_stats
    else:
        raise UserError(f"报表文件须以 .pdf 或 .xlsx 结尾：{path}")
    write_stats(data, path, made_by=current_user())
    print(f"统计报表已写入 {path}", file=sys.stderr)


def register(sub, common) -> None:
    p = sub.add_parser("org", help="组织结构")
    org = p.add_subparsers(dest="org_command", metavar="ACTION", required=True)
    q = org.add_parser("import", parents=[common], help="导入街道组织结构 JSON（再次导入只更新，不重复）")
    q.add_argument("file")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_org_import)
    q = org.add_parser("vacant", parents=[common], help="标记或取消空置房屋（不给房号：列出该楼的空置房屋）")
    q.add_argument("flats", nargs="*", metavar="ROOM", help="房号：302、2单元302 或 2-302")
    q.add_argument("--building", metavar="NAME", required=True)
    q.add_argument("--grid", metavar="NAME")
    q.add_argument("--community", metavar="NAME")
    q.add_argument("--clear", action="store_true", help="取消空置标记")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_org_vacant)
    q = org.add_parser("add-grid", parents=[common], help="新建一个网格和它的楼栋（没有组织结构文件时）")
    q.add_argument("--community", metavar="NAME", help="社区（数据库中只有一个社区时可省略）")
    q.add_argument("--name", help="网格名称（默认按编号，如 第三网格）")
    q.add_argument("--number", type=int, help="网格编号（档案号中用，默认下一个）")
    q.add_argument("--building", action="append", metavar="TEXT",
                   help="楼栋，可多次给出：“1栋 6层 2单元 2户 爱和路1号”，“1-6栋 6层”为 6 栋")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_org_add_grid)
    buildings.register(org, common)

    p = sub.add_parser("stats", parents=[common], help="统计（在册人员）")
    p.add_argument("--json", action="store_true")
    p.add_argument("--community")
    p.add_argument("--grid")
    p.add_argument("--today", help="按此日期计算年龄（默认今天）")
    p.add_argument("--out", metavar="FILE", help="另存为报表：.pdf（可打印）或 .xlsx")
    p.set_defaults(func=cmd_stats)
