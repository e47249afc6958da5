"""Writes a demo street or community into an empty, opened database."""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from typing import Callable

from gridapp.demo.cards import DemoCards
from gridapp.demo.families import Family, families_for
from gridapp.demo.people import PeopleMaker, place_of, regions_data
from gridapp.demo.plan import CommunityPlan, community_plan, split, street_plan
from gridapp.demo.visits import DemoVisits
from gridapp.engines import engine
from gridapp.errors import Cancelled, UserError
from gridapp.models import (
    Building,
    Card,
    CardField,
    Community,
    Grid,
    GridGroup,
    House,
    Household,
    Person,
    Staff,
    StaffGrid,
    Street,
    VisitEntry,
    database,
)
from gridapp.models.base import set_current_site
from gridapp.pinyin import initials
from gridapp.services import affairs
from gridapp.services import site as site_service
from gridapp.services.appraisal_system import MUST_VISIT_MASK
from gridapp.services.org import room_label

Progress = Callable[[int, int, str], bool]

BUILDING_TYPES = [  # floors, units, flats per floor per unit
    (6, 2, 2), (6, 3, 2), (7, 2, 2), (5, 1, 2), (11, 2, 2), (18, 2, 2), (18, 1, 4), (26, 2, 2), (33, 2, 3),
]
NUMERALS = "一二三四五六七八九十"
CARD_FIELDS = [
    ("household", "area", "住房面积（㎡）", "int", []),
    ("person", "insurance", "医保类型", "choice", ["职工医保", "城乡居民医保", "未参保"]),
    ("person", "employment", "就业状况", "choice", ["在职", "灵活就业", "失业", "退休", "学生", "学龄前"]),
]


def chinese_number(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + (NUMERALS[n - 11] if n > 10 else "")
    return NUMERALS[n // 10 - 1] + "十" + (NUMERALS[n % 10 - 1] if n % 10 else "")


class _Writer:
    """Buffers rows per model and inserts them in batches, parents first."""

    ORDER = (Street, Community, GridGroup, Grid, Building, House, Staff, StaffGrid, CardField,
             Household, Person, Card, VisitEntry)

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.rows: dict[type, list[dict]] = {m: [] for m in self.ORDER}

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def add(self, model, **values) -> uuid.UUID:
        if "id" not in values:
            values["id"] = self.new_id()
        self.rows[model].append(values)
        if len(self.rows[model]) >= 1000:
            self.flush(model)
        return values["id"]

    def flush(self, upto=None) -> None:
        for model in self.ORDER:
            rows = self.rows[model]
            if rows:
                model.bulk_insert(rows)
                self.rows[model] = []
            if model is upto:
                break


def _building_shapes(rng: random.Random, houses: int) -> list[tuple[int, int, int, int]]:
    """(floors, units, rooms_per_floor, flats) per building, flats adding up to ``houses``."""
    shapes, left = [], houses
    while left > 0:
        floors, units, rpf = rng.choice(BUILDING_TYPES)
        flats = floors * units * rpf
        if flats > left:  # the last building: fewer floors, a partial top floor
            floors = -(-left // (units * rpf))
            flats = left
        shapes.append((floors, units, rpf, flats))
        left -= flats
    return shapes


def _houses(writer: _Writer, building_id, floors: int, units: int, rpf: int, flats: int) -> list[dict]:
    rows: list[dict] = []
    for floor in range(1, floors + 1):
        for unit in range(1, units + 1):
            for r in range(1, rpf + 1):
                if len(rows) < flats:
                    rows.append(dict(id=writer.new_id(), building=building_id, floor=floor, unit=unit,
                                     room=room_label(floor, r)))
    return rows


class DemoBuilder:
    def __init__(self, scale: str, seed: int, progress: Progress | None, as_of: dt.date | None = None):
        if scale not in ("community", "street"):
            raise UserError(f"演示规模须为 community 或 street，不是 {scale}")
        self.scale = scale
        self.rng = random.Random(seed)
        self.vacancy = random.Random(seed)  # its own: the rest of the demo stays as it was
        self.profile = regions_data()[scale]
        self.people = PeopleMaker(self.rng, self.profile)
        self.writer = _Writer(self.rng)
        self.cards = DemoCards(self.writer, seed, as_of or dt.date.today())
        self.visits = DemoVisits(self.writer, seed, as_of or dt.date.today())
        self.progress = progress
        self.done = 0
        self.total = 0
        self.summary = {"communities": 0, "grids": 0, "buildings": 0, "houses": 0,
                        "households": 0, "persons": 0, "staff": 0}

    def tick(self, n: int, what: str) -> None:
        self.done += n
        if self.progress is not None and self.progress(self.done, self.total, what) is False:
            raise Cancelled("，演示数据未写入")

    def run(self, initialise: bool = True) -> dict:
        names = self.profile["communities"]
        plans = community_plan(names) if self.scale == "community" else street_plan(names, self.rng)
        self.total = sum(p.persons for p in plans)
        with database.atomic():
            # rows go in by batches; their references are checked once, at commit
            engine().defer_foreign_keys(database.obj)
            if not initialise:  # into a site that exists (an enrolled office, for the sync benchmark)
                street = Street.live().first() or Street.create(name=self.profile["street"])
                street_id = street.id
            elif self.scale == "street":
                site_service.initialise("street", self.profile["street"])
                street_id = Street.get().id
            else:
                site_service.initialise("community", plans[0].name)
                street_id = Street.create(name=self.profile["street"]).id
                Community.update_rows(Community.street.is_null(), street=street_id)
            for plan in plans:
                self.community(plan, street_id)
            self.writer.flush()
            affairs.load_starter(as_synced=True)  # the street's list, as the communities receive it
        engine().analyze(database.obj)
        return self.summary

    def community(self, plan: CommunityPlan, street_id) -> None:
        rng, w = self.rng, self.writer
        existing = Community.get_or_none(Community.name == plan.name)
        community_id = existing.id if existing else w.add(Community, name=plan.name, street=street_id)
        self.summary["communities"] += 1
        for position, (level, key, label, kind, choices) in enumerate(CARD_FIELDS):
            w.add(CardField, community=community_id, level=level, key=key, label=label, kind=kind,
                  choices=json.dumps(choices, ensure_ascii=False), position=position)
        group_sizes = split(plan.grids, [1] * plan.groups)
        group_of = []
        for g, size in enumerate(group_sizes, 1):
            gid = w.add(GridGroup, community=community_id, name=f"第{chinese_number(g)}大组")
            group_of += [gid] * size
        grid_ids = [w.add(Grid, community=community_id, group=group_of[i], number=i + 1,
                          name=f"第{chinese_number(i + 1)}网格",
                          note="" if i < plan.inhabited else "商业街区，无住户")
                    for i in range(plan.grids)]
        self.summary["grids"] += plan.grids
        workers = self.staff(plan, community_id, grid_ids, group_of)

        families = families_for(plan, rng)
        weights = [rng.uniform(0.6, 1.4) for _ in range(plan.inhabited)]
        per_grid = split(plan.households, weights)
        houses_per_grid = split(plan.houses, [h * rng.uniform(0.97, 1.03) + 1 for h in per_grid])
        for i in range(plan.inhabited):
            houses_per_grid[i] = max(houses_per_grid[i], per_grid[i])
        # keep the planned total after raising a grid to its household count
        excess = sum(houses_per_grid) - plan.houses
        for i in sorted(range(plan.inhabited), key=lambda j: houses_per_grid[j] - per_grid[j], reverse=True):
            take = min(excess, houses_per_grid[i] - per_grid[i])
            houses_per_grid[i] -= take
            excess -= take
        start = 0
        for i in range(plan.inhabited):
            houses = self.buildings(grid_ids[i], houses_per_grid[i], i)
            household_ids = self.households(families[start:start + per_grid[i]], houses)
            self.cards.grid(community_id, grid_ids[i], i + 1, workers[i][0], household_ids)
            for worker in workers[i]:
                self.visits.grid(community_id, grid_ids[i], worker, household_ids)
            for row in houses:  # about half the flats nobody lives in are known to be empty
                w.add(House, **row, vacant="ownership" not in row and self.vacancy.random() < 0.5)
            start += per_grid[i]

    def staff(self, plan: CommunityPlan, community_id, grid_ids, group_of) -> list[list[uuid.UUID]]:
        w, p = self.writer, self.people

        def person(role: str) -> uuid.UUID:
            gender = "F" if self.rng.random() < 0.6 else "M"
            year = 2026 - self.rng.randint(24, 55)
            self.summary["staff"] += 1
            return w.add(Staff, name=p.name(p.surname(), gender, year), phone=p.phone(),
                         role=role, community=community_id)

        workers = [[person("grid_worker") for _ in range(plan.workers_per_grid)] for _ in grid_ids]
        for i, grid_id in enumerate(grid_ids):
            w.add(StaffGrid, staff=workers[i][0], grid=grid_id, post="A")
            if plan.workers_per_grid == 1:  # AB岗: a neighbour covers the grid
                w.add(StaffGrid, staff=workers[(i + 1) % len(grid_ids)][0], grid=grid_id, post="B")
            for extra in workers[i][1:]:
                w.add(StaffGrid, staff=extra, grid=grid_id, post="B")
        for group_id in dict.fromkeys(group_of):
            leader = person("grid_leader")
            for i, gid in enumerate(group_of):
                if gid == group_id:
                    w.add(StaffGrid, staff=leader, grid=grid_ids[i], post="A")
        return workers

    def buildings(self, grid_id, houses: int, grid_index: int) -> list[dict]:
        rng, w = self.rng, self.writer
        compounds = rng.sample(names_pool := self.people_compounds(), k=min(3, len(names_pool)))
        road = rng.choice(self._roads)
        rows = []
        for k, (floors, units, rpf, flats) in enumerate(_building_shapes(rng, houses), 1):
            compound = compounds[k % len(compounds)]
            bid = w.add(Building, grid=grid_id, name=f"{compound}{k}栋",
                        address=f"{road}{grid_index * 20 + k}号{compound}", floors=floors, units=units,
                        rooms_per_floor=rpf)
            rows += _houses(w, bid, floors, units, rpf, flats)
            self.summary["buildings"] += 1
        self.summary["houses"] += len(rows)
        return rows

    def people_compounds(self) -> list[str]:
        from gridapp.demo.people import names_data
        data = names_data()
        self._roads = data["roads"]
        return data["compounds"]

    def households(self, families: list[Family], houses: list[dict]) -> list:
        rng, w, p = self.rng, self.writer, self.people
        slots = list(houses)
        rng.shuffle(slots)
        ids = []
        for fam, house in zip(families, slots):
            ownership = self.ownership(fam)
            married = {m.relation for m in fam.members}
            masks, rows = [], []
            family_surname = p.surname()
            for m in fam.members:
                birth = p.birth_date(m.age)
                surname = family_surname if m.relation in ("户主", "子", "女", "父亲", "孙子", "孙女", "兄弟姐妹") \
                    else p.surname()
                region = p.region(m.status, m.reason)
                is_married = m.relation in ("户主", "配偶", "儿媳", "女婿", "父亲", "母亲") and \
                    ("配偶" in married or m.relation != "户主")
                mask = p.person_flags(m, is_married)
                masks.append(mask)
                name = p.name(surname, m.gender, birth.year)
                rows.append(dict(
                    name=name, initials=initials(name), gender=m.gender, birth_date=birth,
                    id_number=p.id_number(region, birth, m.gender), relation=m.relation,
                    phone=p.phone() if m.age >= 16 and rng.random() < (0.45 if m.age >= 75 else 0.93) else "",
                    ethnicity="汉族" if rng.random() < 0.96 else rng.choice(["回族", "壮族", "黎族", "苗族", "满族", "土家族"]),
                    hukou_place=self.profile["local_place"] if m.status != "inflow" else place_of(region),
                    status=m.status, inflow_reason=m.reason,
                    inflow_origin=place_of(region) if m.status == "inflow" else "",
                    arrived_on=p.birth_date(rng.randint(0, 6)) if m.status == "inflow" else None,
                    categories=mask,
                    extra=json.dumps(self.person_extra(m), ensure_ascii=False)))
            hid = w.add(Household, house=house["id"],
                        categories=p.household_flags(fam, masks, ownership),
                        arrived_on=rows[0]["arrived_on"],
                        extra=json.dumps({"area": rng.choice([45, 60, 75, 90, 110, 130])}, ensure_ascii=False))
            for row in rows:
                w.add(Person, household=hid, **row)
            self.visits.must_people[hid] = sum(1 for m in masks if m & MUST_VISIT_MASK)
            self.set_ownership(house, ownership)
            self.summary["households"] += 1
            self.summary["persons"] += len(rows)
            self.tick(len(rows), "人员")
            ids.append(hid)
        return ids

    def ownership(self, fam: Family) -> str:
        r = self.rng.random()
        if fam.kind == "inflow":
            return "rented"
        if fam.kind == "registered":
            return "owned" if r < 0.6 else "other"
        return "rented" if r < 0.03 else "bought" if r < 0.18 else "owned" if r < 0.98 else "other"

    def set_ownership(self, house: dict, ownership: str) -> None:
        house["ownership"] = ownership
        if ownership == "rented":
            p = self.people
            house["landlord_name"] = p.name(p.surname(), "M" if self.rng.random() < 0.5 else "F", 1970)
            house["landlord_phone"] = p.phone()
            house["responsibility_letter"] = self.rng.random() < 0.85

    def person_extra(self, m) -> dict:
        if m.age < 6:
            job = "学龄前"
        elif m.age < 19:
            job = "学生"
        elif m.age >= 60:
            job = "退休"
        else:
            job = self.rng.choice(["在职", "在职", "在职", "灵活就业", "失业"])
        insurance = self.rng.choices(["职工医保", "城乡居民医保", "未参保"], [4, 5, 0.3])[0]
        return {"insurance": insurance, "employment": job}


def build_demo(scale: str = "community", seed: int = 1, progress: Progress | None = None,
               as_of: dt.date | None = None, into_site: bool = False) -> dict:
    """Fill an opened, empty database with a demo community or street; all or nothing.

    ``into_site`` adds the demo to a database that already has its site (and keeps it).
    """
    if site_service.is_initialised() != into_site:
        raise UserError("演示数据只能写入新的空数据库。" if not into_site else "数据库尚未初始化。")
    if into_site:
        return DemoBuilder(scale, seed, progress, as_of).run(initialise=False)
    try:
        return DemoBuilder(scale, seed, progress, as_of).run()
    except BaseException:
        set_current_site(None)  # the site row was rolled back with everything else
        raise
