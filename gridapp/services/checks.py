"""Checks a card's fields as they are typed and before they are saved.

Each check returns ``Issue``s: an error blocks saving the card as keyed (it can be
parked as a draft); a warning needs one confirmation. Messages are Chinese and name
the field. The same checks serve the entry form, the JSON batch import and the
spreadsheet import.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from gridapp import idnumber
from gridapp.errors import ValidationError
from gridapp.plaintext import controls, describe, printable

ERROR, WARNING = "error", "warning"

# relations that fix a gender, and how many years older (+) or younger (-) than the head they must be
RELATION_GENDER = {
    "子": "M", "女": "F", "孙子": "M", "孙女": "F", "外孙子": "M", "外孙女": "F", "儿媳": "F", "女婿": "M",
    "父亲": "M", "母亲": "F", "公公": "M", "婆婆": "F", "岳父": "M", "岳母": "F", "祖父": "M", "祖母": "F",
    "外祖父": "M", "外祖母": "F", "兄": "M", "弟": "M", "姐": "F", "妹": "F", "侄子": "M", "侄女": "F",
    "曾孙子": "M", "曾孙女": "F",
}
YOUNGER_BY = {"子": 15, "女": 15, "孙子": 30, "孙女": 30, "外孙子": 30, "外孙女": 30,
              "曾孙子": 45, "曾孙女": 45, "侄子": 5, "侄女": 5}
OLDER_BY = {"父亲": 15, "母亲": 15, "公公": 15, "婆婆": 15, "岳父": 15, "岳母": 15,
            "祖父": 30, "祖母": 30, "外祖父": 30, "外祖母": 30}
MOBILE = re.compile(r"^1[3-9]\d{9}$")

# limits of what a card can plausibly hold (docs/cards-format.md)
NAME_LIMIT = 50  # characters in a name: the longest transcribed minority names stay well below
TEXT_LIMITS = {"card_no": 20, "building": 50, "room": 20, "relation": 10, "ethnicity": 20,
               "hukou_place": 100, "inflow_origin": 100, "name": NAME_LIMIT}
UNIT_LIMIT = 99
EARLIEST_COLLECTION = dt.date(2000, 1, 1)
EARLIEST_BIRTH = dt.date(1900, 1, 1)
MEMBERS_WARNING = 15  # more members than this: a warning to confirm


@dataclass(frozen=True)
class Issue:
    level: str
    field: str  # e.g. "members[1].id_number", "address"
    message: str

    def __str__(self) -> str:
        return self.message


def age_on(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def clean_name(text: str) -> str:
    text = unicodedata.normalize("NFC", text or "").strip()
    text = re.sub(r"\s+", "", text)
    return text.replace("•", "·").replace("・", "·")


# separators people write inside a phone number: spaces, hyphens and dashes, dots, slashes, brackets
_PHONE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―.·/()（）]+")
_EXTENSION = re.compile(r"^(.*?\d)\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$", re.IGNORECASE)
_COUNTRY = re.compile(r"^[(（]\s*(?:\+|00)?\s*86\s*[)）]|^(?:\+|00)\s*86")


def _landline(digits: str) -> tuple[str, str] | None:
    """Area code and local number: 010 and 02x have three digits, every other area code four."""
    area = 3 if digits[1:2] in ("1", "2") else 4
    local = digits[area:]
    return (digits[:area], local) if 7 <= len(local) <= 8 and local[0] != "0" else None


def parse_phone(text: str) -> str | None:
    """A Chinese phone number in its stored form, or None when it cannot be one.

    Mobiles are stored as their 11 digits (13890943754); landlines as area code, hyphen,
    local number (0898-66668888), and an extension after 转 (0898-66668888转123). Spaces,
    hyphens, dots and brackets between digits, full-width digits and a +86 / 0086 prefix
    are accepted; an extension may follow 转, 分机, ext, x, # or a last hyphen."""
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        return None
    extension = ""
    m = _EXTENSION.match(text)
    if m:
        text, extension = m.group(1), m.group(2)
    international = bool(_COUNTRY.match(text))
    if international:
        text = _COUNTRY.sub("", text, count=1)
    groups = _PHONE_SEPARATORS.split(text.strip())
    if not all(g.isdigit() and g.isascii() for g in groups if g) or not any(groups):
        return None
    digits = "".join(groups)
    if not extension and MOBILE.match(digits):
        return digits
    if not extension and not international and len(digits) == 13 and digits.startswith("86") \
            and MOBILE.match(digits[2:]):
        return digits[2:]
    if international and not digits.startswith("0"):
        digits = "0" + digits  # +86 898 6666 8888: the trunk 0 comes back
    if not digits.startswith("0") or len(digits) < 3:
        return None
    found = _landline(digits)
    if found is None and not extension and len(groups) > 2 and len(groups[-1]) <= 6:
        extension = groups[-1]  # 0898-66668888-123
        found = _landline(digits[:-len(extension)])
    if found is None:
        return None
    area, local = found
    return f"{area}-{local}" + (f"转{extension}" if extension else "")


def check_text(text: str, field: str, label: str, limit: int | None = None, multiline: bool = False) -> list[Issue]:
    """No control characters (a line break only in ``multiline`` text) and at most ``limit`` characters."""
    issues = []
    found = controls(text, "\n" if multiline else "")
    if found:
        issues.append(Issue(ERROR, field, f"{label}“{printable(text)}”含有不可见的控制字符（{describe(found)}），"
                                          "请删去后重新输入"))
    limit = limit or TEXT_LIMITS.get(field.rsplit(".", 1)[-1])
    if limit and len(text) > limit:
        hint = "（少数民族姓名一般也在此以内）：请核对是否把别的内容填进了姓名" if field.endswith("name") else ""
        issues.append(Issue(ERROR, field, f"{label}有 {len(text)} 个字符，超过上限 {limit}{hint}"))
    return issues


def normalise_phone(text: str) -> str:
    """The stored form of a phone number; what was typed (tidied) when it cannot be one."""
    return parse_phone(text) or unicodedata.normalize("NFKC", text or "").strip()


def check_phone(text: str, field: str) -> list[Issue]:
    if text and parse_phone(text) is None:
        return [Issue(ERROR, field, f"电话号码 “{printable(text)}” 格式不对：手机为 11 位，以 1 开头"
                                    "（如 138-9094-3754）；座机须带区号（如 0898-66668888，分机写在“转”后）")]
    return []


def parse_date(value, field: str, label: str) -> tuple[dt.date | None, list[Issue]]:
    if value in (None, ""):
        return None, []
    if isinstance(value, dt.date):
        return value, []
    text = unicodedata.normalize("NFKC", str(value)).strip()
    for pattern in (r"^(\d{4})-(\d{1,2})-(\d{1,2})$", r"^(\d{4})/(\d{1,2})/(\d{1,2})$",
                    r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$", r"^(\d{4})(\d{2})(\d{2})$",
                    r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"):
        m = re.match(pattern, text)
        if m:
            try:
                return dt.date(*map(int, m.groups())), []
            except ValueError:
                break
    return None, [Issue(ERROR, field, f"{label} “{value}” 不是有效日期（如 2026-11-22）")]


def parse_month(value) -> tuple[int, int] | None:
    """A month as people type it: 2026-11, 2026/11, 2026.11, 2026年11月 (full-width digits too);
    (year, month), or None when it is not one."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    m = re.fullmatch(r"(\d{4})\s*[-/.]\s*(\d{1,2})", text) or re.fullmatch(r"(\d{4})\s*年\s*(\d{1,2})\s*月", text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return int(m.group(1)), int(m.group(2))


@dataclass
class IdCheck:
    number: str | None
    birth_date: dt.date | None
    gender: str | None
    issues: list[Issue]


def check_id(text: str, field: str, today: dt.date) -> IdCheck:
    if not (text or "").strip():
        return IdCheck(None, None, None, [])
    try:
        info = idnumber.parse(text, today=today)
    except ValidationError as exc:
        return IdCheck(None, None, None, [Issue(ERROR, field, str(exc))])
    issues = [Issue(WARNING, field, w) for w in info.warnings]
    if info.upgraded_from:
        issues.append(Issue(WARNING, field, f"15 位号码已升级为 18 位：{info.number}"))
    return IdCheck(info.number, info.birth_date, info.gender, issues)


def check_relation(relation: str, gender: str | None, birth: dt.date | None,
                   head_gender: str | None, head_birth: dt.date | None, field: str, today: dt.date) -> list[Issue]:
    """Age and gender against the relation to the head: warnings, since families vary."""
    issues = []
    want = RELATION_GENDER.get(relation)
    if want and gender and gender != want:
        issues.append(Issue(WARNING, field, f"与户主关系为“{relation}”，性别却是{'男' if gender == 'M' else '女'}"))
    if relation == "配偶" and gender and head_gender and gender == head_gender:
        issues.append(Issue(WARNING, field, "配偶与户主性别相同，请核对"))
    if birth is None:
        return issues
    age = age_on(birth, today)
    if relation == "配偶" and age < 20:
        issues.append(Issue(WARNING, field, f"配偶年龄 {age} 岁，请核对"))
    if relation == "户主" and age < 16:
        issues.append(Issue(WARNING, field, f"户主年龄 {age} 岁，请核对"))
    if head_birth is not None and relation != "户主":
        gap = age_on(birth, head_birth) if birth <= head_birth else -age_on(head_birth, birth)
        # gap > 0: older than the head by ``gap`` years
        if relation in YOUNGER_BY and -gap < YOUNGER_BY[relation]:
            issues.append(Issue(WARNING, field, f"“{relation}”只比户主小 {-gap} 岁，请核对"))
        if relation in OLDER_BY and gap < OLDER_BY[relation]:
            issues.append(Issue(WARNING, field, f"“{relation}”只比户主大 {gap} 岁，请核对"))
    return issues
