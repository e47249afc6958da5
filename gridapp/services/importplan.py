"""A legacy spreadsheet checked row by row before anything is written.

Rows are read through the column mapping, grouped into households (by a 户号
column, or by address with the 户主 row starting a household), each household is
checked as a card is at entry (``parse_card``) and against the people already
registered (``duplicates.find_many``, the rules of ``cards.match_issues``). A row
that fails is rejected with its reasons; a household whose head fails is rejected
whole. What is left is a plan of households ready to be written.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from gridapp import idnumber
from gridapp.errors import ValidationError
from gridapp.models import Grid
from gridapp.queryrows import tuples
from gridapp.services import addresses, cardfields, duplicates, importcells
from gridapp.services.cardinput import CardInput, parse_card
from gridapp.services.cards import match_issues, resolve_grid
from gridapp.services.checks import ERROR
from gridapp.services.sheetread import Sheet

SYNTHETIC = ("card_no", "collected_by", "collected_on", "grid", "entered_on")  # card fields a sheet has not
_MEMBER = re.compile(r"^members\[(\d+)\]")
_LABEL = re.compile(r"^第 \d+ 名成员(“[^”]*”)?[：的]")


@dataclass
class Row:
    index: int  # in the sheet's body
    number: int  # as Excel shows it
    member: dict
    household_categories: list[str]
    address: str
    parts: tuple[str, str, str] | None  # building, unit, room from their own columns
    household_no: str
    grid: str
    community: str
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    household_extra: dict = field(default_factory=dict)  # the household's supplementary fields

    @property
    def is_head(self) -> bool:
        return self.member.get("relation") == "户主"


@dataclass
class Household:
    rows: list[Row]
    grid: Grid | None = None
    address: addresses.Address | None = None
    card: CardInput | None = None
    card_rows: list[Row] = field(default_factory=list)  # the rows the card was read from, in order
    existing: int = 0  # households already registered at the address
    new_building: bool = False  # its building is not yet known in the grid: the import makes it
    errors: list[str] = field(default_factory=list)

    @property
    def head(self) -> Row | None:
        return next((r for r in self.rows if r.is_head), None)

    def live_rows(self) -> list[Row]:
        return [r for r in self.rows if not r.errors]

    @property
    def place(self) -> tuple[Grid, addresses.Address]:
        """The grid and address ``locate`` found; only asked of a household it placed."""
        assert self.grid is not None and self.address is not None, "household not located"
        return self.grid, self.address

    @property
    def rooms_key(self) -> tuple[str, int, str]:
        """(building, unit, room) of the address ``locate`` found."""
        address = self.place[1]
        return address.building, address.unit, address.room

    @property
    def checked_card(self) -> CardInput:
        """The card ``check`` read; only asked of a household it passed."""
        assert self.card is not None, "household not checked"
        return self.card


@dataclass
class Plan:
    sheet: Sheet
    mapping: dict[int, str]
    rows: list[Row]
    households: list[Household]
    unparsed_addresses: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ready(self) -> list[Household]:
        return [h for h in self.households if not h.errors and h.live_rows()]

    @property
    def rejected(self) -> list[Row]:
        return [r for r in self.rows if r.errors]

    @property
    def noted(self) -> list[Row]:
        return [r for r in self.rows if r.notes and not r.errors]

    @property
    def persons(self) -> int:
        return sum(len(h.live_rows()) for h in self.ready)

    @property
    def new_buildings(self) -> list[str]:
        """Buildings the import will make, as ``网格 楼栋``: each one not yet known in its grid."""
        return list(dict.fromkeys(f"{h.place[0].name} {h.place[1].building}" for h in self.ready if h.new_building))


def read_row(i: int, number: int, cells: list, columns: dict[str, int]) -> Row | None:
    """One body row as a member (``columns``: field → column); None for a blank row."""
    if all(v is None or v == "" or (isinstance(v, str) and not v.strip()) for v in cells):
        return None
    get = lambda key: cells[columns[key]] if key in columns else ""  # noqa: E731
    text = lambda key: importcells.text(get(key))  # noqa: E731
    errors, notes = [], []
    number_text, more, notes_id = importcells.id_number(get("id_number"))
    errors += more
    notes += notes_id
    birth, more, notes_date = importcells.date(get("birth_date"), importcells.BY_KEY["birth_date"].label)
    errors += more
    notes += notes_date
    arrived, more, notes_date = importcells.date(get("arrived_on"), importcells.BY_KEY["arrived_on"].label)
    errors += more
    notes += notes_date
    status, person_cats, household_cats, more = importcells.kinds(get("kinds"))
    errors += more
    own_status, more = importcells.status(get("status"))
    errors += more
    member: dict[str, Any] = {"name": text("name"), "id_number": number_text, "gender": text("gender"), "birth_date": birth,
              "relation": text("relation"), "phone": importcells.phone(get("phone")),
              "ethnicity": text("ethnicity"), "hukou_place": text("hukou_place"),
              "status": own_status or status or "resident", "inflow_reason": text("inflow_reason"),
              "inflow_origin": text("inflow_origin"), "arrived_on": arrived, "categories": person_cats}
    parts = None
    if "building" in columns or "room" in columns:
        building, room = text("building"), text("room")
        parts = (building, importcells.unit(get("unit")) or "1", room) if building or room else None
    address = "" if importcells.is_same_as_above(get("address")) else text("address")
    extra: dict[str, dict] = {"person": {}, "household": {}}
    for target in columns:
        if target.startswith(cardfields.EXTRA_TARGET):
            level, key = target[len(cardfields.EXTRA_TARGET):].split(".", 1)
            if text(target):
                extra[level][key] = importcells.text(get(target), normalise=False)
    if extra["person"]:
        member["extra"] = extra["person"]
    return Row(i, number, member, household_cats, address, parts, text("household_no"), text("grid"),
               text("community"), errors, notes, extra["household"])


def _mark_repeated_ids(rows: list[Row]) -> None:
    seen: dict[str, Row] = {}
    for r in rows:
        number = idnumber.normalise(r.member["id_number"])
        if not number or r.errors:
            continue
        if number in seen:
            r.errors.append(f"身份证号与第 {seen[number].number} 行相同（表内重复）")
        else:
            seen[number] = r


def group(rows: list[Row], by_number: bool) -> list[Household]:
    """Rows into households: by 户号, or by address with each 户主 row opening a household."""
    households: list[Household] = []
    if by_number:
        keyed: dict[tuple, Household] = {}
        for r in rows:
            number = (r.community, r.grid, r.household_no)
            if number not in keyed:
                keyed[number] = Household([])
                households.append(keyed[number])
            keyed[number].rows.append(r)
        return households
    at: dict[str, Household] = {}  # the latest household at each address
    current: Household | None = None
    target: Household | None
    for r in rows:
        key = "|".join(r.parts) if r.parts else r.address
        if not key:
            if current is None:
                r.errors.append("缺少现住址，且前面没有户主行可归入")
                continue
            target = current
        elif r.is_head:
            target = at.get(key)
            if target is None or target.head is not None:
                target = Household([])
                households.append(target)
                at[key] = target
        else:
            target = at.get(key)
            if target is None:  # a member listed before the head of the household
                target = Household([])
                households.append(target)
                at[key] = target
        target.rows.append(r)
        current = target
    return households


def _strip_places(text: str, grid: Grid) -> str:
    for prefix in (grid.community.name, grid.name):
        if text.startswith(prefix):
            text = text[len(prefix):]
    return text


def locate(h: Household, default_grid: Grid | None, default_community: str, grids: dict,
           known_buildings: dict) -> None:
    """The household's grid and address; an address that cannot be read is an error, not a guess."""
    first = next((r for r in h.rows if r.is_head), h.rows[0])
    try:
        if first.grid:
            key = (first.community or default_community, first.grid)
            if key not in grids:
                grids[key] = resolve_grid(*key)
            h.grid = grids[key]
        elif default_grid is not None:
            h.grid = default_grid
        else:
            raise ValidationError("没有网格：请在导入时选定网格，或在表中加“网格”列")
    except ValidationError as exc:
        h.errors.append(str(exc))
        return
    if first.parts:
        building, unit, room = first.parts
        if not (building and room and unit.isdigit()):
            h.errors.append(f"楼栋“{building}”、单元“{unit}”、房号“{room}”不完整")
            return
        h.address = addresses.Address(building, int(unit), room)
        return
    grid = h.grid
    text = _strip_places(first.address, grid)
    address = h.address = addresses.parse(text)
    if address is None:
        h.errors.append(f"现住址“{first.address}”无法分出楼栋、单元、房号，未导入（请改写为如 长安阁1栋2单元302室）")
        return
    if grid.id not in known_buildings:
        known_buildings[grid.id] = set(addresses.completions(grid, "", limit=100000))
    names = known_buildings[grid.id]
    if address.building not in names:  # "滨江路8号长安阁1栋" for the known "长安阁1栋"
        match = next((b for b in names if address.building.endswith(b)), None)
        if match:
            h.address = addresses.Address(match, address.unit, address.room)


def _card_raw(h: Household, rows: list[Row], today: dt.date) -> dict:
    codes = sorted({c for r in rows for c in r.household_categories})
    grid, address = h.place
    return {"card_no": "XLSX", "community": grid.community.name, "grid": grid.name, "collected_by": "导入",
            "collected_on": today, "address": {"building": address.building, "unit": address.unit,
                                               "room": address.room},
            "household": {"categories": codes, "extra": {k: v for r in reversed(rows) for k, v in r.household_extra.items()}},
            "members": [r.member for r in rows]}


def _clean(message: str) -> str:
    return _LABEL.sub("", message)


def check(h: Household, today: dt.date) -> bool:
    """Check the household's live rows as a card; True when a row or the household was rejected."""
    rows = h.live_rows()
    head = h.head
    if head is None or head.errors:
        reason = "本户户主行有误，本户未导入" if head is not None else "找不到本户户主（与户主关系为“户主”的行）"
        h.errors.append(reason)
        return True
    card = parse_card(_card_raw(h, rows, today), h.place[0].community_id, today)
    h.card, h.card_rows = card, rows
    changed = False
    for issue in card.issues:
        if issue.field.split(".")[0] in SYNTHETIC:
            continue
        m = _MEMBER.match(issue.field)
        if m and issue.field != "members":
            row = rows[int(m.group(1))]
            (row.errors if issue.level == ERROR else row.notes).append(_clean(issue.message))
            changed |= issue.level == ERROR
        elif issue.level == ERROR:
            h.errors.append(issue.message)
            changed = True
        else:
            for r in rows:
                r.notes.append(issue.message)
    return changed


def check_duplicates(households: list[Household]) -> None:
    """Members already registered: an error each; near matches: a note each."""
    members = [(row, i, m) for h in households if h.card is not None
               for i, (row, m) in enumerate(zip(h.card_rows, h.card.members)) if not row.errors]
    found = duplicates.find_many([(m.name, m.id_number, m.birth_date) for _r, _i, m in members])
    for (row, i, m), matches in zip(members, found):
        for issue in match_issues(i, m, matches):
            if issue.level == ERROR:
                row.errors.append(_clean(issue.message).replace("；如是迁入本户，请确认迁移", "（已登记，未重复导入）"))
            else:
                row.notes.append(_clean(issue.message))


def _occupied(grid: Grid) -> dict:
    """(building, unit, room) → households present there, for one grid."""
    from peewee import fn

    from gridapp.models import Building, House
    from gridapp.models import Household as HouseholdRow
    q = (HouseholdRow.select(Building.name, House.unit, House.room, fn.COUNT(HouseholdRow.id))
         .join(House).join(Building)
         .where(Building.grid == grid, HouseholdRow.deleted == False, HouseholdRow.departed_on.is_null())  # noqa: E712
         .group_by(Building.name, House.unit, House.room))
    return {(b, u, r): n for b, u, r, n in tuples(q)}


def _note_new_building(h: Household, known_buildings: dict, close: dict) -> None:
    """A building not yet known in the grid is made by the import; when a known name is close
    (第1栋 for 第一1栋) each row says so, as a typo would make a building."""
    grid, address = h.place
    if grid.id not in known_buildings:
        known_buildings[grid.id] = set(addresses.completions(grid, "", limit=100000))
    names = known_buildings[grid.id]
    h.new_building = address.building not in names
    key = (grid.id, address.building)
    if h.new_building and key not in close:
        close[key] = addresses.closest(address.building, names)
    like = close.get(key, [])
    for r in h.live_rows() if like else []:
        r.notes.append(f"楼栋“{address.building}”本网格尚无，导入时将新建；相近的已有楼栋：{'、'.join(like)}")


def make_plan(sheet: Sheet, mapping: dict[int, str], default_grid: Grid | None, today: dt.date,
              default_community: str = "") -> Plan:
    columns = {key: col for col, key in mapping.items()}
    rows = [r for i, cells in enumerate(sheet.body)
            if (r := read_row(i, sheet.row_number(i), cells, columns)) is not None]
    _mark_repeated_ids(rows)
    households = group(rows, "household_no" in mapping.values())
    plan = Plan(sheet, mapping, rows, households)
    grids: dict = {}
    buildings: dict = {}
    for h in households:
        locate(h, default_grid, default_community or (default_grid.community.name if default_grid else ""),
               grids, buildings)
        if h.address is None and h.grid is not None and not h.rows[0].parts:
            head = h.head or h.rows[0]
            plan.unparsed_addresses.append((head.number, head.address))
    for h in households:
        if not h.errors:
            check(h, today)
    check_duplicates([h for h in households if not h.errors])
    while True:  # a row rejected after its card was read: read the household again without it
        stale = [h for h in households if not h.errors and len(h.live_rows()) != len(h.card_rows)]
        if not stale:
            break
        for h in stale:
            check(h, today)
    occupied: dict = {}
    close: dict = {}
    for h in households:
        if h.errors:
            for r in h.rows:
                if not r.errors:
                    r.errors.extend(h.errors)
            continue
        grid, address = h.place
        if grid.id not in occupied:
            occupied[grid.id] = _occupied(grid)
        there = occupied[grid.id]
        h.existing = there.get((address.building, address.unit, address.room), 0)
        if h.existing:
            for r in h.live_rows():
                r.notes.append(f"该地址已有 {h.existing} 户在册，本户另立一户")
        _note_new_building(h, buildings, close)
    for r in rows:
        r.errors[:] = list(dict.fromkeys(r.errors))
        r.notes[:] = list(dict.fromkeys(r.notes))
    return plan
