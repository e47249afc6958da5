"""The visit log (走访日志): a grid worker's diary keyed in seconds. One line names the
households visited that day, several per line, by address (``1栋2单元302``; ``402`` or
``3单元101`` after it stay in the same building) or by archive number (``03-01-047``)."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field

from peewee import fn

from gridapp.categories import MUST_VISIT_MASK
from gridapp.errors import UserError
from gridapp.models import Building, Card, House, Household, Person, Staff, VisitEntry, database
from gridapp.services import addresses, filing
from gridapp.services.gridworkers import workers

PURPOSES = ("日常走访", "五必访", "信息采集", "矛盾调解", "政策宣传", "安全检查", "其他")
_SPLIT = re.compile(r"[\s,，、;；]+")
_ARCHIVE = re.compile(r"^\d{1,2}-\d{1,2}-\d{1,3}$")
_PART = re.compile(r"^(?:(?P<unit>\d+)单元)?(?P<room>\d{3,4})(?:室|号|房)?$")


@dataclass
class Parsed:
    households: list = field(default_factory=list)  # household ids, in the order typed
    unknown: list[str] = field(default_factory=list)
    must_visit: int = 0


def _staff(name_or_id, community=None) -> Staff:
    if isinstance(name_or_id, Staff):
        return name_or_id
    q = Staff.live().where(Staff.role == "grid_worker")
    if community is not None:
        q = q.where(Staff.community == community)
    found = list(q.where((Staff.name == str(name_or_id)) | (Staff.id == name_or_id))
                 if _is_uuid(name_or_id) else q.where(Staff.name == str(name_or_id)))
    if not found:
        raise UserError(f"找不到网格员“{name_or_id}”。")
    if len(found) > 1:
        raise UserError(f"有 {len(found)} 位网格员叫“{name_or_id}”：请指定社区。")
    return found[0]


def _is_uuid(value) -> bool:
    return bool(re.fullmatch(r"[0-9a-fA-F-]{32,36}", str(value)))


def _building(buildings: dict[str, object], name: str):
    """A building of the worker's grids by its full name or its ending (``1栋`` for 幸福里1栋)."""
    if name in buildings:
        return buildings[name]
    ends = [bid for full, bid in buildings.items()
            if full.endswith(name) and not full[-len(name) - 1:-len(name)].isdigit()]  # 1栋 is not 11栋
    return ends[0] if len(ends) == 1 else None


def parse(text: str, grid_ids: list, community_id) -> Parsed:
    """The households a line names, in the grids given (an archive number: anywhere in the community)."""
    out = Parsed()
    text = unicodedata.normalize("NFKC", text or "").strip()
    buildings = dict(Building.live(Building.name, Building.id).where(Building.grid.in_(grid_ids)).tuples()) \
        if grid_ids else {}
    current, unit = None, 1
    for token in filter(None, _SPLIT.split(text)):
        if _ARCHIVE.match(token):
            card = (Card.live(Card.household).where(Card.community == community_id, Card.household.is_null(False),
                                                    Card.archive_no == filing.normalise(token))
                    .first())
            if card is None:
                out.unknown.append(token)
            else:
                out.households.append(card.household_id)
            continue
        addr, part = addresses.parse(token), _PART.match(token)
        if addr:
            current, unit, room = _building(buildings, addr.building), addr.unit, addr.room
            if current is None:
                out.unknown.append(token)
                continue
        elif part and current is not None:
            unit = int(part.group("unit") or unit)
            room = part.group("room")
        else:
            out.unknown.append(token)
            continue
        homes = [h for (h,) in Household.live(Household.id).join(House, on=(Household.house == House.id))
                 .where(House.building == current, House.unit == unit, House.room == room,
                        House.deleted == False, Household.departed_on.is_null()).tuples()]  # noqa: E712
        if not homes:
            out.unknown.append(token)
        out.households += [h for h in homes if h not in out.households]
    if out.households:
        out.must_visit = (Person.live(fn.COUNT(Person.id))
                          .where(Person.household.in_(out.households), Person.departed_on.is_null(),
                                 Person.categories.bin_and(MUST_VISIT_MASK) != 0).scalar() or 0)
    return out


def record(worker, day: dt.date, text: str, purpose: str = "日常走访", note: str = "",
           community=None) -> VisitEntry:
    """Key one diary line; every household named must be found, or nothing is written."""
    staff = _staff(worker, community)
    held = next((w for w in workers([staff.community_id]) if w.id == staff.id), None)
    grid_ids = held.grids if held else []
    parsed = parse(text, grid_ids, staff.community_id)
    if parsed.unknown:
        raise UserError(f"找不到这些住户：{'、'.join(parsed.unknown)}（地址如 1栋2单元302，或档案号如 03-01-047）")
    if not parsed.households:
        raise UserError("请填写走访的住户。")
    if day > dt.date.today():
        raise UserError("走访日期不能晚于今天。")
    with database.atomic():
        return VisitEntry.create(
            community=staff.community_id, grid=grid_ids[0] if grid_ids else None, staff=staff, day=day,
            households=json.dumps([h.hex for h in parsed.households]), visited=len(parsed.households),
            must_visit=parsed.must_visit, purpose=purpose or "日常走访", note=note, typed=text.strip())


def log(month_start: dt.date, month_end: dt.date, staff=None, community=None) -> list[dict]:
    """Diary lines in a period, newest first."""
    q = (VisitEntry.live(VisitEntry, Staff.name.alias("worker")).join(Staff, on=(VisitEntry.staff == Staff.id))
         .where(VisitEntry.day >= month_start, VisitEntry.day < month_end))
    if staff is not None:
        q = q.where(VisitEntry.staff == staff)
    if community is not None:
        q = q.where(VisitEntry.community == community)
    return [{"id": r["id"], "day": r["day"], "worker": r["worker"], "visited": r["visited"],
             "must_visit": r["must_visit"], "purpose": r["purpose"], "typed": r["typed"], "note": r["note"]}
            for r in q.order_by(VisitEntry.day.desc(), VisitEntry.clock.desc()).dicts()]
