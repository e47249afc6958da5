"""The counts the street asks for, computed from the data (present people only).

Two passes over the data, each grouped by grid: one over households, one over
persons, every count a conditional sum; totals are the sums of the grid rows.
"""

from __future__ import annotations

from peewee import JOIN, Case, fn

from gridapp import categories as cats
from gridapp import vocab
from gridapp.models import Building, Community, Grid, House, Household, Person
from gridapp.services.scope import Scope, present_households, present_persons


def _count_if(condition, alias: str):
    return fn.SUM(Case(None, [(condition, 1)], 0)).alias(alias)


def _flag_sums(model, level: str) -> list:
    return [_count_if(model.categories.bin_and(c.mask) != 0, "cat_" + c.code) for c in cats.of_level(level)]


def _person_columns() -> list:
    cols = [fn.COUNT(Person.id).alias("persons")]
    cols += [_count_if(Person.status == s, "status_" + s) for s in vocab.STATUS]
    cols += [_count_if((Person.status == "inflow") & (Person.inflow_reason == r), "reason_" + r)
             for r in vocab.INFLOW_REASON if r != "other"]
    cols += [_count_if(Person.gender == g, "gender_" + g) for g in vocab.GENDER]
    return cols + _flag_sums(Person, cats.PERSON)


def stats(scope: Scope = Scope()) -> dict:
    houses = scope.restrict(House.live().join(Building).join(Grid))
    house_total = houses.count()
    hh_rows = {r["grid"]: r for r in present_households(
        scope, Grid.id.alias("grid"), fn.COUNT(Household.id).alias("households"),
        fn.COUNT(House.id.distinct()).alias("occupied"), *_flag_sums(Household, cats.HOUSEHOLD))
        .group_by(Grid.id).dicts()}
    p_rows = {r["grid"]: r for r in present_persons(scope, Grid.id.alias("grid"), *_person_columns())
              .group_by(Grid.id).dicts()}

    def total(rows, key: str) -> int:
        return sum(int(r[key] or 0) for r in rows.values())

    by_status = {s: total(p_rows, "status_" + s) for s in vocab.STATUS}
    inflow = {r: total(p_rows, "reason_" + r) for r in vocab.INFLOW_REASON if r != "other"}
    inflow["other"] = by_status["inflow"] - sum(inflow.values())  # "other" and any reason left blank
    by_category = {c.code: total(hh_rows, "cat_" + c.code) for c in cats.of_level(cats.HOUSEHOLD)}
    by_category.update({c.code: total(p_rows, "cat_" + c.code) for c in cats.of_level(cats.PERSON)})
    persons = total(p_rows, "persons")
    by_gender = {g: total(p_rows, "gender_" + g) for g in vocab.GENDER}
    by_gender["unknown"] = persons - sum(by_gender.values())

    grids = scope.restrict(
        Grid.live(Grid.id, Grid.name, Grid.number, Community.name.alias("community_name"))
        .join(Community, JOIN.INNER).where(Community.deleted == False)  # noqa: E712
    ).order_by(Community.name, Grid.number)
    by_grid = [{"community": g.community_name, "grid": g.name, "number": g.number,
                "households": int(hh_rows.get(g.id, {}).get("households") or 0),
                "persons": int(p_rows.get(g.id, {}).get("persons") or 0)}
               for g in grids.objects()]
    return {
        "scope": scope.label,
        "communities": 1 if scope.community or scope.grid else Community.live().count(),
        "grids": len(by_grid),
        "buildings": scope.restrict(Building.live().join(Grid)).count(),
        "houses": house_total,
        "vacant_houses": house_total - total(hh_rows, "occupied"),
        "households": total(hh_rows, "households"),
        "persons": persons,
        "by_status": by_status,
        "inflow_by_reason": inflow,
        "by_gender": by_gender,
        "by_category": by_category,
        "by_grid": by_grid,
    }
