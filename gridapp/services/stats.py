"""The counts the street asks for, computed from the data (present people only)."""

from __future__ import annotations

from peewee import JOIN, fn

from gridapp import categories as cats
from gridapp import vocab
from gridapp.models import Building, Community, Grid, House, Household, Person
from gridapp.services.scope import Scope, present_households, present_persons


def _bit_sums(query_model, level: str):
    return [fn.SUM(query_model.categories.bin_and(c.mask) != 0).alias(c.code)
            for c in cats.of_level(level)]


def stats(scope: Scope = Scope()) -> dict:
    grids = scope.restrict(Grid.live().join(Community).where(Community.deleted == False))  # noqa: E712
    buildings = scope.restrict(Building.live().join(Grid))
    houses = scope.restrict(House.live().join(Building).join(Grid))
    if scope.grid is not None or scope.community is not None:
        communities = 1
    else:
        communities = Community.live().count()

    hh_row = present_households(scope, fn.COUNT(Household.id).alias("n"),
                                *_bit_sums(Household, cats.HOUSEHOLD)).dicts().get()
    person_row = present_persons(scope, fn.COUNT(Person.id).alias("n"),
                                 *_bit_sums(Person, cats.PERSON)).dicts().get()
    by_status = dict.fromkeys(vocab.STATUS, 0)
    for status, n in present_persons(scope, Person.status, fn.COUNT(Person.id)).group_by(Person.status).tuples():
        by_status[status] = by_status.get(status, 0) + n
    inflow = dict.fromkeys(vocab.INFLOW_REASON, 0)
    for reason, n in (present_persons(scope, Person.inflow_reason, fn.COUNT(Person.id))
                      .where(Person.status == "inflow").group_by(Person.inflow_reason).tuples()):
        inflow[reason or "other"] = inflow.get(reason or "other", 0) + n
    by_gender = {"M": 0, "F": 0}
    for gender, n in present_persons(scope, Person.gender, fn.COUNT(Person.id)).group_by(Person.gender).tuples():
        by_gender[gender or "unknown"] = n
    by_category = {c.code: int(hh_row[c.code] or 0) for c in cats.of_level(cats.HOUSEHOLD)}
    by_category.update({c.code: int(person_row[c.code] or 0) for c in cats.of_level(cats.PERSON)})

    occupied = present_households(scope, fn.COUNT(House.id.distinct())).scalar() or 0
    house_total = houses.count()
    return {
        "scope": scope.label,
        "communities": communities,
        "grids": grids.count(),
        "buildings": buildings.count(),
        "houses": house_total,
        "vacant_houses": house_total - occupied,
        "households": int(hh_row["n"] or 0),
        "persons": int(person_row["n"] or 0),
        "by_status": by_status,
        "inflow_by_reason": inflow,
        "by_gender": by_gender,
        "by_category": by_category,
        "by_grid": by_grid(scope),
    }


def by_grid(scope: Scope = Scope()) -> list[dict]:
    hh = dict(present_households(scope, Grid.id, fn.COUNT(Household.id)).group_by(Grid.id).tuples())
    pp = dict(present_persons(scope, Grid.id, fn.COUNT(Person.id)).group_by(Grid.id).tuples())
    grids = scope.restrict(Grid.live(Grid.id, Grid.name, Grid.number, Community.name.alias("community_name"))
                           .join(Community, JOIN.INNER)).order_by(Community.name, Grid.number)
    return [{"community": g.community_name, "grid": g.name, "number": g.number,
             "households": hh.get(g.id, 0), "persons": pp.get(g.id, 0)}
            for g in grids.objects()]
