"""Spreadsheets people exchange: Chinese headers, frozen header row, column widths and
filters set. Written in openpyxl's write-only mode so large ledgers stay fast."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from gridapp.plaintext import CONTROL, REPLACEMENT

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
CAPTION_FONT = Font(bold=True, size=12)
TOTAL_FONT = Font(bold=True)
TEXT = "@"  # Excel's Text number format
ID_HEADERS = {"身份证号", "档案号", "卡号", "原档案号"}
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


def text_columns(headers: Sequence[str]) -> list[int]:
    """Columns holding identifiers (ID, archive and card numbers, phones): stored as Text, so that a
    leading 0 or an X stays and Excel never turns them into numbers."""
    return [i for i, h in enumerate(headers) if h in ID_HEADERS or str(h).endswith(("电话", "身份证号"))]


def _styled(ws, value, font=None, number_format: str | None = None):
    cell = value if isinstance(value, Cell) else WriteOnlyCell(ws, value=value)
    if font is not None:
        cell.font = font
    if number_format:
        cell.number_format = number_format
    return cell


def _for_print(ws, header_row: int) -> None:
    """Landscape, as wide as the paper, the title rows on every page."""
    ws.print_title_rows = f"1:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def add_sheet(wb: Workbook, title: str, headers: Sequence[str], widths: Sequence[int],
              rows: Iterable[Sequence], taken: set[str], plain: bool = False, *, caption: str = "",
              total: Sequence | None = None, formats: dict[int, str] | None = None) -> int:
    """Append a styled sheet, set up for printing; ``plain``: the rows hold no datetimes, so they go
    in as they are (the population ledger of a street is 2.4 million cells). ``caption``: a line
    above the header (date and scope); ``total``: a last row in bold; ``formats``: number formats
    by column index (identifier columns are Text whatever is asked)."""
    ws = wb.create_sheet(sheet_title(title, taken))
    header_row = 2 if caption else 1
    ws.freeze_panes = f"A{header_row + 1}"
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    _for_print(ws, header_row)
    if caption:
        ws.append([_styled(ws, text(caption), CAPTION_FONT)])
    header = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=text(h))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGN
        header.append(cell)
    ws.append(header)
    formats = {**(formats or {}), **{i: TEXT for i in text_columns(headers)}}
    n = 0
    for row in rows:
        row = safe_row(ws, row if plain else [_value(v) for v in row])
        if formats:
            row = [_styled(ws, v, number_format=formats[i]) if i in formats else v for i, v in enumerate(row)]
        ws.append(row)
        n += 1
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{n + header_row}"
    if total is not None:
        ws.append([_styled(ws, v, TOTAL_FONT, (formats or {}).get(i)) for i, v in enumerate(total)])
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
