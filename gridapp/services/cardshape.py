"""The types of a card's fields, checked before any value is read.

A card comes from the entry form, a JSON file (docs/cards-format.md) or a spreadsheet
row. A file can hold anything JSON can: a member written as a string, an address as a
list, a name as an object. Each such field is an error that names it in Chinese; the card
is not read further, so nothing of it is stored.
"""

from __future__ import annotations

import datetime as dt

from gridapp.services.checks import ERROR, Issue
from gridapp.store import catalogue
from gridapp.store.catalogue import labels

CARD_TEXT = {**labels("card", "card_no", "community", "grid", "collected_by"), "household_id": "户编号"}
CARD_DATES = {**labels("card", "collected_on"), "entered_on": "录入日期"}
ADDRESS_TEXT = labels("house", "building", "room")
MEMBER_TEXT = {**labels("person", "name", "id_number", "gender", "relation", "phone", "status", "inflow_reason",
                        "inflow_origin", "ethnicity", "hukou_place"), "person_id": "人员编号"}
MEMBER_DATES = labels("person", "birth_date", "arrived_on")


def kind_of(value) -> str:
    """What a JSON value is, in the words of a message."""
    if value is None:
        return "空值 null"
    if isinstance(value, bool):
        return f"逻辑值 {'true' if value else 'false'}"
    if isinstance(value, (int, float)):
        return f"数字 {value}"
    if isinstance(value, str):
        return "文字"
    if isinstance(value, dict):
        return "对象 {…}"
    if isinstance(value, list):
        return "列表 […]"
    return type(value).__name__


class _Shape:
    def __init__(self):
        self.issues: list[Issue] = []

    def wrong(self, field: str, label: str, want: str, value) -> None:
        self.issues.append(Issue(ERROR, field, f"{label}须为{want}，不是{kind_of(value)}"))

    def texts(self, raw: dict, labels: dict, where: str, prefix: str) -> None:
        for key, label in labels.items():
            value = raw.get(key)
            if value is not None and not isinstance(value, str):
                self.wrong(f"{where}{key}", f"{prefix}{label}", "文字（用引号括起）", value)

    def dates(self, raw: dict, labels: dict, where: str, prefix: str) -> None:
        for key, label in labels.items():
            value = raw.get(key)
            if value is not None and not isinstance(value, (str, dt.date)):
                self.wrong(f"{where}{key}", f"{prefix}{label}", "日期文字（如 \"2026-11-22\"）", value)

    def codes(self, value, field: str, label: str) -> None:
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            self.wrong(field, label, "文字的列表（如 [\"elderly\"]）", value)

    def extra(self, value, field: str, label: str) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.wrong(field, label, "对象（{\"键\": 值}）", value)
            return
        for key, v in value.items():
            several = isinstance(v, list) and all(isinstance(x, str) for x in v)  # several of a list
            if v is not None and not isinstance(v, (str, int, float)) and not several:
                self.wrong(field, f"{label}“{key}”", "文字、数字、逻辑值 true/false 或文字的列表", v)

    def member(self, raw, i: int) -> None:
        where, prefix = f"members[{i}].", f"第 {i + 1} 名成员的"
        if not isinstance(raw, dict):
            self.wrong(f"members[{i}]", f"第 {i + 1} 名成员", "对象（{\"name\": …}）", raw)
            return
        self.texts(raw, MEMBER_TEXT, where, prefix)
        self.dates(raw, MEMBER_DATES, where, prefix)
        self.codes(raw.get("categories"), f"{where}categories", f"{prefix}{catalogue.label('person', 'categories')}")
        self.codes(raw.get("categories_removed"), f"{where}categories_removed", f"{prefix}去掉的已停用类别")
        self.extra(raw.get("extra"), f"{where}extra", f"{prefix}补充项")
        if raw.get("move") is not None and not isinstance(raw["move"], bool):
            self.wrong(f"{where}move", f"{prefix}迁入确认（move）", "逻辑值 true 或 false", raw["move"])


def shape_issues(raw) -> list[Issue]:
    """Every field of the card whose type is wrong (nothing else is checked)."""
    s = _Shape()
    if not isinstance(raw, dict):
        s.wrong("card", "登记卡", "对象（{\"card_no\": …}）", raw)
        return s.issues
    s.texts(raw, CARD_TEXT, "", "")
    s.dates(raw, CARD_DATES, "", "")
    address = raw.get("address")
    if address is not None and not isinstance(address, dict):
        s.wrong("address", "现住址（address）", "对象（{\"building\": …, \"unit\": …, \"room\": …}）", address)
    elif address:
        s.texts(address, ADDRESS_TEXT, "address.", "")
        unit = address.get("unit")
        if unit is not None and (isinstance(unit, bool) or not isinstance(unit, (int, str))):
            s.wrong("address.unit", "单元", "整数或文字", unit)
        if address.get("new") is not None and not isinstance(address["new"], bool):
            s.wrong("address.new", "新楼栋或新房号确认（new）", "逻辑值 true 或 false", address["new"])
    household = raw.get("household")
    if household is not None and not isinstance(household, dict):
        s.wrong("household", "户信息（household）", "对象（{\"categories\": …, \"extra\": …}）", household)
    elif household:
        s.codes(household.get("categories"), "household.categories", "户类别")
        s.codes(household.get("categories_removed"), "household.categories_removed", "去掉的已停用户类别")
        s.extra(household.get("extra"), "household.extra", "户补充项")
        s.texts(household, {"at_address": "同一地址的住户（at_address）"}, "household.", "")
    members = raw.get("members")
    if members is not None and not isinstance(members, list):
        s.wrong("members", "成员（members）", "列表（[{…}, {…}]）", members)
    else:
        for i, m in enumerate(members or []):
            s.member(m, i)
    return s.issues
