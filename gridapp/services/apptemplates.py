"""Scoresheet templates (考评模板): the default one shipped in resources, versions kept in the
database, export to and import from a JSON file. A month is scored with the version it was
opened with; changing a template makes a new version and leaves the old one to its months."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from gridapp import paths
from gridapp.errors import UserError
from gridapp.models import AppraisalTemplate, database
from gridapp.services.roles import require

SOURCES = {"system": "系统", "leader": "领导评", "residents": "群众评", "self": "自评"}
FORMULAS = ("on_time_rate", "days_per_week", "daily_visits", "must_visit_coverage", "cards_filed",
            "data_completeness")
DEFAULT = ("appraisal", "default_template.json")


def default_body() -> dict:
    return json.loads(paths.resource(*DEFAULT).read_text(encoding="utf-8"))


def items(body: dict) -> list[dict]:
    """Every item of every section, in sheet order, each with its section's key."""
    return [dict(item, section=s["key"]) for s in body["sections"] for item in s["items"]]


def validate(body: dict) -> dict:
    """The template checked: names, points, sources and formulas; a Chinese message otherwise."""
    if not isinstance(body, dict) or not body.get("name") or not isinstance(body.get("sections"), list):
        raise UserError("考评模板须有名称（name）和分项（sections）。")
    seen = set()
    for section in body["sections"]:
        if not section.get("key") or not section.get("name") or not isinstance(section.get("items"), list):
            raise UserError("考评模板的每个分项须有 key、name 和 items。")
        for item in section["items"]:
            key, name = item.get("key"), item.get("name")
            if not key or not name or key in seen:
                raise UserError(f"考评项须有唯一的 key 和名称：{key or name or '?'}")
            seen.add(key)
            if not isinstance(item.get("max"), (int, float)):
                raise UserError(f"考评项“{name}”须有满分（max）。")
            if item.get("source") not in SOURCES:
                raise UserError(f"考评项“{name}”的来源须为 {'、'.join(SOURCES)} 之一。")
            if item["source"] == "system" and item.get("formula") not in FORMULAS:
                raise UserError(f"系统考评项“{name}”的公式须为 {'、'.join(FORMULAS)} 之一。")
    weights = body.get("weights", {})
    if any(not isinstance(v, (int, float)) for v in weights.values()):
        raise UserError("三评权重须为数字。")
    for bonus in body.get("bonus", []):
        if not bonus.get("key") or not bonus.get("name") or not isinstance(bonus.get("max"), (int, float)):
            raise UserError("年度加分项须有 key、name 和 max。")
    return body


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
    try:
        body = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"无法读取考评模板 {path}：{exc}") from None
    body.pop("version", None)
    return save(body, community, user)
