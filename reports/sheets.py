"""Paper, and putting a drawing on it: scaled to fit one sheet, or tiled over several.

A board is drawn once, at its natural size, into a PDF form (an XObject). A board
that fits the sheet is scaled to fill it; one that would have to shrink below
legibility is printed at natural size as a poster of several sheets that overlap by
a strip, with crop marks, alignment marks and assembly notes in the margins.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from reportlab.lib.pagesizes import A1, A2, A3, A4, landscape, portrait
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from gridapp.errors import UserError
from reports import fonts

PAPERS = {"A4": A4, "A3": A3, "A2": A2, "A1": A1}
MARGIN = 10 * mm
OVERLAP = 12 * mm
MARK = 5 * mm  # crop mark length
NOTE_SIZE = 7


def paper_size(name: str, *, landscape_: bool = True, allowed=tuple(PAPERS)) -> tuple[float, float]:
    key = (name or "").strip().upper()
    if key not in PAPERS or key not in allowed:
        raise UserError(f"纸张须为 {'、'.join(allowed)} 之一，不是“{name}”。")
    return landscape(PAPERS[key]) if landscape_ else portrait(PAPERS[key])


PAGE_OF = "第 {page} 页，共 {pages} 页"


class PagedCanvas(Canvas):
    """A canvas that can number its pages "第 N 页，共 M 页": ``page_number`` marks where a page's
    number goes; the pages are then held until ``save``, when the total is known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._held: list[dict] | None = None  # the finished pages' states, once numbering is asked
        self._number_at: tuple | None = None

    def page_number(self, x: float, y: float, template: str, size: float, anchor: str = "end") -> None:
        """Number this page at (x, y): ``template`` with {page} and {pages}, e.g. "第 {page} 页，共 {pages} 页"."""
        if self._held is None:
            self._held = []
        self._number_at = (x, y, template, size, anchor)

    def showPage(self):
        if self._held is None:
            return super().showPage()
        self._held.append(dict(self.__dict__))
        self._number_at = None
        self._startPage()

    def save(self):
        if self._held is not None:
            if self._code:  # the last page, not yet finished
                self.showPage()
            held, pages = self._held, len(self._held)
            for page, state in enumerate(held, 1):
                self.__dict__.update(state)
                if self._number_at is not None:
                    x, y, template, size, anchor = self._number_at
                    fonts.draw_string(self, x, y, template.format(page=page, pages=pages), size, anchor=anchor)
                Canvas.showPage(self)
        super().save()


def new_canvas(target, pagesize, title: str) -> PagedCanvas:
    """A canvas whose default font is the embedded CJK font (no stray Helvetica)."""
    primary = fonts.default_fonts().primary
    if isinstance(target, os.PathLike):
        target = os.fspath(target)
    c = PagedCanvas(target, pagesize=pagesize, initialFontName=primary, initialFontSize=10,
                    pageCompression=1)
    c.setTitle(title)
    c.setCreator("gridapp")
    c.setAuthor("gridapp")
    return c


@dataclass(frozen=True)
class Placement:
    scale: float
    columns: int  # sheets across
    rows: int  # sheets down

    @property
    def sheets(self) -> int:
        return self.columns * self.rows


def plan(width: float, height: float, pagesize, *, min_scale: float, max_scale: float,
         poster_scale: float = 1.0) -> Placement:
    """One sheet when the drawing fits at ``min_scale`` or more, else a poster at ``poster_scale``."""
    aw, ah = pagesize[0] - 2 * MARGIN, pagesize[1] - 2 * MARGIN
    fit = min(aw / width, ah / height)
    if fit >= min_scale:
        return Placement(min(fit, max_scale), 1, 1)
    columns = max(1, math.ceil((width * poster_scale - OVERLAP) / (aw - OVERLAP)))
    rows = max(1, math.ceil((height * poster_scale - OVERLAP) / (ah - OVERLAP)))
    # as large as those sheets allow: the paper is used anyway
    grow = min((columns * (aw - OVERLAP) + OVERLAP) / width, (rows * (ah - OVERLAP) + OVERLAP) / height)
    return Placement(max(poster_scale, min(grow, max_scale)), columns, rows)


def place(c: Canvas, form: str, width: float, height: float, placement: Placement, label: str) -> int:
    """Draw the form on as many sheets as the placement needs; return the sheets drawn."""
    pw, ph = c._pagesize
    aw, ah = pw - 2 * MARGIN, ph - 2 * MARGIN
    s = placement.scale
    if placement.sheets == 1:
        c.saveState()
        c.translate((pw - width * s) / 2, (ph - height * s) / 2)
        c.scale(s, s)
        c.doForm(form)
        c.restoreState()
        c.showPage()
        return 1
    step_x, step_y = aw - OVERLAP, ah - OVERLAP
    number = 0
    for row in range(placement.rows):
        for col in range(placement.columns):
            number += 1
            c.saveState()
            p = c.beginPath()
            p.rect(MARGIN, MARGIN, aw, ah)
            c.clipPath(p, stroke=0, fill=0)
            # the sheet shows the drawing from (col*step_x, top - row*step_y) downwards
            c.translate(MARGIN - col * step_x, MARGIN + ah - height * s + row * step_y)
            c.scale(s, s)
            c.doForm(form)
            c.restoreState()
            _marks(c, aw, ah, right=col < placement.columns - 1, below=row < placement.rows - 1,
                   left=col > 0, above=row > 0)
            note = (f"{label}　第 {number}/{placement.sheets} 张（第 {row + 1} 行第 {col + 1} 列，"
                    f"共 {placement.rows} 行 {placement.columns} 列）")
            fonts.draw_string(c, MARGIN + MARK + 3 * mm, ph - MARGIN + 2.5 * mm, note, NOTE_SIZE + 1)
            fonts.draw_string(c, MARGIN + MARK + 3 * mm, MARGIN - 5.5 * mm,
                              "拼贴：沿四角裁切线剪去白边；有相邻一张的边，与该张的虚线对齐线重叠粘贴。",
                              NOTE_SIZE)
            c.showPage()
    return placement.sheets


def _marks(c: Canvas, aw: float, ah: float, *, right: bool, below: bool, left: bool, above: bool) -> None:
    """Crop marks at the content's corners; dashed alignment lines where a neighbour overlaps."""
    x0, y0, x1, y1 = MARGIN, MARGIN, MARGIN + aw, MARGIN + ah
    c.saveState()
    c.setLineWidth(0.5)
    c.setStrokeColorRGB(0, 0, 0)
    gap = 1.5 * mm
    for x, y, dx, dy in ((x0, y0, -1, -1), (x1, y0, 1, -1), (x0, y1, -1, 1), (x1, y1, 1, 1)):
        c.line(x + dx * gap, y, x + dx * (gap + MARK), y)
        c.line(x, y + dy * gap, x, y + dy * (gap + MARK))
    c.setDash(2, 2)
    c.setStrokeColorRGB(0.35, 0.35, 0.35)
    if right:  # the next sheet's left edge lands here
        x = x1 - OVERLAP
        c.line(x, y0 - MARK, x, y0 - gap)
        c.line(x, y1 + gap, x, y1 + MARK)
        fonts.draw_string(c, x + 1 * mm, y1 + 1.5 * mm, "对齐线", NOTE_SIZE - 1)
    if below:  # the sheet below starts here
        y = y0 + OVERLAP
        c.line(x0 - MARK, y, x0 - gap, y)
        c.line(x1 + gap, y, x1 + MARK, y)
    c.restoreState()
    if left or above:
        where = "、".join(w for w, on in (("左", left), ("上", above)) if on)
        fonts.draw_string(c, x1 - MARK - 3 * mm, MARGIN - 5.5 * mm, f"本张{where}边压在相邻一张上",
                          NOTE_SIZE, anchor="end")
