"""Addresses: building / unit / room within a grid, typed or read from free text.

A building or room not yet known is created in its grid when a card is saved.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gridapp.models import Building, Grid, House, Household

_ADDRESS = re.compile(
    r"^(?P<building>.*?\d+\s*(?:栋|幢|号楼|座|#))\s*[-－]?\s*(?:(?P<unit>\d+)\s*(?:单元|[-－]))?\s*"
    r"(?P<room>\d{3,4})\s*(?:室|号|房)?$")


@dataclass(frozen=True)
class Address:
    building: str
    unit: int
    room: str

    def __str__(self) -> str:
        return f"{self.building} {self.unit}单元 {self.room}室"


def parse(text: str) -> Address | None:
    """``长安阁1栋2单元302室`` → (长安阁1栋, 2, 302); None when it cannot be read safely."""
    text = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "")
    m = _ADDRESS.match(text)
    if not m:
        return None
    building = m.group("building").replace("#", "栋")
    return Address(building, int(m.group("unit") or 1), m.group("room"))


def floor_of(room: str) -> int:
    """The floor a door number is on: 302 → 3, 1204 → 12."""
    digits = re.sub(r"\D", "", room)
    return int(digits[:-2]) if len(digits) >= 3 else 1


def find_house(grid: Grid, building: str, unit: int, room: str) -> House | None:
    return (House.live().join(Building)
            .where(Building.grid == grid, Building.name == building, Building.deleted == False,  # noqa: E712
                   House.unit == unit, House.room == room).first())


def ensure_house(grid: Grid, building: str, unit: int, room: str) -> House:
    """The house at this address, created (with its building) when not yet known."""
    house = find_house(grid, building, unit, room)
    if house is not None:
        return house
    b = Building.live().where(Building.grid == grid, Building.name == building).first()
    floor = floor_of(room)
    if b is None:
        b = Building.create(grid=grid, name=building, floors=floor, units=unit, rooms_per_floor=1)
    elif floor > b.floors or unit > b.units:
        b.floors, b.units = max(b.floors, floor), max(b.units, unit)
        b.save()
    return House.create(building=b, floor=floor, unit=unit, room=room)


def ensure_houses(grid: Grid, wanted) -> dict[tuple[str, int, str], object]:
    """``ensure_house`` for many (building, unit, room) of one grid at once: their house ids,
    buildings and houses not yet known created (new houses in one batch)."""
    wanted = set(wanted)
    found = {(b, u, r): hid for hid, b, u, r in
             House.live(House.id, Building.name, House.unit, House.room).join(Building)
             .where(Building.grid == grid, Building.deleted == False).tuples()}  # noqa: E712
    buildings = {b.name: b for b in Building.live().where(Building.grid == grid)}
    new_rows = []
    for building, unit, room in sorted(wanted - set(found)):
        floor = floor_of(room)
        b = buildings.get(building)
        if b is None:
            b = buildings[building] = Building.create(grid=grid, name=building, floors=floor, units=unit,
                                                      rooms_per_floor=1)
        elif floor > b.floors or unit > b.units:
            b.floors, b.units = max(b.floors, floor), max(b.units, unit)
            b.save()
        new_rows.append(((building, unit, room), {"building": b.id, "floor": floor, "unit": unit, "room": room}))
    House.bulk_insert([row for _key, row in new_rows])  # gives each row its id
    found.update({key: row["id"] for key, row in new_rows})
    return {key: found[key] for key in wanted}


def households_at(house: House) -> list[Household]:
    return list(Household.live().where(Household.house == house, Household.departed_on.is_null()))


def completions(grid: Grid, prefix: str = "", limit: int = 50) -> list[str]:
    """Building names in a grid that start with (or contain) what was typed."""
    q = Building.live(Building.name).where(Building.grid == grid)
    if prefix:
        q = q.where(Building.name.contains(prefix))
    return [b.name for b in q.order_by(Building.sort_key).limit(limit)]
