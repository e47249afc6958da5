"""A card design as an XLSForm-like workbook (sheets ``fields`` and ``choices``), so that
offices can share cards; read back by ``gridapp.services.cardbook``."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from gridapp.services.cardbook import CHOICE_COLUMNS, FIELD_COLUMNS, LISTED, TYPES


def field_type(field: dict) -> str:
    if field["kind"] in LISTED:
        return f"{LISTED[field['kind']]} {field['key']}"
    return TYPES[field["kind"]]


def write_design(fields: list[dict], path: str | Path) -> Path:
    """``fields`` as ``cardfields.describe_field`` gives them, in order."""
    book = Workbook()
    sheet = book.active
    sheet.title = "fields"
    sheet.append(FIELD_COLUMNS)
    choices = book.create_sheet("choices")
    choices.append(CHOICE_COLUMNS)
    for f in fields:
        sheet.append([field_type(f), f["key"], f["label"], f["level"], "yes" if f["required"] else "",
                      f["help"], f["condition"], f["min"], f["max"], "yes" if f["retired"] else ""])
        for c in f["choices"]:
            choices.append([f["key"], c, c])
    for ws in (sheet, choices):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJ", (24, 16, 20, 11, 9, 30, 26, 8, 8, 8)):
        sheet.column_dimensions[column].width = width
    for column, width in zip("ABC", (16, 16, 20)):
        choices.column_dimensions[column].width = width
    path = Path(path)
    book.save(path)
    return path


def export_design(community_id, path: str | Path) -> tuple[Path, int]:
    """One scope's design (None: the street-wide fields) written to ``path``, recorded in the
    audit trail; the file and the number of fields."""
    from gridapp.models import Community
    from gridapp.services import cardfields

    fields = [cardfields.describe_field(f) for f in cardfields.scope_fields(community_id)]
    scope = cardfields.STREET if community_id is None else Community.get_by_id(community_id).name
    written = write_design(fields, path)
    cardfields.record_design_export(scope, len(fields))
    return written, len(fields)
