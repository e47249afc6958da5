"""tasks: the weekly meeting and its tasks from the command line: task groups, a meeting's
record, tasks for a group or a worker, progress reported by the group leader, the open and
overdue list."""

from __future__ import annotations

import datetime as dt
import re

from cli import dailyargs
from cli.common import open_db, print_json


def _names(values) -> list[str]:
    return [n for v in values or () for n in re.split(r"[,，、\s]+", v) if n]


def cmd_group(args) -> int:
    from gridapp.services import tasks

    open_db(args)
    community = dailyargs.community(args.community)
    g = tasks.set_group(community, args.name, args.leader, _names(args.member))
    print(f"已设置任务小组“{g.name}”：组长 {args.leader}，组员 {'、'.join(_names(args.member))}")
    return 0


def cmd_meeting(args) -> int:
    from gridapp.models import database
    from gridapp.services import tasks

    open_db(args)
    community = dailyargs.community(args.community)
    day = dailyargs.day(args.date, "例会日期", dt.date.today())
    with database.atomic():  # the meeting with its tasks, or nothing
        m = tasks.record_meeting(community, day, _names(args.attendee), args.minutes or "", args.title or "周例会")
        for text in args.task or ():
            title, due, who = _task_spec(text)
            group = who if tasks.group_named(community, who, missing_ok=True) else None
            tasks.assign(community, title, due, group=group, worker=None if group else who, meeting=m)
    print(f"已记录 {day} {m.title}：参会 {len(_names(args.attendee))} 人，布置任务 {len(args.task or ())} 项")
    return 0


def _task_spec(text: str):
    """``任务名称|2026-11-30|第一小组`` (or a worker's name last)."""
    from gridapp.errors import UserError

    parts = [p.strip() for p in re.split(r"[|｜]", text)]
    if len(parts) != 3 or not all(parts):
        raise UserError(f"任务“{text}”须写成“任务名称|完成期限|小组或网格员”，如“入户核查出租房|2026-11-30|第一小组”")
    return parts[0], dailyargs.required_day(parts[1], f"任务“{parts[0]}”的完成期限"), parts[2]


def cmd_add(args) -> int:
    from gridapp.services import tasks

    open_db(args)
    community = dailyargs.community(args.community)
    t = tasks.assign(community, args.title, dailyargs.required_day(args.due, "完成期限"), args.group, args.worker,
                     detail=args.detail or "")
    print(f"已布置任务“{t.title}”，期限 {t.due}（编号 {t.id.hex[:8]}）")
    return 0


def cmd_report(args) -> int:
    from gridapp.services import tasks

    open_db(args)
    community = dailyargs.community(args.community)
    task = tasks.find_task(community, args.task)
    tasks.report(task, args.by, args.percent, args.text or "", dailyargs.day(args.date, "汇报日期", dt.date.today()))
    print(f"已记录进度：“{task.title}” {task.percent}%" + ("，已完成" if task.done_on else ""))
    return 0


def cmd_list(args) -> int:
    from gridapp.services import tasks

    open_db(args)
    community = dailyargs.community(args.community) if args.community else None
    today = dailyargs.day(args.date, "日期", dt.date.today())
    rows = tasks.listing([community.id] if community else None, today, open_only=not args.all)
    if args.json:
        print_json({"date": today.isoformat(), "open": sum(r["state"] != "done" for r in rows),
                    "overdue": sum(r["state"] == "overdue" for r in rows), "tasks": rows})
        return 0
    for r in rows:
        print(f"{r['state_label']}\t{r['title']}\t{r['assigned_to']}\t期限 {r['due']}\t{r['percent']}%")
    print(f"共 {len(rows)} 项，逾期 {sum(r['state'] == 'overdue' for r in rows)} 项")
    return 0


def cmd_meetings(args) -> int:
    from gridapp.services import tasks

    open_db(args)
    community = dailyargs.community(args.community) if args.community else None
    rows = tasks.meetings([community.id] if community else None)
    if args.json:
        print_json(rows)
        return 0
    for m in rows:
        print(f"{m['date']} {m['title']}：参会 {'、'.join(m['attendees'])}；任务 {'、'.join(m['tasks']) or '—'}")
        if m["minutes"]:
            print(f"  {m['minutes']}")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("tasks", help="周例会与工作任务：任务小组、会议记录、布置任务、汇报进度")
    cmd = dailyargs.subcommands(p, common)

    q = cmd("group", cmd_group, "设置任务小组（组长与组员）")
    q.add_argument("--name", required=True)
    q.add_argument("--leader", required=True)
    q.add_argument("--member", action="append", required=True, help="组员姓名，可重复或用逗号分隔")
    q = cmd("meeting", cmd_meeting, "记录一次例会（可同时布置任务）")
    q.add_argument("--date", metavar="YYYY-MM-DD", help="默认今天")
    q.add_argument("--title", help="默认“周例会”")
    q.add_argument("--attendee", action="append", help="参会人员，可重复或用逗号分隔")
    q.add_argument("--minutes", help="会议记录")
    q.add_argument("--task", action="append", help="“任务名称|完成期限|小组或网格员”，可重复")
    q = cmd("add", cmd_add, "布置一项任务给任务小组或网格员")
    q.add_argument("--title", required=True)
    q.add_argument("--due", required=True, metavar="YYYY-MM-DD")
    who = q.add_mutually_exclusive_group(required=True)
    who.add_argument("--group")
    who.add_argument("--worker")
    q.add_argument("--detail")
    q = cmd("report", cmd_report, "组长汇报任务进度（100 为完成）")
    q.add_argument("--task", required=True, help="任务名称或编号")
    q.add_argument("--by", required=True, help="汇报人（小组组长）")
    q.add_argument("--percent", required=True, help="0 到 100")
    q.add_argument("--text")
    q.add_argument("--date", metavar="YYYY-MM-DD")
    q = cmd("list", cmd_list, "未完成和逾期的任务（--all 含已完成）")
    q.add_argument("--date", metavar="YYYY-MM-DD")
    q.add_argument("--all", action="store_true")
    q.add_argument("--json", action="store_true")
    q = cmd("meetings", cmd_meetings, "例会记录")
    q.add_argument("--json", action="store_true")
