"""A matter as typed or read from a file, checked field by field before anything is written.

The intake form, ``matters add`` and ``matters import`` all pass a dict through ``parse``:
every field's type is checked, full-width digits and dashes in phones are accepted, control
characters and impossible dates are refused, and each problem names its field.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

from gridapp import idnumber, settings
from gridapp.errors import ValidationError
from gridapp.models import AffairItem, Grid, Household, Person
from gridapp.plaintext import printable
from gridapp.services import addresses
from gridapp.services.checks import check_phone, check_text, clean_name, normalise_phone, parse_date

KINDS = {"request": "诉求", "patrol": "巡查发现", "hazard": "隐患", "dispute": "矛盾纠纷", "errand": "代办"}
URGENCY = {"simple": "简易", "normal": "一般", "prominent": "突出", "major": "重大"}
LABELS = {"kind": "类型", "grid": "网格", "community": "社区", "place": "地点", "person": "当事人",
          "contact_name": "联系人", "contact_phone": "联系电话", "description": "事项内容", "urgency": "紧急程度",
          "affair": "事务清单事项", "line": "业务口", "found_by": "发现/受理人", "found_at": "发现/受理时间",
          "photos": "照片"}
TEXT_LIMITS = {"place": 100, "contact_name": 40, "description": 2000, "found_by": 40, "line": 20}
EARLIEST = dt.date(2000, 1, 1)


@dataclass
class MatterInput:
    kind: str = ""
    grid: Grid | None = None
    place: str = ""
    house: object = None
    building: object = None
    household: Household | None = None
    person: Person | None = None
    contact_name: str = ""
    contact_phone: str = ""
    description: str = ""
    urgency: str = "normal"
    affair: AffairItem | None = None
    line: str = ""
    found_by: str = ""
    found_at: dt.datetime | None = None
    photos: list[str] = field(default_factory=list)


def code_of(vocab: dict, value: str) -> str | None:
    """A code or its Chinese label (or the label's first characters, as people abbreviate)."""
    value = unicodedata.normalize("NFKC", value or "").strip()
    if value in vocab:
        return value
    for code, label in vocab.items():
        if value == label:
            return code
    return None


def known_lines(community=None) -> list[str]:
    """The business lines: the setting's, then the affairs list's categories."""
    lines = list(settings.get("matters.lines", community))
    for (category,) in AffairItem.live(AffairItem.category).distinct().tuples():
        if category and category not in lines:
            lines.append(category)
    return lines


def check_line(line: str, community=None, where: str = "业务口") -> str:
    line = unicodedata.normalize("NFKC", line or "").strip()
    lines = known_lines(community)
    if line not in lines:
        raise ValidationError(f"没有业务口“{printable(line)}”（可选：{'、'.join(lines)}）", where)
    return line


def find_affair(text: str) -> AffairItem | None:
    text = (text or "").strip()
    return (AffairItem.live().where(AffairItem.code == text).first()
            or AffairItem.live().where(AffairItem.name == text).first())


def find_grid(name: str, community: str = "") -> Grid:
    from gridapp.services.cards import resolve_grid

    return resolve_grid(community, name)


def _when(value, where: str) -> tuple[dt.datetime | None, list[str]]:
    if value in (None, ""):
        return None, []
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if len(text) > 10 and (" " in text or "T" in text):
        try:
            return dt.datetime.fromisoformat(text.replace("T", " ")), []
        except ValueError:
            return None, [f"{where}：“{printable(text)}”不是有效的时间（如 2026-11-22 09:30）"]
    day, issues = parse_date(text, "found_at", where)
    if issues:
        return None, [i.message for i in issues]
    if day is None:
        return None, [f"{where}：“{printable(text)}”不是有效的日期（如 2026-11-22）"]
    return dt.datetime.combine(day, dt.time(9, 0)), []


def _person(text: str, household: Household | None) -> tuple[Person | None, list[str]]:
    """A person by ID number (anywhere) or by name within the household at the place."""
    number = idnumber.normalise(text)
    if len(number) in (15, 18) and number[:-1].isdigit():
        found = Person.live().where(Person.id_number == number).first()
        return found, ([] if found else [f"当事人：没有身份证号为 {idnumber.mask(number)} 的人员"])
    name = clean_name(text)
    if household is None:
        return None, [f"当事人：按姓名“{printable(name)}”查找须先写明其住址（地点），或改用身份证号"]
    found = Person.live().where(Person.household == household, Person.name == name).first()
    return found, ([] if found else [f"当事人：{printable(name)} 不是该地址住户的成员"])


def parse(raw, today: dt.date | None = None) -> tuple[MatterInput, list[str]]:
    """``raw`` (a dict) as a matter, and the problems found (each naming its field)."""
    today = today or dt.date.today()
    if not isinstance(raw, dict):
        return MatterInput(), ["每个事项须为 JSON 对象（{…}）"]
    problems: list[str] = []
    unknown = [k for k in raw if k not in LABELS]
    if unknown:
        problems.append("不认识的字段：" + "、".join(printable(str(k)) for k in unknown))
    for key, value in raw.items():
        if key in LABELS and key != "photos" and value is not None and not isinstance(value, str):
            problems.append(f"{LABELS[key]}（{key}）须为文字，不是 {type(value).__name__}")
    if raw.get("photos") is not None and (not isinstance(raw["photos"], list)
                                          or not all(isinstance(p, str) for p in raw["photos"])):
        problems.append("照片（photos）须为文件名的列表")
    if problems:
        return MatterInput(), problems

    def text(key: str) -> str:
        value = unicodedata.normalize("NFC", raw.get(key) or "").strip()
        multiline = key == "description"
        problems.extend(i.message for i in check_text(value, key, LABELS[key], TEXT_LIMITS.get(key), multiline))
        return value

    m = MatterInput(photos=list(raw.get("photos") or []))
    kind = text("kind")
    m.kind = code_of(KINDS, kind) or ""
    if not m.kind:
        problems.append(f"类型：“{printable(kind)}”不对（可选：{'、'.join(KINDS.values())}）" if kind else
                        "类型：缺少事项类型（" + "、".join(KINDS.values()) + "）")
    urgency = text("urgency")
    m.urgency = code_of(URGENCY, urgency) or ("normal" if not urgency else "")
    if not m.urgency:
        problems.append(f"紧急程度：“{printable(urgency)}”不对（可选：{'、'.join(URGENCY.values())}）")
    grid, community = text("grid"), text("community")
    if grid:
        try:
            m.grid = find_grid(grid, community)
        except ValidationError as exc:
            problems.append(f"网格：{exc.message}")
    m.place = text("place")
    m.description = text("description")
    if not m.description:
        problems.append("事项内容：不能为空，请写明发现或反映的情况")
    address = addresses.parse(m.place) if m.place else None
    if address is not None and m.grid is not None:
        m.house = addresses.find_house(m.grid, address.building, address.unit, address.room)
        m.building = m.house.building if m.house else addresses.find_building(m.grid, address.building)
        there = addresses.households_at(m.house) if m.house else []
        m.household = there[0] if len(there) == 1 else None
    elif m.place and m.grid is not None:
        m.building = addresses.find_building(m.grid, m.place)
    person = text("person")
    if person:
        m.person, found = _person(person, m.household)
        problems += found
        if m.person is not None:
            m.household = m.person.household
    m.contact_name = clean_name(text("contact_name"))
    phone = text("contact_phone")
    m.contact_phone = normalise_phone(phone)
    problems += [f"联系电话：{i.message}" for i in check_phone(m.contact_phone, "contact_phone")]
    affair = text("affair")
    if affair:
        m.affair = find_affair(affair)
        if m.affair is None:
            problems.append(f"事务清单事项：清单中没有编号或名称为“{printable(affair)}”的事项")
    line = text("line")
    com = m.grid.community_id if m.grid is not None else None
    if line:
        try:
            m.line = check_line(line, com)
        except ValidationError as exc:
            problems.append(exc.args[0])
    elif m.affair is not None:
        m.line = m.affair.category or ""
    m.found_by = clean_name(text("found_by"))
    m.found_at, found = _when(raw.get("found_at"), "发现/受理时间")
    problems += found
    if m.found_at is not None and not (EARLIEST <= m.found_at.date() <= today):
        problems.append(f"发现/受理时间：{m.found_at:%Y-%m-%d} 不可能（须在 {EARLIEST.year} 年以后、不晚于今天）")
    return m, problems
