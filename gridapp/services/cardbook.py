"""Reading a card design from an XLSForm-like workbook: sheet ``fields`` (type, name, label,
level, required, hint, relevant, min, max, retired), sheet ``choices`` (list_name, name,
label). Written by ``reports.cardfields_xlsx``. Every problem names the sheet, the row and
the column; nothing is changed unless the whole workbook is good."""

from __future__ import annotations

from pathlib import Path

from gridapp.errors import UserError, ValidationError
from gridapp.services import cardfields, importcells, sheetread

FIELD_COLUMNS = ("type", "name", "label", "level", "required", "hint", "relevant", "min", "max", "retired")
CHOICE_COLUMNS = ("list_name", "name", "label")
TYPES = {"text": "text", "int": "integer", "number": "decimal", "date": "date", "bool": "yes_no"}
LISTED = {"choice": "select_one", "multi": "select_multiple"}
KIND_OF = {**{v: k for k, v in TYPES.items()}, **{v: k for k, v in LISTED.items()}}
LEVEL_OF = {"household": "household", "户": "household", "person": "person", "人员": "person", "人": "person"}
# attribute of a field definition: the column it comes from
ATTR_COLUMN = {"key": "name", "label": "label", "kind": "type", "choices": "type", "required": "required",
               "help": "hint", "condition": "relevant", "min": "min", "max": "max", "level": "level"}
YES, NO = ("yes", "true", "1", "是", "y"), ("", "no", "false", "0", "否", "n")


def _at(sheet: str, row: int, column: str = "") -> str:
    return f"工作表“{sheet}”第 {row} 行" + (f"“{column}”列" if column else "")


def _yes(value, where: str) -> bool:
    text = importcells.text(value).lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValidationError(f"须为 yes 或 no（是/否），不是“{text}”", where)


def _sheet(path: Path, name: str, columns: tuple[str, ...]) -> sheetread.Sheet:
    if name not in sheetread.sheet_names(path):
        raise UserError(f"{path.name} 中没有工作表“{name}”：登记卡设计须有工作表 fields 和 choices")
    sheet = sheetread.read_sheet(path, name, recognise=lambda v: importcells.text(v).lower() in columns)
    missing = [c for c in columns if c not in [h.lower() for h in sheet.headers]]
    if missing and (name == "choices" or set(missing) & {"type", "name", "label", "level"}):
        raise UserError(f"工作表“{name}”缺少列：{'、'.join(missing)}")
    return sheet


def _rows(sheet: sheetread.Sheet):
    headers = [h.lower() for h in sheet.headers]
    for i, cells in enumerate(sheet.body):
        if all(importcells.text(v) == "" for v in cells):
            continue
        yield sheet.row_number(i), {h: v for h, v in zip(headers, cells) if h}


def read_design(path: str | Path) -> list[dict]:
    """The fields of the workbook, in order, each with ``level`` and ``where`` for
    ``cardfields.replace_design``; a ``ValidationError`` naming sheet, row and column."""
    path = Path(path)
    fields_sheet = _sheet(path, "fields", FIELD_COLUMNS)
    choice_sheet = _sheet(path, "choices", CHOICE_COLUMNS)
    lists: dict[str, list[str]] = {}
    for row, cells in _rows(choice_sheet):
        name = importcells.text(cells.get("list_name"))
        if not name:
            raise ValidationError("缺少列表名", _at("choices", row, "list_name"))
        label = importcells.text(cells.get("label"), normalise=False) or \
            importcells.text(cells.get("name"), normalise=False)
        if not label:
            raise ValidationError("缺少选项", _at("choices", row, "name"))
        lists.setdefault(name, []).append(label)
    specs, used = [], set()
    for row, cells in _rows(fields_sheet):
        where = {"*": _at("fields", row), **{a: _at("fields", row, c) for a, c in ATTR_COLUMN.items()}}
        words = importcells.text(cells.get("type")).split()
        kind = KIND_OF.get(words[0].lower()) if words else None
        if kind is None:
            raise ValidationError(f"类型“{' '.join(words)}”无效（可选：{'、'.join(KIND_OF)}）", where["kind"])
        choices = []
        if kind in LISTED:
            if len(words) != 2:
                raise ValidationError(f"{words[0]} 后须写 choices 表里的列表名（如 {words[0]} insurance）",
                                      where["kind"])
            if words[1] not in lists:
                raise ValidationError(f"工作表“choices”里没有列表“{words[1]}”", where["kind"])
            choices = lists[words[1]]
            used.add(words[1])
        level = LEVEL_OF.get(importcells.text(cells.get("level")).lower())
        if level is None:
            raise ValidationError(f"层级须为 household（户）或 person（人员），不是“{importcells.text(cells.get('level'))}”",
                                  where["level"])
        specs.append({"key": importcells.text(cells.get("name")), "where": where, "level": level,
                      "label": importcells.text(cells.get("label"), normalise=False),
                      "kind": kind, "choices": choices,
                      "required": _yes(cells.get("required"), where["required"]),
                      "help": importcells.text(cells.get("hint"), normalise=False),
                      "condition": importcells.text(cells.get("relevant")),
                      "min": cells.get("min"), "max": cells.get("max"),
                      "retired": _yes(cells.get("retired"), _at("fields", row, "retired"))})
    if not specs:
        raise UserError(f"{path.name} 的工作表“fields”里没有补充项")
    return specs


STREET_DEFAULTS = ("cards", "street-default.xlsx")


def street_defaults() -> list[dict]:
    """The street-wide default fields shipped with the app (resources/cards/street-default.xlsx)."""
    from gridapp.paths import resource

    return read_design(resource(*STREET_DEFAULTS))


def may_load_street_defaults() -> bool:
    """Whether this session may load them: a street officer or administrator, at the street office."""
    from gridapp.models.base import current_site
    from gridapp.store.roles import allowed

    return allowed("templates.street") and current_site().site_type == "street"


def load_street_defaults(dry_run: bool = False) -> dict:
    """Add the shipped street-wide default fields the street has not yet (all or nothing, one new
    version, in the audit trail); a second load adds nothing. Street officers and administrators
    at the street office only: the fields reach the communities with the next sync."""
    from gridapp.models import database
    from gridapp.models.base import current_site
    from gridapp.store import audit, roles

    roles.require("templates.street")
    if current_site().site_type != "street":
        raise UserError("社区办公室不能载入全街道默认补充项：请在街道办公室载入，同步后各社区即有。")
    specs = street_defaults()
    with database.atomic():
        summary = cardfields.add_missing(None, specs, note=f"载入全街道默认补充项（{len(specs)} 项）", dry_run=dry_run)
        if summary["added"] and not dry_run:
            audit.record_event("import", "card_field", note=f"全街道默认补充项 新增 {len(summary['added'])} 项")
    return summary


def import_design(path: str | Path, community) -> dict:
    """Replace the scope's design with the workbook's, all or nothing."""
    from gridapp.store import audit

    specs = read_design(path)
    summary = cardfields.replace_design(community, specs, note=f"从表格导入（{len(specs)} 项）")
    audit.record_event("import", "card_field", note=f"登记卡设计 {len(specs)} 项")
    return summary
