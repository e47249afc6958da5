"""The system score's evidence: what the recorded work of a month says about each grid
worker, one figure per formula, each with the sentence that explains it on the sheet.

Everything is counted in a handful of grouped queries for the whole scope (a street has
about 140 workers), never per worker."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections import Counter, defaultdict
from typing import Any

from peewee import fn

from gridapp import categories as cats
from gridapp.models import Building, Card, House, Household, Person, VisitEntry
from gridapp.queryrows import tuples
from gridapp.services import appraisal_matters
from gridapp.services.apptemplates import EMPTY_RULES, empty_rule
from gridapp.services.gridworkers import Worker, workers  # noqa: F401 (callers use them here)
from gridapp.services.timeliness import month_range, timeliness  # noqa: F401 (month_range: callers use it here)

MUST_VISIT_MASK = cats.MUST_VISIT_MASK
# the daily visits are averaged over the days in the grid, and over no fewer days than the
# quota of days in the grid a week asks for (seed 002: at least 3 a week): one visit on one
# day is not a month's daily average
QUOTA_DAYS_PER_WEEK = 3


def shift_month(month: str, months: int) -> str:
    year, mon = map(int, month.split("-"))
    n = year * 12 + mon - 1 + months
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


def _grid_figures(grid_ids: list) -> tuple[dict, dict, dict]:
    """Per grid: households living there, households whose head has an ID number and a phone,
    and the set of households (hex ids) with a must-visit person (五必访).

    Plain scans joined in Python: joining persons to their grids in SQL through household,
    house and building by UUID costs several times more at street scale."""
    db = Person._meta.database
    wanted = {g.hex: g for g in grid_ids}  # grids as stored (hex) while counting: no UUID objects per row
    building_grid = {b: g for b, g in db.execute_sql(
        f'SELECT id, grid_id FROM "{Building._meta.table_name}" WHERE deleted = 0') if g in wanted}
    home_grid = {household: building_grid[building] for household, building in db.execute_sql(
        f'SELECT h.id, o.building_id FROM "{Household._meta.table_name}" h JOIN "{House._meta.table_name}" o '
        "ON o.id = h.house_id WHERE h.deleted = 0 AND h.departed_on IS NULL AND o.deleted = 0").fetchall()
        if building in building_grid}
    households = Counter(home_grid.values())
    complete: Counter = Counter()
    must: defaultdict[Any, set] = defaultdict(set)
    ok_sql = "relation = '户主' AND COALESCE(id_number, '') != '' AND phone != ''"
    must_sql = f"(categories & {MUST_VISIT_MASK}) != 0"
    complete_homes = set()
    for household, ok, must_visit in db.execute_sql(
            f'SELECT household_id, {ok_sql}, {must_sql} FROM "{Person._meta.table_name}" '
            f"WHERE deleted = 0 AND departed_on IS NULL AND ({ok_sql} OR {must_sql})").fetchall():
        grid = home_grid.get(household)
        if grid is None:
            continue
        if ok:
            complete_homes.add(household)
        if must_visit:
            must[grid].add(household)
    complete.update(home_grid[household] for household in complete_homes)
    return ({wanted[g]: n for g, n in households.items()}, {wanted[g]: n for g, n in complete.items()},
            {wanted[g]: homes for g, homes in must.items()})


def _visits(start: dt.date, end: dt.date, staff_ids: list) -> dict:
    """Per worker: the days visited, households visited, must-visit people met, households seen."""
    out: dict = defaultdict(lambda: {"days": set(), "visited": 0, "must_people": 0, "seen": set()})
    q = (VisitEntry.select(VisitEntry.staff, VisitEntry.day, VisitEntry.visited, VisitEntry.must_visit,
                           VisitEntry.households)
         .where(VisitEntry.deleted == False, VisitEntry.day >= start, VisitEntry.day < end))  # noqa: E712
    wanted = set(staff_ids)  # filtered here: an IN list of a street's workers' UUIDs is slower in SQL
    for staff, day, visited, must_people, households in tuples(q):
        if staff not in wanted:
            continue
        v = out[staff]
        v["days"].add(day)
        v["visited"] += visited
        v["must_people"] += must_people
        v["seen"].update(json.loads(households))
    return out


def _filed(start: dt.date, end: dt.date, community_ids: list) -> dict:
    q = (Card.select(Card.collected_by, fn.COUNT(Card.id))
         .where(Card.deleted == False, Card.community.in_(community_ids),  # noqa: E712
                Card.filed_at >= dt.datetime.combine(start, dt.time()),
                Card.filed_at < dt.datetime.combine(end, dt.time()))
         .group_by(Card.collected_by))
    return dict(tuples(q))


class Later(dict):
    """A worker's evidence where some formulas are counted only when a template item asks for
    them (the follow-up reads every must-visit person of the scope)."""

    def __init__(self, data: dict, later: dict):
        super().__init__(data)
        self._later = later

    def __missing__(self, key):
        if key not in self._later:
            raise KeyError(key)
        self[key] = self._later[key]()
        return self[key]

    def get(self, key, default=None):
        return self[key] if key in self or key in self._later else default


def _once(count):
    """``count()`` run on first use, then kept."""
    kept: list = []

    def value():
        if not kept:
            kept.append(count())
        return kept[0]
    return value


def _followup(community_ids: list, day: dt.date):
    """Per worker: the share of their must-visit people not overdue on ``day`` (the month's
    last day, or today while the month runs), by the follow-up's intervals."""
    from gridapp.services import followup

    def count() -> dict:
        counts: dict = defaultdict(lambda: [0, 0])
        for f in followup.people(community_ids, day):
            for wid in f.worker_ids:
                counts[wid][0] += f.status != followup.OVERDUE
                counts[wid][1] += 1
        return counts
    counted = _once(count)

    def of(worker_id) -> dict:
        kept, total = counted().get(worker_id, (0, 0))
        return {"value": round(kept / total, 4) if total else None, "overdue": total - kept,
                "text": f"截至 {day:%m-%d} 按期走访的五必访对象 {kept} 人 ÷ {total} 人 = "
                        f"{_pct(kept / total if total else None)}；逾期 {total - kept} 人"}
    return of


def _tasks(start: dt.date, end: dt.date, community_ids: list):
    """Per worker: the share of tasks due in the month (before ``end``) done by their due date."""
    from gridapp.services import tasks

    counted = _once(lambda: tasks.on_time_by_worker(start, end, community_ids) if end > start else {})

    def of(worker_id) -> dict:
        done, due = counted().get(worker_id, (0, 0))
        return {"value": round(done / due, 4) if due else None, "late": due - done,
                "text": f"按期完成任务 {done} 项 ÷ 到期任务 {due} 项 = {_pct(done / due if due else None)}"
                        + ("" if due else "；本月没有到期的任务")}
    return of


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def counter(community_ids: list, today: dt.date | None = None):
    """``evidence_of(month)`` for these communities: the workers and their grids' households
    (as they are now, the same for every month) counted once, each month's evidence once."""
    staff = workers(community_ids)
    grid_ids = sorted({g for w in staff for g in w.grids}, key=str)
    figures: list = []
    months: dict = {}

    def evidence_of(month: str) -> dict:
        if not figures:
            figures.append(_grid_figures(grid_ids) if grid_ids else ({}, {}, {}))
        if month not in months:
            months[month] = evidence(month, community_ids, today, staff, figures[0])
        return months[month]
    return evidence_of


def evidence(month: str, community_ids: list, today: dt.date | None = None,
             staff: list[Worker] | None = None, figures: tuple | None = None) -> dict:
    """{staff id: {formula: {"value", "text", ...}}} for every worker of the communities
    (``figures``: their grids' counts, when already made by ``counter``)."""
    start, end = month_range(month)
    today = today or dt.date.today()
    staff = staff if staff is not None else workers(community_ids)
    if figures is None:
        grid_ids = sorted({g for w in staff for g in w.grids}, key=str)
        figures = _grid_figures(grid_ids) if grid_ids else ({}, {}, {})
    households, complete, must = figures
    cards = {r["staff"]: r for r in timeliness(month, today, community_ids, by="staff")}
    visits = _visits(start, end, [w.id for w in staff])
    filed = _filed(start, end, community_ids)
    weeks = calendar.monthrange(start.year, start.month)[1] / 7
    on_schedule = _followup(community_ids, min(end - dt.timedelta(days=1), today))
    done_tasks = _tasks(start, min(end, today), community_ids)
    out = {}
    for w in staff:
        c = cards.get(w.id, {"cards": 0, "on_time": 0, "late": 0, "pending": 0, "rate": None})
        v = visits.get(w.id, {"days": set(), "visited": 0, "must_people": 0, "seen": set()})
        homes = sum(households.get(g, 0) for g in w.grids)
        ok = sum(complete.get(g, 0) for g in w.grids)
        must_homes = set().union(*(must.get(g, set()) for g in w.grids)) if w.grids else set()
        days = len(v["days"])
        counted_days = max(days, QUOTA_DAYS_PER_WEEK * weeks)
        per_day = v["visited"] / counted_days
        quota = round(homes * 0.04, 1)
        covered = len(must_homes & v["seen"])
        decided = c["on_time"] + c["late"]
        days_text = f"入格 {days} 天" if days >= QUOTA_DAYS_PER_WEEK * weeks else \
            f"入格 {days} 天（不足每周 {QUOTA_DAYS_PER_WEEK} 天，按 {counted_days:.1f} 天计）"
        filed_n = filed.get(w.id, 0)
        out[w.id] = {
            "on_time_rate": {"value": c["rate"] if decided else None, "late_cards": c["late"], "cards": c["cards"],
                             "text": f"按时录入 {c['on_time']} 张 ÷（按时 {c['on_time']} + 逾期 {c['late']}）"
                                     f"= {_pct(c['rate'] if decided else None)}；逾期 {c['late']} 张，待录 {c['pending']} 张"
                                     + ("；本月没有到期的登记卡" if not decided else "")},
            "days_per_week": {"value": round(days / weeks, 2) if w.grids else None,
                              "text": f"入格 {days} 天 ÷ {weeks:.2f} 周 = {days / weeks:.1f} 天/周"
                                      + ("" if w.grids else "；未分管网格")},
            "daily_visits": {"value": round(per_day / homes, 4) if homes else None, "quota": quota,
                             "text": f"走访 {v['visited']} 户次 ÷ {days_text} = 日均 {per_day:.1f} 户；"
                                     f"网格 {homes} 户 × 4% = 日定额 {quota:.1f} 户"},
            "must_visit_coverage": {"value": round(covered / len(must_homes), 4) if must_homes else None,
                                    "text": f"走访到五必访户 {covered} 户 ÷ 网格五必访户 {len(must_homes)} 户"
                                            f" = {_pct(covered / len(must_homes) if must_homes else None)}；"
                                            f"见到必访对象 {v['must_people']} 人次"},
            "cards_filed": {"value": filed_n if filed_n or c["cards"] else None,
                            "text": f"本月归档登记卡 {filed_n} 张" + ("" if filed_n or c["cards"] else "；本月没有采集的登记卡")},
            "data_completeness": {"value": round(ok / homes, 4) if homes else None,
                                  "text": f"户主有身份证号和电话的 {ok} 户 ÷ 网格 {homes} 户 = "
                                          f"{_pct(ok / homes if homes else None)}"},
        }
        out[w.id] = Later(out[w.id], {"must_visit_followup": lambda w=w: on_schedule(w.id),
                                      "tasks_on_time": lambda w=w: done_tasks(w.id)})
    for staff_id, items in appraisal_matters.evidence(start, end, staff, today).items():
        out[staff_id].update(items)
    return out


def item_points(item: dict, ev: dict) -> float | None:
    """Points of a system item: full marks at the target, in proportion below it, less its deduction.
    A month with nothing to measure (no value) scores by the item's ``empty`` rule: full marks, 0,
    or None (not applicable, or pro rata: the sheet decides, seeing the other items)."""
    value, target = ev.get("value"), item.get("target") or 1
    if value is None:
        rule = empty_rule(item)
        if rule not in ("full", "zero"):
            return None
        value = target if rule == "full" else 0
    points = item["max"] * min(1.0, value / target)
    deduct = item.get("deduct")
    if deduct:
        taken = deduct.get("points", 0) * ev.get(deduct.get("per"), 0)
        points -= min(deduct.get("cap", taken), taken)
    return round(max(0.0, points), 1)


def formula_text(item: dict) -> str:
    """How an item's points are reached, for the sheet and the explanation panel."""
    target = item.get("target")
    f = item.get("formula")
    goal = {"on_time_rate": f"及时率达 {_pct(target)} 得满分", "days_per_week": f"每周入格 ≥{target} 天得满分",
            "daily_visits": f"日均走访达网格户数的 {_pct(target)} 得满分",
            "must_visit_coverage": f"覆盖率达 {_pct(target)} 得满分", "cards_filed": f"归档 ≥{target} 张得满分",
            "data_completeness": f"完整率达 {_pct(target)} 得满分", 
            "must_visit_followup": f"五必访按期走访率达 {_pct(target)} 得满分",
            "tasks_on_time": f"任务按期完成率达 {_pct(target)} 得满分",
            **appraisal_matters.goals(target)}.get(f, "")
    text = f"满分 {item['max']:g}；{goal}，不足按比例计分"
    if item.get("deduct"):
        text += f"；{item['deduct'].get('text', '')}"
    return text + f"；无可考核记录时{EMPTY_RULES[empty_rule(item)]}"
