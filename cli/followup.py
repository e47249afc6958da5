"""followup: must-visit follow-up (五必访跟踪) from the command line: each worker's due and
overdue list, a person's service-needs sheet (服务需求供给表), and the sheets as a PDF."""

from __future__ import annotations

from pathlib import Path

from cli import dailyargs
from cli.common import open_db, print_json
from gridapp.errors import UserError


def _scope(args):
    community = dailyargs.community(args.community) if args.community else None
    worker = dailyargs.worker(args.worker, community) if getattr(args, "worker", None) else None
    return community, worker


def cmd_list(args) -> int:
    import datetime as dt

    from gridapp.services import followup

    open_db(args)
    today = dailyargs.day(args.date, "日期", dt.date.today())
    community, worker = _scope(args)
    rows = followup.due_list(today, [community.id] if community else None, worker.id if worker else None,
                             everyone=args.all)
    if args.json:
        print_json({"date": today.isoformat(), "worker": worker.name if worker else None,
                    "overdue": sum(r.status == followup.OVERDUE for r in rows),
                    "due": sum(r.status == followup.DUE for r in rows),
                    "people": [r.as_json() for r in rows]})
        return 0
    if not rows:
        print(f"{today}：没有待访或逾期的五必访对象。")
        return 0
    for r in rows:
        print(f"{followup.STATUS_LABELS[r.status]}\t{r.situation}\t{r.name}\t{'、'.join(r.categories)}\t{r.address}"
              f"\t上次 {r.last_visit or '—'}\t应访 {r.next_due or '尽快'}\t{'、'.join(r.workers)}")
    print(f"共 {len(rows)} 人：逾期 {sum(r.status == followup.OVERDUE for r in rows)} 人，"
          f"待访 {sum(r.status == followup.DUE for r in rows)} 人")
    return 0


def cmd_sheet(args) -> int:
    from gridapp.services import servicesheets

    open_db(args)
    community = dailyargs.community(args.community) if args.community else None
    person = servicesheets.find_person(args.person, community)
    values = {key: getattr(args, key) for key in ("needs", "hospital", "note") if getattr(args, key) is not None}
    if args.contact is not None:
        values["contacts"] = [servicesheets.parse_contact(c) for c in args.contact if c.strip()]
    if args.entitlement is not None:
        values["entitlements"] = [e for e in args.entitlement if e.strip()]
    if args.interval is not None:
        values["interval_days"] = args.interval
    if values:
        servicesheets.save(person, values)
    data = servicesheets.view(person)
    if args.json:
        print_json(data)
        return 0
    if values:
        print(f"已保存 {data['name']} 的服务需求供给表。")
    print(f"{data['name']}（{'、'.join(data['categories'])}）")
    print(f"  服务需求：{data['needs'] or '—'}")
    print(f"  常去医院：{data['hospital'] or '—'}")
    for c in data["contacts"]:
        print(f"  紧急联系人：{c['name']} {c['relation']} {c['phone']}")
    print(f"  享受待遇：{'、'.join(data['entitlements']) or '—'}")
    if data["interval_days"]:
        print(f"  走访间隔：{data['interval_days']} 天")
    return 0


def cmd_print(args) -> int:
    import datetime as dt

    from gridapp.services import followup, servicesheets

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"输出文件须以 .pdf 结尾：{out}")
    if not out.parent.exists():
        raise UserError(f"输出目录不存在：{out.parent}")
    open_db(args)
    today = dailyargs.day(args.date, "日期", dt.date.today())
    community, worker = _scope(args)
    rows = followup.due_list(today, [community.id] if community else None, worker.id if worker else None,
                             everyone=not args.due)
    if args.person:
        person = servicesheets.find_person(args.person, community)
        rows = [r for r in rows if r.person_id == str(person.id)]
    from reports.servicesheet_pdf import write_sheets

    pages = write_sheets(servicesheets.for_print(rows, masked=args.masked), out, today)
    print(f"已生成服务需求供给表 {len(rows)} 份，共 {pages} 页（{out}）")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("followup", help="五必访跟踪：待访与逾期名单、服务需求供给表")
    s = p.add_subparsers(dest="action_group", metavar="ACTION", required=True)

    q = s.add_parser("list", parents=[common], help="网格员的待访与逾期五必访对象（--all 为全部）")
    q.add_argument("--worker", help="网格员姓名；不填为全部")
    q.add_argument("--community", metavar="NAME")
    q.add_argument("--date", metavar="YYYY-MM-DD", help="按哪一天计算，默认今天")
    q.add_argument("--all", action="store_true", help="列出全部五必访对象，包括按期的")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(func=cmd_list)

    q = s.add_parser("sheet", parents=[common], help="查看或填写一人的服务需求供给表（只改给出的项）")
    q.add_argument("--person", required=True, help="姓名或编号")
    q.add_argument("--community", metavar="NAME")
    q.add_argument("--needs", help="服务需求（多项用换行）")
    q.add_argument("--hospital", help="常去医院")
    q.add_argument("--contact", action="append", help="紧急联系人“姓名 关系 电话”，可重复；给出即替换全部")
    q.add_argument("--entitlement", action="append", help="享受待遇，如 长寿补贴，可重复；给出即替换全部")
    q.add_argument("--interval", help="此人的走访间隔（天）；空字符串为按类别")
    q.add_argument("--note", help="备注")
    q.add_argument("--json", action="store_true", help="以 JSON 输出")
    q.set_defaults(func=cmd_sheet)

    q = s.add_parser("print", parents=[common], help="打印服务需求供给表（PDF，每人一页）")
    q.add_argument("--out", required=True, metavar="FILE.pdf")
    q.add_argument("--worker", help="只打印此网格员的五必访对象")
    q.add_argument("--person", help="只打印此人")
    q.add_argument("--community", metavar="NAME")
    q.add_argument("--date", metavar="YYYY-MM-DD")
    q.add_argument("--due", action="store_true", help="只打印待访和逾期的")
    q.add_argument("--masked", action="store_true", help="遮蔽电话号码")
    q.set_defaults(func=cmd_print)
