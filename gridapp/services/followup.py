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
from collections import defaultdict
from dataclasses import asdict, dataclass, field

from gridapp import categories as cats
from gridapp import settings
from gridapp.categories import MUST_VISIT_MASK
from gridapp.models import Building, Community, Grid, House, Household, Person, VisitEntry
from gridapp.queryrows import dicts, tuples
from gridapp.services.gridworkers import workers
from gridapp.services.sqlparts import address

OVERDUE, DUE, OK = "overdue", "due", "ok"
STATUS_LABELS = {OVERDUE: "逾期", DUE: "待访", OK: "按期"}


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
    """{household hex: the last day a visit-log line named it, on or before ``today``}."""
    q = VisitEntry.select(VisitEntry.day, VisitEntry.households).where(
        VisitEntry.deleted == False, VisitEntry.day <= today)  # noqa: E712
    if community_ids is not None:
        q = q.where(VisitEntry.community.in_(community_ids))
    last: dict[str, dt.date] = {}
    for day, named in tuples(q):
        if isinstance(day, str):
            day = dt.date.fromisoformat(day)
        for h in json.loads(named or "[]"):
            if (households is None or h in households) and (h not in last or last[h] < day):
                last[h] = day
    return last


def _age(birth, today: dt.date) -> int | None:
    if not birth:
        return None
    if isinstance(birth, str):
        birth = dt.date.fromisoformat(birth)
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def people(community_ids: list | None = None, today: dt.date | None = None) -> list[FollowUp]:
    """Every present must-visit person of the communities (None: all) with their follow-up,
    overdue first, then by next due date."""
    from gridapp.models import ServiceSheet

    today = today or dt.date.today()
    q = (Person.select(Person.id, Person.name, Person.birth_date, Person.categories, Person.household,
                       address().alias("address"), Grid.id.alias("grid_id"), Grid.name.alias("grid"),
                       Grid.community.alias("community_id"), Community.name.alias("community"))
         .join(Household, on=(Person.household == Household.id))
         .join(House, on=(Household.house == House.id))
         .join(Building, on=(House.building == Building.id))
         .join(Grid, on=(Building.grid == Grid.id))
         .join(Community, on=(Grid.community == Community.id))
         .where(Person.deleted == False, Person.departed_on.is_null(),  # noqa: E712
                Person.categories.bin_and(MUST_VISIT_MASK) != 0,
                Household.deleted == False, Household.departed_on.is_null()))  # noqa: E712
    if community_ids is not None:
        q = q.where(Grid.community.in_(community_ids))
    rows = list(dicts(q.order_by(Community.name, Grid.number, Building.name, House.unit, House.room, Person.name)))
    if not rows:
        return []
    held = defaultdict(list)
    for w in workers(community_ids):
        for g in w.grids:
            held[g].append(w)
    own = {p: days for p, days in tuples(ServiceSheet.select(ServiceSheet.person, ServiceSheet.interval_days)
           .where(ServiceSheet.deleted == False, ServiceSheet.interval_days.is_null(False)))}  # noqa: E712
    last = last_visits(community_ids, today, {r["household"].hex for r in rows})
    tables, windows, out = {}, {}, []
    for r in rows:
        c = r["community_id"]
        if c not in tables:
            tables[c], windows[c] = intervals(c), settings.get("followup.due_days", c)
        interval = interval_of(r["categories"], tables[c], own.get(r["id"]))
        seen = last.get(r["household"].hex)
        due, status, days = status_of(seen, interval, today, windows[c])
        by = held.get(r["grid_id"], [])
        out.append(FollowUp(
            str(r["id"]), r["name"], _age(r["birth_date"], today), r["address"], r["community"], r["grid"],
            str(r["grid_id"]), [w.name for w in by],
            [cats.BY_CODE[code].label for code in cats.from_mask(r["categories"], cats.PERSON)
             if code in cats.MUST_VISIT_CODES], interval, seen, due, status, days,
            situation(status, days, seen), [w.id for w in by]))
    rank = {OVERDUE: 0, DUE: 1, OK: 2}
    out.sort(key=lambda f: (rank[f.status], f.next_due or dt.date.min))
    return out


def due_list(today: dt.date | None = None, community_ids: list | None = None, worker=None,
             everyone: bool = False) -> list[FollowUp]:
    """The people due or overdue (``everyone``: all must-visit people), of one worker (a Staff,
    an id or a name) or of all."""
    found = people(community_ids, today)
    if worker is not None:
        wid = getattr(worker, "id", worker)
        found = [f for f in found if wid in f.worker_ids or wid in f.workers]
    return found if everyone else [f for f in found if f.status != OK]


def by_worker(rows: list[FollowUp]) -> list[dict]:
    """Per worker: how many of their must-visit people are overdue, due, on schedule."""
    counts: dict = defaultdict(lambda: {OVERDUE: 0, DUE: 0, OK: 0})
    for f in rows:
        for name in f.workers or ["（无网格员）"]:
            counts[name][f.status] += 1
    return [{"worker": name, "overdue": c[OVERDUE], "due": c[DUE], "ok": c[OK],
             "total": c[OVERDUE] + c[DUE] + c[OK]} for name, c in sorted(counts.items())]
