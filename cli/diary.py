"""diary: the work diary (民情日记) from the command line: key a day (visits, findings, time in
the grid), the week's summary (日清周结) as text, JSON or a signed PDF, the flagged findings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cli import dailyargs
from cli.common import open_db, print_json
from gridapp.errors import UserError
from gridapp.models import Staff


def _staff(args):
    community = dailyargs.community(args.community) if args.community else None
    return Staff.get_by_id(dailyargs.worker(args.worker, community).id)


def _print_day(d: dict) -> None:
    hours = "—" if d["hours"] is None else f"{d['hours']:g} 小时"
    print(f"{d['date']} {d['worker'] if 'worker' in d else ''}：走访 {d['households']} 户（{d['visits']} 户次），"
          f"五必访对象 {d['must_visit']} 人次，入格 {hours}")
    for line in d["lines"]:
        print(f"  走访：{line}")
    for f in d["findings"]:
        print(f"  {'★' if f['flagged'] else ' '}{f['kind_label']}：{f['text']}" + (f"（{f['place']}）" if f["place"] else ""))
    if d["note"]:
        print(f"  备注：{d['note']}")


def cmd_day(args) -> int:
    from gridapp.models import database
    from gridapp.services import diary, visits

    open_db(args)
    staff = _staff(args)
    day = dailyargs.day(args.date, "日期", dt.date.today())
    with database.atomic():  # all the day's lines, or none
        for line in args.visit or ():
            visits.record(staff, day, line, args.purpose)
        for text in args.finding or ():
            kind, body = diary.parse_finding(text)
            diary.add_finding(staff, day, kind, body, args.place or "")
        if args.hours is not None or args.note is not None:
            diary.save_day(staff, day, args.hours, args.note)
    data = diary.day_view(staff, day)
    if args.json:
        print_json(data)
    else:
        _print_day(data)
    return 0


def cmd_week(args) -> int:
    from gridapp.services import diary

    open_db(args)
    staff = _staff(args)
    data = diary.week(staff, dailyargs.day(args.date, "日期", dt.date.today()))
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() != ".pdf":
            raise UserError(f"输出文件须以 .pdf 结尾：{out}")
        if not out.parent.exists():
            raise UserError(f"输出目录不存在：{out.parent}")
        from reports.diary_pdf import write_week

        write_week(data, staff.community.name, out)
        diary.record_week_print(data)
        print(f"已生成 {data['worker']} {data['start']} 至 {data['end']} 的日清周结（{out}）")
    elif args.json:
        print_json(data)
    else:
        t = data["totals"]
        print(f"{data['worker']} {data['start']} 至 {data['end']}：入格 {t['days_in_grid']} 天，走访 {t['households']} 户"
              f"（{t['visits']} 户次），五必访对象 {t['must_visit']} 人次，入格 {t['hours']:g} 小时；"
              + "，".join(f"{k} {v} 条" for k, v in t["findings"].items()))
        for f in data["flagged"]:
            print(f"  ★ {f['date']} {f['kind_label']}：{f['text']}")
    return 0


def cmd_flagged(args) -> int:
    from gridapp.services import diary

    open_db(args)
    community = dailyargs.community(args.community) if args.community else None
    rows = diary.flagged([community.id] if community else None)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(f"{r['date']}\t{r['worker']}\t{r['kind_label']}\t{r['text']}\t{r['place']}")
    print(f"待处理 {len(rows)} 条")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("diary", help="民情日记：记一天的走访、发现和入格时长，日清周结")
    s = p.add_subparsers(dest="action_group", metavar="ACTION", required=True)

    q = s.add_parser("day", parents=[common], help="记或查看一天的日记（给出的内容追加到这一天）")
    q.add_argument("--worker", required=True)
    q.add_argument("--community", metavar="NAME")
    q.add_argument("--date", metavar="YYYY-MM-DD", help="默认今天")
    q.add_argument("--visit", action="append", help="走访的住户，如“1栋2单元302 402”，可重复")
    q.add_argument("--purpose", default="日常走访")
    q.add_argument("--finding", action="append",
                   help="发现，如“隐患：3栋楼道堆放杂物”（类别：需求、社情民意、隐患、矛盾；不写为需求），可重复")
    q.add_argument("--place", help="发现的地点")
    q.add_argument("--hours", help="入格时长（小时）")
    q.add_argument("--note", help="备注")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(func=cmd_day)

    q = s.add_parser("week", parents=[common], help="日清周结：一周的日记汇总（文字、JSON 或 PDF）")
    q.add_argument("--worker", required=True)
    q.add_argument("--community", metavar="NAME")
    q.add_argument("--date", metavar="YYYY-MM-DD", help="这一周中的任一天，默认今天")
    q.add_argument("--json", action="store_true")
    q.add_argument("--out", metavar="FILE.pdf")
    q.set_defaults(func=cmd_week)

    q = s.add_parser("flagged", parents=[common], help="标记待处理的隐患、矛盾等发现")
    q.add_argument("--community", metavar="NAME")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_flagged)
