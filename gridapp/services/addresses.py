"""Addresses: building / unit / room within a grid, typed or read from free text.

A building or room not yet known is created in its grid when a card that says it is new
is saved; ``close_buildings`` and ``close_rooms`` offer the known names a mistyped one
may be.
"""

from __future__ import annotations

import difflib
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
    b = find_building(grid, building)
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


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_POWERS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = re.compile(f"[{''.join(_DIGITS)}{''.join(_POWERS)}]+")


def _arabic(run: str) -> str:
    """一二〇三 → 1203, 二十三 → 23, 十 → 10."""
    if not any(c in _POWERS for c in run):
        return "".join(str(_DIGITS[c]) for c in run)
    total = current = 0
    for c in run:
        if c in _POWERS:
            total += (current or 1) * _POWERS[c]
            current = 0
        else:
            current = _DIGITS[c]
    return str(total + current)


def _plain(text: str) -> str:
    """A name as compared: full-width folded, Chinese numerals as digits, no spaces."""
    text = unicodedata.normalize("NFKC", text).replace(" ", "")
    return _NUMERAL.sub(lambda m: _arabic(m.group()), text)


def closest(typed: str, names, limit: int = 3, cutoff: float = 0.6) -> list[str]:
    """The known names most like ``typed``, best first: 第一1栋 for 第1栋, 3号楼 for 三号楼."""
    plain = _plain(typed)
    scored = []
    for name in dict.fromkeys(names):
        if name == typed:
            continue
        score = max(difflib.SequenceMatcher(None, typed, name).ratio(),
                    difflib.SequenceMatcher(None, plain, _plain(name)).ratio())
        if score >= cutoff:
            scored.append((-score, name))
    return [name for _score, name in sorted(scored)[:limit]]


def find_building(grid: Grid, name: str) -> Building | None:
    return Building.live().where(Building.grid == grid, Building.name == name).first()


def close_buildings(grid: Grid, name: str) -> list[str]:
    """Known buildings of the grid whose names are like ``name``."""
    return closest(name, completions(grid, limit=100000))


def close_rooms(building: Building, unit: int, room: str) -> list[tuple[int, str]]:
    """Known (unit, room) of the building like the typed ones: 1230 for 1203."""
    known = {f"{u}-{r}": (u, r) for u, r in House.live(House.unit, House.room)
             .where(House.building == building).tuples()}
    return [known[k] for k in closest(f"{unit}-{room}", known)]
