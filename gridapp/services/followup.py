"""Must-visit follow-up (五必访跟踪): every elderly, frail, child, disabled or pregnant person
(老、弱、小、残、孕) is visited at least once per interval (a setting per category; a person in
several groups takes the shortest; a person's service-needs sheet may set their own). A visit
is a visit-log line naming their household. From the last visit come the next due date and
each grid worker's list of people due (应访) and overdue (逾期).

Dates: next due = last visit + interval. Due when the next due date is within
``followup.due_days`` days of today, overdue when it has passed; someone never visited is
overdue from the start."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from peewee import SQL

from gridapp import categories as cats
from gridapp import settings
from gridapp.categories import MUST_VISIT_MASK
from gridapp.models import Building, Community, Grid, House, Household, Person, VisitEntry, database
from gridapp.services.gridworkers import workers
from gridapp.services.sqlparts import address

OVERDUE, DUE, OK = "overdue", "due", "ok"
STATUS_LABELS = {OVERDUE: "逾期", DUE: "待访", OK: "按期"}
_RANK = {OVERDUE: 0, DUE: 1, OK: 2}


@dataclass
class FollowUp:
    person_id: str
    name: str
    age: int | None
    address: str
    community: str
    grid: str
    grid_id: str
    workers: list[str]
    categories: list[str]  # labels: 老年人、残疾人 …
    interval: int
    last_visit: dt.date | None
    next_due: dt.date | None
    status: str
    days: int  # overdue: days past the due date (never visited: 0); else days left
    situation: str = ""
    worker_ids: list = field(default_factory=list, repr=False)

    def as_json(self) -> dict:
        out = asdict(self)
        out.pop("worker_ids")
        for key in ("last_visit", "next_due"):
            out[key] = out[key].isoformat() if out[key] else None
        out["status_label"] = STATUS_LABELS[self.status]
        return out


def intervals(community=None) -> dict[str, int]:
    """The visit interval (days) of each must-visit category in force for the community."""
    return {code: max(1, settings.get(settings.followup_interval_key(code), community))
            for code in cats.MUST_VISIT_CODES}


def interval_of(mask: int, table: dict[str, int], own: int | None = None) -> int:
    if own:
        return own
    found = [days for code, days in table.items() if mask & cats.BY_CODE[code].mask]
    return min(found) if found else min(table.values())


def status_of(last: dt.date | None, interval: int, today: dt.date, due_days: int) -> tuple[dt.date | None, str, int]:
    """(next due date, status, days overdue or left) of someone last visited on ``last``."""
    if last is None:
        return None, OVERDUE, 0
    due = last + dt.timedelta(days=interval)
    left = (due - today).days
    if left < 0:
        return due, OVERDUE, -left
    return due, DUE if left <= due_days else OK, left


def situation(status: str, days: int, last: dt.date | None) -> str:
    if last is None:
        return "从未走访"
    if status == OVERDUE:
        return f"逾期 {days} 天"
    return "今日应访" if days == 0 else f"还剩 {days} 天"


def last_visits(community_ids: list | None, today: dt.date, households: set[str] | None = None) -> dict[str, dt.date]:
    """{household hex: the last day a visit-log line named it, on or before ``today``}.

    The lines are read newest first, so each household's first hit is its last visit and the
    reading stops once every household asked about (``households``) has been found. (SQL's
    JSON functions were tried for this: expanding every line's households in SQLite took four
    times as long as this.)"""
    q = VisitEntry.select(VisitEntry.day, VisitEntry.households).where(
        VisitEntry.deleted == False, VisitEntry.day <= today)  # noqa: E712
    if community_ids is not None:
        q = q.where(VisitEntry.community.in_(community_ids))
    wanted = None if households is None else set(households)
    last: dict[str, dt.date] = {}
    for day, named in _plain(q.order_by(VisitEntry.day.desc())):
        found = set(json.loads(named or "[]"))
        found = found - last.keys() if wanted is None else found & wanted
        if not found:
            continue
        when = day if isinstance(day, dt.date) else dt.date.fromisoformat(day[:10])
        for h in found:
            last[h] = when
        if wanted is not None:
            wanted -= found
            if not wanted:
                break
    return last


def _age(birth, today: dt.date) -> int | None:
    birth = _day(birth)
    if not birth:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def _hex(value) -> str:
    """A key as fetched without conversion (hex text from the office file, a UUID from a hub)."""
    if type(value) is str and len(value) == 32:
        return value
    return value.hex if isinstance(value, uuid.UUID) else str(value).replace("-", "").lower()


def _dashed(key: str) -> str:
    """``str(uuid.UUID(key))`` of a hex key, without making the UUID."""
    return f"{key[:8]}-{key[8:12]}-{key[12:16]}-{key[16:20]}-{key[20:]}"


def _day(value) -> dt.date | None:
    """A date as fetched without conversion: a date, or its text in the office file."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value[:10])


def _plain(query) -> list[tuple]:
    """The rows of a peewee select as the database gives them, without peewee's conversion of
    every value (keys stay hex text or UUIDs, dates text or dates): for the long lists."""
    return list(database.execute_sql(*query.sql()).fetchall())


def _must_visit(community_ids: list | None, grid_ids: list | None) -> list[tuple]:
    """(person, household, categories, grid, community, name, birth date, address, grid name,
    community name) of every present must-visit person, in address order, as the database
    gives them."""
    q = (Person.select(Person.id, Person.household, Person.categories, Grid.id, Grid.community, Person.name,
                       Person.birth_date, address(), Grid.name, Community.name)
         .join(Household, on=(Person.household == Household.id))
         .join(House, on=(Household.house == House.id))
         .join(Building, on=(House.building == Building.id))
         .join(Grid, on=(Building.grid == Grid.id))
         .join(Community, on=(Grid.community == Community.id))
         .where(Person.deleted == False, Person.departed_on.is_null(),  # noqa: E712
                Person.categories.bin_and(SQL(str(MUST_VISIT_MASK))) > 0,  # the index person_must_visit
                Household.deleted == False, Household.departed_on.is_null()))  # noqa: E712
    if community_ids is not None:
        q = q.where(Grid.community.in_(community_ids))
    if grid_ids is not None:
        q = q.where(Grid.id.in_(grid_ids))
    q = q.order_by(Community.name, Grid.number, Building.name, House.unit, House.room, Person.name)
    return _plain(q)


def _labels(mask: int, known: dict[int, list[str]]) -> list[str]:
    if mask not in known:
        known[mask] = [cats.BY_CODE[code].label for code in cats.from_mask(mask, cats.PERSON)
                       if code in cats.MUST_VISIT_CODES]
    return known[mask]


def people(community_ids: list | None = None, today: dt.date | None = None, *, grid_ids: list | None = None,
           everyone: bool = True) -> list[FollowUp]:
    """The present must-visit people of the communities (None: all; ``grid_ids``: only those
    grids) with their follow-up, overdue first, then by next due date; ``everyone=False``: only
    those due or overdue.

    Who is must-visit, where they live and in which grid come from one query (the database's
    values as they are, unconverted); the status from the last visits and the intervals; the
    rows of the list are made only for the people listed."""
    from gridapp.models import ServiceSheet

    today = today or dt.date.today()
    rows = _must_visit(community_ids, grid_ids)
    if not rows:
        return []
    held = defaultdict(list)
    for w in workers(community_ids):
        for g in w.grids:
            held[g.hex].append(w)
    own = {_hex(p): days for p, days in _plain(
        ServiceSheet.select(ServiceSheet.person, ServiceSheet.interval_days)
        .where(ServiceSheet.deleted == False, ServiceSheet.interval_days.is_null(False)))}  # noqa: E712
    last = last_visits(community_ids, today, {_hex(r[1]) for r in rows})
    communities: dict = {}  # community key → (intervals, due window)
    grids: dict = {}  # grid key → (grid id, its workers)
    by_mask: dict = {}
    listed = []
    for position, (pid, household, mask, grid, community, *shown) in enumerate(rows):
        if community not in communities:
            c = uuid.UUID(_hex(community))
            communities[community] = intervals(c), settings.get("followup.due_days", c)
        table, window = communities[community]
        key = (community, mask)
        if key not in by_mask:
            by_mask[key] = interval_of(mask, table)
        pid = _hex(pid)
        interval = own.get(pid) or by_mask[key]
        seen = last.get(_hex(household))
        due, status, days = status_of(seen, interval, today, window)
        if everyone or status != OK:
            listed.append((_RANK[status], due or dt.date.min, position, pid, grid, mask, interval, seen, due,
                           status, days, shown))
    listed.sort(key=lambda t: t[:3])
    labels: dict = {}
    out = []
    for *_order, pid, grid, mask, interval, seen, due, status, days, shown in listed:
        name, birth, where, grid_name, community_name = shown
        if grid not in grids:
            grids[grid] = str(uuid.UUID(_hex(grid))), held.get(_hex(grid), [])
        grid_id, by = grids[grid]
        out.append(FollowUp(
            _dashed(pid), name, _age(birth, today), where, community_name, grid_name, grid_id,
            [w.name for w in by], list(_labels(mask, labels)), interval, seen, due, status, days,
            situation(status, days, seen), [w.id for w in by]))
    return out


def due_list(today: dt.date | None = None, community_ids: list | None = None, worker=None,
             everyone: bool = False) -> list[FollowUp]:
    """The people due or overdue (``everyone``: all must-visit people), of one worker (a Staff,
    an id or a name: the people of the grids they hold) or of all."""
    grid_ids = None
    if worker is not None:
        wid = str(getattr(worker, "id", worker))
        grid_ids = [g for w in workers(community_ids) if wid in (str(w.id), w.name) for g in w.grids]
        if not grid_ids:
            return []
    return people(community_ids, today, grid_ids=grid_ids, everyone=everyone)


def by_worker(rows: list[FollowUp]) -> list[dict]:
    """Per worker: how many of their must-visit people are overdue, due, on schedule."""
    counts: dict = defaultdict(lambda: {OVERDUE: 0, DUE: 0, OK: 0})
    for f in rows:
        for name in f.workers or ["（无网格员）"]:
            counts[name][f.status] += 1
    return [{"worker": name, "overdue": c[OVERDUE], "due": c[DUE], "ok": c[OK],
             "total": c[OVERDUE] + c[DUE] + c[OK]} for name, c in sorted(counts.items())]
