"""Scoresheet templates (考评模板): the default one shipped in resources, versions kept in the
database, export to and import from a JSON file. A month is scored with the version it was
opened with; changing a template makes a new version and leaves the old one to its months."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal, overload

from gridapp import jsonfile, paths
from gridapp.errors import UserError
from gridapp.models import AppraisalTemplate, database
from gridapp.plaintext import controls, describe
from gridapp.store.roles import require

SOURCES = {"system": "系统", "leader": "领导评", "residents": "群众评", "self": "自评"}
FORMULAS = ("on_time_rate", "days_per_week", "daily_visits", "must_visit_coverage", "cards_filed",
            "data_completeness", "matters_found", "matters_on_time", "matters_satisfaction",
            "must_visit_followup", "tasks_on_time")
# what a system item scores in a month with nothing to measure (no card due, no must-visit household,
# no household in the grid): the item's "empty" rule; a template without one means "not_applicable"
EMPTY_RULES = {"not_applicable": "不适用（该项满分不计入总分）", "full": "得满分", "prorata": "按本分项其他系统项的得分率计分",
               "zero": "得 0 分"}
EMPTY_DEFAULT = "not_applicable"
NOT_APPLICABLE = "不适用"  # what an item left out of the month's total shows instead of points
DEFAULT = ("appraisal", "default_template.json")


def default_body() -> dict:
    return json.loads(paths.resource(*DEFAULT).read_text(encoding="utf-8"))


def empty_rule(item: dict) -> str:
    """The item's rule for a month with nothing to measure (see ``EMPTY_RULES``)."""
    return item.get("empty") or EMPTY_DEFAULT


def items(body: dict) -> list[dict]:
    """Every item of every section, in sheet order, each with its section's key."""
    return [dict(item, section=s["key"]) for s in body["sections"] for item in s["items"]]


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(obj: dict, key: str, where: str, required: bool = True) -> str:
    value = obj.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise UserError(f"考评模板{where}的 {key} 须为文字{'（不能为空）' if required else ''}。")
    found = controls(value)
    if found:
        raise UserError(f"考评模板{where}的 {key} 含有不可见的控制字符（{describe(found)}）。")
    return value


def _numbers(obj: dict, keys: tuple[str, ...], where: str) -> None:
    for key in keys:
        if key in obj and obj[key] is not None and not _is_number(obj[key]):
            raise UserError(f"考评模板{where}的 {key} 须为数字。")


def _object(value, where: str) -> dict:
    if not isinstance(value, dict):
        raise UserError(f"考评模板{where}须为对象（{{…}}）。")
    return value


def _list(value, where: str) -> list:
    if not isinstance(value, list):
        raise UserError(f"考评模板{where}须为列表（[…]）。")
    return value


def validate(body: dict) -> dict:
    """The template checked: the type of every field, names, points, sources and formulas;
    a Chinese message that says where otherwise."""
    if not isinstance(body, dict) or not body.get("name") or not isinstance(body.get("sections"), list):
        raise UserError("考评模板须有名称（name）和分项（sections）。")
    _text(body, "name", "")
    _text(body, "note", "", required=False)
    seen = set()
    for i, section in enumerate(body["sections"], 1):
        where = f"第 {i} 个分项"
        _object(section, where)
        if not section.get("key") or not section.get("name") or not isinstance(section.get("items"), list):
            raise UserError("考评模板的每个分项须有 key、name 和 items。")
        _text(section, "key", where)
        _text(section, "name", where)
        _numbers(section, ("max",), where)
        if section.get("weighted") and not _is_number(section.get("max")):
            raise UserError(f"考评模板{where}按权重计分，须有满分（max）。")
        for j, item in enumerate(section["items"], 1):
            where = f"第 {i} 个分项的第 {j} 项"
            _object(item, where)
            key, name = _text(item, "key", where), _text(item, "name", where)
            if key in seen:
                raise UserError(f"考评项须有唯一的 key 和名称：{key or name or '?'}")
            seen.add(key)
            if not _is_number(item.get("max")):
                raise UserError(f"考评项“{name}”须有满分（max）。")
            _numbers(item, ("min", "target"), f"“{name}”")
            _text(item, "note", f"“{name}”", required=False)
            if item.get("source") not in SOURCES:
                raise UserError(f"考评项“{name}”的来源须为 {'、'.join(SOURCES)} 之一。")
            if item["source"] == "system" and item.get("formula") not in FORMULAS:
                raise UserError(f"系统考评项“{name}”的公式须为 {'、'.join(FORMULAS)} 之一。")
            if item.get("empty") is not None and (item["source"] != "system" or item["empty"] not in EMPTY_RULES):
                raise UserError(f"考评项“{name}”的 empty（无可考核记录时的计分）须为 {'、'.join(EMPTY_RULES)} 之一，"
                                "且只用于系统项。")
            if item.get("deduct") is not None:
                rule = _object(item["deduct"], f"“{name}”的扣分规则（deduct）")
                _numbers(rule, ("points", "cap"), f"“{name}”的扣分规则")
                _text(rule, "per", f"“{name}”的扣分规则")
                _text(rule, "text", f"“{name}”的扣分规则", required=False)
    for key, label in (("weights", "三评权重（weights）"), ("survey", "群众评折算（survey）")):
        values = _object(body.get(key, {}), label)
        if any(not _is_number(v) for v in values.values()):
            raise UserError(f"{label}的各项须为数字。")
    for k, bonus in enumerate(_list(body.get("bonus", []), "的年度加分项（bonus）"), 1):
        _object(bonus, f"第 {k} 个年度加分项")
        if not bonus.get("key") or not bonus.get("name") or not _is_number(bonus.get("max")):
            raise UserError("年度加分项须有 key、name 和 max。")
        _text(bonus, "key", f"第 {k} 个年度加分项")
        _text(bonus, "name", f"第 {k} 个年度加分项")
    return body


@overload
def current(community=None, store: Literal[True] = True) -> AppraisalTemplate: ...
@overload
def current(community=None, store: bool = True) -> AppraisalTemplate | None: ...
def current(community=None, store: bool = True) -> AppraisalTemplate | None:
    """The newest version in force for ``community`` (its own, else the street's); the default
    template is stored as version 1 the first time one is asked for (None without ``store``)."""
    q = AppraisalTemplate.live()
    own = q.where(AppraisalTemplate.community == community).order_by(AppraisalTemplate.version.desc()).first() \
        if community is not None else None
    found = own or q.where(AppraisalTemplate.community.is_null()).order_by(AppraisalTemplate.version.desc()).first()
    if found is None and store:
        found = save(default_body(), None, "")
    return found


def save(body: dict, community=None, user: str = "") -> AppraisalTemplate:
    """Store ``body`` as the next version of the template of ``community`` (None: street-wide)."""
    validate(body)
    with database.atomic():
        q = AppraisalTemplate.live().where(
            AppraisalTemplate.community.is_null() if community is None else AppraisalTemplate.community == community)
        last = q.order_by(AppraisalTemplate.version.desc()).first()
        return AppraisalTemplate.create(community=community, name=body["name"],
                                        version=(last.version + 1) if last else 1,
                                        body=json.dumps(body, ensure_ascii=False), created_at=dt.datetime.now(),
                                        created_by=user)


def body_of(template: AppraisalTemplate) -> dict:
    return json.loads(template.body)


def export(path: Path, community=None) -> AppraisalTemplate:
    template = current(community)
    body = dict(body_of(template), version=template.version)
    Path(path).write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return template


def import_file(path: Path, community=None, user: str = "") -> AppraisalTemplate:
    require("appraisal.template")
    body = jsonfile.load(path)
    if isinstance(body, dict):
        body.pop("version", None)
    return save(body, community, user)
