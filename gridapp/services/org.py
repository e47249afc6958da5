"""Importing the street's structure from a JSON file (docs/org-format.md).

The whole file is checked first; then it is applied in one transaction. Rows are
matched by name within their parent, so importing the same file again changes
nothing and an edited file updates in place: never a duplicate.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from peewee import Model

from gridapp import jsonfile, vocab
from gridapp.errors import UserError, ValidationError
from gridapp.models import Building, Community, Grid, GridGroup, House, Staff, StaffGrid, Street, database
from gridapp.models.base import current_site
from gridapp.plaintext import controls, describe
from gridapp.services import vacancy


@dataclass
class ImportResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated}


class _Checker:
    """Collects every problem in the file with its place, in Chinese."""

    def __init__(self):
        self.errors: list[str] = []

    def text(self, obj: dict, key: str, where: str, required: bool = True) -> str:
        value = obj.get(key, "")
        if value is None and not required:
            return ""
        if not isinstance(value, str) or (required and not value.strip()):
            self.errors.append(f"{where}：缺少“{key}”或不是文字")
            return ""
        found = controls(value)
        if found:
            self.errors.append(f"{where}：“{key}” 含有不可见的控制字符（{describe(found)}）")
            return ""
        return value.strip()

    def positive(self, obj: dict, key: str, where: str, default: int = 1) -> int:
        value = obj.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1 or value > 200:
            self.errors.append(f"{where}：“{key}” 须为 1–200 的整数，现在是 {value!r}")
            return default
        return value

    def flats(self, obj: dict, where: str) -> None:
        """``vacant``: a list of flats as 302, 2单元302 or 2-302."""
        for flat in self.items(obj, "vacant", where):
            try:
                if not isinstance(flat, str):
                    raise UserError(f"房号须为文字，不是 {flat!r}")
                vacancy.parse_flat(flat)
            except UserError as exc:
                self.errors.append(f"{where}：“vacant” 中{exc}")

    def items(self, obj: dict, key: str, where: str) -> list:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.errors.append(f"{where}：“{key}” 须为列表")
            return []
        return value


def check_grid(c: _Checker, grid: dict, owner: str, position: int = 1) -> str:
    """One grid of ``owner`` (a community) as the org file gives it (name, group, number,
    buildings); returns its name. The same check serves the file import and a grid added by
    hand (``add_grid``)."""
    where = f"{owner} 第 {position} 个网格"
    gname = c.text(grid, "name", where)
    where = f"{owner} 网格“{gname}”" if gname else where
    if "group" in grid and grid["group"] is not None:
        c.text(grid, "group", where, required=False)
    if "number" in grid:
        c.positive(grid, "number", where)
    seen_buildings = set()
    for k, b in enumerate(c.items(grid, "buildings", where), 1):
        bwhere = f"{where} 第 {k} 栋楼"
        if not isinstance(b, dict):
            c.errors.append(f"{bwhere}：须为对象")
            continue
        bname = c.text(b, "name", bwhere)
        bwhere = f"{where} 楼栋“{bname}”" if bname else bwhere
        if bname in seen_buildings:
            c.errors.append(f"{bwhere}：名称重复")
        seen_buildings.add(bname)
        c.text(b, "address", bwhere, required=False)
        for key in ("floors", "units", "rooms_per_floor"):
            c.positive(b, key, bwhere)
        if "vacant" in b:
            c.flats(b, bwhere)
    return gname


def _check(data) -> None:
    c = _Checker()
    if not isinstance(data, dict):
        raise ValidationError("文件的最外层须为 JSON 对象", "组织结构文件")
    c.text(data, "street", "文件")
    seen_communities = set()
    grid_names: dict[str, list[str]] = {}
    for i, com in enumerate(c.items(data, "communities", "文件"), 1):
        where = f"第 {i} 个社区"
        if not isinstance(com, dict):
            c.errors.append(f"{where}：须为对象")
            continue
        name = c.text(com, "name", where)
        where = f"社区“{name}”" if name else where
        if name in seen_communities:
            c.errors.append(f"{where}：名称重复")
        seen_communities.add(name)
        seen_grids = set()
        for j, grid in enumerate(c.items(com, "grids", where), 1):
            gwhere = f"{where} 第 {j} 个网格"
            if not isinstance(grid, dict):
                c.errors.append(f"{gwhere}：须为对象")
                continue
            gname = check_grid(c, grid, where, j)
            gwhere = f"{where} 网格“{gname}”" if gname else gwhere
            if gname in seen_grids:
                c.errors.append(f"{gwhere}：名称重复")
            seen_grids.add(gname)
            grid_names.setdefault(gname, []).append(name)
    for i, st in enumerate(c.items(data, "staff", "文件"), 1):
        where = f"第 {i} 名工作人员"
        if not isinstance(st, dict):
            c.errors.append(f"{where}：须为对象")
            continue
        sname = c.text(st, "name", where)
        where = f"工作人员“{sname}”" if sname else where
        role = c.text(st, "role", where)
        try:
            if role:
                vocab.code_of(vocab.STAFF_ROLE, role, "角色")
            kind = c.text(st, "kind", where, required=False) if "kind" in st else ""
            if kind:
                vocab.code_of(vocab.STAFF_KIND, kind, "一格三员类别")
        except ValidationError as exc:
            c.errors.append(f"{where}：{exc}")
        post = c.text(st, "post", where, required=False) if "post" in st else "A"
        if post and post not in vocab.POST:
            c.errors.append(f"{where}：岗位 “{post}” 须为 A 或 B")
        c.text(st, "phone", where, required=False)
        community = c.text(st, "community", where, required=False)
        for gname in c.items(st, "grids", where):
            if not isinstance(gname, str):
                c.errors.append(f"{where}：“grids” 须为网格名称（文字）的列表")
                continue
            owners = grid_names.get(gname, [])
            if community:
                owners = [o for o in owners if o == community]
            if not owners:
                c.errors.append(f"{where}：文件中没有网格“{gname}”")
            elif len(owners) > 1:
                c.errors.append(f"{where}：网格“{gname}”在多个社区都有，请用 “community” 指明")
    if c.errors:
        raise ValidationError("\n".join(c.errors), "组织结构文件有误，未导入任何内容")


def _raw(value):
    return value.get_id() if isinstance(value, Model) else value


def _upsert(model, result: ImportResult, counted: str, where, **values):
    row = model.live().where(*where).first()
    if row is None:
        row = model.create(**values)
        result.count(counted, True)
        return row
    changed = {k: v for k, v in values.items() if row.__data__.get(k) != _raw(v)}
    if changed:
        for k, v in changed.items():
            setattr(row, k, v)
        row.save()
        result.count(counted, False)
    return row


def _ensure_houses(building: Building, result: ImportResult) -> None:
    existing = {(h.unit, h.floor, h.room) for h in
                House.live(House.unit, House.floor, House.room).where(House.building == building)}
    rows = []
    for unit in range(1, building.units + 1):
        for floor in range(1, building.floors + 1):
            for r in range(1, building.rooms_per_floor + 1):
                room = room_label(floor, r)
                if (unit, floor, room) not in existing:
                    rows.append({"building": building.id, "unit": unit, "floor": floor, "room": room})
    if rows:
        House.bulk_insert(rows)
        result.created["houses"] = result.created.get("houses", 0) + len(rows)


def _mark_vacant(building: Building, listed: list[str], result: ImportResult) -> None:
    """The building's vacant flats are those the file lists: the others are not."""
    changed = vacancy.mark_exactly(building, [f.id for f in vacancy.find_flats(building, listed)])
    if changed:
        result.updated["houses"] = result.updated.get("houses", 0) + changed


def _put_grid(community: Community, grid_data: dict, result: ImportResult) -> Grid:
    """Create or update one checked grid and its buildings (with their houses)."""
    gname = grid_data["name"].strip()
    group = None
    if grid_data.get("group"):
        group = _upsert(GridGroup, result, "grid_groups",
                        [GridGroup.community == community, GridGroup.name == grid_data["group"]],
                        community=community, name=grid_data["group"])
    existing = Grid.live().where(Grid.community == community, Grid.name == gname).first()
    number = grid_data.get("number") or (existing.number if existing else next_grid_number(community))
    grid = _upsert(Grid, result, "grids", [Grid.community == community, Grid.name == gname],
                   community=community, name=gname, group=group, number=number)
    for b in grid_data.get("buildings", []):
        building = _upsert(
            Building, result, "buildings", [Building.grid == grid, Building.name == b["name"].strip()],
            grid=grid, name=b["name"].strip(), address=(b.get("address") or "").strip(),
            floors=b.get("floors", 1), units=b.get("units", 1),
            rooms_per_floor=b.get("rooms_per_floor", 1))
        _ensure_houses(building, result)
        if "vacant" in b:
            _mark_vacant(building, b["vacant"], result)
    return grid


def next_grid_number(community: Community) -> int:
    """The grid code after the community's highest (1 for its first grid)."""
    return max((g.number for g in Grid.live(Grid.number).where(Grid.community == community)), default=0) + 1


def import_org(data: dict) -> ImportResult:
    """Apply a street structure; everything or nothing."""
    from gridapp.store.roles import require

    require("org.edit")
    _check(data)
    site = current_site()
    result = ImportResult()
    with database.atomic():
        street_name = data["street"].strip()
        street = Street.live().first()
        if street is not None and street.name != street_name and site.site_type == "street":
            raise UserError(f"本数据库属于“{street.name}”，文件是“{street_name}”的组织结构，未导入。")
        street = _upsert(Street, result, "streets", [Street.name == street_name], name=street_name) \
            if street is None or street.name == street_name else street
        grids_by_key: dict[tuple[str, str], Grid] = {}
        for com in data.get("communities", []):
            cname = com["name"].strip()
            community = _upsert(Community, result, "communities", [Community.name == cname],
                                name=cname, street=street)
            for grid_data in com.get("grids", []):
                grid = _put_grid(community, grid_data, result)
                grids_by_key[(cname, grid.name)] = grid
        for st in data.get("staff", []):
            role = vocab.code_of(vocab.STAFF_ROLE, st.get("role", ""), "角色")
            grids = [g for (c, name), g in grids_by_key.items()
                     if name in st.get("grids", []) and (not st.get("community") or c == st["community"])]
            community = grids[0].community if grids else None
            key = [Staff.name == st["name"].strip(), Staff.role == role]
            kind = {"kind": vocab.code_of(vocab.STAFF_KIND, st["kind"], "一格三员类别")} if st.get("kind") else \
                {} if Staff.live().where(*key).exists() else {"kind": vocab.staff_kind_for(role)}
            staff = _upsert(Staff, result, "staff", key, name=st["name"].strip(), role=role,
                            phone=(st.get("phone") or "").strip(), community=community, **kind)
            wanted = {g.id for g in grids}
            for a in StaffGrid.live().where(StaffGrid.staff == staff):
                if a.grid_id not in wanted:
                    a.delete_instance()
                    result.count("assignments", False)
            for grid in grids:
                _upsert(StaffGrid, result, "assignments", [StaffGrid.staff == staff, StaffGrid.grid == grid],
                        staff=staff, grid=grid, post=st.get("post") or "A")
    return result


def import_org_file(path: str | Path) -> ImportResult:
    return import_org(jsonfile.load(path))


def room_label(floor: int, index: int) -> str:
    """The door number of the ``index``-th flat on ``floor``: floor 3, flat 2 → "302"."""
    return f"{floor}{index:02d}"
