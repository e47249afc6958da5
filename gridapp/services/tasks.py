"""The weekly meeting and its tasks (seed 000: "任务分配到各小组，由小组长汇报工作执行、完成情况"):
a meeting's record (date, attendees, minutes); tasks handed to a task group or a worker with a
due date; progress reported by the group's leader; a task is done when it reaches 100%, on
time when that day is not after its due date. Open and overdue tasks go on the board; the
appraisal may count each worker's tasks done on time (``tasks_on_time``)."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
import uuid
from collections import defaultdict

from gridapp.errors import ValidationError
from gridapp.models import Meeting, Staff, Task, TaskGroup, TaskReport, database
from gridapp.plaintext import printable
from gridapp.services.typedtext import text_field as _text
from gridapp.store.roles import require

TITLE_LIMIT, TEXT_LIMIT = 60, 4000


def _cid(community):
    return getattr(community, "id", community)


def staff_named(community, name: str, label: str = "工作人员") -> Staff:
    name = unicodedata.normalize("NFKC", str(name or "")).strip()
    found = list(Staff.live().where(Staff.community == _cid(community), Staff.name == name,
                                    Staff.active == True))  # noqa: E712
    if len(found) != 1:
        raise ValidationError(f"本社区{'没有' if not found else '有多位'}在岗工作人员“{printable(name)}”", label)
    return found[0]


def set_group(community, name: str, leader: str, members: list[str]) -> TaskGroup:
    """A task group by name (made or changed): its leader and its members."""
    require("cards.edit")
    name = _text(name, "任务小组名称", 20, required=True)
    lead = staff_named(community, leader, "组长")
    if not isinstance(members, list) or not members:
        raise ValidationError("须至少有一名组员", f"任务小组“{name}”")
    ids = []
    for m in members:
        s = staff_named(community, m, f"任务小组“{name}”的组员")
        if s.id.hex not in ids:
            ids.append(s.id.hex)
    with database.atomic():
        row = group_named(community, name, missing_ok=True) or TaskGroup(community=_cid(community), name=name)
        row.leader, row.members = lead, json.dumps(ids)
        row.save()
        return row


def group_named(community, name: str, missing_ok: bool = False) -> TaskGroup | None:
    row = TaskGroup.live().where(TaskGroup.community == _cid(community), TaskGroup.name == name.strip()).first()
    if row is None and not missing_ok:
        raise ValidationError(f"没有任务小组“{printable(name)}”", "任务")
    return row


def group_names(community) -> list[str]:
    """The community's task groups, by name (for a drop-down)."""
    return [g.name for g in TaskGroup.live().where(TaskGroup.community == _cid(community)).order_by(TaskGroup.name)]


def assignees(community) -> list[tuple[str, tuple[str, str]]]:
    """Whom a task may be handed to, as a drop-down lists them: the community's task groups,
    then its active staff by name; each (label, (kind, name))."""
    staff = Staff.live().where(Staff.community == _cid(community), Staff.active == True)  # noqa: E712
    return ([(f"{name}（小组）", ("group", name)) for name in group_names(community)] +
            [(s.name, ("worker", s.name)) for s in staff.order_by(Staff.name)])


def groups_of(community) -> dict:
    """{staff id: name of the task group the worker is a member of} for ``community``."""
    found: dict[uuid.UUID, str] = {}
    for g in TaskGroup.live().where(TaskGroup.community == _cid(community)).order_by(TaskGroup.name):
        for h in json.loads(g.members):
            found.setdefault(uuid.UUID(h), g.name)
    return found


def move_member(staff: Staff, group: str | None) -> TaskGroup | None:
    """Make ``staff`` a member of the task group named ``group`` of their community and of no
    other (``group`` None or empty: of none). The group's leader stays as it is."""
    require("cards.edit")
    target = group_named(staff.community_id, group) if group and group.strip() else None
    with database.atomic():
        for g in TaskGroup.live().where(TaskGroup.community == staff.community_id):
            ids = json.loads(g.members)
            if target is not None and g.id == target.id:
                wanted = ids if staff.id.hex in ids else ids + [staff.id.hex]
            else:
                wanted = [h for h in ids if h != staff.id.hex]
            if wanted != ids:
                g.members = json.dumps(wanted)
                g.save()
    return target


def record_meeting(community, day: dt.date, attendees: list[str], minutes: str, title: str = "周例会") -> Meeting:
    require("cards.edit")
    return _keep_meeting(Meeting(community=_cid(community)), day, attendees, minutes, title)


def update_meeting(meeting: Meeting, day: dt.date, attendees: list[str], minutes: str) -> Meeting:
    """A meeting's record corrected: checked as when it was first recorded."""
    require("cards.edit")
    if isinstance(day, dt.date):
        early = Task.live().where(Task.meeting == meeting.id, Task.due < day).order_by(Task.due).first()
        if early is not None:
            raise ValidationError(f"{day} 晚于这次例会布置的任务“{early.title}”的完成期限 {early.due}", "例会日期")
    return _keep_meeting(meeting, day, attendees, minutes, meeting.title)


def _keep_meeting(row: Meeting, day: dt.date, attendees: list[str], minutes: str, title: str) -> Meeting:
    if not isinstance(day, dt.date):
        raise ValidationError("须为日期", "例会日期")
    if not isinstance(attendees, list) or not all(isinstance(a, str) for a in attendees):
        raise ValidationError("须为姓名列表", "参会人员")
    names = [_text(a, "参会人员", 20) for a in attendees]
    row.day, row.title = day, _text(title or "周例会", "会议名称", TITLE_LIMIT, True)
    row.attendees = json.dumps([n for n in names if n], ensure_ascii=False)
    row.minutes = _text(minutes, "会议记录", TEXT_LIMIT, multiline=True)
    with database.atomic():
        row.save()
        return row


def assign(community, title: str, due: dt.date, group: str | None = None, worker: str | None = None,
           meeting: Meeting | None = None, detail: str = "") -> Task:
    """A task for a task group or a worker (one of them), due on ``due``."""
    require("cards.edit")
    title = _text(title, "任务名称", TITLE_LIMIT, required=True)
    if not isinstance(due, dt.date):
        raise ValidationError("须为日期", f"任务“{title}”的完成期限")
    if meeting is not None and due < meeting.day:
        raise ValidationError(f"{due} 早于布置任务的例会日期 {meeting.day}", f"任务“{title}”的完成期限")
    if bool(group) == bool(worker):
        raise ValidationError("须交给一个任务小组或一名网格员（二者选一）", f"任务“{title}”")
    with database.atomic():
        row = Task(community=_cid(community), meeting=meeting, title=title, due=due,
                   detail=_text(detail, "任务内容", TEXT_LIMIT, multiline=True),
                   group=group_named(community, group) if group else None,
                   staff=staff_named(community, worker, f"任务“{title}”的承办人") if worker else None)
        row.save()
        return row


def find_task(community, key: str) -> Task:
    """An open task by its title, or by the start of its id."""
    key = (key or "").strip()
    q = Task.live().where(Task.community == _cid(community))
    found = list(q.where(Task.title == key))
    if not found and re.fullmatch(r"[0-9a-fA-F-]{4,36}", key):
        found = [t for t in q if t.id.hex.startswith(key.replace("-", "").lower())]
    open_ = [t for t in found if t.done_on is None]
    found = open_ or found
    if len(found) != 1:
        raise ValidationError(f"{'没有' if not found else '有多项'}任务“{printable(key)}”" +
                              ("：请用编号指定（tasks list --json）" if found else ""), "任务")
    return found[0]


def report(task: Task, reporter: str, percent, text: str = "", day: dt.date | None = None) -> TaskReport:
    """Progress reported by the group's leader (for a worker's own task: the worker or the leader
    of a group they are in); 100% marks the task done on ``day``."""
    require("cards.edit")
    day = day or dt.date.today()
    where = f"任务“{task.title}”的进度"
    if not isinstance(day, dt.date):
        raise ValidationError("须为日期", f"{where}的汇报日期")
    if day > dt.date.today():
        raise ValidationError(f"汇报日期 {day} 还没有到", where)
    meeting = task.meeting if task.meeting_id is not None else None
    if meeting is not None and day < meeting.day:
        raise ValidationError(f"汇报日期 {day} 早于布置这项任务的例会 {meeting.day}", where)
    if isinstance(percent, str):
        digits = unicodedata.normalize("NFKC", percent).strip().rstrip("%")
        if not digits.isdigit():
            raise ValidationError(f"须为 0 到 100 的整数，不是“{printable(percent)}”", where)
        percent = int(digits)
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise ValidationError(f"须为 0 到 100 的整数，不是 {percent!r}", where)
    who = staff_named(task.community_id, reporter, "汇报人")
    if who.id not in _reporter_ids(task):
        raise ValidationError(f"“{who.name}”不是这项任务所在小组的组长，不能汇报进度", where)
    with database.atomic():
        row = TaskReport(task=task, community=task.community_id, day=day, reporter=who, percent=percent,
                         text=_text(text, "进度说明", TEXT_LIMIT, multiline=True))
        row.save()
        task.percent = percent
        task.done_on = day if percent == 100 else None
        task.save()
        return row


def _reporter_ids(task: Task) -> set:
    if task.group is not None:
        return {task.group.leader_id}
    return {task.staff_id} | {g.leader_id for g in TaskGroup.live().where(TaskGroup.community == task.community_id)
                              if task.staff_id and task.staff_id.hex in json.loads(g.members)}


def reporters(task: Task) -> list[str]:
    """Who may report progress on ``task``, by name: its group's leader; for a worker's own task
    the worker and the leaders of the groups they are in."""
    ids = _reporter_ids(task)
    return [s.name for s in Staff.live().where(Staff.id.in_(list(ids)), Staff.active == True)  # noqa: E712
            .order_by(Staff.name)]


def _names() -> dict:
    return {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}


def listing(community_ids: list | None = None, today: dt.date | None = None, open_only: bool = True) -> list[dict]:
    """Tasks (open ones unless told otherwise), overdue first, then by due date."""
    today = today or dt.date.today()
    q = Task.live()
    if community_ids is not None:
        q = q.where(Task.community.in_(community_ids))
    if open_only:
        q = q.where(Task.done_on.is_null())
    names = _names()
    groups = {g.id: g for g in TaskGroup.select()}
    out = []
    for t in q.order_by(Task.due, Task.title):
        g = groups.get(t.group_id)
        overdue = t.done_on is None and t.due < today
        out.append({"id": str(t.id), "title": t.title, "detail": t.detail, "due": t.due.isoformat(),
                    "assigned_to": g.name if g else names.get(t.staff_id, ""),
                    "leader": names.get(g.leader_id, "") if g else "", "percent": t.percent,
                    "done_on": t.done_on.isoformat() if t.done_on else None,
                    "state": "done" if t.done_on else "overdue" if overdue else "open",
                    "state_label": "已完成" if t.done_on else f"逾期 {(today - t.due).days} 天" if overdue else
                    f"还剩 {(t.due - today).days} 天",
                    "on_time": (t.done_on <= t.due) if t.done_on else None})
    out.sort(key=lambda r: (r["state"] != "overdue", r["due"]))
    return out


def meetings(community_ids: list | None = None) -> list[dict]:
    q = Meeting.live()
    if community_ids is not None:
        q = q.where(Meeting.community.in_(community_ids))
    return [{"id": str(m.id), "date": m.day.isoformat(), "title": m.title, "attendees": json.loads(m.attendees),
             "minutes": m.minutes, "tasks": [t.title for t in Task.live().where(Task.meeting == m)]}
            for m in q.order_by(Meeting.day.desc())]


def on_time_by_worker(start: dt.date, end: dt.date, community_ids: list | None = None) -> dict:
    """{staff id: (tasks done on time, tasks due)} for tasks due in [start, end): a group's task
    counts for each of its members and its leader."""
    q = Task.live().where(Task.due >= start, Task.due < end)
    if community_ids is not None:
        q = q.where(Task.community.in_(community_ids))
    groups = {g.id: {uuid.UUID(h) for h in json.loads(g.members)} | ({g.leader_id} if g.leader_id else set())
              for g in TaskGroup.select()}
    counts: dict = defaultdict(lambda: [0, 0])
    for t in q:
        people = groups.get(t.group_id, set()) if t.group_id else {t.staff_id}
        for s in people:
            counts[s][1] += 1
            counts[s][0] += bool(t.done_on and t.done_on <= t.due)
    return {k: tuple(v) for k, v in counts.items()}
