"""The service-needs sheet (服务需求供给表, seed 001) of a must-visit person: needs, the usual
hospital, emergency contacts, entitlements (长寿补贴 …) and, when set, the person's own visit
interval. Read masked by role; written whole after every field is checked."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from typing import Any

from gridapp import categories as cats
from gridapp import privacy
from gridapp.categories import MUST_VISIT_MASK
from gridapp.errors import ValidationError
from gridapp.models import Building, Grid, House, Household, Person, ServiceSheet, database
from gridapp.plaintext import controls, printable
from gridapp.services.checks import parse_phone
from gridapp.services.typedtext import text_field
from gridapp.store.roles import require

FIELDS = ("needs", "hospital", "contacts", "entitlements", "interval_days", "note")
LABELS = {"needs": "服务需求", "hospital": "常去医院", "contacts": "紧急联系人", "entitlements": "享受待遇",
          "interval_days": "走访间隔（天）", "note": "备注"}
LIMITS = {"needs": 2000, "hospital": 60, "note": 1000}
MAX_INTERVAL = 366
ENTITLEMENT_EXAMPLES = ("长寿补贴", "高龄津贴", "残疾人两项补贴", "低保", "特困供养", "医疗救助")


def find_person(name_or_id: str, community=None) -> Person:
    """A present must-visit person by id or by name (a name must be unique in the scope)."""
    text = unicodedata.normalize("NFKC", str(name_or_id or "")).strip()
    if not text:
        raise ValidationError("请填写五必访对象的姓名或编号。", "人员")
    q = (Person.live().join(Household, on=(Person.household == Household.id))
         .join(House, on=(Household.house == House.id)).join(Building, on=(House.building == Building.id))
         .join(Grid, on=(Building.grid == Grid.id))
         .where(Person.departed_on.is_null()))
    if community is not None:
        q = q.where(Grid.community == getattr(community, "id", community))
    by_id = re.fullmatch(r"[0-9a-fA-F-]{32,36}", text)
    found = list(q.where(Person.id == text) if by_id else q.where(Person.name == text))
    if not found:
        raise ValidationError(f"找不到在册人员“{printable(text)}”。", "人员")
    if len(found) > 1:
        raise ValidationError(f"有 {len(found)} 位在册人员叫“{printable(text)}”：请用编号指定（followup list --json 可查）。",
                              "人员")
    person = found[0]
    if not person.categories & MUST_VISIT_MASK:
        raise ValidationError(f"“{person.name}”不是五必访对象（老年人、体弱多病、儿童、残疾人、怀孕对象）。", "人员")
    return person


def _community_of(person: Person):
    return (Grid.select(Grid.community).join(Building, on=(Building.grid == Grid.id))
            .join(House, on=(House.building == Building.id)).join(Household, on=(Household.house == House.id))
            .where(Household.id == person.household_id).scalar())


def current(person: Person) -> ServiceSheet | None:
    return ServiceSheet.live().where(ServiceSheet.person == person).order_by(ServiceSheet.clock.desc()).first()


def _text(value, key: str, multiline: bool = False) -> str:
    return text_field(value, LABELS[key], LIMITS[key], multiline=multiline)


def parse_contact(text: str) -> dict:
    """``张小明 儿子 138-0000-1234`` (or with commas) as a contact: name, relation, phone."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    m = re.search(r"[0-9][0-9\s\-+()转]*$", text)
    phone = m.group().strip() if m else ""
    words = [w for w in re.split(r"[\s,，、;；:：]+", text[:m.start()] if m else text) if w]
    return {"name": words[0] if words else "", "relation": " ".join(words[1:]), "phone": phone}


def _contacts(value) -> list[dict]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError("须为列表（[…]）", "紧急联系人")
    out = []
    for n, item in enumerate(value, 1):
        where = f"紧急联系人第 {n} 项"
        if isinstance(item, str):
            item = parse_contact(item)
        if not isinstance(item, dict):
            raise ValidationError("须为对象（姓名 name、关系 relation、电话 phone）", where)
        contact = {}
        for key, label in (("name", "姓名"), ("relation", "关系"), ("phone", "电话")):
            value_ = item.get(key, "")
            if not isinstance(value_, str):
                raise ValidationError(f"{label}须为文字", where)
            value_ = value_.strip()
            if controls(value_):
                raise ValidationError(f"{label}含有不可见的控制字符", where)
            if len(value_) > 40:
                raise ValidationError(f"{label}超过 40 个字符", where)
            contact[key] = value_
        if not contact["name"]:
            raise ValidationError("须填写姓名", where)
        if not contact["phone"]:
            raise ValidationError(f"“{printable(contact['name'])}”缺少电话：每项写成“姓名 关系 电话”，"
                                  "如“孙小 儿子 138-0000-5555”", where)
        phone = parse_phone(contact["phone"])
        if phone is None:
            raise ValidationError(f"电话“{printable(contact['phone'])}”格式不对：手机为 11 位，以 1 开头；"
                                  "座机须带区号（如 0898-66668888）", where)
        contact["phone"] = phone
        out.append(contact)
    return out


def _entitlements(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [v for v in re.split(r"[,，、;；\n]+", value) if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError("须为文字列表，如 [\"长寿补贴\"]", "享受待遇")
    out = []
    for v in value:
        v = v.strip()
        if controls(v) or len(v) > 40:
            raise ValidationError(f"“{printable(v)}”含控制字符或超过 40 个字符", "享受待遇")
        if v and v not in out:
            out.append(v)
    return out


def _interval(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if not text.isdigit():
            raise ValidationError(f"须为天数（整数），不是“{printable(value)}”", "走访间隔（天）")
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("须为天数（整数）", "走访间隔（天）")
    if not 1 <= value <= MAX_INTERVAL:
        raise ValidationError(f"须在 1 到 {MAX_INTERVAL} 天之间，不是 {value}", "走访间隔（天）")
    return value


def check(values: dict) -> dict:
    """The fields given, checked and in stored form (unknown keys refused)."""
    if not isinstance(values, dict):
        raise ValidationError("须为对象（{…}）", "服务需求供给表")
    unknown = [k for k in values if k not in FIELDS]
    if unknown:
        raise ValidationError(f"没有字段 {'、'.join(map(str, unknown))}；可用：{'、'.join(FIELDS)}", "服务需求供给表")
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key == "contacts":
            out[key] = _contacts(value)
        elif key == "entitlements":
            out[key] = _entitlements(value)
        elif key == "interval_days":
            out[key] = _interval(value)
        else:
            out[key] = _text(value, key, multiline=key in ("needs", "note"))
    return out


def save(person: Person, values: dict, today: dt.date | None = None) -> ServiceSheet:
    """Set the fields given on the person's sheet (made on first use); nothing is written when a field is wrong."""
    require("cards.edit")
    checked = check(values)
    if not person.categories & MUST_VISIT_MASK:
        raise ValidationError(f"“{person.name}”不是五必访对象。", "人员")
    with database.atomic():
        sheet = current(person) or ServiceSheet(person=person, community=_community_of(person))
        for key, value in checked.items():
            setattr(sheet, key, json.dumps(value, ensure_ascii=False) if key in ("contacts", "entitlements") else value)
        sheet.updated_on = today or dt.date.today()
        sheet.save()
        return sheet


def view(person: Person, full: bool | None = None) -> dict:
    """The person's sheet as shown: contacts' phones masked unless the role sees them in full."""
    full = privacy.sees_full() if full is None else full
    sheet = current(person)
    contacts = json.loads(sheet.contacts) if sheet else []
    if not full:
        contacts = [{**c, "phone": privacy.mask_phone(c["phone"])} for c in contacts]
    return {"person_id": str(person.id), "name": person.name,
            "categories": [cats.BY_CODE[c].label for c in cats.from_mask(person.categories, cats.PERSON)
                           if c in cats.MUST_VISIT_CODES],
            "phone": person.phone if full else privacy.mask_phone(person.phone),
            "needs": sheet.needs if sheet else "", "hospital": sheet.hospital if sheet else "",
            "contacts": contacts, "entitlements": json.loads(sheet.entitlements) if sheet else [],
            "interval_days": sheet.interval_days if sheet else None, "note": sheet.note if sheet else "",
            "updated_on": sheet.updated_on.isoformat() if sheet and sheet.updated_on else None}


def for_print(rows, masked: bool = False) -> list[dict]:
    """The sheets of these follow-up rows (``followup.people``), ready to print: phones masked
    when asked, and always for a role that may not print them in full; the print is recorded
    in the audit trail."""
    from gridapp.store import audit
    from gridapp.store.roles import allowed

    full = not masked and allowed("export.full")
    people_ = {p.id.hex: p for p in Person.select().where(Person.id.in_([r.person_id for r in rows]))} if rows else {}
    out = []
    for r in rows:
        person = people_[r.person_id.replace("-", "")]
        out.append({**view(person, full), "age": r.age, "address": r.address, "community": r.community,
                    "grid": r.grid, "workers": r.workers, "interval": r.interval,
                    "last_visit": r.last_visit, "next_due": r.next_due, "situation": r.situation,
                    "gender": {"M": "男", "F": "女"}.get(person.gender, "")})
    audit.record_print("service_sheet", f"服务需求供给表 {len(out)} 份" + ("（完整电话）" if full else ""))
    return out
