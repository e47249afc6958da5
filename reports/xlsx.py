"""Spreadsheets people exchange: Chinese headers, frozen header row, column widths and
filters set. Written in openpyxl's write-only mode so large ledgers stay fast."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
INVALID_TITLE = str.maketrans({c: "_" for c in "[]:*?/\\"})


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = (name or "Sheet").translate(INVALID_TITLE)[:31]
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
        cell = WriteOnlyCell(ws, value=h)
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, Alignment(horizontal="center")
        header.append(cell)
    ws.append(header)
    n = 0
    for row in rows:
        ws.append(row if plain else [_value(v) for v in row])
        n += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{n + 1}"
    return n


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def save(wb: Workbook, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    wb.save(tmp)
    tmp.replace(path)
    return path
