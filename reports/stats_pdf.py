"""The statistics as a printable PDF (A4 landscape): the totals and the population
pyramid, a bar per grid, then every grid side by side, one table per group of figures."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from gridapp.services import stats, statstable
from reports import fonts
from reports.printed import made_at, stats_caption
from reports.sheets import PAGE_OF, new_canvas

PAGE = landscape(A4)
MARGIN = 14 * mm
ROW = 5.6 * mm
SIZE = 9
MEN, WOMEN, BAR = (0.29, 0.48, 0.82), (0.83, 0.42, 0.42), (0.29, 0.48, 0.82)


class _Report:
    def __init__(self, path: Path, data: dict, made_by: str):
        self.data = data
        self.c = new_canvas(path, PAGE, f"统计报表（{data['scope']}）")
        self.c.setAuthor(made_by or "gridapp")
        self.footer = f"gridapp · {made_by + ' · ' if made_by else ''}{made_at()}"
        self.page = 0

    def start(self, title: str) -> float:
        """A new page with its heading; return the y where content starts."""
        if self.page:
            self.c.showPage()
        self.page += 1
        w, h = PAGE
        fonts.draw_string(self.c, MARGIN, h - MARGIN - 4 * mm, title, 15, bold=True)
        fonts.draw_string(self.c, w - MARGIN, h - MARGIN - 4 * mm,
                          stats_caption(self.data), 10, anchor="end")
        fonts.draw_string(self.c, MARGIN, MARGIN - 7 * mm, self.footer, 7)
        self.c.page_number(w - MARGIN, MARGIN - 7 * mm, PAGE_OF, 7)
        return self.top

    @property
    def top(self) -> float:
        """Where a page's content starts."""
        return PAGE[1] - MARGIN - 14 * mm

    def text(self, x, y, text, size=SIZE, **kw) -> None:
        fonts.draw_string(self.c, x, y, str(text), size, **kw)

    def bar(self, x, y, width, height, colour) -> None:
        self.c.setFillColorRGB(*colour)
        self.c.rect(x, y, width, height, stroke=0, fill=1)
        self.c.setFillColorRGB(0, 0, 0)

    def rule(self, x0, x1, y, width=0.4) -> None:
        self.c.setLineWidth(width)
        self.c.line(x0, y, x1, y)


def _scale(value: int) -> int:
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= max(value, 1):
                return m * step
        step *= 10


def _summary(r: _Report, top: float) -> None:
    """Sections of totals in three columns on the left two thirds of the page."""
    col_w = (PAGE[0] - 2 * MARGIN) * 0.62 / 3
    x, y = MARGIN, top
    for section, items in statstable.summary(r.data):
        need = (len(items) + 1) * ROW + 2 * mm
        if y - need < MARGIN and x + col_w < MARGIN + 3 * col_w:
            x, y = x + col_w, top
        r.text(x, y, section, 10, bold=True)
        y -= ROW
        for label, n in items:
            r.text(x + 2 * mm, y, label)
            r.text(x + col_w - 6 * mm, y, n, anchor="end")
            y -= ROW
        y -= 2 * mm


def _pyramid(r: _Report, x0: float, top: float, width: float) -> None:
    rows = statstable.pyramid_rows(r.data)
    r.text(x0, top, "人口金字塔", 10, bold=True)
    band_w = 16 * mm
    half = (width - band_w) / 2 - 9 * mm
    middle = x0 + width / 2
    scale = _scale(max((max(m, f) for _, m, f in rows), default=0))
    row = 5.2 * mm
    y = top - 4 * mm
    for band, men, women in reversed(rows):
        y -= row
        r.text(middle, y + 1.2 * mm, band, 7.5, anchor="middle")
        left, right = half * men / scale, half * women / scale
        r.bar(middle - band_w / 2 - left, y + 0.6 * mm, left, row - 1.2 * mm, MEN)
        r.bar(middle + band_w / 2, y + 0.6 * mm, right, row - 1.2 * mm, WOMEN)
        r.text(middle - band_w / 2 - left - 1 * mm, y + 1.2 * mm, men, 7, anchor="end")
        r.text(middle + band_w / 2 + right + 1 * mm, y + 1.2 * mm, women, 7)
    y -= row
    r.bar(middle - 20 * mm, y + 1 * mm, 3 * mm, 3 * mm, MEN)
    r.text(middle - 16 * mm, y + 1.2 * mm, "男", 8)
    r.bar(middle + 8 * mm, y + 1 * mm, 3 * mm, 3 * mm, WOMEN)
    r.text(middle + 12 * mm, y + 1.2 * mm, "女", 8)


def _bars(r: _Report, x0: float, top: float, width: float, measure: str) -> None:
    items = statstable.bars(r.data, measure)
    r.text(x0, top, f"每个网格的{statstable.BAR_MEASURES[measure][0]}", 10, bold=True)
    label_w = max((fonts.string_width(label, 8) for label, _ in items), default=0) + 3 * mm
    room = width - label_w - 14 * mm
    available = top - 6 * mm - MARGIN
    row = min(6 * mm, available / max(len(items), 1))
    scale = _scale(max((v for _, v in items), default=0))
    y = top - 4 * mm
    size = min(8, row / mm * 2.2)
    for label, value in items:
        y -= row
        r.text(x0 + label_w - 2 * mm, y + row * 0.25, label, size, anchor="end")
        length = room * value / scale
        r.bar(x0 + label_w, y + row * 0.12, length, row * 0.76, BAR)
        r.text(x0 + label_w + length + 1 * mm, y + row * 0.25, value, size)


MIN_ROWS = 4  # never fewer rows than this (the total counted) alone at the top or foot of a page


def _grid_tables(r: _Report) -> None:
    """One table per group of figures, a row per grid and a total, across the page's width. A
    table starts on a new page when it would fit there whole but not in what is left of this
    one; a table longer than a page is split, never leaving a few rows alone on either side."""
    several = len({g["community"] for g in r.data["by_grid"]}) > 1
    grids = list(r.data["by_grid"])
    label_w = max((fonts.string_width(statstable.grid_label(g, several), SIZE) for g in grids), default=0) + 4 * mm
    full = PAGE[0] - 2 * MARGIN
    page_rows = int((r.top - MARGIN) // ROW)  # rows a fresh page holds
    y = r.start("分网格统计")
    for title, columns in (*statstable.GRID_GROUPS, *statstable.extra_groups(r.data)):
        lines = [(statstable.grid_label(g, several), [get(g) for _h, _w, get in columns], False) for g in grids]
        lines.append(("合计", [sum(get(g) for g in grids) for _h, _w, get in columns], True))
        widths = [max(fonts.string_width(h, 8), fonts.string_width(str(total), SIZE) * 1.1, 8 * mm) + 3 * mm
                  for (h, _w, _g), total in zip(columns, lines[-1][1])]
        spare = max(0.0, full - label_w - sum(widths))
        widths = [w + spare / len(widths) for w in widths]  # the table as wide as the page
        x_end = MARGIN + label_w + sum(widths)
        heading = title
        while lines:
            room = int((y - MARGIN) // ROW) - 2  # rows left here under a heading and the column titles
            if room < len(lines) and (len(lines) + 2 <= page_rows or room < MIN_ROWS) and y < r.top:
                y = r.start("分网格统计")
                continue
            take = len(lines) if room >= len(lines) else min(room, len(lines) - MIN_ROWS)
            r.text(MARGIN, y, heading, 10, bold=True)
            y -= ROW
            r.text(MARGIN, y, "网格", 8, bold=True)
            x = MARGIN + label_w
            for (header, _w, _g), w in zip(columns, widths):
                r.text(x + w - 1.5 * mm, y, header, 8, bold=True, anchor="end")
                x += w
            r.rule(MARGIN, x_end, y - 1.8 * mm, 0.8)
            for label, values, total in lines[:take]:
                y -= ROW
                if total:
                    r.rule(MARGIN, x_end, y + ROW - 1.8 * mm, 0.8)
                r.text(MARGIN, y, label, SIZE, bold=total)
                x = MARGIN + label_w
                for value, w in zip(values, widths):
                    r.text(x + w - 1.5 * mm, y, value, SIZE, anchor="end", bold=total)
                    x += w
            lines = lines[take:]
            heading = f"{title}（续）"
            y -= 2 * ROW
            if lines:
                y = r.start("分网格统计")


def write_stats(data: dict, path: str | Path, made_by: str = "") -> Path:
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    r = _Report(partial, data, made_by)
    top = r.start("统计报表")
    _summary(r, top)
    width = (PAGE[0] - 2 * MARGIN) * 0.36
    _pyramid(r, PAGE[0] - MARGIN - width, top, width)
    top = r.start("每个网格")
    half = (PAGE[0] - 2 * MARGIN - 10 * mm) / 2
    _bars(r, MARGIN, top, half, "persons")
    _bars(r, MARGIN + half + 10 * mm, top, half, "households")
    _grid_tables(r)
    r.c.showPage()
    r.c.save()
    partial.replace(path)
    stats.record_export("PDF", stats_caption(data))
    return path
