"""What the public wall boards show, gathered from the database with the privacy rules applied.

A building information board (楼栋人口信息与出租房屋信息栏) lists every flat of a building
with its household: the head's name (masked unless the community prints full names),
the number of people, the categories the community shows on public boards, and whether
it is rented. A grid-worker notice board (网格员公示牌) shows a grid's staff with their
work phones, the buildings they serve, and the community's duties and promises.

Nothing here prints: the builders in ``reports/`` turn these plain objects into PDF.
Never on a board: ID numbers, residents' phones, landlords' details, categories the
community has switched off (health and family planning by default), and which flats stand
empty unless the community chooses to show it (``boards.show_vacant``): a flat with no
household is printed as 未登记 whether it is vacant or not.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
from dataclasses import dataclass, field

from gridapp import categories as cats
from gridapp import settings, vocab
from gridapp.errors import UserError
from gridapp.models import Building, Community, Grid, GridGroup, House, Household, Person, Staff, StaffGrid
from gridapp.models.org import natural_key
from gridapp.privacy import mask_name
from gridapp.queryrows import tuples
from gridapp.services.scope import resolve
from gridapp.store import audit

TENURE = {"rented": "租住", "owned": "自住", "bought": "自住"}
ALWAYS_OMITTED = ("身份证号", "居民电话")


@dataclass(frozen=True)
class Marker:
    code: str
    label: str
    symbol: str
    colour: str


@dataclass
class FlatHousehold:
    name: str  # as printed: masked, or full when the community prints full names
    people: int
    markers: tuple[str, ...]  # category codes, in declaration order


@dataclass
class Flat:
    unit: int
    floor: int
    column: int  # 1-based position within the unit on its floor
    room: str
    tenure: str  # 租住 / 自住 / ""
    households: list[FlatHousehold] = field(default_factory=list)
    vacant: bool = False  # marked vacant and nobody living there, on a board that shows vacancy

    @property
    def empty(self) -> bool:
        """No household registered: unregistered (未登记), or vacant when marked so."""
        return not self.households


@dataclass(frozen=True)
class StaffLine:
    name: str
    role: str  # 网格员 / 网格长
    post: str  # A岗 / B岗 / ""
    phone: str
    photo: bytes | None = None
    kind: str = ""  # which of 一格三员: 社区专职干部 / 居民小组长 / 专职网格员


@dataclass
class BuildingBoard:
    name: str
    address: str
    community: str
    grid: str
    top_floor: int
    bottom_floor: int
    columns: dict[int, int]  # unit → flats across
    flats: list[Flat]
    staff: list[StaffLine]
    markers: list[Marker]  # shown on this board, legend order
    omitted: list[str]  # what the board leaves out, as the board says it
    full_names: bool
    show_vacant: bool
    printed_on: dt.date

    @property
    def households(self) -> int:
        return sum(len(f.households) for f in self.flats)


@dataclass
class NoticeBoard:
    community: str
    grid: str
    group: str
    staff: list[StaffLine]
    buildings: list[str]
    duties: str
    promises: str
    contact: str
    printed_on: dt.date


# ---------------------------------------------------------------- choosing what to print

def find_buildings(building: str | None = None, grid: str | None = None,
                   community: str | None = None) -> list[Building]:
    """The buildings the user named: one building, a grid's, or a community's; address order.

    A building name is unique within its grid only: when it is not, the message says
    where it is and asks for ``--grid``/``--community``.
    """
    if not (building or grid or community):
        raise UserError("请指明楼栋（--building）、网格（--grid）或社区（--community）。")
    scope = resolve(community, grid)
    q = (Building.select(Building, Grid, Community).join(Grid).join(Community)
         .where(Building.deleted == False, Grid.deleted == False))  # noqa: E712
    q = scope.restrict(q)
    if building:
        wanted = _plain(building)
        exact = q.where(Building.name == building)
        found = _in_address_order(exact) if exact.exists() else \
            _in_address_order(b for b in q if _plain(b.name) in (wanted, f"{wanted}栋"))
    else:
        found = _in_address_order(q)
    if building and not found:
        raise UserError(f"没有名为“{building}”的楼栋（范围：{scope.label}）。")
    if building and len(found) > 1:
        places = "、".join(sorted(f"{b.grid.community.name}{b.grid.name}" for b in found))
        raise UserError(f"楼栋“{building}”有多处（{places}），请用 --grid 或 --community 指明。")
    return found


def _plain(name: str) -> str:
    """A building's name as compared: full-width forms made plain, spaces dropped (３ 栋 is 3栋)."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


def _in_address_order(query) -> list[Building]:
    return sorted(query, key=lambda b: (b.grid.community.name, b.grid.number, natural_key(b.name)))


def buildings_of(community_id=None, grid_id=None, building_id=None) -> list[Building]:
    """The buildings under a node of the organisation tree (the most specific id given wins)."""
    q = (Building.select(Building, Grid, Community).join(Grid).join(Community)
         .where(Building.deleted == False, Grid.deleted == False))  # noqa: E712
    if building_id is not None:
        q = q.where(Building.id == building_id)
    elif grid_id is not None:
        q = q.where(Grid.id == grid_id)
    elif community_id is not None:
        q = q.where(Grid.community == community_id)
    return _in_address_order(q)


def path_of(kind: str, node_id) -> tuple:
    """(community id, grid id, building id) of a node of the organisation tree; None above it."""
    if kind == "building":
        b = Building.select(Building.id, Grid.id, Grid.community).join(Grid).where(Building.id == node_id).first()
        return (b.grid.community_id, b.grid.id, b.id) if b else (None, None, None)
    if kind == "grid":
        g = Grid.get_or_none(Grid.id == node_id)
        return (g.community_id, g.id, None) if g else (None, None, None)
    if kind == "community":
        return (node_id, None, None)
    return (None, None, None)


def grids_of(community_id=None, grid_id=None) -> list[Grid]:
    q = Grid.live()
    if grid_id is not None:
        q = q.where(Grid.id == grid_id)
    elif community_id is not None:
        q = q.where(Grid.community == community_id)
    return list(q.order_by(Grid.number, Grid.name))


def find_grids(grid: str | None = None, community: str | None = None) -> list[Grid]:
    if not (grid or community):
        raise UserError("请指明网格（--grid）或社区（--community）。")
    scope = resolve(community, grid)
    return grids_of(getattr(scope.community, "id", None), getattr(scope.grid, "id", None))


# ---------------------------------------------------------------- privacy rules per community

@dataclass(frozen=True)
class _Rules:
    full_names: bool
    show_vacant: bool
    markers: tuple[Marker, ...]
    omitted: tuple[str, ...]

    @property
    def shown(self) -> frozenset[str]:
        return frozenset(m.code for m in self.markers)


def _rules(community) -> _Rules:
    markers, omitted = [], list(ALWAYS_OMITTED)
    full = bool(settings.get("boards.full_names", community))
    if not full:
        omitted.append("户主全名")
    for c in cats.all_categories(community):
        # every category the community does not show is said to be left out; an own category
        # shows only when its privacy level allows it
        if c.public if c.own else settings.get(settings.board_category_key(c.code), community):
            markers.append(Marker(c.code, c.label, c.symbol, c.colour))
        else:
            omitted.append(c.label)
    show_vacant = bool(settings.get("boards.show_vacant", community))
    if not show_vacant:
        omitted.append("空置房屋")
    return _Rules(full, show_vacant, tuple(markers), tuple(omitted))


# ---------------------------------------------------------------- building boards

def _position(room: str, floor: int) -> int | None:
    """Room "1203" on floor 12 is the 3rd flat across; None when the number says nothing."""
    prefix = str(floor)
    rest = room[len(prefix):] if room.startswith(prefix) else ""
    return int(rest) if rest.isdigit() and 0 < int(rest) <= 99 else None


def _place(houses: list[House]) -> dict:
    """(unit, floor, column) for every house, by door number where it tells, else in order."""
    by_floor: dict[tuple[int, int], list[House]] = {}
    for h in houses:
        by_floor.setdefault((h.unit, h.floor), []).append(h)
    placed = {}
    for (unit, floor), group in by_floor.items():
        group.sort(key=lambda h: natural_key(h.room))
        taken = {p for h in group if (p := _position(h.room, floor)) is not None}
        spare = (c for c in range(1, 1000) if c not in taken)
        for h in group:
            column = _position(h.room, floor)
            placed[h.id] = (unit, floor, column if column is not None else next(spare))
    return placed


def _household_rows(building_ids: list) -> tuple[dict, dict]:
    """Present households by house, and their present members, for the given buildings."""
    households: dict = {}
    for hh in (Household.select(Household.id, Household.house, Household.categories)
               .join(House).where(House.building.in_(building_ids), House.deleted == False,  # noqa: E712
                                  Household.deleted == False, Household.departed_on.is_null())):  # noqa: E712
        households.setdefault(hh.house_id, []).append(hh)
    members: dict = {}
    q = (Person.select(Person.household, Person.name, Person.relation, Person.categories, Person.birth_date)
         .join(Household).join(House)
         .where(House.building.in_(building_ids), Person.deleted == False,  # noqa: E712
                Person.departed_on.is_null(), Household.deleted == False, Household.departed_on.is_null()))  # noqa: E712
    for household_id, name, relation, flags, birth in tuples(q):
        members.setdefault(household_id, []).append((relation != "户主", birth or dt.date.max, name, flags))
    return households, members


def _flat_household(hh, people: list, rules: _Rules) -> FlatHousehold:
    people.sort()
    head = people[0][2] if people else ""
    person_flags = 0
    for *_, flags in people:
        person_flags |= flags or 0
    codes = set(cats.from_mask(hh.categories or 0, cats.HOUSEHOLD)) | set(cats.from_mask(person_flags, cats.PERSON))
    shown = rules.shown
    markers = tuple(c.code for c in cats.all_categories() if c.code in codes and c.code in shown)
    return FlatHousehold(head if rules.full_names else mask_name(head), len(people), markers)


def staff_of_grids(grid_ids: list, *, photos: bool = False) -> dict:
    """Active staff serving each grid: grid workers by post (A before B), then grid leaders."""
    fields = [StaffGrid.grid, StaffGrid.post, Staff.name, Staff.role, Staff.kind, Staff.phone]
    if photos:
        fields.append(Staff.photo)
    q = (StaffGrid.select(*fields).join(Staff)
         .where(StaffGrid.grid.in_(grid_ids), StaffGrid.deleted == False,  # noqa: E712
                Staff.deleted == False, Staff.active == True))  # noqa: E712
    result: dict = {}
    for row in q:
        role = row.staff.role
        line = StaffLine(row.staff.name, vocab.STAFF_ROLE.get(role, role),
                         vocab.POST.get(row.post, "") if role == "grid_worker" else "",
                         row.staff.phone, row.staff.photo if photos else None,
                         vocab.STAFF_KIND.get(row.staff.kind, row.staff.kind or ""))
        result.setdefault(row.grid_id, []).append((role != "grid_worker", row.post, line.name, line))
    return {gid: [line for *_, line in sorted(rows, key=lambda r: r[:3])] for gid, rows in result.items()}


def building_boards(buildings: list[Building], today: dt.date | None = None) -> list[BuildingBoard]:
    """One board per building, in the order given."""
    today = today or dt.date.today()
    ids = [b.id for b in buildings]
    houses: dict = {}
    for h in House.live().where(House.building.in_(ids)):
        houses.setdefault(h.building_id, []).append(h)
    households, members = _household_rows(ids)
    grids = {g.id: g for g in Grid.select().where(Grid.id.in_({b.grid_id for b in buildings}))}
    communities = {c.id: c for c in Community.select().where(Community.id.in_({g.community_id for g in grids.values()}))}
    staff = staff_of_grids(list(grids))
    rules = {cid: _rules(cid) for cid in communities}
    boards = []
    for b in buildings:
        grid = grids[b.grid_id]
        rule = rules[grid.community_id]
        own = houses.get(b.id, [])
        placed = _place(own)
        flats = []
        for h in own:
            unit, floor, column = placed[h.id]
            living = [_flat_household(hh, members[hh.id], rule) for hh in households.get(h.id, [])
                      if members.get(hh.id)]  # a household whose members all left is not living here
            flat = Flat(unit, floor, column, h.room, TENURE.get(h.ownership, "") if living else "", living,
                        vacant=bool(h.vacant) and not living and rule.show_vacant)
            flats.append(flat)
        columns: dict[int, int] = {}
        for f in flats:
            columns[f.unit] = max(columns.get(f.unit, 0), f.column)
        for unit in range(1, b.units + 1):
            columns[unit] = max(columns.get(unit, 0), b.rooms_per_floor)
        floors = [f.floor for f in flats] or [1]
        boards.append(BuildingBoard(
            name=b.name, address=b.address, community=communities[grid.community_id].name,
            grid=grid.name, top_floor=max(max(floors), b.floors), bottom_floor=min(min(floors), 1),
            columns=dict(sorted(columns.items())), flats=flats, staff=staff.get(grid.id, []),
            markers=list(rule.markers), omitted=list(rule.omitted), full_names=rule.full_names,
            show_vacant=rule.show_vacant, printed_on=today))
    return boards


# ---------------------------------------------------------------- grid-worker notice boards

def notice_boards(grids: list[Grid], today: dt.date | None = None) -> list[NoticeBoard]:
    today = today or dt.date.today()
    ids = [g.id for g in grids]
    staff = staff_of_grids(ids, photos=True)
    served: dict = {}
    for b in Building.live(Building.grid, Building.name).where(Building.grid.in_(ids)):
        served.setdefault(b.grid_id, []).append(b.name)
    groups: dict[uuid.UUID | None, str] = {g.id: g.name for g in GridGroup.select().where(GridGroup.id.in_({g.group_id for g in grids}))}
    texts: dict = {}
    boards = []
    for g in grids:
        if g.community_id not in texts:
            texts[g.community_id] = tuple(settings.get(k, g.community_id) for k in
                                          ("boards.duties", "boards.promises", "boards.contact"))
        duties, promises, contact = texts[g.community_id]
        boards.append(NoticeBoard(
            community=g.community.name, grid=g.name, group=groups.get(g.group_id, ""),
            staff=staff.get(g.id, []), buildings=sorted(served.get(g.id, []), key=natural_key),
            duties=duties, promises=promises, contact=contact, printed_on=today))
    return boards


def record_noticeboards(count: int) -> None:
    """Grid workers' noticeboards were printed (``reports.noticeboard``): in the audit trail."""
    audit.record_print("noticeboard", f"网格员公示牌 {count} 个网格")


def record_wallboards(count: int, pages: int) -> None:
    """Buildings' boards were printed (``reports.wallboard``): in the audit trail."""
    audit.record_print("wallboard", f"楼栋信息栏 {count} 栋，{pages} 页")
