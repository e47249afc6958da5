"""The month's duty rota (值班表) on A4, for the office wall: a line per working day with its
weekday, the group and the workers on duty, swaps and stand-ins, and a column to sign in."""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from reports import fonts
from reports.printed import made_at
from reports.sheets import new_canvas

W, H = A4
MARGIN = 18 * mm
ROW = 8.2 * mm
COLUMNS = (("日期", 26), ("星期", 16), ("值班组", 26), ("值班人员", 56), ("调换", 26), ("签到", 24))


LINE = 3.8 * mm  # a wrapped line at SMALL points
SMALL = 8


def _lines(cells: list[str]) -> list[tuple[float, list[str]]]:
    """Each cell's size and lines: one line shrunk down to SMALL points, else wrapped at SMALL."""
    out = []
    for (_title, width), text in zip(COLUMNS, cells):
        room = width * mm - 3 * mm
        size = fonts.fit_size(text, 10.5, room, SMALL)
        out.append((size, [text]) if fonts.string_width(text, size) <= room else
                   (SMALL, fonts.wrap(text, SMALL, room, keep=re.split(r"[、；\s]+", text))))  # names kept whole
    return out


def _height(cells: list[str]) -> float:
    return max([ROW] + [len(lines) * LINE + 3 * mm for _size, lines in _lines(cells)])


def _row(c, y: float, cells: list[str], bold: bool = False, shade: bool = False) -> float:
    height = _height(cells)
    if shade:
        c.setFillGray(0.9)
        c.rect(MARGIN, y - height, W - 2 * MARGIN, height, stroke=0, fill=1)
        c.setFillGray(0)
    x = MARGIN
    for (_title, width), (size, lines) in zip(COLUMNS, _lines(cells)):
        if len(lines) == 1:
            fonts.draw_string(c, x + 1.5 * mm, y - 5.7 * mm, lines[0], size, bold=bold)
        for i, line in enumerate(lines if len(lines) > 1 else []):
            fonts.draw_string(c, x + 1.5 * mm, y - 4.3 * mm - i * LINE, line, size, bold=bold)
        c.line(x, y, x, y - height)
        x += width * mm
    c.line(x, y, x, y - height)
    c.line(MARGIN, y - height, W - MARGIN, y - height)
    return y - height


def _cells(d: dict) -> list[str]:
    day = d["date"]
    return [f"{int(day[5:7])}月{int(day[8:10])}日", d["weekday"], d["group"], "、".join(d["staff"]), d["changed"], ""]


def write_month(community: str, year: int, month: int, duties: list[dict], target: str | Path,
                warning: str = "", contact: str = "") -> int:
    """``duties``: [Duty.as_json(), …] of gridapp.services.rota.month. Returns the page count."""
    c = new_canvas(Path(target), A4, f"{year}年{month}月值班表")
    pages, rows = 0, list(duties)
    while True:
        pages += 1
        fonts.draw_string(c, W / 2, H - MARGIN - 4 * mm, f"{community}　{year}年{month}月值班表", 17, anchor="middle",
                          bold=True)
        y = H - MARGIN - 12 * mm
        c.line(MARGIN, y, W - MARGIN, y)
        y = _row(c, y, [t for t, _ in COLUMNS], bold=True, shade=True)
        while rows and y - _height(_cells(rows[0])) > MARGIN + 16 * mm:
            y = _row(c, y, _cells(rows.pop(0)))
        if not rows:
            break
        c.showPage()
    if not duties:
        fonts.draw_string(c, MARGIN, y - 8 * mm, "本月没有排班（尚未设置值班表，或整月为节假日）。", 11)
    notes = [n for n in (warning, contact, "网格员按组轮流在社区值班，节假日顺延；调班须经社区同意并在表上注明。") if n]
    for i, note in enumerate(notes):
        fonts.draw_string(c, MARGIN, MARGIN + 10 * mm - i * 5 * mm, note, 8.5)
    fonts.draw_string(c, W - MARGIN, MARGIN - 6 * mm, made_at(), 8, anchor="end")
    c.showPage()
    c.save()
    return pages
