"""Moves and departures (人来有登记，人走有注销): nothing is deleted, the old record
keeps the date and destination and leaves the counts."""

from __future__ import annotations

import datetime as dt

from gridapp.errors import UserError
from gridapp.models import Household, Person, database
from gridapp.store import audit

_COPIED = ("name", "initials", "gender", "id_number", "birth_date", "relation", "phone", "ethnicity",
           "hukou_place", "status", "inflow_reason", "inflow_origin", "categories", "extra", "note")


def address_of(household: Household) -> str:
    h = household.house
    return f"{h.building.grid.community.name}{h.building.name}{h.unit}单元{h.room}室" if h else ""


def depart_person(person: Person, on: dt.date, destination: str) -> Person:
    if person.departed_on is not None:
        raise UserError(f"{person.name} 已于 {person.departed_on} 迁出。")
    with database.atomic():
        person.departed_on, person.departed_to = on, destination.strip()
        person.save()
        audit.record("depart", person, field="departed_on", new=on, note=person.departed_to)
    return person


def depart_household(household: Household, on: dt.date, destination: str) -> Household:
    """The whole household moves out: it and each present member get the date and destination."""
    with database.atomic():
        for p in Person.live().where(Person.household == household, Person.departed_on.is_null()):
            depart_person(p, on, destination)
        household.departed_on, household.departed_to = on, destination.strip()
        household.save()
        audit.record("depart", household, field="departed_on", new=on, note=household.departed_to)
    return household


def move_person(person: Person, to: Household, on: dt.date, relation: str | None = None) -> Person:
    """The person leaves their household (the old record stays, departed) and joins ``to``."""
    if person.household_id == to.id:
        return person
    with database.atomic():
        depart_person(person, on, f"迁至 {address_of(to)}")
        values = {f: getattr(person, f) for f in _COPIED}
        if relation:
            values["relation"] = relation
        moved = Person.create(household=to, arrived_on=on, moved_from=person, **values)
        audit.record("move", moved, field="household", old=person.household_id, new=to.id)
    return moved
