"""Flats marked vacant (空置). A flat with no household card is only unregistered (未登记):
it may well be lived in. Vacancy is what a clerk says of a flat (on the 住户 page, with
``org vacant`` or in the organisation file), and statistics count 空置 from that alone.

A flat where a household lives cannot be marked vacant; saving a card into a flat marked
vacant clears the mark.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from gridapp.errors import UserError
from gridapp.models import Building, House, Household, database
from gridapp.models.org import natural_key
from gridapp.queryrows import tuples
from gridapp.store.roles import require

_FLAT = re.compile(r"^(?:(?P<unit>\d+)\s*(?:单元|-))?\s*(?P<room>[0-9A-Za-z]+)\s*(?:室|号|房)?$")


@dataclass(frozen=True)
class FlatState:
    id: object
    unit: int
    floor: int
    room: str
    vacant: bool
    households: int  # living there now

    @property
    def label(self) -> str:
        return f"{self.unit}单元{self.room}"


def parse_flat(text: str) -> tuple[int, str]:
    """``2单元302``, ``2-302`` or ``302`` (unit 1) → (unit, room)."""
    m = _FLAT.match(unicodedata.normalize("NFKC", text or "").strip().replace(" ", ""))
    if not m:
        raise UserError(f"看不懂房号“{text}”：请写成 302、2单元302 或 2-302。")
    return int(m.group("unit") or 1), m.group("room")


def _living(house_ids: list) -> dict:
    counts: dict = {}
    for house_id in tuples(Household.select(Household.house)
                           .where(Household.house.in_(house_ids), Household.deleted == False,  # noqa: E712
                                  Household.departed_on.is_null())):
        counts[house_id[0]] = counts.get(house_id[0], 0) + 1
    return counts


def flats(building) -> list[FlatState]:
    """Every flat of the building, unit by unit, top floor last, with its mark and who lives there."""
    houses = list(House.live(House.id, House.unit, House.floor, House.room, House.vacant)
                  .where(House.building == building))
    living = _living([h.id for h in houses])
    return sorted((FlatState(h.id, h.unit, h.floor, h.room, bool(h.vacant), living.get(h.id, 0)) for h in houses),
                  key=lambda f: (f.unit, f.floor, natural_key(f.room)))


def find_flats(building: Building, texts: list[str]) -> list[FlatState]:
    """The flats named, all known in the building; otherwise one message naming those it lacks."""
    known = {(f.unit, f.room): f for f in flats(building)}
    wanted = [parse_flat(t) for text in texts for t in re.split(r"[\s,，、;；]+", text) if t]
    lacking = [f"{unit}单元{room}" for unit, room in wanted if (unit, room) not in known]
    if lacking:
        raise UserError(f"{building.name}没有 {'、'.join(lacking)}。")
    return [known[key] for key in dict.fromkeys(wanted)]


def set_vacant(flat_ids: list, vacant: bool, building_name: str = "") -> int:
    """Mark (or unmark) flats vacant, all or none; how many changed. A flat where a household
    lives is refused."""
    require("cards.edit")
    with database.atomic():
        houses = list(House.live().where(House.id.in_(flat_ids)))
        if vacant:
            living = _living([h.id for h in houses])
            lived_in = [f"{h.unit}单元{h.room}" for h in houses if living.get(h.id)]
            if lived_in:
                raise UserError(f"{building_name}{'、'.join(lived_in)} 有住户，不能标为空置"
                                "（住户迁出后再标）。未作任何更改。")
        changed = 0
        for h in houses:
            if bool(h.vacant) != vacant:
                h.vacant = vacant
                h.save()
                changed += 1
    return changed


def mark_exactly(building: Building, vacant_ids) -> int:
    """The building's vacant flats are these and no others (all or nothing); how many changed."""
    wanted = set(vacant_ids)
    with database.atomic():
        known = flats(building)
        return (set_vacant([f.id for f in known if f.id in wanted and not f.vacant], True, building.name)
                + set_vacant([f.id for f in known if f.id not in wanted and f.vacant], False))


def occupied(house: House) -> None:
    """A household is registered in the flat: it is not vacant any more."""
    if house.vacant:
        house.vacant = False
        house.save()
