"""Find a household or person by what the clerk remembers: ID number or its tail, name
(one or two characters work too), pinyin initials (``zsf`` → 张三丰), address or card
number. Plain indexed lookups and scans: FTS5 trigram cannot match under 3 characters."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from peewee import SQL, fn

from gridapp.engines import engine
from gridapp.idnumber import mask
from gridapp.models import Building, Card, Community, Grid, House, Household, Person
from gridapp.services import addresses

LIMIT = 50
TAIL_INDEXES = {4: 15, 6: 13}  # tail length → where it starts (see migration 0007)


@dataclass(frozen=True)
class Hit:
    person_id: object
    household_id: object
    name: str
    id_number: str  # masked unless asked for in full
    relation: str
    address: str
    departed: bool
    why: str


def _base(include_departed: bool):
    q = (Person.select(Person.id, Person.household, Person.name, Person.id_number, Person.relation,
                       Person.departed_on, House.unit, House.room, Building.name.alias("building"),
                       Grid.name.alias("grid"), Community.name.alias("community"))
         .join(Household).join(House).join(Building).join(Grid).join(Community)
         .where(Person.deleted == False))  # noqa: E712
    if not include_departed:
        q = q.where(Person.departed_on.is_null(), Household.departed_on.is_null())
    return q


def _hits(query, why: str, full_id: bool) -> list[Hit]:
    rows = list(query.limit(LIMIT).dicts())
    if full_id:  # the full numbers shown are views for the audit trail
        from gridapp.store import audit, roles

        roles.require("people.full")
        audit.record_views([r["id"] for r in rows if r["id_number"]], note="查找")
    return [Hit(r["id"], r["household"], r["name"], (r["id_number"] or "") if full_id else mask(r["id_number"]),
                r["relation"], f"{r['community']} {r['grid']} {r['building']} {r['unit']}单元 {r['room']}室",
                r["departed_on"] is not None, why)
            for r in rows]


def classify(text: str) -> str:
    if re.fullmatch(r"\d{17}[\dX]|\d{15}", text):
        return "id"
    if re.fullmatch(r"\d{3,16}X?", text):
        return "digits"
    if re.fullmatch(r"[a-z]+", text):
        return "initials"
    if addresses.parse(text) or re.search(r"栋|幢|单元|室|号楼", text):
        return "address"
    return "name"


def search(text: str, *, include_departed: bool = False, full_id: bool = False) -> list[Hit]:
    text = unicodedata.normalize("NFKC", text or "").strip().replace(" ", "")
    if not text:
        return []
    kind = classify(text.upper() if text[:-1].isdigit() else text.lower())
    q = _base(include_departed)
    if kind == "id":
        return _hits(q.where(Person.id_number == text.upper()), "身份证号", full_id)
    if kind == "digits":
        households = [c.household_id for c in
                      Card.live().where(Card.card_no == text, Card.household.is_null(False))]
        if households:
            return _hits(q.where(Person.household.in_(households)), f"卡号 {text}", full_id)
        if len(text) < 4:
            return []
        tail = text.upper()
        if len(tail) in TAIL_INDEXES:  # an indexed look-up for the usual 4 or 6 last characters
            condition = fn.substr(Person.id_number, SQL(str(TAIL_INDEXES[len(tail)]))) == tail  # literal, as indexed
        else:
            condition = Person.id_number.endswith(tail)
        return _hits(q.where(condition), "身份证号尾号", full_id)
    if kind == "initials":
        code = text.lower()
        return _hits(q.where(engine().starts_with(Person.initials, code))  # through the index
                     .order_by(fn.LENGTH(Person.initials), Person.name), "拼音首字母", full_id)
    if kind == "address":
        addr = addresses.parse(text)
        if addr:
            q = q.where(Building.name == addr.building, House.unit == addr.unit, House.room == addr.room)
        else:
            q = q.where(Building.name.contains(re.sub(r"\d*(单元|室).*$", "", text)))
        return _hits(q.order_by(Building.sort_key, House.unit, House.floor, House.room), "地址", full_id)
    return _hits(q.where(Person.name.contains(text)).order_by(Person.name), "姓名", full_id)
