"""A scripted week (16–22 November 2026) for the population change report: a household of two
arrives from Changsha with its card, a household leaves, a person moves to the other grid where a
card is collected; outside the week an arrival on the 10th and a card on the 23rd."""

from __future__ import annotations

import datetime as dt

from gridapp.models import Building, Card, House, Household, Person, Staff
from gridapp.services import moves
from tests import boards_data

D = dt.date


def _card(no: str, made: dict, grid, day: dt.date, household=None) -> None:
    at = dt.datetime.combine(day, dt.time(9))
    Card.create(card_no=no, community=made["community"], grid=grid, household=household,
                collected_by=Staff.get(Staff.name == "孙网格"), collected_on=day, due_on=day + dt.timedelta(days=2),
                received_at=at, state="received")


def build_week() -> dict:
    """The scripted week on the board tests' community; what ``boards_data.build`` made."""
    made = boards_data.build()
    b = made["building"]
    # Monday: a household of two from Changsha moves into 1单元302, and its card is collected
    home = Household.create(house=House.get(House.building == b, House.unit == 1, House.room == "302"),
                            arrived_on=D(2026, 11, 16))
    for name in ("新来甲", "新来乙"):
        Person.create(household=home, name=name, relation="户主" if name == "新来甲" else "配偶",
                      arrived_on=D(2026, 11, 16), inflow_origin="湖南长沙", status="inflow")
    _card("000201", made, made["grid"], D(2026, 11, 16), home)
    # Tuesday: 欧阳娜娜's household leaves
    moves.depart_household(Person.get(Person.name == "欧阳娜娜").household, D(2026, 11, 17), "外省")
    # Wednesday: 赵一 moves to the second grid's building, where a card is collected
    other = House.create(building=Building.get(Building.id != b.id), unit=1, floor=1, room="101", ownership="owned")
    there = Household.create(house=other, arrived_on=D(2025, 3, 1))
    Person.create(household=there, name="老住户", relation="户主")
    moves.move_person(Person.get(Person.name == "赵一"), there, D(2026, 11, 18), relation="亲属")
    _card("000202", made, other.building.grid, D(2026, 11, 18), there)
    # outside the week: an arrival on the 10th, a card on the 23rd
    Person.create(household=home, name="早来丙", relation="子女", arrived_on=D(2026, 11, 10))
    _card("000203", made, made["grid"], D(2026, 11, 23), home)
    return made
