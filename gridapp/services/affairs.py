"""The community affairs list (社区事务清单): find an item by keyword or pinyin initials,
import and export it as a spreadsheet, start from the shipped example list.

The list is authored at the street office and reaches the communities by sync; a
community site reads it and cannot change it.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import re
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path
from typing import Any

from peewee import Case, fn

from gridapp import paths
from gridapp.errors import UserError
from gridapp.models import AffairItem, database
from gridapp.models.base import current_site
from gridapp.pinyin import text_initials
from gridapp.plaintext import controls, describe
from gridapp.services import importcells
from gridapp.services.sheetread import read_sheet
from gridapp.store import audit

STARTER = ("affairs", "starter.json")


@dataclass(frozen=True)
class Field:
    key: str
    header: str
    width: int
    aliases: tuple[str, ...] = ()


FIELDS = (
    Field("code", "事项编号", 10, ("编号", "事项代码", "序号")),
    Field("name", "事项名称", 24, ("名称", "服务事项", "事项")),
    Field("keywords", "俗称/关键词", 16, ("关键词", "俗称", "别称")),
    Field("category", "类别", 14, ("分类", "事项类别", "业务类别")),
    Field("legal_basis", "法律依据", 40, ("设定依据", "办理依据", "政策依据", "依据")),
    Field("procedure", "办理流程", 50, ("流程", "办事流程", "办理程序")),
    Field("documents", "所需材料", 40, ("申请材料", "材料", "提交材料")),
    Field("promised_days", "承诺时限（工作日）", 12, ("承诺时限", "办理时限", "时限", "承诺办结时限")),
    Field("office", "办理窗口", 20, ("办理科室", "窗口", "办理地点", "承办单位")),
    Field("verified", "街道已核实", 10, ("已核实", "核实")),
    Field("note", "备注", 20, ()),
)
_HEADERS = {importcells.clean_header(a): f.key for f in FIELDS for a in (f.header, *f.aliases)}
TEXT_FIELDS = ("name", "keywords", "category", "legal_basis", "procedure", "documents", "office", "note", "code")
ON_THE_SPOT = ("即时", "即办", "当场", "当日", "立即")


def recognise(header) -> str | None:
    return _HEADERS.get(importcells.clean_header(header))


def authored_here() -> bool:
    return current_site().site_type == "street"


def find(text: str = "", limit: int | None = None) -> list[AffairItem]:
    """Items matching every word typed (in any text field, or as pinyin initials of the name);
    matches in the name or the common names first."""
    q = AffairItem.live()
    words = (text or "").split()
    for word in words:
        options = [fn.instr(getattr(AffairItem, k), word) > 0 for k in TEXT_FIELDS]
        if word.isascii() and word.isalpha():
            options.append(fn.instr(AffairItem.initials, word.lower()) > 0)
        q = q.where(reduce(operator.or_, options))
    in_name = [(fn.instr(AffairItem.name, w) > 0) | (fn.instr(AffairItem.keywords, w) > 0) for w in words]
    first = Case(None, [(reduce(operator.and_, in_name), 0)], 1) if in_name else AffairItem.position
    q = q.order_by(first, AffairItem.category, AffairItem.position, AffairItem.name)
    return list(q.limit(limit) if limit else q)


def days(value) -> tuple[int | None, str | None]:
    """承诺时限 as typed: ``15``, ``15个工作日``, ``即时办结`` → days; an error message if unreadable."""
    if isinstance(value, (dt.date, dt.datetime)):
        return None, f"承诺时限是日期 {importcells.text(value)}，须为天数（如 15 或 即时办结）"
    text = importcells.text(value)
    if not text:
        return None, None
    if any(w in text for w in ON_THE_SPOT):
        return 0, None
    m = re.search(r"\d+", text)
    return (int(m.group()), None) if m else (None, f"承诺时限“{text}”须为天数（如 15 或 即时办结）")


def _clean(raw: dict, label: str) -> dict:
    item: dict[str, Any] = {k: importcells.text(raw.get(k), normalise=k == "code") for k in TEXT_FIELDS}
    if not item["name"]:
        raise UserError(f"{label}：缺少事项名称")
    for key, value in item.items():
        found = controls(value, "" if key in ("name", "code") else "\n")
        if found:
            header = next(f.header for f in FIELDS if f.key == key)
            raise UserError(f"{label}：{header}含有不可见的控制字符（{describe(found)}）")
    item["promised_days"], problem = days(raw.get("promised_days"))
    if problem:
        raise UserError(f"{label}：{problem}")
    verified = raw.get("verified")
    item["verified"] = verified is True or importcells.text(verified) in ("是", "已核实", "√", "1", "True")
    item["initials"] = text_initials(item["name"])
    return item


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def write_items(raws: list[dict], source: str) -> Counts:
    """Add or update items (matched by number, else by name); a bad row stops the whole file."""
    items = [_clean(raw, f"第 {i + 1} 项") for i, raw in enumerate(raws)]
    counts = Counts()
    with database.atomic():
        known = list(AffairItem.live())
        by_code = {a.code: a for a in known if a.code}
        by_name = {a.name: a for a in known}
        top = max((a.position for a in known), default=0)
        for i, item in enumerate(items):
            row = by_code.get(item["code"]) if item["code"] else None
            row = row or by_name.get(item["name"])
            if row is None:
                row = AffairItem(position=top + i + 1, **item)
                row.save()
                counts.created += 1
                continue
            if all(getattr(row, k) == v for k, v in item.items()):
                counts.unchanged += 1
                continue
            for k, v in item.items():
                setattr(row, k, v)
            row.save()
            counts.updated += 1
        audit.record_event("import", "affair_item", note=f"{source}：新增 {counts.created}，更新 {counts.updated}")
    return counts


def _require_street() -> None:
    if not authored_here():
        raise UserError("社区事务清单由街道办编制并随同步下发；本机是社区，不能修改。")


def import_file(path: str | Path) -> Counts:
    _require_street()
    sheet = read_sheet(path, recognise=recognise)
    mapping = {col: key for col, h in enumerate(sheet.headers) if (key := recognise(h))}
    if "name" not in mapping.values():
        raise UserError(f"{Path(path).name} 中找不到“事项名称”列")
    raws = []
    for cells in sheet.body:
        raw = {key: cells[col] for col, key in mapping.items()}
        if any(importcells.text(v) for v in raw.values()):
            raws.append(raw)
    return write_items(raws, Path(path).name)


def starter_items() -> tuple[str, list[dict]]:
    """The shipped example list: its notice and items (to be checked by the street office)."""
    data = json.loads(paths.resource(*STARTER).read_text(encoding="utf-8"))
    return data["notice"], data["items"]


def load_starter(*, as_synced: bool = False) -> Counts:
    """Start the list from the examples; ``as_synced``: as a community receives it (the demo)."""
    if not as_synced:
        _require_street()
    notice, items = starter_items()
    return write_items([{**item, "note": item.get("note") or "示例条目，待街道核实"} for item in items],
                       "示例清单")


def export_rows(items: list[AffairItem] | None = None) -> list[list]:
    rows = []
    for a in items if items is not None else find():
        values = []
        for f in FIELDS:
            v = getattr(a, f.key)
            values.append(("是" if v else "否") if f.key == "verified" else v)
        rows.append(values)
    return rows
