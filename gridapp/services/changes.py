"""What changed in the population in a week or a month, by grid (the figures the weekly
analysis meeting asks for): people who arrived (人来有登记), who left (人走有注销), who moved
from one household to another (counted out of the old grid and into the new), households newly
set up, and the cards collected. Counted from the records, never typed again.

A move is a departed record with a successor (``Person.moved_from``): it is not also counted
as a departure and an arrival."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict

from gridapp.errors import UserError
from gridapp.models import Building, Card, Community, Grid, House, Household, Person, database
from gridapp.queryrows import dicts, tuples

KINDS = {"arrival": "迁入", "departure": "迁出", "move_in": "内部迁入", "move_out": "内部迁出"}
COLUMNS = ("arrivals", "departures", "moved_in", "moved_out", "new_households", "new_cards")
LABELS = {"arrivals": "迁入人数", "departures": "迁出人数", "moved_in": "内部迁入", "moved_out": "内部迁出",
          "new_households": "新立户", "new_cards": "采集登记卡", "net": "净增人数"}


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    start = day - dt.timedelta(days=day.weekday())
    return start, start + dt.timedelta(days=6)


def month_of(text: str) -> tuple[dt.date, dt.date]:
    from gridapp.services.checks import parse_month

    found = parse_month(text)
    if found is None:
        raise UserError(f"月份“{text}”须写成 YYYY-MM 或 YYYY年M月，如 2026-11")
    year, month = found
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


PERIODS = {"this_week": "本周", "last_week": "上周", "this_month": "本月", "last_month": "上月"}


def period(code: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of this or last week (Monday to Sunday) or month, seen from ``today``."""
    if code not in PERIODS:
        raise UserError(f"期间“{code}”不认识；可用：{'、'.join(PERIODS.values())}")
    if code.endswith("week"):
        return week_of(today - dt.timedelta(days=7 if code == "last_week" else 0))
    first = today.replace(day=1)
    if code == "last_month":
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return month_of(f"{first:%Y-%m}")


def _grid_of_households(community_ids: list | None) -> dict:
    """{household id: (grid id, grid name, grid number, community name)}."""
    q = (Household.select(Household.id, Grid.id.alias("grid_id"), Grid.name.alias("grid"), Grid.number,
                          Community.name.alias("community"))
         .join(House, on=(Household.house == House.id)).join(Building, on=(House.building == Building.id))
         .join(Grid, on=(Building.grid == Grid.id)).join(Community, on=(Grid.community == Community.id))
         .where(Household.deleted == False))  # noqa: E712
    if community_ids is not None:
        q = q.where(Grid.community.in_(community_ids))
    return {r["id"]: (r["grid_id"], r["grid"], r["number"], r["community"]) for r in dicts(q)}


def _live_grids(community_ids: list | None) -> list[tuple]:
    q = (Grid.select(Grid.id, Grid.name, Grid.number, Community.name.alias("community"))
         .join(Community, on=(Grid.community == Community.id))
         .where(Grid.deleted == False, Community.deleted == False))  # noqa: E712
    if community_ids is not None:
        q = q.where(Grid.community.in_(community_ids))
    return [(r["id"], r["name"], r["number"], r["community"]) for r in dicts(q)]


def report(start: dt.date, end: dt.date, community_ids: list | None = None, grid_ids: list | None = None) -> dict:
    """The changes from ``start`` to ``end`` inclusive: per grid, totals, and the people concerned
    (of the communities given and, when ``grid_ids`` is given, of those grids only); every live
    grid of the scope has its line, a grid where nothing changed with noughts."""
    if end < start:
        raise UserError(f"结束日期 {end} 早于开始日期 {start}")
    homes = _grid_of_households(community_ids)
    grids: dict = {}
    counts: dict = defaultdict(lambda: dict.fromkeys(COLUMNS, 0))

    def wanted(place: tuple | None) -> bool:
        return place is not None and (grid_ids is None or place[0] in grid_ids)

    def count(household_id, column: str, n: int = 1):
        place = homes.get(household_id)
        if place is None or not wanted(place):
            return None
        grids[place[0]] = place
        counts[place[0]][column] += n
        return place

    people = []
    successors = {p: m for p, m in tuples(Person.select(Person.moved_from, Person.id).where(
        Person.deleted == False, Person.moved_from.is_null(False)))}  # noqa: E712
    moved = set(successors)
    fields = (Person.id, Person.name, Person.household, Person.arrived_on, Person.departed_on, Person.departed_to,
              Person.moved_from, Person.inflow_origin)
    arrived = Person.select(*fields).where(Person.deleted == False, Person.arrived_on.between(start, end))  # noqa: E712
    for p in arrived:
        kind = "move_in" if p.moved_from_id else "arrival"
        place = count(p.household_id, "moved_in" if p.moved_from_id else "arrivals")
        if place:
            people.append(_line(kind, p.arrived_on, p.name, place, p.inflow_origin if kind == "arrival" else ""))
    left = Person.select(*fields).where(Person.deleted == False, Person.departed_on.between(start, end))  # noqa: E712
    for p in left:
        kind = "move_out" if p.id in moved else "departure"
        place = count(p.household_id, "moved_out" if kind == "move_out" else "departures")
        if place:
            people.append(_line(kind, p.departed_on, p.name, place, p.departed_to))
    for (h,) in tuples(Household.select(Household.id).where(Household.deleted == False,  # noqa: E712
                                                          Household.arrived_on.between(start, end))):
        count(h, "new_households")
    cards = Card.select(Card.household, Card.grid).where(Card.deleted == False, Card.collected_on.between(start, end))  # noqa: E712
    if community_ids is not None:
        cards = cards.where(Card.community.in_(community_ids))
    grid_names = {g.id: (g.id, g.name, g.number, g.community.name) for g in
                  Grid.select(Grid, Community).join(Community, on=(Grid.community == Community.id))}
    for place in _live_grids(community_ids):  # every grid of the scope has its line, nothing or not
        if wanted(place):
            grids.setdefault(place[0], place)
    for household, grid in tuples(cards):
        place = homes.get(household) or grid_names.get(grid)
        if place and wanted(place):
            grids[place[0]] = place
            counts[place[0]]["new_cards"] += 1
    rows = []
    for gid, (_id, name, _number, community) in sorted(grids.items(), key=lambda kv: (kv[1][3], kv[1][2] or 0)):
        c = counts[gid]
        rows.append({"community": community, "grid": name, **c,
                     "net": c["arrivals"] - c["departures"] + c["moved_in"] - c["moved_out"]})
    totals = {k: sum(r[k] for r in rows) for k in (*COLUMNS, "net")}
    people.sort(key=lambda r: (r["date"], r["kind"], r["grid"]))
    return {"start": start.isoformat(), "end": end.isoformat(), "grids": rows, "totals": totals, "people": people}


def _line(kind: str, day: dt.date | None, name: str, place: tuple, where: str) -> dict:
    assert day is not None, "read by a date range"
    return {"kind": kind, "kind_label": KINDS[kind], "date": day.isoformat(), "name": name,
            "community": place[3], "grid": place[1], "where": where or ""}


def record_print(start, end, masked: bool) -> None:
    """A printed or exported change report, in the audit trail."""
    from gridapp.store import audit

    with database.atomic():
        audit.record_print("population_changes", f"人口变动 {start} 至 {end}" + ("（姓名遮蔽）" if masked else ""))
