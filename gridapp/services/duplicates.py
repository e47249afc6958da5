"""Is this person already known? An ID number that exists shows where; near-duplicates
(same name and birth date, same pinyin initials and birth date, ID numbers one
transposition apart) are flagged too. Only present people count."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from peewee import SQL, Tuple

from gridapp.engines import engine
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


def _present(*more):
    return (Person.select(*more, Person.id, Person.household, Person.name, Person.id_number, Person.birth_date,
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


def _each(values) -> SQL:
    """The values as a one-parameter table (a JSON array): ``IN`` over any number of them."""
    return engine().json_values(json.dumps(sorted(values), ensure_ascii=False))


def _pairs(pairs) -> SQL:
    """(text, date) pairs as a one-parameter table of two columns."""
    data = sorted([a, b.isoformat()] for a, b in pairs)
    return engine().json_pairs(json.dumps(data, ensure_ascii=False))


def find_many(people: list[tuple[str, str | None, dt.date | None]], exclude=()) -> list[list[Match]]:
    """For each (name, ID number, birth date): the known people it may be, exact ID first.

    Three queries however many people are asked about (a card, or a spreadsheet of 16,000
    rows): the numbers and their transpositions, then names and pinyin initials each with
    the birth date.
    """
    numbers: dict[str, list[tuple[int, str]]] = {}
    for i, (_, number, _) in enumerate(people):
        if number:
            numbers.setdefault(number, []).append((i, "id"))
            for t in transpositions(number):
                numbers.setdefault(t, []).append((i, "transposed_id"))
    found: list[list[Match]] = [[] for _ in people]
    if numbers:
        for m in _matches("id", _present().where(Person.id_number.in_(_each(numbers)))):
            for i, kind in numbers.get(m.id_number, []):
                found[i].append(Match(kind, m.person_id, m.household_id, m.name, m.id_number, m.birth_date, m.where))
    by_name: dict[tuple, list[int]] = {}
    by_code: dict[tuple, list[int]] = {}
    for i, (name, _, birth) in enumerate(people):
        if name and birth:
            by_name.setdefault((name, birth), []).append(i)
            code = initials(name)
            if code:
                by_code.setdefault((code, birth), []).append(i)
    if by_name:
        q = _present().where(Tuple(Person.name, Person.birth_date).in_(_pairs(by_name)))
        for m in _matches("name_birth", q):
            for i in by_name.get((m.name, m.birth_date), []):
                found[i].append(m)
    if by_code:
        q = _present().where(Tuple(Person.initials, Person.birth_date).in_(_pairs(by_code)))
        for m in _matches("pinyin_birth", q):
            for i in by_code.get((initials(m.name), m.birth_date), []):
                if people[i][0] != m.name:
                    found[i].append(m)
    order = {"id": 0, "transposed_id": 1, "name_birth": 2, "pinyin_birth": 3}
    result = []
    for matches in found:
        seen, unique = set(exclude), []
        for m in sorted(matches, key=lambda m: order[m.kind]):
            if m.person_id not in seen:
                seen.add(m.person_id)
                unique.append(m)
        result.append(unique)
    return result


def find(name: str = "", id_number: str | None = None, birth_date: dt.date | None = None,
         exclude=()) -> list[Match]:
    """Known people this one may be, exact ID first."""
    return find_many([(name, id_number, birth_date)], exclude)[0]
