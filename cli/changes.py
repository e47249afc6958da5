"""changes: what changed in the population in a week or a month, by grid (arrivals,
departures, moves, new households, cards collected), as text, JSON, PDF or XLSX."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cli import dailyargs
from cli.common import open_db, print_json
from gridapp.errors import UserError


def _period(args) -> tuple[dt.date, dt.date]:
    from gridapp.services import changes

    if args.month:
        return changes.month_of(args.month)
    if args.start or args.end:
        if not (args.start and args.end):
            raise UserError("--from 和 --to 须同时给出")
        return dailyargs.required_day(args.start, "开始日期"), dailyargs.required_day(args.end, "结束日期")
    return changes.week_of(dailyargs.day(args.date, "日期", dt.date.today()))


def cmd_changes(args) -> int:
    from gridapp.services import changes

    out = Path(args.out) if args.out else None
    if out is not None and (out.suffix.lower() not in (".pdf", ".xlsx") or not out.parent.exists()):
        raise UserError(f"输出文件须以 .pdf 或 .xlsx 结尾，且目录须已存在：{out}")
    open_db(args)
    community = dailyargs.community(args.community) if args.community else None
    start, end = _period(args)
    grid = None
    if args.grid:
        from gridapp.services.scope import resolve

        grid = resolve(community.name if community else None, args.grid).grid
    data = changes.report(start, end, [community.id] if community else None, [grid.id] if grid else None)
    place = f"{grid.community.name} {grid.name}" if grid else community.name if community else "全部社区"
    if out is not None:
        from reports import changes_report

        changes_report.export(data, place, out, args.masked)
        print(f"已生成 {start} 至 {end} 的人口变动情况：{len(data['grids'])} 个网格（{out}）")
    elif args.json:
        print_json(data)
    else:
        t = data["totals"]
        print(f"{place} {start} 至 {end}：迁入 {t['arrivals']} 人，迁出 {t['departures']} 人，内部迁移 {t['moved_in']} 人，"
              f"新立户 {t['new_households']} 户，采集登记卡 {t['new_cards']} 张，净增 {t['net']} 人")
        for r in data["grids"]:
            print(f"  {r['community']} {r['grid']}\t迁入 {r['arrivals']}\t迁出 {r['departures']}\t"
                  f"内部迁入 {r['moved_in']}\t内部迁出 {r['moved_out']}\t新立户 {r['new_households']}\t卡 {r['new_cards']}")
    return 0


def register(sub, common) -> None:
    q = sub.add_parser("changes", parents=[common], help="人口变动：一周或一月的迁入、迁出、内部迁移、新立户、采集登记卡（按网格）")
    q.add_argument("--date", metavar="YYYY-MM-DD", help="统计这一天所在的一周（周一至周日），默认本周")
    q.add_argument("--month", metavar="YYYY-MM", help="统计一个月")
    q.add_argument("--from", dest="start", metavar="YYYY-MM-DD")
    q.add_argument("--to", dest="end", metavar="YYYY-MM-DD")
    q.add_argument("--community", metavar="NAME")
    q.add_argument("--grid", metavar="NAME", help="只统计这个网格")
    q.add_argument("--json", action="store_true")
    q.add_argument("--out", metavar="FILE.pdf|FILE.xlsx")
    q.add_argument("--masked", action="store_true", help="打印时遮蔽姓名")
    q.set_defaults(func=cmd_changes)
