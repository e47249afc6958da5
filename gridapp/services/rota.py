"""The office duty rota (值班表, seed 000: "网格员按组每周轮班1天在社区值班"): the community's
groups take the working days in turn from the rota's start, holidays skipped and make-up
workdays kept by the calendar (``workdays``); two days may swap their groups and a worker may
stand in for another on a day. The worker on duty sees the day's intake."""

from __future__ import annotations

import calendar
import datetime as dt
import json
import unicodedata
import uuid
from dataclasses import dataclass, field

from gridapp.errors import ValidationError
from gridapp.models import Card, DutyChange, DutyRota, Grid, Staff, database
from gridapp.plaintext import controls, printable
from gridapp.services import workdays
from gridapp.store.roles import require

WEEKDAYS = "一二三四五六日"


@dataclass
class Duty:
    day: dt.date
    group: str
    staff: list[str] = field(default_factory=list)  # names
    staff_ids: list = field(default_factory=list, repr=False)
    changed: str = ""  # what a swap or a stand-in changed, in words

    def as_json(self) -> dict:
        return {"date": self.day.isoformat(), "weekday": f"周{WEEKDAYS[self.day.weekday()]}", "group": self.group,
                "staff": self.staff, "changed": self.changed}


def _staff_named(community, name: str) -> Staff:
    name = unicodedata.normalize("NFKC", str(name or "")).strip()
    found = list(Staff.live().where(Staff.community == community, Staff.name == name, Staff.active == True))  # noqa: E712
    if not found:
        raise ValidationError(f"本社区没有在岗工作人员“{printable(name)}”", "值班表")
    if len(found) > 1:
        raise ValidationError(f"本社区有 {len(found)} 位“{printable(name)}”", "值班表")
    return found[0]


def set_rota(community, start: dt.date, groups, note: str = "") -> DutyRota:
    """The rota from ``start``: ``groups`` is [{"name": "第一组", "staff": ["孙网格", …]}, …] (or
    {"第一组": [...], …}); every name must be an active staff member of the community."""
    require("settings.edit")
    if isinstance(groups, dict):
        groups = [{"name": k, "staff": v} for k, v in groups.items()]
    if not isinstance(groups, list) or not groups:
        raise ValidationError("须至少有一个值班组", "值班表")
    if not isinstance(start, dt.date):
        raise ValidationError("开始日期须为日期", "值班表")
    stored, seen, names = [], set(), set()
    for n, g in enumerate(groups, 1):
        where = f"值班表第 {n} 组"
        if not isinstance(g, dict) or not isinstance(g.get("name"), str) or not isinstance(g.get("staff"), list):
            raise ValidationError("须为 {\"name\": 组名, \"staff\": [姓名, …]}", where)
        name = g["name"].strip()
        if not name or controls(name) or len(name) > 20:
            raise ValidationError("组名须为 1 到 20 个字，不含控制字符", where)
        if name in names:
            raise ValidationError(f"组名“{name}”与前面的组重复，每组须有自己的名字", where)
        names.add(name)
        if not g["staff"]:
            raise ValidationError(f"“{name}”没有组员", where)
        members = []
        for person in g["staff"]:
            if not isinstance(person, str):
                raise ValidationError("组员须为姓名", where)
            s = _staff_named(getattr(community, "id", community), person)
            if s.id in seen:
                raise ValidationError(f"“{s.name}”已在别的组", where)
            seen.add(s.id)
            members.append(s.id.hex)
        stored.append({"name": name, "staff": members})
    with database.atomic():
        row = DutyRota(community=community, start=start, groups=json.dumps(stored, ensure_ascii=False), note=note)
        row.save()
        return row


def rotas(community) -> list[DutyRota]:
    return list(DutyRota.live().where(DutyRota.community == community).order_by(DutyRota.start, DutyRota.clock))


def current_groups(community, day: dt.date | None = None) -> list[dict]:
    """The groups of the rota in force on ``day`` (else the latest), with the members' names:
    what the set-up dialog starts from."""
    all_rotas = rotas(community)
    rota = (_rota_on(all_rotas, day) if day else None) or (all_rotas[-1] if all_rotas else None)
    if rota is None:
        return []
    names = {s.id.hex: s.name for s in Staff.select(Staff.id, Staff.name)}
    return [{"name": g["name"], "staff": [names.get(h, "") for h in g["staff"]]} for g in json.loads(rota.groups)]


def candidates(community) -> list[tuple[str, str]]:
    """Who may be put in a group: the active staff posted to the community's grids (name, their
    grids), in grid order; names as ``set_rota`` takes them."""
    from gridapp.services.scope import grid_choices, grid_workers

    grids: dict[str, list[str]] = {}
    for label, grid in grid_choices(getattr(community, "id", community)):
        for s in grid_workers(grid):
            if s.active:
                grids.setdefault(s.name, []).append(label)
    return [(name, "、".join(labels)) for name, labels in grids.items()]


def _rota_on(all_rotas: list[DutyRota], day: dt.date) -> DutyRota | None:
    found = [r for r in all_rotas if r.start <= day]
    return found[-1] if found else None


def duties(community, start: dt.date, end: dt.date) -> tuple[list[Duty], str]:
    """Who is on duty each working day from ``start`` to ``end`` inclusive, with the changes
    applied, and a warning when the calendar of a year was guessed."""
    all_rotas = rotas(community)
    if not all_rotas:
        return [], ""
    first = min(r.start for r in all_rotas)
    changes = list(DutyChange.live().where(DutyChange.community == community))
    lo = min([start] + [c.day for c in changes] + [c.other_day for c in changes if c.other_day])
    hi = max([end] + [c.day for c in changes] + [c.other_day for c in changes if c.other_day])
    days, warning = workdays.working_days(min(first, lo), max(hi, end))
    names = {s.id: s.name for s in Staff.select(Staff.id, Staff.name)}
    plan: dict[dt.date, list] = {}
    counted: dict = {}
    for day in days:
        rota = _rota_on(all_rotas, day)
        if rota is None:
            continue
        n = counted[rota.id] = counted.get(rota.id, -1) + 1  # the rota's n-th working day
        groups = json.loads(rota.groups)
        g = groups[n % len(groups)]
        plan[day] = [g["name"], [uuid.UUID(h) for h in g["staff"]], ""]
    for c in sorted(changes, key=lambda c: c.clock):
        if c.other_day and c.day in plan and c.other_day in plan:
            a, b = plan[c.day], plan[c.other_day]
            plan[c.day], plan[c.other_day] = [b[0], b[1], f"与 {c.other_day:%m-%d} 调换"], \
                [a[0], a[1], f"与 {c.day:%m-%d} 调换"]
        elif c.staff_out_id and c.day in plan and c.staff_out_id in plan[c.day][1]:
            p = plan[c.day]
            p[1] = [c.staff_in_id if s == c.staff_out_id else s for s in p[1]]
            p[2] = (p[2] + "；" if p[2] else "") + f"{names.get(c.staff_in_id, '')} 替 {names.get(c.staff_out_id, '')}"
    out = [Duty(d, g, [names.get(s, "") for s in ids], ids, changed) for d, (g, ids, changed) in sorted(plan.items())
           if start <= d <= end]
    return out, warning


def on(community, day: dt.date) -> Duty | None:
    found, _warning = duties(community, day, day)
    return found[0] if found else None


def no_duty(community, day: dt.date) -> str:
    """Why nobody is on duty on ``day``, in words: no rota yet, before the rota starts, or a day off."""
    all_rotas = rotas(community)
    if not all_rotas:
        return "不是值班日（还没有设置值班表：Alt+E 设置）"
    first = min(r.start for r in all_rotas)
    if day < first:
        return f"不是值班日（值班表自 {first} 起）"
    return "不是值班日（节假日或休息日）"


def month(community, year: int, month_: int) -> tuple[list[Duty], str]:
    last = calendar.monthrange(year, month_)[1]
    return duties(community, dt.date(year, month_, 1), dt.date(year, month_, last))


def swap(community, day: dt.date, other: dt.date, reason: str = "") -> DutyChange:
    """The groups on two working days trade places."""
    require("cards.edit")
    for d in (day, other):
        if on(community, d) is None:
            raise ValidationError(f"{d} {no_duty(community, d)}", "调班")
    if day == other:
        raise ValidationError("两个日期相同", "调班")
    with database.atomic():
        row = DutyChange(community=community, day=day, other_day=other, reason=_reason(reason))
        row.save()
        return row


def stand_in(community, day: dt.date, out_name: str, in_name: str, reason: str = "") -> DutyChange:
    """``in_name`` is on duty on ``day`` in place of ``out_name``."""
    require("cards.edit")
    duty = on(community, day)
    if duty is None:
        raise ValidationError(f"{day} {no_duty(community, day)}", "替班")
    cid = getattr(community, "id", community)
    out_staff, in_staff = _staff_named(cid, out_name), _staff_named(cid, in_name)
    if out_staff.id not in duty.staff_ids:
        raise ValidationError(f"{day} 值班的是{'、'.join(duty.staff)}，不是“{out_staff.name}”", "替班")
    if in_staff.id == out_staff.id:
        raise ValidationError(f"替班人与请假人都是“{in_staff.name}”，须换一位", "替班")
    if in_staff.id in duty.staff_ids:
        raise ValidationError(f"“{in_staff.name}”{day} 本来就在值班，须换一位不在班的人替班", "替班")
    with database.atomic():
        row = DutyChange(community=community, day=day, staff_out=out_staff, staff_in=in_staff, reason=_reason(reason))
        row.save()
        return row


def _reason(text: str) -> str:
    text = (text or "").strip()
    if controls(text) or len(text) > 200:
        raise ValidationError("事由含控制字符或超过 200 个字", "调班事由")
    return text


def intake(community, day: dt.date) -> list[dict]:
    """The cards received on ``day`` in the community: what the worker on duty handles."""
    start = dt.datetime.combine(day, dt.time())
    q = (Card.live(Card.card_no, Card.state, Card.received_at, Grid.name.alias("grid"), Staff.name.alias("worker"))
         .join(Grid, on=(Card.grid == Grid.id)).switch(Card).join(Staff, on=(Card.collected_by == Staff.id))
         .where(Card.community == community, Card.received_at >= start, Card.received_at < start + dt.timedelta(days=1))
         .order_by(Card.received_at))
    from gridapp.cardlife import label

    return [{"card_no": r["card_no"], "grid": r["grid"], "worker": r["worker"], "state": r["state"],
             "state_label": label(r["state"]),
             "received_at": r["received_at"].strftime("%H:%M") if hasattr(r["received_at"], "strftime") else str(r["received_at"])}
            for r in q.dicts()]


def record_month_print(year: int, month: int) -> None:
    """A printed month of the duty rota, in the audit trail."""
    from gridapp.store import audit

    with database.atomic():
        audit.record_print("duty_rota", f"{year}年{month}月值班表")
