"""A grid's paper archive on A4: for each binder a cover sheet and the index of its cards
(archive number, address, head of household, members, collection and keying dates),
then spine labels for all its binders, to cut out and slip into the binders' spines."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Callable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from gridapp import cardlife
from gridapp.errors import Cancelled
from reports import fonts
from reports.barcodes import code128
from reports.printed import date_text
from reports.sheets import new_canvas

W, H = A4
MARGIN = 15 * mm
ROW = 7.2 * mm
COLUMNS = (("档案号", 22), ("地址", 40), ("户主", 18), ("人数", 8), ("采集日期", 24), ("录入日期", 24),
           ("归档", 12), ("条码", 32))  # widths in mm, 180 in all; the archive number's barcode last
SPINE_W, SPINE_H = 40 * mm, 250 * mm


def _header(c, grid_label: str, binder: int, page: int, pages: int) -> None:
    fonts.draw_string(c, MARGIN, H - MARGIN, f"{grid_label}　第 {binder} 册　卡片目录", 13, bold=True)
    fonts.draw_string(c, W - MARGIN, H - MARGIN, f"第 {page}/{pages} 页", 9, anchor="end")
    y = H - MARGIN - 10 * mm
    x = MARGIN
    c.setFillGray(0.9)
    c.rect(MARGIN, y - 2 * mm, W - 2 * MARGIN, ROW, stroke=0, fill=1)
    c.setFillGray(0)
    for title, width in COLUMNS:
        fonts.draw_string(c, x + 1.5 * mm, y, title, 9, bold=True)
        x += width * mm


def _cells(r) -> list[str]:
    return [r.archive_no, r.address, r.head, str(r.members), date_text(r.collected_on),
            date_text(r.keyed_at) if r.keyed_at else "", cardlife.label(cardlife.FILED) if r.state == cardlife.FILED else ""]


def _cover(c, grid_label: str, binder: int, rows, printed: dt.date) -> None:
    first, last = rows[0].archive_no, rows[-1].archive_no
    c.setLineWidth(1.5)
    c.rect(MARGIN, MARGIN, W - 2 * MARGIN, H - 2 * MARGIN)
    fonts.draw_string(c, W / 2, H - 70 * mm, "人口信息登记卡", 26, anchor="middle", bold=True)
    fonts.draw_string(c, W / 2, H - 95 * mm, grid_label, 22, anchor="middle")
    fonts.draw_string(c, W / 2, H - 125 * mm, f"第 {binder} 册", 40, anchor="middle", bold=True)
    lines = [f"档案号　{first} 至 {last}", f"共 {len(rows)} 张",
             f"采集日期　{date_text(min(r.collected_on for r in rows))} 至 {date_text(max(r.collected_on for r in rows))}",
             "按格归档　　管理人：＿＿＿＿＿＿", f"打印日期　{date_text(printed)}"]
    for i, line in enumerate(lines):
        fonts.draw_string(c, W / 2, H - 160 * mm - i * 11 * mm, line, 13, anchor="middle")
    for i, number in enumerate((first, last)):  # the binder's first and last cards, to scan
        code128(c, W / 2 - 70 * mm + i * 80 * mm, MARGIN + 12 * mm, number, 12 * mm, 60 * mm)
        fonts.draw_string(c, W / 2 - 40 * mm + i * 80 * mm, MARGIN + 6 * mm, number, 9, anchor="middle")


def _index_pages(c, grid_label: str, binder: int, rows) -> None:
    per_page = int((H - 2 * MARGIN - 14 * mm) // ROW)
    pages = max(1, -(-len(rows) // per_page))
    for p in range(pages):
        _header(c, grid_label, binder, p + 1, pages)
        y = H - MARGIN - 10 * mm - ROW
        for r in rows[p * per_page:(p + 1) * per_page]:
            x = MARGIN
            for (_title, width), text in zip(COLUMNS, _cells(r)):
                size = fonts.fit_size(text, 9, width * mm - 3 * mm, 6)
                fonts.draw_string(c, x + 1.5 * mm, y, text, size)
                x += width * mm
            code128(c, x + 1 * mm, y - 1.4 * mm, r.archive_no, 5 * mm, COLUMNS[-1][1] * mm - 2 * mm)
            c.setStrokeGray(0.8)
            c.line(MARGIN, y - 2 * mm, W - MARGIN, y - 2 * mm)
            y -= ROW
        c.showPage()


def _vertical(c, cx: float, top: float, text: str, size: float, pitch: float, bold: bool = False) -> float:
    """``text`` set top to bottom, one character under another; the y below it."""
    for k, ch in enumerate(text):
        fonts.draw_string(c, cx, top - size * 0.85 - k * pitch, ch, size, anchor="middle", bold=bold)
    return top - len(text) * pitch


def _spines(c, community: str, grid: str, binders: dict) -> None:
    """A label per binder to slip into its spine: what the binder holds (人口信息登记卡), the
    community and grid large enough to read on the shelf, the binder's number and its cards."""
    per_page = int((W - 2 * MARGIN) // SPINE_W)
    items = sorted(binders.items())
    community, grid = community.replace(" ", ""), grid.replace(" ", "")
    names_room = 100 * mm  # between the title and the binder's number
    pitch = min(8.6 * mm, names_room / (len(community) + len(grid) + 0.6))
    size = min(21, pitch / mm * 2.45)
    for start in range(0, len(items), per_page):
        fonts.draw_string(c, MARGIN, H - MARGIN + 2 * mm, f"{community} {grid}　脊标（沿边线剪下）", 9)
        for i, (binder, rows) in enumerate(items[start:start + per_page]):
            x = MARGIN + i * SPINE_W
            y = H - MARGIN - SPINE_H - 4 * mm
            c.setDash(3, 2)
            c.rect(x, y, SPINE_W, SPINE_H)
            c.setDash()
            cx, top = x + SPINE_W / 2, y + SPINE_H - 8 * mm
            below = _vertical(c, cx, top, "人口信息登记卡", 12, 5.4 * mm)
            c.setLineWidth(0.6)
            c.line(x + 8 * mm, below - 2 * mm, x + SPINE_W - 8 * mm, below - 2 * mm)
            below = _vertical(c, cx, below - 5 * mm, community, size, pitch, bold=True)
            below = _vertical(c, cx, below - 0.6 * pitch, grid, size, pitch, bold=True)
            number = max(y + 50 * mm, below - 20 * mm)
            fonts.draw_string(c, cx, number, f"{binder}", 34, anchor="middle", bold=True)
            fonts.draw_string(c, cx, number - 10 * mm, "册", 14, anchor="middle")
            code128(c, x + 3 * mm, y + 27 * mm, rows[0].archive_no, 8 * mm, SPINE_W - 6 * mm)
            fonts.draw_string(c, cx, y + 22 * mm, rows[0].archive_no, 10, anchor="middle")
            fonts.draw_string(c, cx, y + 16 * mm, "至", 9, anchor="middle")
            fonts.draw_string(c, cx, y + 10 * mm, rows[-1].archive_no, 10, anchor="middle")
        c.showPage()


def write_index(grid, rows, target: str | Path, progress: Callable[[int, int, str], bool] | None = None,
                printed: dt.date | None = None) -> Path:
    """``rows``: gridapp.services.filing.register(grid=...). A grid with no cards still gets a page saying so."""
    grid_label = f"{grid.community.name} {grid.name}"
    binders = defaultdict(list)
    for r in rows:
        binders[r.binder].append(r)
    c = new_canvas(Path(target), A4, f"{grid_label} 归档目录")
    printed = printed or dt.date.today()
    if not binders:
        fonts.draw_string(c, MARGIN, H - MARGIN, f"{grid_label}：尚无已录入的登记卡。", 13)
        c.showPage()
    for n, (binder, items) in enumerate(sorted(binders.items()), 1):
        _cover(c, grid_label, binder, items, printed)
        c.showPage()
        _index_pages(c, grid_label, binder, items)
        if progress is not None and progress(n, len(binders), f"第 {binder} 册") is False:
            raise Cancelled("，目录未写完")
    if binders:
        _spines(c, grid.community.name, grid.name, binders)
    c.save()
    return Path(target)
