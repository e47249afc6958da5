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
from gridapp.models import Building, CardField, Community, Grid, House, Household, Person
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
    figures = {
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
    figures["categories"] = own_categories(figures, scope)
    figures["fields"] = card_fields(scope)
    return figures


def _matters(scope: Scope, today: dt.date) -> dict:
    from gridapp.services.matterstats import summary

    return summary(scope, today)


# --- own categories and supplementary fields ----------------------------------------------------
COUNTED_KINDS = ("choice", "multi", "bool")  # the supplementary fields counted by value
UNSET = "未填"


def _grid_names(scope: Scope) -> dict:
    """grid id → (community id, community, grid), in report order."""
    grids = scope.restrict(
        Grid.live(Grid.id, Grid.name, Grid.community, Community.name.alias("community_name"))
        .join(Community, JOIN.INNER).where(Community.deleted == False)  # noqa: E712
    ).order_by(Community.name, Grid.number)
    return {g.id: (g.community_id, g.community_name, g.name) for g in grids.objects()}


def _community_of(scope: Scope):
    return scope.community or (scope.grid.community if scope.grid is not None else None)


def own_categories(data: dict, scope: Scope = Scope()) -> list[dict]:
    """Each own category in force in the scope (street-wide, and a community's own within it):
    persons (a person category) or households (a household one) marked, in all and per grid,
    read from ``by_category`` of the figures."""
    community = _community_of(scope)
    out = []
    for c in cats.all_categories(community.id if community is not None else None):
        if not c.own:
            continue
        out.append({"code": c.code, "label": c.label, "level": c.level, "symbol": c.symbol, "colour": c.colour,
                    "counts": "persons" if c.level == cats.PERSON else "households",
                    "total": data["by_category"].get(c.code, 0),
                    "by_grid": [{"community": g["community"], "grid": g["grid"],
                                 "count": g["by_category"].get(c.code, 0)} for g in data["by_grid"]]})
    return out


def _picked(f, value) -> list[str]:
    """The values a record has for ``f`` (a several-of field: each one chosen)."""
    if f.kind == "bool":
        return [] if value is None else ["是" if value in (True, 1, "true") else "否"]
    if f.kind == "multi":
        return [str(v) for v in value] if isinstance(value, list) else []
    return [] if value in (None, "") else [str(value)]


def _field_counts(level: str, fields: list, scope: Scope) -> dict[object, dict[str, dict]]:
    """field id → value → grid id → present persons (or households) with it; one pass over the
    stored ``extra`` texts, grouped, each distinct text read once. By id, not key: communities
    that each made their own field under one key have each their own counts."""
    import json

    if not fields:
        return {}
    stored, what = (Person.extra, Person.id) if level == "person" else (Household.extra, Household.id)
    select = present_persons if level == "person" else present_households
    counts: dict[object, dict[str, dict]] = {f.id: {} for f in fields}
    for grid, raw, n in select(scope, Grid.id, stored, fn.COUNT(what)).group_by(
            *sqlparts.columns_by_position(2)).tuples():
        try:
            extra = json.loads(raw) if raw else {}
        except ValueError:
            extra = {}
        extra = extra if isinstance(extra, dict) else {}
        for f in fields:
            for label in _picked(f, extra.get(f.key)) or [UNSET]:
                by_grid = counts[f.id].setdefault(label, {})
                by_grid[grid] = by_grid.get(grid, 0) + n
    return counts


def _field_values(f, counts: dict[str, dict], asked: dict, grids: dict) -> list[dict]:
    """How many present persons (or households) have each value of ``f``, in all (the grids
    where it is ``asked``) and per grid (0 where it is not asked); those with no value are 未填;
    a value no longer offered but still recorded is listed too."""
    import json

    labels = ["是", "否"] if f.kind == "bool" else list(json.loads(f.choices or "[]"))
    labels += [label for label in counts if label not in labels and label != UNSET]
    out = []
    for label in [*labels, UNSET]:
        found = {gid: n for gid, n in counts.get(label, {}).items() if gid in asked}
        out.append({"value": label, "total": sum(found.values()),
                    "by_grid": [{"community": c, "grid": g, "count": found.get(gid, 0)}
                                for gid, (_cid, c, g) in grids.items()]})
    return out


def card_fields(scope: Scope) -> list[dict]:
    """Each one-of, several-of and yes/no supplementary field asked in the scope (the
    street-wide ones, and each community's own within it): counts by value and grid. A
    community's own field is counted in that community's grids only."""
    query = CardField.live().where(CardField.retired == False, CardField.kind.in_(COUNTED_KINDS))  # noqa: E712
    community = _community_of(scope)
    if community is not None:
        query = query.where(CardField.community.is_null() | (CardField.community == community.id))
    fields = list(query.order_by(CardField.level, CardField.community.is_null(False), CardField.position))
    grids = _grid_names(scope)
    counts = {level: _field_counts(level, [f for f in fields if f.level == level], scope)
              for level in ("household", "person")}
    out = []
    for f in fields:
        asked = {gid: names for gid, (cid, *names) in grids.items() if f.community_id in (None, cid)}
        out.append({"key": f.key, "label": f.label, "level": f.level, "kind": f.kind,
                    "counts": "persons" if f.level == "person" else "households",
                    "scope": "全街道" if f.community_id is None else f.community.name,
                    "values": _field_values(f, counts[f.level][f.id], asked, grids)})
    return out


def record_export(kind: str, caption: str) -> None:
    """A statistics report (``kind``: PDF or XLSX; ``caption``: its date and place) was written
    (``reports.stats_pdf`` / ``reports.stats_xlsx``): recorded in the audit trail, as other exports are."""
    from gridapp.models import database
    from gridapp.store import audit

    with database.atomic():
        audit.record_event("export", "stats", "", f"统计报表 {kind}（{caption}）")
