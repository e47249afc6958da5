"""cards import / receive, overdue, timeliness, find, calendar: the clerk's card work, headless."""

from __future__ import annotations

import sys

from cli.common import date_arg, open_db, print_json, required_date_arg
from gridapp.errors import UserError


def cmd_import(args) -> int:
    from gridapp.services.cardimport import import_cards_file

    open_db(args)
    report = import_cards_file(args.file)
    if args.json:
        print_json(report.as_dict())
    else:
        print(f"已导入 {report.cards} 张登记卡：新建 {report.households_created} 户，新增 {report.persons_created} 人，"
              f"更新 {report.persons_updated} 人，迁入 {report.persons_moved} 人。")
    for w in report.warnings:
        print(f"提示：{w}", file=sys.stderr)
    return 0


def cmd_receive(args) -> int:
    from gridapp.services.cards import resolve_grid
    from gridapp.services.intake import expand_numbers, receive, worker_of

    open_db(args)
    grid = resolve_grid(args.community or "", args.grid)
    cards = receive(grid, worker_of(grid, args.worker), required_date_arg(args.collected_on, "采集日期"),
                    expand_numbers(args.numbers or ""), count=args.count or 0)
    if args.json:
        print_json([{"card_no": c.card_no, "due_on": c.due_on} for c in cards])
    else:
        print(f"已接收 {len(cards)} 张（{cards[0].card_no}–{cards[-1].card_no}），应于 {cards[0].due_on} 前录入。")
    return 0


def cmd_overdue(args) -> int:
    from gridapp.services.scope import resolve
    from gridapp.services.timeliness import overdue

    open_db(args)
    rows = overdue(date_arg(args.today, "--today"), resolve(args.community).community)
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{r['card_no']}\t{r['grid']}\t{r['worker']}\t采集 {r['collected_on']}\t应录 {r['due_on']}\t逾期 {r['days_late']} 天")
        print(f"共 {len(rows)} 张逾期未录入。")
    return 0


def cmd_timeliness(args) -> int:
    from gridapp.services.scope import resolve
    from gridapp.services.timeliness import timeliness

    open_db(args)
    if not args.month or len(args.month) != 7:
        raise UserError("--month 须为 YYYY-MM，如 2026-11")
    date_arg(args.month + "-01", "--month")
    if args.late:
        return _late(args)
    rows = timeliness(args.month, date_arg(args.today, "--today"), resolve(args.community).community, by=args.by)
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            rate = "—" if r["rate"] is None else f"{r['rate']:.0%}"
            print(f"{r[args.by]}\t{r['cards']} 张\t按时 {r['on_time']}\t逾期 {r['late']}\t未到期 {r['pending']}\t按时率 {rate}")
    return 0


def _late(args) -> int:
    from gridapp.services.scope import resolve
    from gridapp.services.timeliness import late_cards

    rows = late_cards(args.month, date_arg(args.today, "--today"), resolve(args.community).community)
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            keyed = f"录入 {r['keyed_on']}" if r["keyed_on"] else "未录入"
            print(f"{r['card_no']}\t{r['grid']}\t{r['worker']}\t采集 {r['collected_on']}\t应录 {r['due_on']}\t"
                  f"{keyed}\t逾期 {r['days_late']} 天")
        print(f"共 {len(rows)} 张逾期。")
    return 0


def cmd_find(args) -> int:
    from gridapp.services.search import search

    open_db(args)
    hits = search(args.text, include_departed=args.all)
    if args.json:
        print_json([h.__dict__ for h in hits])
    else:
        for h in hits:
            print(f"{h.name}\t{h.relation}\t{h.id_number}\t{h.address}{'（已迁出）' if h.departed else ''}")
    return 0


def cmd_calendar(args) -> int:
    from gridapp.services.workdays import key_day

    open_db(args)
    day = date_arg(args.date, "日期")
    key_day(day, args.kind == "workday", args.name or "")
    print(f"已记录：{day} {'调休上班' if args.kind == 'workday' else '放假'} {args.name or ''}")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("cards", help="登记卡：批量导入、接收")
    cards = p.add_subparsers(dest="cards_command", metavar="ACTION", required=True)
    q = cards.add_parser("import", parents=[common], help="从 JSON 文件批量录入登记卡（全部正确才导入）")
    q.add_argument("file")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_import)
    q = cards.add_parser("receive", parents=[common], help="接收网格员交来的一叠登记卡")
    q.add_argument("--grid", required=True)
    q.add_argument("--community")
    q.add_argument("--worker", required=True, help="采集的网格员")
    q.add_argument("--collected-on", required=True, help="采集日期 YYYY-MM-DD")
    q.add_argument("--numbers", help="卡号，如 0101-0150 或 0101,0105")
    q.add_argument("--count", type=int, help="张数（自动编号）")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_receive)
    from cli.stacks import register as register_stacks

    register_stacks(cards, common)

    p = sub.add_parser("overdue", parents=[common], help="逾期未录入的登记卡（两日录入制）")
    p.add_argument("--json", action="store_true")
    p.add_argument("--today", help="以此日期为今天 YYYY-MM-DD")
    p.add_argument("--community")
    p.set_defaults(func=cmd_overdue)

    p = sub.add_parser("timeliness", parents=[common], help="按采集月份统计每名网格员的按时录入率")
    p.add_argument("--month", required=True, help="YYYY-MM")
    p.add_argument("--json", action="store_true")
    p.add_argument("--today")
    p.add_argument("--community")
    p.add_argument("--by", choices=["worker", "grid"], default="worker")
    p.add_argument("--late", action="store_true", help="列出该月逾期的每张卡（逾期录入或仍未录入）")
    p.set_defaults(func=cmd_timeliness)

    p = sub.add_parser("find", parents=[common], help="查找人员：身份证号或尾号、姓名、拼音首字母、地址、卡号")
    p.add_argument("text")
    p.add_argument("--all", action="store_true", help="包括已迁出人员")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_find)

    p = sub.add_parser("calendar", parents=[common], help="录入法定节假日或调休上班日")
    p.add_argument("date")
    p.add_argument("kind", choices=["holiday", "workday"])
    p.add_argument("--name")
    p.set_defaults(func=cmd_calendar)
