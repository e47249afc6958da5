"""Buildings and rooms edited by hand (the organisation tree, ``org building`` / ``org room``).

A building added to a grid gets its flats from floors × units × flats per floor, named as the
organisation file names them (floor 3, flat 2 → 302). Growing a building adds the flats it lacks;
shrinking it removes (tombstones) the flats beyond the new shape, and is refused when one of them
holds a household (a card) or a matter. Rooms that are not flats of the grid (a 门面, a 地下室)
are added one by one under a free label and removed one by one, only when nobody is registered.

Buildings and houses are community rows: a community office's leaders edit its own
(``buildings.edit``); the changes go up to the street office with the next package, and a street
office's go down to the community.
"""

from __future__ import annotations

import re
import unicodedata
import uuid

from gridapp.errors import UserError, ValidationError
from gridapp.models import Building, Grid, House, Household, LocalState, Matter, database
from gridapp.models.base import current_site
from gridapp.plaintext import controls, describe
from gridapp.queryrows import tuples
from gridapp.services.addresses import floor_of
from gridapp.services.checks import TEXT_LIMITS
from gridapp.services.org import ImportResult, _ensure_houses, room_label
from gridapp.services.vacancy import FlatState, flats
from gridapp.store import roles

MAX_SIZE = 200  # floors, units, flats per floor: as in the organisation file
LOWEST_FLOOR = -9  # basements: 地下室 on floor -1


def _require(grid: Grid) -> None:
    """Who may edit buildings, and at a community office only in its own community."""
    roles.require("buildings.edit")
    own = LocalState.get_value("community_id")
    if current_site().site_type == "community" and own and uuid.UUID(str(own)) != grid.community_id:
        raise UserError(f"“{grid.community.name}”的楼栋由该社区或街道办修改，本社区不能修改。")


ADDRESS_LIMIT = 100
SHOWN_FLATS = 10  # occupied flats named in a refusal; beyond, how many


def _text(value, what: str, where: str, problems: list[str], required: bool = True, limit: int = ADDRESS_LIMIT,
          compact: bool = False) -> str:
    """Text as typed, full-width forms made plain; ``compact`` drops the spaces inside it too (a
    building's name, a room's label: 3 栋 is 3栋, 门面 1 is 门面1, as ``find_room`` reads them)."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(f"{what}须为文字")
        return ""
    found = controls(value)
    if found:
        problems.append(f"{what}含有不可见的控制字符（{describe(found)}）")
        return ""
    value = unicodedata.normalize("NFKC", value).strip()
    if compact:
        value = re.sub(r"\s+", "", value)
    if required and not value:
        problems.append(f"{what}不能为空")
    if len(value) > limit:
        problems.append(f"{what}有 {len(value)} 个字符，超过上限 {limit}")
        return ""
    return value


def _number(value, what: str, problems: list[str], low: int = 1, high: int = MAX_SIZE) -> int:
    """A count as typed: 6, "６", " 6 "; within ``low``–``high``."""
    text = unicodedata.normalize("NFKC", str(value)).strip() if not isinstance(value, bool) else ""
    if re.fullmatch(r"[-+]?\d+", text) and low <= int(text) <= high:
        return int(text)
    allowed = f"只能是 {low}" if low == high else f"须为 {low}–{high} 的整数"
    problems.append(f"{what}{allowed}，现在是“{value}”")
    return low


def _refuse(problems: list[str], where: str) -> None:
    if problems:
        raise ValidationError("；".join(problems) + "。未作任何更改", where)


def building_name(text: str) -> str:
    """A building's name as typed: digits alone are a number (3 → 3栋)."""
    return f"{int(text)}栋" if text.isdigit() else text


def _grid_label(grid: Grid) -> str:
    return f"{grid.community.name}{grid.name}"


def describe_building(b: Building) -> dict:
    houses = House.live().where(House.building == b).count()
    return {"id": str(b.id), "name": b.name, "address": b.address, "grid": b.grid.name,
            "community": b.grid.community.name, "floors": b.floors, "units": b.units,
            "rooms_per_floor": b.rooms_per_floor, "houses": houses}


def listed(grid: Grid) -> list[dict]:
    """The grid's buildings in address order."""
    return [describe_building(b) for b in Building.live().where(Building.grid == grid).order_by(Building.sort_key)]


def _shape(values: dict, current: Building | None, problems: list[str]) -> dict:
    shape = {}
    for key, what in (("floors", "层数"), ("units", "单元数"), ("rooms_per_floor", "每层户数")):
        value = values.get(key)
        if value is None or value == "":
            shape[key] = getattr(current, key) if current is not None else 1
        else:
            shape[key] = _number(value, what, problems)
    return shape


def _name_taken(grid: Grid, name: str, but=None) -> bool:
    q = Building.live().where(Building.grid == grid, Building.name == name)
    if but is not None:
        q = q.where(Building.id != but)
    return q.exists()


def add_building(grid: Grid, name, address="", floors=1, units=1, rooms_per_floor=1) -> dict:
    """A new building in ``grid`` with its flats; nothing written if anything is wrong."""
    _require(grid)
    problems: list[str] = []
    name = building_name(_text(name, "楼栋名称", "", problems, limit=TEXT_LIMITS["building"], compact=True))
    address = _text(address, "地址", "", problems, required=False)
    shape = _shape({"floors": floors, "units": units, "rooms_per_floor": rooms_per_floor}, None, problems)
    if name and _name_taken(grid, name):
        problems.append(f"{grid.name}已经有“{name}”")
    _refuse(problems, f"新建楼栋“{name}”" if name else "新建楼栋")
    result = ImportResult()
    with database.atomic():
        building = Building.create(grid=grid, name=name, address=address, **shape)
        _ensure_houses(building, result)
    return {**describe_building(building), "added": result.created.get("houses", 0)}


def _flat_index(house: House) -> int | None:
    """Which flat of its floor a flat made from the building's shape is (302 → 2); None for a
    room under a free label (门面, 地下室)."""
    prefix = str(house.floor)
    room = house.room
    if house.floor < 1 or not room.startswith(prefix) or not room[len(prefix):].isdigit():
        return None
    index = int(room[len(prefix):])
    return index if index >= 1 and room == room_label(house.floor, index) else None


def beyond(building: Building, floors: int, units: int, rooms_per_floor: int) -> list[House]:
    """The building's flats that a smaller shape leaves out (rooms under free labels stay)."""
    out = []
    for h in House.live().where(House.building == building).order_by(House.unit, House.floor, House.room):
        index = _flat_index(h)
        if index is not None and (h.unit > units or h.floor > floors or index > rooms_per_floor):
            out.append(h)
    return out


def held(house_ids: list) -> set:
    """Of these houses, those that hold a household (present or moved out: its card) or a matter."""
    found = {h for (h,) in tuples(Household.select(Household.house)
                                  .where(Household.house.in_(house_ids), Household.deleted == False))}  # noqa: E712
    found |= {h for (h,) in tuples(Matter.select(Matter.house)
                                   .where(Matter.house.in_(house_ids), Matter.deleted == False))}  # noqa: E712
    return found


def _label(h: House) -> str:
    return f"{h.unit}单元{h.room}"


def edit_building(building: Building, *, name=None, address=None, grid: Grid | None = None,
                  floors=None, units=None, rooms_per_floor=None) -> dict:
    """Rename, readdress, move to another grid of the community, grow or shrink; all or nothing.
    Returns the building as it is now, with how many flats were added and removed."""
    _require(building.grid)
    where = f"楼栋“{building.name}”"
    problems: list[str] = []
    new_name = building.name if name is None else building_name(
        _text(name, "楼栋名称", where, problems, limit=TEXT_LIMITS["building"], compact=True))
    new_address = building.address if address is None else _text(address, "地址", where, problems, required=False)
    target = building.grid if grid is None else grid
    if target.community_id != building.grid.community_id:
        problems.append(f"只能移到本社区（{building.grid.community.name}）的网格，“{_grid_label(target)}”不是")
    shape = _shape({"floors": floors, "units": units, "rooms_per_floor": rooms_per_floor}, building, problems)
    if new_name and _name_taken(target, new_name, but=building.id):
        problems.append(f"{target.name}已经有“{new_name}”")
    _refuse(problems, where)
    removed = beyond(building, **shape)
    occupied = held([h.id for h in removed])
    if occupied:
        held_flats = [_label(h) for h in removed if h.id in occupied]
        names = "、".join(held_flats[:SHOWN_FLATS]) + (f" 等 {len(held_flats)} 套" if len(held_flats) > SHOWN_FLATS else "")
        raise UserError(f"{building.name} {names} 有住户登记（登记卡）或事项，不能减少层数、单元或每层户数："
                        "请先把住户迁出或改到别处。未作任何更改。")
    result = ImportResult()
    with database.atomic():
        building.name, building.address, building.grid = new_name, new_address, target
        for key, value in shape.items():
            setattr(building, key, value)
        building.save()
        for h in removed:
            h.delete_instance()
        _ensure_houses(building, result)
    return {**describe_building(building), "added": result.created.get("houses", 0), "removed": len(removed)}


def rooms(building: Building) -> list[FlatState]:
    """The building's flats and rooms by unit, floor and door number, with who lives there."""
    return flats(building)


def room_dict(r: FlatState) -> dict:
    return {"id": str(r.id), "unit": r.unit, "floor": r.floor, "room": r.room, "label": r.label,
            "vacant": r.vacant, "households": r.households}


def door_number(text: str) -> str:
    """A room's label as stored: 302室 is 302; 地下室 stays 地下室."""
    return text[:-1] if re.fullmatch(r"[0-9A-Za-z-]+室", text) else text


def _room_fields(building: Building, room, unit, floor, problems: list[str],
                 house: House | None = None) -> tuple[str, int, int]:
    """A room's label, unit and floor as typed; the unit of a ``house`` renamed stays as it is."""
    label = door_number(_text(room, "房号", "", problems, limit=TEXT_LIMITS["room"], compact=True))
    unit_no = unit if house is not None else _number(1 if unit in (None, "") else unit, "单元", problems, 1,
                                                     building.units)
    if floor in (None, ""):
        floor_no = floor_of(label) if label.isdigit() else 1
    else:
        floor_no = _number(floor, "楼层", problems, LOWEST_FLOOR, MAX_SIZE)
    return label, unit_no, floor_no


def _room_taken(building: Building, unit: int, label: str, but=None) -> bool:
    q = House.live().where(House.building == building, House.unit == unit, House.room == label)
    if but is not None:
        q = q.where(House.id != but)
    return q.exists()


def add_room(building: Building, room, unit=1, floor=None) -> House:
    """One room under a free label (门面1, 地下室) or a door number; floor from the number when
    not given (1203 → 12), else 1."""
    _require(building.grid)
    problems: list[str] = []
    label, unit_no, floor_no = _room_fields(building, room, unit, floor, problems)
    if label and not problems and _room_taken(building, unit_no, label):
        problems.append(f"已经有 {unit_no}单元{label}")
    _refuse(problems, f"{building.name}新增房屋")
    with database.atomic():
        return House.create(building=building, unit=unit_no, floor=floor_no, room=label)


def edit_room(house: House, room=None, floor=None) -> House:
    """Rename a room (and say its floor); refused when the building already has that room."""
    building = house.building
    _require(building.grid)
    problems: list[str] = []
    label, _unit, floor_no = _room_fields(building, house.room if room is None else room, house.unit,
                                          house.floor if floor is None else floor, problems, house)
    if label and not problems and _room_taken(building, house.unit, label, but=house.id):
        problems.append(f"已经有 {house.unit}单元{label}")
    _refuse(problems, f"{building.name} {_label(house)}")
    with database.atomic():
        house.room, house.floor = label, floor_no
        house.save()
    return house


def remove_room(house: House) -> None:
    """Remove an empty room (a tombstone); refused when a household (a card) or a matter is there."""
    building = house.building
    _require(building.grid)
    if held([house.id]):
        raise UserError(f"{building.name} {_label(house)} 有住户登记（登记卡）或事项，不能删除。未作任何更改。")
    with database.atomic():
        house.delete_instance()


_ROOM = re.compile(r"^(?:(?P<unit>\d+)\s*(?:单元|-))?\s*(?P<room>.+?)$")


def find_room(building: Building, text: str) -> House:
    """A room as typed: 302, 2单元302, 2-302, 门面1, 2单元地下室 (unit 1 when not said)."""
    plain = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "")
    m = _ROOM.match(plain)
    if m:
        unit, room = int(m.group("unit") or 1), m.group("room")
        for label in dict.fromkeys((room, door_number(room))):
            found = House.live().where(House.building == building, House.unit == unit, House.room == label).first()
            if found is not None:
                return found
        for house in House.live().where(House.building == building, House.unit == unit):
            if re.sub(r"\s+", "", unicodedata.normalize("NFKC", house.room)) in (room, door_number(room)):
                return house  # a label stored with spaces in it (an org file's, or typed before they were dropped)
    raise UserError(f"{building.name}没有“{text}”：房号写成 302、2单元302、2-302 或 门面1。")

