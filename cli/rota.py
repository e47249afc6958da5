"""rota: the office duty rota (值班表) from the command line: set the groups, show or print a
month, swap two days, a stand-in, and today's duty with the day's intake."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from cli import dailyargs
from cli.common import open_db, print_json
from gridapp.errors import UserError


def _month(text: str) -> tuple[int, int]:
    from gridapp.services.checks import parse_month

    found = parse_month(text)
    if found is None:
        raise UserError(f"月份“{text}”须写成 YYYY-MM 或 YYYY年M月，如 2026-10")
    return found


def _group(text: str) -> dict:
    name, sep, members = text.replace("：", ":").partition(":")
    if not sep or not name.strip():
        raise UserError(f"值班组“{text}”须写成“组名:姓名,姓名”，如“第一组:孙网格,周备岗”")
    return {"name": name.strip(), "staff": [m.strip() for m in re.split(r"[,，、\s]+", members) if m.strip()]}


def cmd_set(args) -> int:
    from gridapp.services import rota

    open_db(args)
    community = dailyargs.community(args.community)
    start = dailyargs.required_day(args.start, "开始日期")
    row = rota.set_rota(community, start, [_group(g) for g in args.group])
    print(f"已设置值班表：自 {row.start} 起 {len(args.group)} 个组轮流值班，节假日顺延")
    return 0


def cmd_show(args) -> int:
    from gridapp import settings
    from gridapp.services import rota

    open_db(args)
    community = dailyargs.community(args.community)
    year, month = _month(args.month)
    duties, warning = rota.month(community, year, month)
    rows = [d.as_json() for d in duties]
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() != ".pdf" or not out.parent.exists():
            raise UserError(f"输出文件须以 .pdf 结尾，且目录须已存在：{out}")
        from reports.rota_pdf import write_month

        write_month(community.name, year, month, rows, out, warning, settings.get("boards.contact", community))
        rota.record_month_print(year, month)
        print(f"已生成 {year}年{month}月值班表：{len(rows)} 个值班日（{out}）")
    elif args.json:
        print_json({"community": community.name, "month": f"{year:04d}-{month:02d}", "warning": warning,
                    "duties": rows})
    else:
        for d in rows:
            print(f"{d['date']} {d['weekday']}\t{d['group']}\t{'、'.join(d['staff'])}\t{d['changed']}")
        if warning:
            print(f"注意：{warning}")
    return 0


def cmd_swap(args) -> int:
    from gridapp.services import rota

    open_db(args)
    community = dailyargs.community(args.community)
    day, other = dailyargs.required_day(args.date, "日期"), dailyargs.required_day(args.other, "调换日期")
    rota.swap(community, day, other, args.reason or "")
    print(f"已调班：{day} 与 {other} 的值班组互换")
    return 0


def cmd_standin(args) -> int:
    from gridapp.services import rota

    open_db(args)
    community = dailyargs.community(args.community)
    day = dailyargs.required_day(args.date, "日期")
    rota.stand_in(community, day, args.absent, args.standin, args.reason or "")
    print(f"已替班：{day} 由 {args.standin} 替 {args.absent} 值班")
    return 0


def cmd_today(args) -> int:
    from gridapp.services import rota

    open_db(args)
    community = dailyargs.community(args.community)
    day = dailyargs.day(args.date, "日期", dt.date.today())
    duty = rota.on(community, day)
    cards = rota.intake(community, day)
    if args.json:
        print_json({"date": day.isoformat(), "duty": duty.as_json() if duty else None, "intake": cards})
        return 0
    print(f"{day}：" + (f"{duty.group} 值班（{'、'.join(duty.staff)}）" if duty else rota.no_duty(community, day)))
    print(f"今日接收登记卡 {len(cards)} 张" + ("：" + "、".join(c["card_no"] for c in cards) if cards else ""))
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("rota", help="值班表：按组轮流在社区值班（节假日顺延）、调班、替班、打印")
    cmd = dailyargs.subcommands(p, common)

    q = cmd("set", cmd_set, "设置值班组与开始日期（自该日起按工作日轮流）")
    q.add_argument("--start", required=True, metavar="YYYY-MM-DD")
    q.add_argument("--group", action="append", required=True, help="“组名:姓名,姓名”，按轮值顺序重复给出")
    q = cmd("show", cmd_show, "一个月的值班表（文字、JSON 或 PDF）")
    q.add_argument("--month", required=True, metavar="YYYY-MM")
    q.add_argument("--json", action="store_true")
    q.add_argument("--out", metavar="FILE.pdf")
    q = cmd("swap", cmd_swap, "两个值班日的值班组互换")
    q.add_argument("--date", required=True)
    q.add_argument("--other", required=True, help="与哪一天互换")
    q.add_argument("--reason")
    q = cmd("standin", cmd_standin, "某天由一人替另一人值班")
    q.add_argument("--date", required=True)
    q.add_argument("--absent", required=True, help="原值班人")
    q.add_argument("--standin", required=True, help="替班人")
    q.add_argument("--reason")
    q = cmd("today", cmd_today, "某天（默认今天）谁值班，以及当天接收的登记卡")
    q.add_argument("--date")
    q.add_argument("--json", action="store_true")
