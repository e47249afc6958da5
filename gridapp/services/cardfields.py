"""A community's supplementary card fields (社区补充项, seed 000): defined per community,
stored as JSON in the household's or person's ``extra`` column, checked against the
definition on every write."""

from __future__ import annotations

import datetime as dt
import json
import re

from gridapp.errors import ValidationError
from gridapp.memo import batched
from gridapp.models import CardField, Community, Household, Person, database
from gridapp.plaintext import controls, describe

KINDS = {"text": "文字", "int": "整数", "date": "日期", "choice": "选项", "bool": "是/否"}
LEVELS = {"household": "户", "person": "人员"}
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


@batched
def definitions(community_id, level: str) -> list[CardField]:
    return list(CardField.live().where(CardField.community == community_id, CardField.level == level)
                .order_by(CardField.position, CardField.label))


def define(community: Community, level: str, key: str, label: str, kind: str = "text",
           choices: list[str] | None = None, required: bool = False) -> CardField:
    from gridapp.store.roles import require

    require("templates.edit")
    """Add or change a field; the key is what files and JSON use, the label what people read."""
    if level not in LEVELS:
        raise ValidationError(f"层级须为 household 或 person，不是 “{level}”", "补充项")
    if not _KEY.match(key or ""):
        raise ValidationError(f"键名 “{key}” 须为小写字母开头的字母、数字或下划线", "补充项")
    if kind not in KINDS:
        raise ValidationError(f"类型 “{kind}” 无效（可选：{'、'.join(KINDS)}）", f"补充项“{label}”")
    if kind == "choice" and not choices:
        raise ValidationError("选项类型须给出可选值", f"补充项“{label}”")
    if not (label or "").strip():
        raise ValidationError("名称不能为空", f"补充项“{key}”")
    with database.atomic():
        row = CardField.live().where(CardField.community == community, CardField.level == level,
                                     CardField.key == key).first()
        if row is None:
            row = CardField(community=community, level=level, key=key,
                            position=len(definitions(community.id, level)))
        row.label, row.kind, row.required = label.strip(), kind, required
        row.choices = json.dumps(choices or [], ensure_ascii=False)
        row.save()
    return row


def _coerce(field: CardField, value):
    where = f"补充项“{field.label}”"
    if field.kind == "text":
        found = controls(str(value), "\n")  # a note may have several lines
        if found:
            raise ValidationError(f"含有不可见的控制字符（{describe(found)}）", where)
        return str(value).strip()
    if field.kind == "int":
        if isinstance(value, bool):
            raise ValidationError("须为整数", where)
        try:
            return int(str(value).strip())
        except ValueError:
            raise ValidationError(f"须为整数，不是 “{value}”", where) from None
    if field.kind == "date":
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise ValidationError(f"须为日期（如 2026-11-22），不是 “{value}”", where) from None
    if field.kind == "bool":
        if value in (True, "是", "true", "1", 1):
            return True
        if value in (False, "否", "false", "0", 0):
            return False
        raise ValidationError(f"须为 是 或 否，不是 “{value}”", where)
    choices = json.loads(field.choices)
    if value not in choices:
        raise ValidationError(f"“{value}” 不在可选值中（{'、'.join(choices)}）", where)
    return value


def validate_extra(community_id, level: str, extra: dict | None, defined: list[CardField] | None = None) -> dict:
    """The supplementary values checked and normalised; every problem named at once.

    ``defined``: the community's definitions for the level, when the caller already has them."""
    extra = dict(extra or {})
    fields = {f.key: f for f in (defined if defined is not None else definitions(community_id, level))}
    labels = {f.label: f.key for f in fields.values()}
    clean, problems = {}, []
    for key, value in extra.items():
        key = labels.get(key, key)  # a label is accepted in place of the key
        field = fields.get(key)
        if field is None:
            problems.append(f"本社区没有补充项 “{key}”")
            continue
        if value is None or value == "":
            continue
        try:
            clean[key] = _coerce(field, value)
        except ValidationError as exc:
            problems.append(str(exc))
    for field in fields.values():
        if field.required and field.key not in clean:
            problems.append(f"补充项“{field.label}”必填")
    if problems:
        raise ValidationError("；".join(problems))
    return clean


def community_of_household(household: Household):
    return household.house.building.grid.community_id


def set_extra(record: Household | Person, extra: dict) -> dict:
    """Check ``extra`` against the record's community and store it."""
    household = record if isinstance(record, Household) else record.household
    level = "household" if isinstance(record, Household) else "person"
    clean = validate_extra(community_of_household(household), level, extra)
    with database.atomic():
        record.extra = json.dumps(clean, ensure_ascii=False, sort_keys=True)
        record.save()
    return clean
