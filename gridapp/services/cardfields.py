"""The supplementary card fields (补充项, seed 000): street-wide ones and each community's own,
stored as JSON in the household's or person's ``extra`` column, checked against the
definition on every write.

A field is text, a whole number, a number, a date, yes/no, one of a list or several of a list;
required or not, with help text, a range and a condition (``cardconditions``). Fields are
added, edited, ordered and retired (no longer asked; the values keyed stay) by leader roles
only. Every change makes a new version of the scope's design (``CardDesign``); a card records
the version it was keyed under."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from gridapp.errors import ValidationError
from gridapp.memo import batched
from gridapp.models import CardField, Community, Household, Person, database
from gridapp.plaintext import controls, describe
from gridapp.services import cardconditions, carddesigns
from gridapp.services.carddesigns import STREET, describe_field, design_at, version  # noqa: F401 (cardfields.* callers)
from gridapp.services.checks import parse_date

KINDS = {"text": "文字", "int": "整数", "number": "数字", "date": "日期", "bool": "是/否",
         "choice": "单选", "multi": "多选"}
LISTED = ("choice", "multi")
RANGED = ("int", "number")
LEVELS = {"household": "户", "person": "人员"}
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_SEPARATORS = re.compile(r"\s*[、,，;；/]\s*")
TRUE, FALSE = ("是", "true", "1", "y", "yes", "有"), ("否", "false", "0", "n", "no", "无")
LABEL_LIMIT = 20  # characters in a field's name, printed on the card
EDITABLE = ("label", "kind", "choices", "required", "help", "condition", "min_value", "max_value")


@batched
def definitions(community_id, level: str, design: str = "") -> list[CardField]:
    """The fields asked on a card of the community, in the form's order: the street-wide ones,
    then the community's own. ``design``: the version a card was keyed under (“street.community”,
    ``Card.design_version``; empty: the design in force): the fields that version asked, as it
    defined them, each with ``retired_since`` saying whether it is no longer asked today; the
    fields added since are not among them."""
    current = [f for f in carddesigns.scope_rows(None, level) if not f.retired] + \
        ([f for f in carddesigns.scope_rows(community_id, level) if not f.retired] if community_id is not None else [])
    try:
        kept = design_at(community_id, design) if design and design != version(community_id) else None
    except ValidationError:  # a version not here (yet): the card is read with the design in force
        kept = None
    if kept is None:
        for f in current:
            f.retired_since = False
        return current
    asked = {f.key for f in current}
    fields = []
    for spec in kept:
        if spec["level"] != level or spec["retired"]:
            continue
        f = CardField(level=level, key=spec["key"], label=spec["label"], kind=spec["kind"],
                      choices=json.dumps(spec["choices"], ensure_ascii=False), required=spec["required"],
                      help=spec["help"], condition=spec["condition"], min_value=spec["min"],
                      max_value=spec["max"], position=spec["position"], retired=False)
        f.retired_since = f.key not in asked
        fields.append(f)
    return fields


def scope_fields(community_id, level: str | None = None) -> list[CardField]:
    """One scope's fields (None: street-wide), retired ones included, in order."""
    return carddesigns.scope_rows(community_id, level)


def card_design(community_id, design: str) -> dict:
    """What the design a card was keyed under (``design``, empty: the one in force) means for
    the card against today's: ``older`` when a newer version is in force, the labels of the
    fields added since (not asked on this card until it is moved to the new version) and of those
    retired since (still asked on this card, their values kept)."""
    current = version(community_id)
    design = design or current
    added, retired = [], []
    if design != current:
        for level in LEVELS:
            kept = {f.key for f in definitions(community_id, level, design)}
            now = definitions(community_id, level)
            added += [f.label for f in now if f.key not in kept]
            retired += [f.label for f in definitions(community_id, level, design) if f.retired_since]
    return {"version": design, "current": current, "older": design != current, "added": added,
            "retired": retired}


# --- checking a definition --------------------------------------------------------------------
def _labels(community_id, level: str, but: str = "") -> dict[str, str]:
    rows = carddesigns.scope_rows(None, level) + (carddesigns.scope_rows(community_id, level) if community_id is not None else [])
    return {f.key: f.label for f in rows if f.key != but}


def _text(value, what: str, where: str, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{what}须为文字", where)
    found = controls(value)
    if found:
        raise ValidationError(f"{what}含有不可见的控制字符（{describe(found)}）", where)
    value = value.strip()
    if required and not value:
        raise ValidationError(f"{what}不能为空", where)
    return value


def _bound(value, what: str, where: str) -> float | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise ValidationError(f"{what}须为数字", where)
    try:
        return float(unicodedata.normalize("NFKC", str(value)).strip())
    except ValueError:
        raise ValidationError(f"{what}须为数字，不是“{value}”", where) from None


def checked(spec: dict, community_id, level: str, where: str | dict[str, str],
            names: dict[str, str] | None = None) -> dict:
    """A field's definition checked and normalised (``spec`` as ``describe_field`` gives it).

    ``where``: what messages name, or {attribute: where, "*": where} to name a column per
    attribute; ``names``: {key: label} of the fields a condition may name (default: the
    stored ones of the level)."""
    def at(attr: str) -> str:
        return where.get(attr, where["*"]) if isinstance(where, dict) else where

    if level not in LEVELS:
        raise ValidationError(f"层级须为 household（户）或 person（人员），不是“{level}”", at("level"))
    key = spec.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise ValidationError(f"键名“{key}”须为小写字母开头的字母、数字或下划线（至多 32 个）", at("key"))
    label = re.sub(r"\s+", "", _text(spec.get("label"), "名称", at("label"), required=True))  # 医疗 保险 is 医疗保险
    if len(label) > LABEL_LIMIT:
        raise ValidationError(f"名称有 {len(label)} 个字，超过上限 {LABEL_LIMIT}（名称印在卡上；要说明的写在填写说明里）",
                              at("label"))
    kind = spec.get("kind") or "text"
    if kind not in KINDS:
        raise ValidationError(f"类型“{kind}”无效（可选：{'、'.join(f'{k}（{v}）' for k, v in KINDS.items())}）",
                              at("kind"))
    choices = spec.get("choices") or []
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        raise ValidationError("可选值须为文字的列表", at("choices"))
    choices = [_text(c, "可选值", at("choices"), required=True) for c in choices]
    if kind in LISTED and not choices:
        raise ValidationError("单选、多选类型须给出可选值", at("choices"))
    if len(set(choices)) != len(choices):
        raise ValidationError("可选值有重复", at("choices"))
    if kind not in LISTED:
        choices = []
    required = spec.get("required", False)
    if not isinstance(required, bool):
        raise ValidationError("是否必填须为 true 或 false", at("required"))
    low, high = _bound(spec.get("min"), "下限", at("min")), _bound(spec.get("max"), "上限", at("max"))
    if kind not in RANGED and (low is not None or high is not None):
        raise ValidationError("只有整数、数字类型可以设范围", at("min"))
    if low is not None and high is not None and low > high:
        raise ValidationError(f"下限 {carddesigns.plain(low)} 大于上限 {carddesigns.plain(high)}", at("min"))
    condition = _text(spec.get("condition"), "显示条件", at("condition"))
    if condition:
        names = names if names is not None else _labels(community_id, level, but=key)
        try:
            condition = cardconditions.canonical(condition, {k: v for k, v in names.items() if k != key})
            _offered_values(condition, community_id, level, names)
        except ValidationError as exc:
            raise ValidationError(exc.message, at("condition")) from None
    return {"key": key, "label": label, "kind": kind, "choices": choices, "required": required,
            "help": _text(spec.get("help"), "说明", at("help")), "condition": condition,
            "min_value": low, "max_value": high}


# --- changing a design -----------------------------------------------------------------------
def _require() -> None:
    from gridapp.store.roles import require

    require("templates.edit")


def _find(community_id, level: str | None, name: str) -> CardField:
    rows = [f for f in carddesigns.scope_rows(community_id, level) if name in (f.key, f.label)]
    if not rows:
        scope = STREET if community_id is None else Community.get_by_id(community_id).name
        raise ValidationError(f"{scope}没有补充项“{name}”", "补充项")
    if len(rows) > 1:
        raise ValidationError(f"户和人员都有补充项“{name}”：请用 --level 指明", "补充项")
    return rows[0]


def _clash(community_id, level: str, key: str) -> None:
    """A key is unique on a card: a community field may not take a street-wide one's key."""
    others = carddesigns.scope_rows(None, level) if community_id is not None else \
        list(CardField.live().where(CardField.community.is_null(False), CardField.level == level))
    if any(f.key == key for f in others):
        raise ValidationError(f"键名“{key}”已被{'全街道' if community_id is not None else '某社区'}的补充项使用",
                              "补充项")


def _offered_values(condition: str, community_id, level: str, names: dict[str, str]) -> None:
    """A condition on a stored field of choices names one of its choices (else the field it
    governs would never be asked)."""
    stored = {f.key: f for f in carddesigns.scope_rows(None, level) + (
        carddesigns.scope_rows(community_id, level) if community_id is not None else []) if f.kind in LISTED}
    for clause in cardconditions.parse(condition, names):
        field = stored.get(clause.subject)
        if field is None:
            continue
        offered = json.loads(field.choices or "[]")
        if offered and clause.value not in offered:
            raise ValidationError(f"“{clause.value}” 不是{field.label}的可选值（可选：{'、'.join(offered)}）", "显示条件")


def _label_taken(community_id, level: str, label: str, key: str) -> None:
    """Two fields asked on one card do not share a name: the clerk, a list condition and the
    statistics tell them apart by it. A street-wide field is on every community's card."""
    rows = carddesigns.scope_rows(None, level) + (carddesigns.scope_rows(community_id, level) if community_id is not None else list(
        CardField.live().where(CardField.community.is_null(False), CardField.level == level)))
    same = next((f for f in rows if f.label == label and f.key != key and not f.retired), None)
    if same is not None:
        whose = "全街道" if same.community_id is None else same.community.name
        raise ValidationError(f"名称“{label}”已被{whose}的补充项（键名 {same.key}）使用，请换一个名称", "补充项")


def _community_id(community) -> object:
    return community.id if isinstance(community, Community) else community


def _assign(row: CardField, clean: dict) -> None:
    for k, v in clean.items():
        setattr(row, k, json.dumps(v, ensure_ascii=False) if k == "choices" else v)


def add(community, level: str, spec: dict) -> CardField:
    """A new field at the end of its level (``community`` None: street-wide)."""
    _require()
    cid = _community_id(community)
    clean = checked(spec, cid, level, f"补充项“{spec.get('label') or spec.get('key')}”")
    with database.atomic():
        carddesigns.keep_unversioned(cid)
        if any(f.key == clean["key"] for f in carddesigns.scope_rows(cid, level)):
            raise ValidationError(f"键名“{clean['key']}”已有（修改请用 edit）", "补充项")
        _clash(cid, level, clean["key"])
        _label_taken(cid, level, clean["label"], clean["key"])
        row = CardField(community=cid, level=level, position=len(carddesigns.scope_rows(cid, level)))
        _assign(row, clean)
        row.save()
        carddesigns.snapshot(cid, f"新增 {clean['label']}")
    return row


def edit(community, name: str, changes: dict, level: str | None = None) -> CardField:
    """Change a field's definition (label, kind, choices, required, help, condition, range)."""
    _require()
    cid = _community_id(community)
    with database.atomic():
        carddesigns.keep_unversioned(cid)
        row = _find(cid, level, name)
        spec = {**describe_field(row), **changes, "key": row.key}
        clean = checked(spec, cid, row.level, f"补充项“{row.label}”")
        _label_taken(cid, row.level, clean["label"], row.key)
        _assign(row, clean)
        if row.save():
            carddesigns.snapshot(cid, f"修改 {row.label}")
    return row


def retire(community, name: str, level: str | None = None, back: bool = False) -> CardField:
    """Stop asking a field (``back``: ask it again); the values already keyed stay."""
    _require()
    cid = _community_id(community)
    with database.atomic():
        carddesigns.keep_unversioned(cid)
        row = _find(cid, level, name)
        row.retired = not back
        if row.save():
            carddesigns.snapshot(cid, f"{'恢复' if back else '停用'} {row.label}")
    return row


def move(community, name: str, position: int, level: str | None = None) -> CardField:
    """Put a field at ``position`` (1 = first) among its level's fields."""
    _require()
    cid = _community_id(community)
    with database.atomic():
        carddesigns.keep_unversioned(cid)
        row = _find(cid, level, name)
        rows = [f for f in carddesigns.scope_rows(cid, row.level) if f.id != row.id]
        if not isinstance(position, int) or isinstance(position, bool) or not 1 <= position <= len(rows) + 1:
            raise ValidationError(f"位置须为 1–{len(rows) + 1}", f"补充项“{row.label}”")
        rows.insert(position - 1, row)
        changed = 0
        for i, f in enumerate(rows):
            f.position = i
            changed += f.save()
        if changed:
            carddesigns.snapshot(cid, f"调整顺序 {row.label}")
    return row


def define(community, level: str, key: str, label: str, kind: str = "text",
           choices: list[str] | None = None, required: bool = False, **more) -> CardField:
    """Add a field, or change the one with this key."""
    spec = {"key": key, "label": label, "kind": kind, "choices": choices or [], "required": required, **more}
    cid = _community_id(community)
    if any(f.key == key for f in carddesigns.scope_rows(cid, level)):
        return edit(community, key, spec, level)
    return add(community, level, spec)


def _name_specs(names: dict[str, dict[str, str]], specs: list[dict]) -> dict[str, dict[str, str]]:
    """``names`` ({level: {key: label}}, what conditions may name) with the fields of ``specs``."""
    for spec in specs:
        level: Any = spec.get("level")  # anything given: checked() refuses what is not a level
        if isinstance(spec.get("key"), str) and isinstance(spec.get("label"), str):
            names.setdefault(level, {})[spec["key"]] = spec["label"]
    return names


def replace_design(community, specs: list[dict], note: str = "导入") -> dict:
    """Make the scope's design the given fields, in order, all or nothing: the fields named are
    added or changed, the others retired. Each spec has ``level`` beside what ``add`` takes;
    ``where`` (optional) names the row it came from in messages."""
    _require()
    cid = _community_id(community)
    seen, clean = set(), []
    names: dict[str, dict[str, str]] = {level: {f.key: f.label for f in carddesigns.scope_rows(None, level)}
                                         for level in LEVELS} if cid is not None else {}
    _name_specs(names, specs)
    for spec in specs:
        where = spec.get("where") or f"补充项“{spec.get('label') or spec.get('key')}”"
        level: Any = spec.get("level")
        field = checked(spec, cid, level, where, names.get(level, {}))
        where = where["*"] if isinstance(where, dict) else where
        if (level, field["key"]) in seen:
            raise ValidationError(f"键名“{field['key']}”重复", where)
        seen.add((level, field["key"]))
        clean.append((level, field, bool(spec.get("retired")), where))
    summary: dict[str, Any] = {"added": [], "changed": [], "retired": [], "unchanged": []}
    with database.atomic():
        carddesigns.keep_unversioned(cid)
        existing = {(f.level, f.key): f for f in carddesigns.scope_rows(cid)}
        positions: dict[str, int] = {}
        for level, field, retired, where in clean:
            row = existing.pop((level, field["key"]), None)
            if row is None:
                try:
                    _clash(cid, level, field["key"])
                except ValidationError as exc:
                    raise ValidationError(exc.message, where) from None
                row = CardField(community=cid, level=level, key=field["key"])
                summary["added"].append(field["key"])
            position = positions[level] = positions.get(level, -1) + 1
            _assign(row, {**field, "position": position, "retired": retired})
            if row._is_new:
                row.save()
            elif row.save() and field["key"] not in summary["added"]:
                summary["changed"].append(field["key"])
            else:
                summary["unchanged"].append(field["key"])
        for row in existing.values():
            if not row.retired:
                row.retired = True
                row.save()
                summary["retired"].append(row.key)
        if summary["added"] or summary["changed"] or summary["retired"]:
            summary["version"] = carddesigns.snapshot(cid, note).version
    return summary


def add_missing(community, specs: list[dict], note: str, dry_run: bool = False) -> dict:
    """Add the fields of ``specs`` (each with ``level`` beside what ``add`` takes) that the scope
    does not have yet, all or nothing, as one new version; a field the scope has under the same
    key (kept as it is, even edited or retired since) is left alone, so a second run adds
    nothing. ``dry_run``: check and say what would be added, change nothing."""
    _require()
    cid = _community_id(community)
    existing = {(f.level, f.key) for f in carddesigns.scope_rows(cid)}
    names = _name_specs({level: _labels(cid, level) for level in LEVELS}, specs)
    new = []
    for spec in specs:
        level: Any = spec.get("level")  # anything given: checked() refuses what is not a level
        where = f"补充项“{spec.get('label') or spec.get('key')}”"
        field = checked(spec, cid, level, where, names.get(level, {}))
        if (level, field["key"]) in existing:
            continue
        try:
            _clash(cid, level, field["key"])
        except ValidationError as exc:
            raise ValidationError(exc.message, where) from None
        existing.add((level, field["key"]))
        new.append((level, field))
    summary: dict[str, Any] = {"added": [f["key"] for _, f in new],
                               "present": [s["key"] for s in specs if s["key"] not in [f["key"] for _, f in new]],
                               "added_labels": [f["label"] for _, f in new]}
    if dry_run or not new:
        return summary
    with database.atomic():
        carddesigns.keep_unversioned(cid)
        for level, field in new:
            row = CardField(community=cid, level=level, position=len(carddesigns.scope_rows(cid, level)))
            _assign(row, field)
            row.save()
        summary["version"] = carddesigns.snapshot(cid, note).version
    return summary


# --- checking values ---------------------------------------------------------------------------
def _coerce(field: CardField, value):
    where = f"补充项“{field.label}”"
    kind = field.kind
    if kind == "text":
        found = controls(str(value), "\n")  # a note may have several lines
        if found:
            raise ValidationError(f"含有不可见的控制字符（{describe(found)}）", where)
        return str(value).strip()
    if kind in RANGED:
        if isinstance(value, bool):
            raise ValidationError("须为数字", where)
        text = unicodedata.normalize("NFKC", str(value)).strip()
        try:
            number = float(text) if kind == "number" else int(text)
        except ValueError:
            raise ValidationError(f"须为{KINDS[kind]}，不是“{value}”", where) from None
        if kind == "int" and isinstance(value, float) and not value.is_integer():
            raise ValidationError(f"须为整数，不是“{value}”", where)
        low, high = field.min_value, field.max_value
        if (low is not None and number < low) or (high is not None and number > high):
            span = f"{'' if low is None else carddesigns.plain(low)}–{'' if high is None else carddesigns.plain(high)}"
            raise ValidationError(f"{carddesigns.plain(number)} 超出范围 {span}", where)
        return carddesigns.plain(number) if kind == "number" else number
    if kind == "date":
        day, _issues = parse_date(value, field.key, "")
        if day is None:
            raise ValidationError(f"须为日期（如 2026-11-22），不是“{value}”", where)
        return day.isoformat()
    if kind == "bool":
        if value is True or value is False:
            return value
        text = unicodedata.normalize("NFKC", str(value)).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise ValidationError(f"须为 是 或 否，不是“{value}”", where)
    choices = json.loads(field.choices)
    if kind == "multi":
        picked = value if isinstance(value, list) else [v for v in _SEPARATORS.split(str(value).strip()) if v]
        wrong = [str(v) for v in picked if v not in choices]
        if wrong:
            raise ValidationError(f"“{'、'.join(wrong)}”不在可选值中（{'、'.join(choices)}）", where)
        return [c for c in choices if c in picked]
    if value not in choices:
        raise ValidationError(f"“{value}”不在可选值中（{'、'.join(choices)}）", where)
    return value


def validate_extra(community_id, level: str, extra: dict | None, defined: list[CardField] | None = None,
                   facts: dict | None = None) -> dict:
    """The supplementary values checked and normalised; every problem named at once.

    ``defined``: the community's definitions for the level, when the caller already has them;
    ``facts``: what conditions look at (``cardconditions.context``), None to ask every field."""
    if extra is not None and not isinstance(extra, dict):
        raise ValidationError("补充项须为对象（{…}）")
    extra = dict(extra or {})
    fields = {f.key: f for f in (defined if defined is not None else definitions(community_id, level))}
    labels = {f.label: f.key for f in fields.values()}
    clean, problems = {}, []
    for key, value in extra.items():
        key = labels.get(key, key)  # a label is accepted in place of the key
        field = fields.get(key)
        if field is None:
            problems.append(f"没有补充项“{key}”")
            continue
        if value is None or value == "" or value == []:
            continue
        try:
            clean[key] = _coerce(field, value)
        except ValidationError as exc:
            problems.append(str(exc))
    known = dict(facts or {}, **clean) if facts is not None else None
    names = {f.key: f.label for f in fields.values()}
    for field in fields.values():
        asked = cardconditions.holds(cardconditions.parse(field.condition, names), known) \
            if field.condition else True
        if not asked and field.key in clean:
            problems.append(f"补充项“{field.label}”只在{field.condition}时填写")
        elif asked and field.required and field.key not in clean:
            problems.append(f"补充项“{field.label}”必填")
    if problems:
        raise ValidationError("；".join(problems))
    return clean


def asked(field: CardField, facts: dict | None, names: dict[str, str]) -> bool:
    """Whether the form asks the field, given what is typed (``facts``)."""
    return not field.condition or cardconditions.holds(cardconditions.parse(field.condition, names), facts)


def keep_retired(stored: str | None, new: str, community_id, level: str, design: str = "") -> str:
    """A record's new ``extra`` with the values of fields not asked on the card (retired, or of
    another design than the card's ``design``) carried over from the stored one: retiring a field
    never loses its data."""
    old = json.loads(stored or "{}")
    active = {f.key for f in definitions(community_id, level, design)}
    kept = {k: v for k, v in old.items() if k not in active}
    if not kept:
        return new
    return json.dumps({**kept, **json.loads(new)}, ensure_ascii=False, sort_keys=True)


def print_design(community, grid_name: str = "") -> dict:
    """What a blank card prints: the community, its design version, the categories to tick and
    the fields asked, in the form's order (``reports.blank_card``)."""
    from gridapp import categories as cats

    cid = community.id if community is not None else None
    return {"community": community.name if community is not None else STREET, "grid": grid_name,
            "version": version(cid),
            "household_categories": [c.label for c in cats.all_categories(cid) if c.level == cats.HOUSEHOLD],
            "person_categories": [c.label for c in cats.all_categories(cid) if c.level == cats.PERSON],
            "fields": [describe_field(f) for level in LEVELS for f in definitions(cid, level)]}


EXTRA_TARGET = "extra."  # a spreadsheet column's target: "extra.person.insurance"


def import_targets() -> dict[str, str]:
    """{target: label} of every supplementary field asked anywhere, for a spreadsheet's columns
    (the community of each row then says whether its card has the field)."""
    rows = CardField.live().where(CardField.retired == False).order_by(CardField.level, CardField.position)  # noqa: E712
    return {f"{EXTRA_TARGET}{f.level}.{f.key}": f.label for f in rows}


def community_of_household(household: Household):
    house = household.house
    assert house is not None, "a household with a card has an address"
    return house.building.grid.community_id


def set_extra(record: Household | Person, extra: dict) -> dict:
    """Check ``extra`` against the record's community and store it."""
    household = record if isinstance(record, Household) else record.household
    level = "household" if isinstance(record, Household) else "person"
    community_id = community_of_household(household)
    facts = cardconditions.context(record) if isinstance(record, Person) else None
    clean = validate_extra(community_id, level, extra, facts=facts)
    with database.atomic():
        record.extra = keep_retired(record.extra, json.dumps(clean, ensure_ascii=False, sort_keys=True),
                                    community_id, level)
        record.save()
    return clean


def record_design_export(scope: str, count: int) -> None:
    """A card design written to a workbook, in the audit trail."""
    from gridapp.store import audit

    with database.atomic():
        audit.record_event("export", "card_field", note=f"登记卡设计（{scope}，{count} 项）")


def record_blank_print(count: int, design: dict) -> None:
    """Blank cards printed from a design, in the audit trail."""
    from gridapp.store import audit

    with database.atomic():
        audit.record_print("blank_card", f"空白登记卡 {count} 张（{design['community']}，设计版本 {design['version']}）")
