"""Spreadsheets people exchange: Chinese headers, frozen header row, column widths and
filters set. Written in openpyxl's write-only mode so large ledgers stay fast."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gridapp.plaintext import CONTROL, REPLACEMENT

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
INVALID_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})
# what a worksheet cannot hold (openpyxl refuses it: XML 1.0 has no such characters), and text that
# Excel would read as a formula; stored text may hold either, typed long ago or arriving by sync
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]|^=")
PROPERTIES = ("title", "subject", "creator", "description", "keywords", "category")


def text(value):
    """Stored text as a cell can hold it: each illegal character shown as ``?``."""
    return ILLEGAL.sub(REPLACEMENT, value) if isinstance(value, str) else value


def _safe(ws, value):
    value = text(value)
    if isinstance(value, str) and value.startswith("="):  # a name or note, never a formula
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def safe_row(ws, row: Sequence) -> Sequence:
    """The row as openpyxl can write it; the row itself when nothing in it needs a change (fast)."""
    if any(isinstance(v, str) and _UNSAFE.search(v) for v in row):
        return [_safe(ws, v) for v in row]
    return row


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\ nor control characters,
    unique in the book."""
    base = CONTROL.sub("_", (name or "Sheet").translate(INVALID_TITLE))[:31]
    title, n = base, 2
    while title in taken:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _value(v):
    if isinstance(v, dt.datetime):
        return v.replace(microsecond=0)
    return v


def add_sheet(wb: Workbook, title: str, headers: Sequence[str], widths: Sequence[int],
              rows: Iterable[Sequence], taken: set[str], plain: bool = False) -> int:
    """Append a styled sheet; ``plain``: the rows hold no datetimes, so they go in as they are
    (the population ledger of a street is 2.4 million cells)."""
    ws = wb.create_sheet(sheet_title(title, taken))
    ws.freeze_panes = "A2"
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=text(h))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, Alignment(horizontal="center")
        header.append(cell)
    ws.append(header)
    n = 0
    for row in rows:
        ws.append(safe_row(ws, row if plain else [_value(v) for v in row]))
        n += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{n + 1}"
    return n


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def save(wb: Workbook, path: str | Path) -> Path:
    path = Path(path)
    for name in PROPERTIES:
        value = getattr(wb.properties, name)
        setattr(wb.properties, name, text(value))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return path
