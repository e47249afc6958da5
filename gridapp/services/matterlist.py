"""Lists of matters: filtered and paged in SQL (a street holds tens of thousands), as rows a
screen or ``matters list --json`` shows, the resident's name and phone masked by role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from peewee import JOIN

from gridapp import privacy
from gridapp.errors import ValidationError
from gridapp.models import Grid, Matter, Person
from gridapp.services.matterinput import KINDS, URGENCY, code_of
from gridapp.services.matters import STATES, _lines_of, may_see, overdue
from gridapp.store import roles
from gridapp.store.roles import current_role
from gridapp.store.session import current_user

VIEWS = {"all": "全部", "mine": "我的", "overdue": "逾期", "check": "待回访", "open": "未办结"}
OPEN = ("received", "assigned", "in_hand", "done", "checked", "referred")


@dataclass
class Filter:
    view: str = "all"
    community: object = None
    grid: object = None
    line: str = ""
    state: str = ""
    kind: str = ""
    today: dt.date | None = None


def check_filter(f: Filter) -> Filter:
    if f.view not in VIEWS:
        raise ValidationError(f"没有列表“{f.view}”（可选：{'、'.join(VIEWS)}）", "列表")
    if f.state:
        code = code_of(STATES, f.state)
        if code is None:
            raise ValidationError(f"没有状态“{f.state}”（可选：{'、'.join(STATES.values())}）", "状态")
        f.state = code
    if f.kind:
        code = code_of(KINDS, f.kind)
        if code is None:
            raise ValidationError(f"没有类型“{f.kind}”（可选：{'、'.join(KINDS.values())}）", "类型")
        f.kind = code
    return f


def query(f: Filter):
    """The matters ``f`` selects, newest first (overdue: the most overdue first); a query to page and count."""
    f = check_filter(f)
    today = f.today or dt.date.today()
    q = Matter.select().where(Matter.deleted == False)  # noqa: E712
    if f.community is not None:
        q = q.where(Matter.community == f.community)
    if f.grid is not None:
        q = q.where(Matter.grid == f.grid)
    if f.line:
        q = q.where(Matter.line == f.line)
    if f.state:
        q = q.where(Matter.state == f.state)
    if f.kind:
        q = q.where(Matter.kind == f.kind)
    user, role = current_user(), current_role()
    lines = _lines_of(user, f.community) if role == roles.COMMITTEE else set()
    if not roles.allowed("matters.all", role):
        q = q.where(Matter.line.in_(sorted(lines)) | (Matter.assignee == user) | (Matter.recorded_by == user))
    # "not closed" as an inequality: the newest first then come from the found_at index, a page at a
    # time, instead of sorting every open matter of the street (a third of them) for each page
    not_closed = Matter.state != "closed"
    if f.view == "mine":
        mine = (Matter.assignee == user) | (Matter.recorded_by == user) | (Matter.found_by == user)
        if lines:
            mine = mine | Matter.line.in_(sorted(lines))
        q = q.where(mine, not_closed)
    elif f.view == "overdue":
        q = q.where(not_closed, Matter.promised_on < today)
    elif f.view == "check":
        q = q.where(Matter.state == "done")
    elif f.view == "open":
        q = q.where(not_closed)
    if f.view == "overdue":  # the most overdue first
        return q.order_by(Matter.promised_on, Matter.found_at)
    return q.order_by(Matter.found_at.desc(), Matter.number.desc())


def count(f: Filter) -> int:
    return query(f).order_by().count()


def page(f: Filter, offset: int = 0, limit: int = 100) -> list[dict]:
    matters = list(query(f).offset(offset).limit(limit))
    return rows(matters, f.today)


def rows(matters: list[Matter], today: dt.date | None = None) -> list[dict]:
    today = today or dt.date.today()
    grids: dict[Any, str] = {g.id: g.name for g in Grid.select(Grid.id, Grid.name).where(
        Grid.id.in_({m.grid_id for m in matters if m.grid_id}))} if matters else {}
    people: dict[Any, Person] = {p.id: p for p in Person.select(Person.id, Person.name, Person.phone).where(
        Person.id.in_({m.person_id for m in matters if m.person_id}))} if matters else {}
    full = privacy.sees_full()
    return [as_dict(m, grids.get(m.grid_id, ""), people.get(m.person_id), full, today) for m in matters]


def contact(m: Matter, person: Person | None, full: bool) -> tuple[str, str]:
    name = m.contact_name or (person.name if person else "")
    phone = m.contact_phone or (person.phone if person else "")
    if full:
        return name, phone
    return privacy.mask_name(name), privacy.mask_phone(phone) if phone else ""


def as_dict(m: Matter, grid: str, person: Person | None, full: bool, today: dt.date) -> dict:
    name, phone = contact(m, person, full)
    late = overdue(m, today)
    end = m.closed_at.date() if m.closed_at else today
    return {"id": str(m.id), "number": m.number, "kind": KINDS.get(m.kind, m.kind), "grid": grid, "place": m.place,
            "contact_name": name, "contact_phone": phone, "description": m.description,
            "urgency": URGENCY.get(m.urgency, m.urgency), "line": m.line, "assignee": m.assignee,
            "found_by": m.found_by, "found_at": m.found_at, "promised_on": m.promised_on,
            "state": STATES.get(m.state, m.state), "referred": m.referred, "overdue": late,
            "days_late": (end - m.promised_on).days if late and m.promised_on is not None else 0,
            "satisfied": {"yes": True, "no": False}.get(m.satisfied), "result": m.result,
            "closed_at": m.closed_at}


def detail(m: Matter, today: dt.date | None = None) -> dict:
    """The matter with its timeline and photos (names and sizes); refused (``Forbidden``) to a
    user who may not see it (a committee member, a matter of another line)."""
    from gridapp.services.matters import STEPS, next_steps, photos, require_seen, timeline

    require_seen(m)
    person = Person.get_or_none(Person.id == m.person_id) if m.person_id else None
    grid = Grid.get_or_none(Grid.id == m.grid_id) if m.grid_id else None
    out = as_dict(m, grid.name if grid else "", person, privacy.sees_full(), today or dt.date.today())
    out["steps"] = [{"action": s.action, "label": STEPS.get(s.action, s.action), "at": s.at, "user": s.user,
                     "line": s.line, "assignee": s.assignee, "note": s.note,
                     "satisfied": {"yes": True, "no": False}.get(s.satisfied), "where": s.site_type}
                    for s in timeline(m)]
    out["photos"] = [{"name": p.name, "bytes": len(p.data)} for p in photos(m)]
    out["next"] = next_steps(m)
    return out


def of_household(household) -> list[dict]:
    """A household's matters, newest first (the household view): only those the user sees, by the
    rule of the lists and ``matters show`` (a committee member: the matters of the lines in his charge)."""
    q = (Matter.select().join(Person, JOIN.LEFT_OUTER, on=(Matter.person == Person.id))
         .where(Matter.deleted == False, (Matter.household == household) | (Person.household == household))  # noqa: E712
         .order_by(Matter.found_at.desc()))
    return rows([m for m in q if may_see(m)])
