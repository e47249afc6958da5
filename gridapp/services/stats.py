"""The counts the street asks for, computed from the data (present people only).

Four passes over the data, each grouped by grid: households, persons, persons by
sex and age band, houses by ownership and occupancy; every count a conditional
sum. Each grid gets its own figures (``by_grid``, side by side on screen and
paper); the totals are the sums of the grid rows.
"""

from __future__ import annotations

import datetime as dt

from peewee import JOIN, Case, fn

from gridapp import categories as cats
from gridapp import vocab
from gridapp.engines import engine
from gridapp.models import Building, Community, Grid, House, Household, Person
from gridapp.services import sqlparts
from gridapp.services.scope import Scope, present_households, present_persons

BAND_YEARS = 5
TOP_BAND = 85  # the last band is "85+"
BANDS = tuple(f"{a}-{a + BAND_YEARS - 1}" for a in range(0, TOP_BAND, BAND_YEARS)) + (f"{TOP_BAND}+",)
AGE_GROUPS = {"0-17": (0, 17), "18-59": (18, 59), "60-79": (60, 79), "80+": (80, 999)}
AGE_GROUP_LABELS = {"0-17": "未成年（0–17 岁）", "18-59": "18–59 岁", "60-79": "60–79 岁", "80+": "80 岁及以上",
                    "unknown": "出生日期不详"}
# occupied houses by ownership ("unknown": not given); houses where no household is registered:
# vacant when a clerk marked them so, else unregistered (no card yet: not known to be empty)
HOUSE_USES = ("owned", "bought", "rented", "other", "unknown", "unregistered", "vacant")
HOUSE_USE_LABELS = {**vocab.OWNERSHIP, "unknown": "产权不详", "unregistered": "未登记", "vacant": "空置"}


def _count_if(condition, alias: str):
    return fn.SUM(Case(None, [(condition, 1)], 0)).alias(alias)


def _flag_sums(model, level: str) -> list:
    return [_count_if(model.categories.bin_and(c.mask) != 0, "cat_" + c.code) for c in cats.of_level(level)]


def _must_visit_mask() -> int:
    return cats.MUST_VISIT_MASK


def _n(row: dict | None, key: str) -> int:
    return int((row or {}).get(key) or 0)


def _person_cells(scope: Scope, today: dt.date) -> dict:
    """grid id → rows of (status, inflow reason, gender, category flags, age band, age group, count).

    One pass grouped by everything the figures need; the figures are sums over it. Band -1 and
    group "unknown" mean the birth date is not known.
    """
    sql = engine()
    age = sqlparts.age(today)
    unknown = Person.birth_date.is_null()
    band = Case(None, [(unknown, -1)], sql.least(sql.greatest(age, 0) / BAND_YEARS, len(BANDS) - 1))
    group = Case(None, [(unknown, "unknown")] + [(age <= hi, key) for key, (_lo, hi) in AGE_GROUPS.items()])
    keys = (Person.status, Person.inflow_reason, Person.gender, Person.categories, band, group)
    out: dict = {}
    for grid, *row in present_persons(scope, Grid.id, *keys, fn.COUNT(Person.id)).group_by(*sqlparts.columns_by_position(len(keys) + 1)).tuples():
        out.setdefault(grid, []).append(row)
    return out


def _person_figures(cells: list) -> dict:
    by_status = dict.fromkeys(vocab.STATUS, 0)
    inflow = dict.fromkeys(vocab.INFLOW_REASON, 0)
    by_gender = {**dict.fromkeys(vocab.GENDER, 0), "unknown": 0}
    person_cats = {c.code: 0 for c in cats.of_level(cats.PERSON)}
    bands = [{"band": label, "M": 0, "F": 0, "unknown": 0} for label in BANDS]
    groups = dict.fromkeys([*AGE_GROUPS, "unknown"], 0)
    persons = must_visit = 0
    must = _must_visit_mask()
    for status, reason, gender, flags, band, group, n in cells:
        persons += n
        by_status[status] = by_status.get(status, 0) + n
        if status == "inflow":  # "other" holds any reason left blank
            inflow[reason if reason in inflow else "other"] += n
        sex = gender if gender in vocab.GENDER else "unknown"
        by_gender[sex] += n
        if flags:
            for c in cats.of_level(cats.PERSON):
                if flags & c.mask:
                    person_cats[c.code] += n
            must_visit += n if flags & must else 0
        if band >= 0:
            bands[band][sex] += n
        groups[group] += n
    return {"persons": persons, "by_status": by_status, "inflow_by_reason": inflow, "by_gender": by_gender,
            "must_visit": must_visit, "person_categories": person_cats, "age_bands": bands, "age_groups": groups}


def _house_rows(scope: Scope) -> dict:
    """grid id → {use: count}: occupied houses by ownership, unregistered and vacant ones."""
    lives = (Household.select(Household.id)
             .where(Household.house == House.id, Household.deleted == False,  # noqa: E712
                    Household.departed_on.is_null()))
    occupied = fn.EXISTS(lives)
    q = scope.restrict(House.select(Grid.id, House.ownership, occupied, House.vacant, fn.COUNT(House.id))
                       .join(Building).join(Grid)
                       .where(House.deleted == False)  # noqa: E712
                       .group_by(*sqlparts.columns_by_position(4)))
    out: dict = {}
    for grid, ownership, occ, vacant, n in q.tuples():
        if not occ:
            use = "vacant" if vacant else "unregistered"
        else:
            use = ownership if ownership in vocab.OWNERSHIP else "unknown"
        uses = out.setdefault(grid, dict.fromkeys(HOUSE_USES, 0))
        uses[use] += n
    return out


def _sum(dicts) -> dict:
    total: dict = {}
    for d in dicts:
        for k, v in d.items():
            total[k] = total.get(k, 0) + v
    return total


def stats(scope: Scope = Scope(), today: dt.date | None = None) -> dict:
    today = today or dt.date.today()
    houses = scope.restrict(House.live().join(Building).join(Grid))
    house_total = houses.count()
    hh_rows = {r["grid"]: r for r in present_households(
        scope, Grid.id.alias("grid"), fn.COUNT(Household.id).alias("households"),
        fn.COUNT(House.id.distinct()).alias("occupied"), *_flag_sums(Household, cats.HOUSEHOLD))
        .group_by(Grid.id).dicts()}
    person_cells, house_uses = _person_cells(scope, today), _house_rows(scope)

    grids = scope.restrict(
        Grid.live(Grid.id, Grid.name, Grid.number, Community.name.alias("community_name"))
        .join(Community, JOIN.INNER).where(Community.deleted == False)  # noqa: E712
    ).order_by(Community.name, Grid.number)
    by_grid = []
    for g in grids.objects():
        people = _person_figures(person_cells.get(g.id, []))
        uses = house_uses.get(g.id, dict.fromkeys(HOUSE_USES, 0))
        hh = hh_rows.get(g.id)
        by_grid.append({
            "community": g.community_name, "grid": g.name, "number": g.number,
            "households": _n(hh, "households"), "persons": people["persons"],
            "houses": sum(uses.values()), "vacant_houses": uses["vacant"],
            "unregistered_houses": uses["unregistered"], "houses_by_use": uses,
            "by_status": people["by_status"], "inflow_by_reason": people["inflow_by_reason"],
            "by_gender": people["by_gender"], "age_groups": people["age_groups"], "age_bands": people["age_bands"],
            "must_visit": people["must_visit"],
            "by_category": {**{c.code: _n(hh, "cat_" + c.code) for c in cats.of_level(cats.HOUSEHOLD)},
                            **people["person_categories"]},
        })
    totals = _person_figures([row for rows in person_cells.values() for row in rows])
    by_category = {c.code: sum(_n(r, "cat_" + c.code) for r in hh_rows.values()) for c in cats.of_level(cats.HOUSEHOLD)}
    by_category.update(totals["person_categories"])
    return {
        "scope": scope.label,
        "as_of": today.isoformat(),
        "communities": 1 if scope.community or scope.grid else Community.live().count(),
        "grids": len(by_grid),
        "buildings": scope.restrict(Building.live().join(Grid)).count(),
        "houses": house_total,
        "vacant_houses": sum(g["vacant_houses"] for g in by_grid),
        "unregistered_houses": sum(g["unregistered_houses"] for g in by_grid),
        "households": sum(_n(r, "households") for r in hh_rows.values()),
        "persons": totals["persons"],
        "by_status": totals["by_status"],
        "inflow_by_reason": totals["inflow_by_reason"],
        "by_gender": totals["by_gender"],
        "by_category": by_category,
        "must_visit": totals["must_visit"],
        "age_groups": totals["age_groups"],
        "age_bands": totals["age_bands"],
        "houses_by_use": _sum(house_uses.values()) or dict.fromkeys(HOUSE_USES, 0),
        "by_grid": by_grid,
        "matters": _matters(scope, today),
    }


def _matters(scope: Scope, today: dt.date) -> dict:
    from gridapp.services.matterstats import summary

    return summary(scope, today)


def record_export(kind: str, caption: str) -> None:
    """A statistics report (``kind``: PDF or XLSX; ``caption``: its date and place) was written
    (``reports.stats_pdf`` / ``reports.stats_xlsx``): recorded in the audit trail, as other exports are."""
    from gridapp.models import database
    from gridapp.store import audit

    with database.atomic():
        audit.record_event("export", "stats", "", f"统计报表 {kind}（{caption}）")
