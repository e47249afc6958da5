"""A household card as data: parsed from what was typed or read from a file, every
field checked, nothing written. The entry form, ``cards import`` and the spreadsheet
import all go through ``parse_card``.

The format (docs/cards-format.md)::

    {"card_no", "community", "grid", "collected_by", "collected_on", "entered_on"?,
     "address": {"building", "unit", "room", "new"?},
     "household": {"categories": [...], "extra": {...}, "at_address"?},
     "members": [{"name", "id_number", "gender"?, "birth_date"?, "relation", "phone",
                  "status", "inflow_reason", "categories", "extra", ...}]}
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field

from gridapp import categories as cats
from gridapp import idnumber, settings, vocab
from gridapp.errors import ValidationError
from gridapp.plaintext import printable
from gridapp.services import cardconditions, cardfields
from gridapp.services.cardshape import shape_issues
from gridapp.services.checks import (
    EARLIEST_BIRTH,
    EARLIEST_COLLECTION,
    ERROR,
    MEMBERS_WARNING,
    UNIT_LIMIT,
    WARNING,
    Issue,
    check_id,
    check_phone,
    check_relation,
    check_text,
    clean_name,
    normalise_phone,
    parse_date,
)
from gridapp.store.catalogue import labels

MEMBER_TEXTS = labels("person", "name", "relation", "ethnicity", "hukou_place", "inflow_origin")
CARD_TEXTS = labels("card", "card_no", "collected_by")
ADDRESS_TEXTS = labels("house", "building", "room")
ARRIVED, STATUS = labels("person", "arrived_on", "status").values()


@dataclass
class MemberInput:
    name: str = ""
    id_number: str | None = None
    gender: str = ""
    birth_date: dt.date | None = None
    relation: str = ""
    phone: str = ""
    ethnicity: str = ""
    hukou_place: str = ""
    status: str = "resident"
    inflow_reason: str = ""
    inflow_origin: str = ""
    arrived_on: dt.date | None = None
    categories: int = 0
    categories_removed: int = 0  # marks of retired own categories the clerk removed
    extra: dict = field(default_factory=dict)
    typed_id: str = ""  # what was typed, normalised, even when it is not a valid number
    move: bool = False  # confirmed: this person leaves their current household and joins this one
    person_id: object = None  # set when the card edits a known person


@dataclass
class CardInput:
    card_no: str = ""
    community: str = ""
    grid: str = ""
    collected_by: str = ""
    collected_on: dt.date | None = None
    entered_on: dt.datetime | None = None
    building: str = ""
    unit: int = 1
    room: str = ""
    new_address: bool = False  # confirmed: the building or room may be new in the grid
    at_address: str = ""  # with others living there: "new", or the head of the household to update
    household_categories: int = 0
    household_categories_removed: int = 0
    household_extra: dict = field(default_factory=dict)
    design: str = ""  # the card design version its supplementary values follow (empty: the one in force)
    members: list[MemberInput] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == WARNING]


def _text(raw: dict, key: str) -> str:
    value = raw.get(key, "")
    return "" if value is None else str(value).strip()


def _codes(raw, level: str, where: str, issues: list[Issue]) -> int:
    """The categories named (a retired own category may be named: its mark is kept)."""
    try:
        return cats.to_mask(raw or [], level, retired=True)
    except ValidationError as exc:
        issues.append(Issue(ERROR, where, str(exc)))
        return 0


def _within(day: dt.date | None, earliest: dt.date | None, today: dt.date, field: str, label: str,
            earliest_label: str = "") -> list[Issue]:
    """A date neither before ``earliest`` (a limit, or another date of the card) nor after today."""
    if day is None:
        return []
    if day > today:
        return [Issue(ERROR, field, f"{label} {day} 晚于今天")]
    if earliest is not None and day < earliest:
        before = f"{earliest_label} {earliest}" if earliest_label else f" {earliest.year} 年"
        return [Issue(ERROR, field, f"{label} {day} 早于{before}，请核对")]
    return []


def _uuid(value):
    if not value:
        return None
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return None


def _quoted(label: str, name: str) -> str:
    """``户主“张三”``, or just ``户主`` while the name is not typed (never empty quotes)."""
    return f"{label}“{name}”" if name else label


def parse_member(raw: dict, i: int, community_id, today: dt.date, issues: list[Issue],
                 defined: list | None = None) -> MemberInput:
    where = f"members[{i}]"
    label = f"第 {i + 1} 名成员"
    for key, what in MEMBER_TEXTS.items():
        issues += [Issue(x.level, x.field, f"{label}：{x.message}")
                   for x in check_text(_text(raw, key), f"{where}.{key}", what)]
    m = MemberInput(name=clean_name(_text(raw, "name")), relation=_text(raw, "relation"),
                    ethnicity=_text(raw, "ethnicity"), hukou_place=_text(raw, "hukou_place"),
                    inflow_origin=_text(raw, "inflow_origin"), move=bool(raw.get("move")),
                    person_id=_uuid(raw.get("person_id")))
    if m.name:
        label = f"{label}“{m.name}”"
    else:
        issues.append(Issue(ERROR, f"{where}.name", f"{label}：姓名为空"))
    m.typed_id = idnumber.normalise(_text(raw, "id_number"))
    idc = check_id(m.typed_id, f"{where}.id_number", today)
    issues += [Issue(x.level, x.field, f"{label}：{x.message}") for x in idc.issues]
    m.id_number = idc.number
    birth, date_issues = parse_date(raw.get("birth_date"), f"{where}.birth_date", f"{label}的出生日期")
    issues += date_issues + _within(birth, EARLIEST_BIRTH, today, f"{where}.birth_date", f"{label}的出生日期")
    gender_text = _text(raw, "gender")
    gender = ""
    if gender_text:
        try:
            gender = vocab.code_of(vocab.GENDER, gender_text, "性别")
        except ValidationError as exc:
            issues.append(Issue(ERROR, f"{where}.gender", f"{label}：{exc}"))
    if idc.birth_date and birth and birth != idc.birth_date:
        issues.append(Issue(ERROR, f"{where}.birth_date",
                            f"{label}：出生日期 {birth:%Y-%m-%d} 与身份证号中的 {idc.birth_date:%Y-%m-%d} 不符"))
    if idc.gender and gender and gender != idc.gender:
        issues.append(Issue(ERROR, f"{where}.gender",
                            f"{label}：性别“{vocab.GENDER[gender]}”与身份证号（{vocab.GENDER[idc.gender]}）不符"))
    m.birth_date = birth or idc.birth_date
    m.gender = gender or idc.gender or ""
    if m.relation and m.relation not in vocab.RELATIONS:
        issues.append(Issue(WARNING, f"{where}.relation", f"{label}：与户主关系“{m.relation}”不在国标用语中"))
    if not m.relation:
        issues.append(Issue(ERROR, f"{where}.relation", f"{label}：缺少与户主关系"))
    m.phone = normalise_phone(_text(raw, "phone"))
    issues += [Issue(x.level, x.field, f"{label}：{x.message}") for x in check_phone(m.phone, f"{where}.phone")]
    try:
        m.status = vocab.code_of(vocab.STATUS, _text(raw, "status") or "resident", STATUS)
    except ValidationError as exc:
        issues.append(Issue(ERROR, f"{where}.status", f"{label}：{exc}"))
    reason = _text(raw, "inflow_reason")
    if m.status == "inflow":
        if not reason:
            issues.append(Issue(ERROR, f"{where}.inflow_reason", f"{label}：流入人员须填写流入原因"))
        else:
            try:
                m.inflow_reason = vocab.code_of(vocab.INFLOW_REASON, reason, "流入原因")
            except ValidationError as exc:
                issues.append(Issue(ERROR, f"{where}.inflow_reason", f"{label}：{exc}"))
        m.arrived_on, date_issues = parse_date(raw.get("arrived_on"), f"{where}.arrived_on", f"{label}的{ARRIVED}")
        issues += date_issues + _within(m.arrived_on, EARLIEST_BIRTH, today, f"{where}.arrived_on",
                                        f"{label}的{ARRIVED}")
    m.categories = _codes(raw.get("categories"), cats.PERSON, f"{where}.categories", issues)
    m.categories_removed = _codes(raw.get("categories_removed"), cats.PERSON, f"{where}.categories_removed", issues)
    if community_id is not None:
        try:
            m.extra = cardfields.validate_extra(community_id, "person", raw.get("extra"), defined,
                                                facts=cardconditions.context(m, today=today))
        except ValidationError as exc:
            issues.append(Issue(ERROR, f"{where}.extra", f"{label}：{exc}"))
    return m


def parse_card(raw: dict, community_id=None, today: dt.date | None = None) -> CardInput:
    """Check a card; ``community_id`` enables the community's supplementary fields."""
    today = today or dt.date.today()
    shape = shape_issues(raw)
    if shape:  # the card is not read further: its values cannot be trusted to be what they claim
        return CardInput(issues=shape)
    issues: list[Issue] = []
    address = raw.get("address") or {}
    for key, what in CARD_TEXTS.items():
        issues += check_text(_text(raw, key), key, what)
    for key, what in ADDRESS_TEXTS.items():
        issues += check_text(_text(address, key), f"address.{key}", what)
    card = CardInput(card_no=_text(raw, "card_no"), community=_text(raw, "community"), grid=_text(raw, "grid"),
                     collected_by=_text(raw, "collected_by"), building=_text(address, "building"),
                     room=_text(address, "room"))
    card.collected_on, more = parse_date(raw.get("collected_on"), "collected_on", "采集日期")
    issues += more
    if raw.get("entered_on"):
        entered, more = parse_date(str(raw["entered_on"])[:10], "entered_on", "录入日期")
        issues += more + _within(entered, card.collected_on, today, "entered_on", "录入日期", "采集日期")
        card.entered_on = dt.datetime.combine(entered, dt.time(12)) if entered else None
    for key, label in (("card_no", "卡号"), ("grid", "网格"), ("collected_by", "采集网格员")):
        if not getattr(card, key):
            issues.append(Issue(ERROR, key, f"缺少{label}"))
    if card.collected_on is None and not any(i.field == "collected_on" for i in issues):
        issues.append(Issue(ERROR, "collected_on", "缺少采集日期"))
    else:
        issues += _within(card.collected_on, EARLIEST_COLLECTION, today, "collected_on", "采集日期")
    unit = address.get("unit", 1)
    try:
        card.unit = int(str(1 if unit in (None, "") else unit).strip().replace("单元", ""))
    except ValueError:
        issues.append(Issue(ERROR, "address.unit", f"单元 “{printable(str(unit))}” 须为数字"))
    else:
        if not 1 <= card.unit <= UNIT_LIMIT:
            issues.append(Issue(ERROR, "address.unit", f"单元 {card.unit} 不合理：须为 1–{UNIT_LIMIT}"))
    if card.room and (card.room[0] in "-−－" or card.room.strip("0") == ""):
        issues.append(Issue(ERROR, "address.room", f"房号 “{printable(card.room)}” 不是有效的门牌号"))
    new = address.get("new")
    if new is None or isinstance(new, bool):
        card.new_address = bool(new)
    else:
        issues.append(Issue(ERROR, "address.new", f"address.new 须为 true 或 false，不是“{printable(str(new))}”"))
    household = raw.get("household") or {}
    card.at_address = _text(household, "at_address")
    card.household_categories = _codes(household.get("categories"), cats.HOUSEHOLD, "household.categories", issues)
    card.household_categories_removed = _codes(household.get("categories_removed"), cats.HOUSEHOLD,
                                               "household.categories_removed", issues)
    members = raw.get("members") or []
    if not members:
        issues.append(Issue(ERROR, "members", "至少要有一名成员"))
    limit = settings.get("cards.max_members", community_id)
    if len(members) > limit:
        issues.append(Issue(ERROR, "members", f"一户有 {len(members)} 名成员，超过上限 {limit}"
                                              "（集体户可由管理员调高设置“每户成员上限”）"))
        members = []  # not read: such a card is a mistake, and reading it all would take long
    elif len(members) > MEMBERS_WARNING:
        issues.append(Issue(WARNING, "members", f"一户有 {len(members)} 名成员，请核对"))
    design = card.design = _text(raw, "design")
    defined = cardfields.definitions(community_id, "person", design) if community_id is not None else None
    card.members = [parse_member(m, i, community_id, today, issues, defined) for i, m in enumerate(members)]
    heads = [m for m in card.members if m.relation == "户主"]
    if members and len(heads) != 1:
        issues.append(Issue(ERROR, "members", f"须有且只有一名户主，现在有 {len(heads)} 名"))
    head = heads[0] if len(heads) == 1 else None
    if community_id is not None:  # a household field's condition looks at the head
        try:
            card.household_extra = cardfields.validate_extra(
                community_id, "household", household.get("extra"), cardfields.definitions(community_id, "household", design),
                facts=cardconditions.context(head, today=today) if head is not None else None)
        except ValidationError as exc:
            issues.append(Issue(ERROR, "household.extra", str(exc)))
    basic = settings.get("cards.basic_items", community_id)
    if "address" in basic and not (card.building and card.room):
        issues.append(Issue(ERROR, "address", "缺少现住址（楼栋、房号）"))
    if head is not None:
        who = _quoted("户主", head.name)
        if "phone" in basic and not head.phone:
            issues.append(Issue(ERROR, "members[0].phone", f"缺少{who}的联系电话"))
        if "id_number" in basic and not head.id_number and not any(
                i.field.endswith("id_number") for i in issues):
            issues.append(Issue(ERROR, "members[0].id_number", f"缺少{who}的身份证号"))
    for i, m in enumerate(card.members):
        who = _quoted(f"第 {i + 1} 名成员", m.name)
        if m is not head and not m.id_number and not any(x.field == f"members[{i}].id_number" for x in issues):
            issues.append(Issue(WARNING, f"members[{i}].id_number", f"{who}没有身份证号"))
        if head is not None:
            issues += [Issue(x.level, x.field, f"{who}：{x.message}") for x in
                       check_relation(m.relation, m.gender, m.birth_date, head.gender, head.birth_date,
                                      f"members[{i}].relation", today)]
    seen: dict[str, int] = {}
    for i, m in enumerate(card.members):
        if m.id_number and m.id_number in seen:
            issues.append(Issue(ERROR, f"members[{i}].id_number",
                                f"第 {seen[m.id_number] + 1} 名与第 {i + 1} 名成员的身份证号相同"))
        elif m.id_number:
            seen[m.id_number] = i
    card.issues = issues
    return card
