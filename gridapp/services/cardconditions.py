"""A supplementary field's condition (显示条件): when the field is asked at all.

Written as people say it, clauses joined by “；” (or “且”, “;”), all of which must hold:

    居住状态=流入          only when the person's status is inflow
    性别=女；年龄=15-49    only for women aged 15 to 49
    医保类型=未参保        only when another field of the same card level has this value

The subjects of a household field are the household head's. A condition that does not hold
hides the field in the form, makes it not required, and refuses a value typed into it.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from gridapp import vocab
from gridapp.errors import ValidationError

# subject: (label, the words accepted for it)
SUBJECTS = {
    "status": ("居住状态", ("居住状态", "状态", "status")),
    "gender": ("性别", ("性别", "gender", "sex")),
    "age": ("年龄", ("年龄", "age")),
    "relation": ("与户主关系", ("与户主关系", "关系", "relation")),
}
_SPLIT = re.compile(r"\s*(?:；|;|且|\band\b)\s*")
_CLAUSE = re.compile(r"^\s*([^=≠!]+?)\s*(=|!=|≠)\s*(.+?)\s*$")
_RANGE = re.compile(r"^(\d{1,3})?\s*[-–—~～至到]\s*(\d{1,3})?$")


@dataclass(frozen=True)
class Clause:
    subject: str  # a SUBJECTS key, or a supplementary field's key
    negated: bool
    value: Any  # a code, a text, or (low, high) for age: which one, ``subject`` says

    def text(self, labels: dict[str, str]) -> str:
        name = SUBJECTS[self.subject][0] if self.subject in SUBJECTS else labels.get(self.subject, self.subject)
        if self.subject == "age":
            low, high = self.value
            shown = f"{'' if low is None else low}-{'' if high is None else high}"
        elif self.subject == "status":
            shown = vocab.STATUS[self.value]
        elif self.subject == "gender":
            shown = vocab.GENDER[self.value]
        else:
            shown = self.value
        return f"{name}{'≠' if self.negated else '='}{shown}"


def _subject(word: str, labels: dict[str, str]) -> str:
    for key, (_, words) in SUBJECTS.items():
        if word.lower() in words:
            return key
    for key, label in labels.items():
        if word in (key, label):
            return key
    known = [s[0] for s in SUBJECTS.values()] + list(labels.values())
    raise ValidationError(f"条件里的“{word}”不是可用的项目（可用：{'、'.join(known)}）", "显示条件")


def _value(subject: str, text: str):
    if subject == "status":
        return vocab.code_of(vocab.STATUS, text, "居住状态")
    if subject == "gender":
        return vocab.code_of(vocab.GENDER, text.replace("性", ""), "性别")
    if subject == "age":
        found = _RANGE.match(text.replace("岁", ""))
        if text.isdigit():
            return (int(text), int(text))
        if not found or found.group(1) is None and found.group(2) is None:
            raise ValidationError(f"年龄须写成范围，如 15-49，不是“{text}”", "显示条件")
        low, high = (None if g is None else int(g) for g in found.groups())
        if low is not None and high is not None and low > high:
            raise ValidationError(f"年龄范围 {low}-{high} 下限大于上限", "显示条件")
        return (low, high)
    return text


def parse(text: str, labels: dict[str, str] | None = None) -> list[Clause]:
    """The clauses of a condition; ``labels``: {key: label} of the fields it may name."""
    labels = labels or {}
    text = unicodedata.normalize("NFKC", (text or "").strip())
    clauses = []
    for part in _SPLIT.split(text):
        if not part:
            continue
        found = _CLAUSE.match(part)
        if not found:
            raise ValidationError(f"“{part}”应写成 项目=值（如 居住状态=流入、年龄=15-49）", "显示条件")
        subject = _subject(found.group(1), labels)
        clauses.append(Clause(subject, found.group(2) != "=", _value(subject, found.group(3))))
    return clauses


def canonical(text: str, labels: dict[str, str] | None = None) -> str:
    """The condition checked and written the one way it is stored."""
    labels = labels or {}
    return "；".join(c.text(labels) for c in parse(text, labels))


def age_on(birth: dt.date | None, today: dt.date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def context(person, extra: dict | None = None, today: dt.date | None = None) -> dict:
    """What conditions look at, from anything with status, gender, birth_date, relation."""
    today = today or dt.date.today()
    found = {"status": getattr(person, "status", None), "gender": getattr(person, "gender", None),
             "age": age_on(getattr(person, "birth_date", None), today),
             "relation": getattr(person, "relation", None)}
    found.update(extra or {})
    return found


def holds(clauses: list[Clause], facts: dict | None) -> bool:
    """Whether every clause holds; with no facts (nothing known of the person) a field is asked."""
    if not clauses or facts is None:
        return True
    for c in clauses:
        have = facts.get(c.subject)
        if c.subject == "age":
            low, high = c.value
            ok = have is not None and (low is None or have >= low) and (high is None or have <= high)
        elif isinstance(have, list):
            ok = c.value in have
        else:
            ok = have is not None and str(have) == str(c.value) if not isinstance(have, bool) else \
                (("是" if have else "否") == c.value)
        if ok == c.negated:
            return False
    return True


def facts_of_typed(member: dict, today: dt.date | None = None) -> dict:
    """What conditions look at, from a member as typed in the form (the ID number gives sex
    and age; a number not yet complete gives nothing)."""
    from gridapp import idnumber

    today = today or dt.date.today()
    gender = birth = None
    try:
        info = idnumber.parse(member.get("id_number") or "", today=today)
        gender, birth = info.gender, info.birth_date
    except ValidationError:
        pass
    return {"status": member.get("status") or "resident", "gender": member.get("gender") or gender,
            "age": age_on(birth, today), "relation": member.get("relation") or ""}
