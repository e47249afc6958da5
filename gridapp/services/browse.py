"""Read-only queries behind the main window: the organisation tree, households, members.

Each returns plain rows (dicts), small enough for one tree level or one page.
"""

from __future__ import annotations

from peewee import JOIN, fn

from gridapp import categories as cats
from gridapp import privacy, vocab
from gridapp.models import Building, Community, Grid, House, Household, Person, Street
from gridapp.queryrows import tuples
from gridapp.services.scope import Scope, present_households, present_persons
from gridapp.sortkeys import by_name
from gridapp.store import audit, roles

PAGE = 500


def streets() -> list[dict]:
    return [{"kind": "street", "id": s.id, "name": s.name} for s in Street.live().order_by(Street.name)]


def communities(street_id=None) -> list[dict]:
    q = Community.live()
    if street_id is not None:
        q = q.where((Community.street == street_id) | Community.street.is_null())
    return [{"kind": "community", "id": c.id, "name": c.name} for c in by_name(q)]


def grids(community_id) -> list[dict]:
    q = Grid.live().where(Grid.community == community_id).order_by(Grid.number, Grid.name)
    return [{"kind": "grid", "id": g.id, "name": g.name, "number": g.number} for g in q]


def buildings(grid_id) -> list[dict]:
    q = Building.live().where(Building.grid == grid_id).order_by(Building.sort_key)
    return [{"kind": "building", "id": b.id, "name": b.name, "address": b.address,
             "floors": b.floors, "units": b.units} for b in q]


def children(kind: str | None, node_id=None) -> list[dict]:
    """The tree's next level below a node (``kind`` None: the top)."""
    if kind is None:
        tops = streets()
        return tops if tops else communities()
    if kind == "street":
        return communities(node_id)
    if kind == "community":
        return grids(node_id)
    if kind == "grid":
        return buildings(node_id)
    return []


def _household_query(kind: str, node_id):
    head = Person.alias()
    members = (Person.select(Person.household, fn.COUNT(Person.id).alias("n"))
               .where(Person.deleted == False, Person.departed_on.is_null())  # noqa: E712
               .group_by(Person.household).alias("m"))
    q = (Household.select(Household.id, Household.categories, House.unit, House.floor, House.room,
                          Building.name.alias("building"), head.name.alias("head"),
                          members.c.n.alias("members"))
         .join(House).join(Building).join(Grid)
         .switch(Household)
         .join(head, JOIN.LEFT_OUTER, on=((head.household == Household.id) & (head.relation == "户主")
                                          & (head.deleted == False) & head.departed_on.is_null()))  # noqa: E712
         .switch(Household)
         .join(members, JOIN.LEFT_OUTER, on=(members.c.household_id == Household.id))
         .where(Household.deleted == False, Household.departed_on.is_null()))  # noqa: E712
    column = {"building": Building.id, "grid": Grid.id, "community": Grid.community}.get(kind)
    if column is not None:
        q = q.where(column == node_id)
    return q.order_by(Building.sort_key, House.unit, House.floor, House.room)


def household_count(kind: str, node_id) -> int:
    return _household_query(kind, node_id).count()


def households(kind: str, node_id, offset: int = 0, limit: int = PAGE) -> list[dict]:
    """Present households under a node, in address order, one page at a time."""
    rows = []
    for r in _household_query(kind, node_id).offset(offset).limit(limit).dicts():
        rows.append({
            "id": r["id"],
            "address": f"{r['building']} {r['unit']}单元 {r['room']}室",
            "head": r["head"] or "",
            "members": r["members"] or 0,
            "categories": [cats.BY_CODE[c].label for c in cats.from_mask(r["categories"], cats.HOUSEHOLD)],
        })
    return rows


def members(household_id, *, full_id: bool = False) -> list[dict]:
    """A household's people, head first; departed members last, marked."""
    q = (Person.live().where(Person.household == household_id)
         .order_by(Person.departed_on.is_null(False), Person.relation != "户主", Person.birth_date))
    if full_id:
        roles.require("people.full")
        q = list(q)
        audit.record_views([p.id for p in q if p.id_number], note="住户成员")
    return [{
        "id": p.id,
        "name": p.name,
        "relation": p.relation,
        "gender": vocab.GENDER.get(p.gender, ""),
        "birth_date": p.birth_date,
        "id_number": privacy.shown_id(p.id_number, full_id),  # one rule with the ledgers (gridapp.privacy)
        "phone": privacy.shown_phone(p.phone, full_id),
        "status": vocab.STATUS.get(p.status, p.status),
        "inflow_reason": vocab.INFLOW_REASON.get(p.inflow_reason, ""),
        "categories": [cats.BY_CODE[c].label for c in cats.from_mask(p.categories, cats.PERSON)],
        "departed_on": p.departed_on,
        "departed_to": p.departed_to,
    } for p in q]


def summary() -> dict:
    """Whole-database counts for the status bar: communities, grids, present households and persons."""
    return {
        "communities": Community.live().count(),
        "grids": Grid.live().count(),
        "households": present_households(Scope(), fn.COUNT(Household.id)).scalar() or 0,
        "persons": present_persons(Scope(), fn.COUNT(Person.id)).scalar() or 0,
    }


def _present_households(kind: str, node_id, *fields):
    q = (Household.select(*fields).join(House).join(Building).join(Grid)
         .where(Household.deleted == False, Household.departed_on.is_null()))  # noqa: E712
    column = {"building": Building.id, "grid": Grid.id, "community": Grid.community}.get(kind)
    return q if column is None else q.where(column == node_id)


def household_total(kind: str, node_id) -> int:
    """How many households ``household_page`` pages through (fast: no person rows read)."""
    return _present_households(kind, node_id).count()


def household_page(kind: str, node_id, offset: int = 0, limit: int = PAGE) -> list[dict]:
    """The rows of ``households``, fast at street scale.

    Heads and member counts are read for the page's own households only; ``households``
    groups every person in the database for each page (0.3 s for a street of 135k people).
    """
    rows = list(_present_households(kind, node_id, Household.id, Household.categories, House.unit,
                                    House.room, Building.name.alias("building"))
                .order_by(Building.sort_key, House.unit, House.floor, House.room, Household.id)
                .offset(offset).limit(limit).dicts())
    heads: dict = {}
    counts: dict = {}
    people = (Person.select(Person.household, Person.name, Person.relation)
              .where(Person.household.in_([r["id"] for r in rows]), Person.deleted == False,  # noqa: E712
                     Person.departed_on.is_null())
              .order_by(Person.birth_date))
    for household_id, name, relation in tuples(people):
        counts[household_id] = counts.get(household_id, 0) + 1
        if relation == "户主":
            heads.setdefault(household_id, name)
    return [{
        "id": r["id"],
        "address": f"{r['building']} {r['unit']}单元 {r['room']}室",
        "head": heads.get(r["id"], ""),
        "members": counts.get(r["id"], 0),
        "categories": [cats.BY_CODE[c].label for c in cats.from_mask(r["categories"], cats.HOUSEHOLD)],
    } for r in rows]
