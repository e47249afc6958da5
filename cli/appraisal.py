"""appraisal: the monthly appraisal of grid workers (考评) from the command line: compute,
score, survey, lock, amend, visit, year, sheets (PDF or XLSX), template export/import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cli.common import date_arg, open_db, print_json
from gridapp.errors import UserError


def _one_community(name: str | None):
    from gridapp.services.appraisal import find_community

    found = find_community(name)
    if len(found) != 1:
        raise UserError("数据库中有多个社区：请用 --community 指定。")
    return found[0]


def _worker(community, name: str):
    from gridapp.services.gridworkers import workers

    found = [w for w in workers([community.id]) if w.name == name]
    if len(found) != 1:
        raise UserError(f"{community.name}没有（或有多位）网格员“{name}”。")
    return found[0]


def _sheet(args):
    """Open the database and the month's sheet of the community named (or the only one)."""
    from gridapp.services import appraisal

    open_db(args)
    community = _one_community(args.community)
    return community, appraisal.open_month(community, args.month)


def _sheet_and_worker(args):
    community, sheet = _sheet(args)
    return sheet, _worker(community, args.worker).id


def _points(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise UserError(f"分数须为数字，不是“{text}”。") from None


def cmd_compute(args) -> int:
    from gridapp.services import appraisal

    open_db(args)
    data = appraisal.compute(args.month, args.community)
    out = [{"community": d["community"], "month": d["month"], "locked": d["locked"],
            "template": d["template"], "workers": [
                {"name": w["name"], "grids": w["grids"], "rank": w["rank"], "star": w["star"], "talk": w["talk"],
                 "total": w["total"], "earned": w["earned"], "max": w["max"], "full": w["full"], "sections": w["sections"],
                 "system": {i["key"]: {"name": i["name"], "points": w["points"][i["key"]], "max": i["max"],
                                       "applicable": w["empty"].get(i["key"]) != "not_applicable",
                                       "empty": w["empty"].get(i["key"]), "evidence": w["evidence"][i["key"]]}
                            for s in d["body"]["sections"] for i in s["items"] if i["source"] == "system"}}
                for w in sorted(d["workers"], key=lambda w: w["rank"])]} for d in data]
    if args.json:
        print_json(out)
        return 0
    for d in out:
        print(f"{d['community']} {d['month']}{'（已锁定）' if d['locked'] else ''}")
        for w in d["workers"]:
            marks = ("★" if w["star"] else "") + ("（约谈）" if w["talk"] else "")
            scale = f"（实得 {w['earned']:.1f} / 满分 {w['max']:g}）" if w["max"] < w["full"] else ""
            print(f"  {w['rank']:>3} {w['name']}\t{w['total']:6.1f}{scale}  系统 {w['sections'].get('system', 0):.1f} {marks}")
    return 0


def cmd_sheets(args) -> int:
    from gridapp.services import appraisal

    out = Path(args.out)
    xlsx = args.xlsx or out.suffix.lower() == ".xlsx"
    if out.suffix.lower() not in (".pdf", ".xlsx"):
        raise UserError(f"输出文件须以 .pdf 或 .xlsx 结尾：{out}")
    if not out.parent.exists():
        raise UserError(f"输出目录不存在：{out.parent}")
    open_db(args)
    data = appraisal.compute(args.month, args.community)
    if xlsx:
        from reports.appraisal_xlsx import write_month
        write_month(data, out.with_suffix(".xlsx"))
        out = out.with_suffix(".xlsx")
    else:
        from reports.appraisal_pdf import build_month
        pages = build_month(data, out)
        print(f"共 {pages} 页", end="，")
    print(f"已生成 {args.month} 考评表：{sum(len(d['workers']) for d in data)} 名网格员（{out}）")
    return 0


def cmd_score(args) -> int:
    from gridapp.services import appraisal

    sheet, worker = _sheet_and_worker(args)
    appraisal.set_score(sheet, worker, args.item, None if args.points == "-" else _points(args.points))
    print(f"已记分：{args.worker} {args.item} {args.points}")
    return 0


def cmd_survey(args) -> int:
    from gridapp.services import appraisal

    sheet, worker = _sheet_and_worker(args)
    appraisal.set_survey(sheet, worker, args.source, args.satisfied, args.basic, args.dissatisfied)
    print(f"已记群众测评：{args.worker} 满意 {args.satisfied}，基本满意 {args.basic}，不满意 {args.dissatisfied}")
    return 0


def cmd_lock(args) -> int:
    from gridapp.services import appraisal

    _community, sheet = _sheet(args)
    appraisal.lock(sheet)
    print(f"{args.month} 考评已锁定；此后的更改须作为更正记录。")
    return 0


def cmd_amend(args) -> int:
    from gridapp.services import appraisal

    sheet, worker = _sheet_and_worker(args)
    a = appraisal.amend(sheet, worker, args.item, _points(args.points), args.reason)
    print(f"已更正：{args.worker} {args.item} {a.old if a.old is not None else '—'} → {a.new:g}（{a.reason}）")
    return 0


def cmd_visit(args) -> int:
    from gridapp.services import visits

    open_db(args)
    community = _one_community(args.community) if args.community else None
    day = date_arg(args.date, "走访日期") or dt.date.today()
    entry = visits.record(args.worker, day, args.households, args.purpose, args.note or "", community)
    print(f"已记走访：{day} {args.worker} {entry.visited} 户，其中五必访对象 {entry.must_visit} 人")
    return 0


def cmd_year(args) -> int:
    from gridapp.services import appraisal

    open_db(args)
    data = appraisal.year_view(_one_community(args.community), args.year)
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() == ".xlsx":
            from reports.appraisal_xlsx import write_year
            write_year(data, out)
        else:
            from reports.appraisal_pdf import build_year
            build_year(data, out)
        print(f"已生成 {args.year} 年度考评排名（{out}）")
    elif args.json:
        print_json(data)
    else:
        for w in data["workers"]:
            print(f"  {w['rank']:>3} {w['name']}\t{w['total']:6.1f}  月均 {w['average']:.1f} 加分 {w['bonus_total']:g}"
                  f" 星级 {w['stars']} 次")
    return 0


def cmd_template(args) -> int:
    from gridapp.services import apptemplates

    open_db(args)
    community = _one_community(args.community) if args.community else None
    if args.action == "export":
        t = apptemplates.export(Path(args.file), community)
        print(f"已导出考评模板“{t.name}”第 {t.version} 版（{args.file}）")
    else:
        t = apptemplates.import_file(Path(args.file), community)
        print(f"已导入考评模板“{t.name}”，为第 {t.version} 版；新开的月份按此版考评")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("appraisal", help="网格员月度考评：计算、记分、锁定、更正、走访日志、考评表")
    s = p.add_subparsers(dest="action_group", metavar="ACTION", required=True)

    def cmd(name, func, help_, month=True):
        q = s.add_parser(name, parents=[common], help=help_)
        if month:
            q.add_argument("--month", required=True, metavar="YYYY-MM")
        q.add_argument("--community", metavar="NAME")
        q.set_defaults(func=func)
        return q

    cmd("compute", cmd_compute, "按记录计算每名网格员的系统评分与总分").add_argument(
        "--json", action="store_true", help="以 JSON 输出")
    q = cmd("sheets", cmd_sheets, "考评表：每人一页评分表与月度排名（PDF），或 XLSX")
    q.add_argument("--out", required=True, metavar="FILE.pdf|FILE.xlsx")
    q.add_argument("--xlsx", action="store_true", help="输出 XLSX（文件名以 .xlsx 结尾时也是）")
    q = cmd("score", cmd_score, "记一项分数（自评、领导评、扣分、年度加分；- 为清除）")
    q.add_argument("--worker", required=True)
    q.add_argument("--item", required=True, metavar="KEY", help="考评项 key，如 self、leader、deduction、innovation")
    q.add_argument("--points", required=True)
    q = cmd("survey", cmd_survey, "记群众测评票数")
    q.add_argument("--worker", required=True)
    q.add_argument("--source", default="questionnaire", help="questionnaire/phone/sms/third_party 或 问卷/电话/短信/第三方")
    for name in ("satisfied", "basic", "dissatisfied"):
        q.add_argument(f"--{name}", type=int, default=0)
    cmd("lock", cmd_lock, "锁定月份（此后只能更正）")
    q = cmd("amend", cmd_amend, "更正已锁定月份的一项分数")
    q.add_argument("--worker", required=True)
    q.add_argument("--item", required=True, metavar="KEY")
    q.add_argument("--points", required=True)
    q.add_argument("--reason", required=True)
    q = cmd("visit", cmd_visit, "记一条走访日志", month=False)
    q.add_argument("--worker", required=True)
    q.add_argument("--date", metavar="YYYY-MM-DD", help="默认今天")
    q.add_argument("--households", required=True, help="住户地址或档案号，多个用空格或逗号分隔，如“1栋2单元302 402”")
    q.add_argument("--purpose", default="日常走访")
    q.add_argument("--note")
    q = cmd("year", cmd_year, "年度考评：每月总分、星级、加分与年度排名", month=False)
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--json", action="store_true")
    q.add_argument("--out", metavar="FILE.pdf|FILE.xlsx")
    q = cmd("template", cmd_template, "导出或导入考评模板（JSON）", month=False)
    q.add_argument("action", choices=["export", "import"])
    q.add_argument("file")
