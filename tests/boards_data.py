"""A small community for the board tests: one building with every case a board must handle."""

from __future__ import annotations

import datetime as dt

from gridapp import categories as cats
from gridapp.idnumber import make
from gridapp.models import Building, Community, Grid, House, Household, Person, Staff, StaffGrid
from gridapp.pinyin import initials

RESIDENT_PHONES = ["13912345678", "13987654321", "15011112222", "15833334444", "17755556666"]
LANDLORD_PHONE = "13600009999"
STAFF = [("孙网格", "grid_worker", "A", "13800001111"), ("周备岗", "grid_worker", "B", "13800002222"),
         ("吴组长", "grid_leader", "A", "13800003333")]


def _person(household, name, relation, phone="", flags=(), birth=dt.date(1980, 5, 1), seq=1):
    return Person.create(household=household, name=name, initials=initials(name), relation=relation,
                         phone=phone, gender="M", birth_date=birth, id_number=make("110105", birth, seq),
                         categories=cats.to_mask(flags, cats.PERSON))


def _household(house, flags=(), **kw):
    return Household.create(house=house, categories=cats.to_mask(flags, cats.HOUSEHOLD), **kw)


def build(community_name: str = "和平社区") -> dict:
    """和平里1栋: 3 floors, 2 units of 2 flats (the top floor has unit 1 only)."""
    com = Community.create(name=community_name)
    grid = Grid.create(community=com, name="第一网格", number=1)
    other = Grid.create(community=com, name="第二网格", number=2)
    b = Building.create(grid=grid, name="和平里1栋", address="和平路1号", floors=3, units=2, rooms_per_floor=2)
    Building.create(grid=other, name="和平里1栋", address="和平路9号", floors=1, units=1, rooms_per_floor=1)
    houses = {}
    for unit in (1, 2):
        for floor in (1, 2, 3):
            for r in (1, 2):
                if floor == 3 and unit == 2:
                    continue
                room = f"{floor}{r:02d}"
                houses[(unit, room)] = House.create(building=b, unit=unit, floor=floor, room=room,
                                                    ownership="owned")
    h = _household(houses[(1, "101")], ["party_family", "newlywed_childless"])
    _person(h, "张三明", "户主", RESIDENT_PHONES[0], ["party_member"], seq=11)
    _person(h, "李四", "配偶", RESIDENT_PHONES[1], ["pregnant"], seq=12)
    rented = houses[(1, "102")]
    rented.ownership, rented.landlord_name, rented.landlord_phone = "rented", "钱房东", LANDLORD_PHONE
    rented.save()
    h = _household(rented, ["nonlocal_renter"])
    _person(h, "欧阳娜娜", "户主", RESIDENT_PHONES[2], seq=13)
    _person(_household(houses[(1, "201")], ["empty_nest"]), "李小䶮", "户主", RESIDENT_PHONES[3], seq=14)
    _person(_household(houses[(1, "202")]), "王小𠇔", "户主", RESIDENT_PHONES[4], seq=15)
    gone = _household(houses[(2, "102")], departed_on=dt.date(2024, 1, 1), departed_to="外省")
    _person(gone, "郑已迁", "户主", seq=16)
    _person(_household(houses[(2, "201")]), "赵一", "户主", seq=17)
    _person(_household(houses[(2, "201")], ["local_renter"]), "钱二二", "户主", seq=18)
    _person(_household(houses[(1, "301")], ["solitary_elderly"]), "孙老", "户主",
            birth=dt.date(1940, 2, 2), seq=19)
    for name, role, post, phone in STAFF:
        s = Staff.create(name=name, role=role, phone=phone, community=com)
        StaffGrid.create(staff=s, grid=grid, post=post)
    return {"community": com, "grid": grid, "building": b}


def id_numbers() -> list[str]:
    return [p.id_number for p in Person.select()]
