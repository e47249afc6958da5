"""Is this person already known? An ID number that exists shows where; near-duplicates
(same name and birth date, same pinyin initials and birth date, ID numbers one
transposition apart) are flagged too. Only present people count."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gridapp.models import Building, Community, Grid, House, Household, Person
from gridapp.pinyin import initials


@dataclass(frozen=True)
class Match:
    kind: str  # "id", "name_birth", "pinyin_birth", "transposed_id"
    person_id: object
    household_id: object
    name: str
    id_number: str
    birth_date: dt.date | None
    where: str  # community grid building unit room

    @property
    def label(self) -> str:
        return {"id": "身份证号已存在", "name_birth": "同名同生日", "pinyin_birth": "同音同生日",
                "transposed_id": "身份证号仅两位颠倒"}[self.kind]

    def describe(self) -> str:
        return f"{self.label}：{self.name}（{self.where}）"


def _present():
    return (Person.select(Person.id, Person.household, Person.name, Person.id_number, Person.birth_date,
                          House.unit, House.room, Building.name.alias("building"), Grid.name.alias("grid"),
                          Community.name.alias("community"))
            .join(Household).join(House).join(Building).join(Grid).join(Community)
            .where(Person.deleted == False, Person.departed_on.is_null(),  # noqa: E712
                   Household.deleted == False, Household.departed_on.is_null()))  # noqa: E712


def _matches(kind: str, query) -> list[Match]:
    return [Match(kind, r["id"], r["household"], r["name"], r["id_number"] or "", r["birth_date"],
                  f"{r['community']} {r['grid']} {r['building']} {r['unit']}单元 {r['room']}室")
            for r in query.dicts()]


def transpositions(number: str) -> list[str]:
    """The numbers that differ from ``number`` by two neighbouring characters swapped."""
    out = []
    for i in range(len(number) - 1):
        if number[i] != number[i + 1]:
            out.append(number[:i] + number[i + 1] + number[i] + number[i + 2:])
    return out


def find(name: str = "", id_number: str | None = None, birth_date: dt.date | None = None,
         exclude=()) -> list[Match]:
    """Known people this one may be, exact ID first."""
    found: list[Match] = []
    if id_number:
        found += _matches("id", _present().where(Person.id_number == id_number))
        found += _matches("transposed_id", _present().where(Person.id_number.in_(transpositions(id_number))))
    if birth_date and name:
        found += _matches("name_birth", _present().where(Person.name == name, Person.birth_date == birth_date))
        code = initials(name)
        if code:
            found += _matches("pinyin_birth", _present().where(Person.initials == code, Person.birth_date == birth_date,
                                                               Person.name != name))
    seen, result = set(exclude), []
    for m in found:
        if m.person_id not in seen:
            seen.add(m.person_id)
            result.append(m)
    return result
