"""The building information board (楼栋人口信息与出租房屋信息栏) as a print-ready PDF.

Floors are rows (top floor on top), units and flats are columns; each flat is a cell
with its door number, its household (head's name as the service gave it, number of
people), a marker per category shown (a coloured square with a one-character symbol,
so it reads in black and white too) and whether it is rented; a flat with no household says 未登记 (空置, grey, only when it is
marked vacant and the community shows vacancy). Header: the building,
its address, community, grid and staff with their work phones; footer: the legend,
what the board leaves out, and the date printed.

Each board is drawn once at its natural size into a PDF form and put on paper by
:mod:`reports.sheets`: scaled to fill one sheet, or tiled as a poster.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, replace
from typing import Callable

from reportlab.lib.colors import HexColor, white

from gridapp.errors import Cancelled
from gridapp.services import boards as boards_service
from gridapp.services.boards import BuildingBoard, Flat
from reports import fonts, sheets
from reports.boardtext import BoardResult, date_text, phone_text, unprintable_names

FS = 10.0  # body text size at natural scale, in points
PAD = 0.45 * FS
GAP = 0.5 * FS
MARKER = 1.3 * FS
UNIT_GAP = 0.8 * FS
MIN_SCALE = 0.8  # below this a board becomes a poster of several sheets
MAX_SCALE = 3.0
GRID_LINE = HexColor("#8a8a8a")
EMPTY_FILL = HexColor("#ececec")
GREY_TEXT = HexColor("#555555")

Progress = Callable[..., bool]


@dataclass(frozen=True)
class _Layout:
    lines: int  # 1: everything on one line; 2: door number and tenure above the household
    cell_w: float
    cell_h: float
    label_w: float
    header_h: float
    head_row_h: float
    legend_h: float
    width: float
    height: float
    grow: float = 1.0  # the table (floors and flats) drawn this much larger than the header


def _names(flat: Flat) -> str:
    return "、".join(h.name for h in flat.households)


UNREGISTERED, VACANT = "未登记", "空置"


def _people(flat: Flat) -> str:
    if flat.households:
        return f"{sum(h.people for h in flat.households)}人"
    return VACANT if flat.vacant else UNREGISTERED


def _codes(flat: Flat) -> list[str]:
    seen: dict[str, None] = {}
    for h in flat.households:
        seen.update(dict.fromkeys(h.markers))
    return list(seen)


def _natural_width(flat: Flat, lines: int) -> float:
    w = fonts.string_width
    room = w(flat.room, FS)
    name = w(_names(flat), FS) + GAP + w(_people(flat), 0.85 * FS)
    marks = len(_codes(flat)) * (MARKER + 0.2 * FS)
    tenure = w(flat.tenure, 0.85 * FS) + GAP if flat.tenure else 0
    if lines == 1:
        return 2 * PAD + room + GAP + name + GAP + marks + tenure
    return 2 * PAD + max(room + GAP + tenure, name + GAP + marks)


def _layout(board: BuildingBoard, lines: int, grow: float = 1.0) -> _Layout:
    widths = [_natural_width(f, lines) for f in board.flats] or [8 * FS]
    cell_w = max(8 * FS, min(max(widths), 1.5 * statistics.median(widths)))
    cell_h = (2.1 if lines == 1 else 3.4) * FS
    label_w = fonts.string_width(f"{board.top_floor}层", FS) + 2 * PAD
    columns = max(1, sum(board.columns.values()))
    gaps = (len(board.columns) - 1) * UNIT_GAP
    width = max(grow * (label_w + columns * cell_w + gaps), _header_min_width(board))
    cell_w = (width / grow - label_w - gaps) / columns  # the table as wide as the header
    rows = board.top_floor - board.bottom_floor + 1
    header_h = _header(None, board, width, 0)
    legend_h = _legend(None, board, width, 0)
    head_row_h = 1.9 * FS
    height = header_h + grow * (head_row_h + rows * cell_h) + legend_h
    return _Layout(lines, cell_w, cell_h, label_w, header_h, head_row_h, legend_h, width, height, grow)


GROWTHS = (1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)


def best_layout(board: BuildingBoard, pagesize) -> _Layout:
    """The layout that prints the flats largest. A small building's table is drawn larger than its
    header (up to 3 times) so that the board fills the sheet, never with the header printed
    smaller than its natural size."""
    aw, ah = pagesize[0] - 2 * sheets.MARGIN, pagesize[1] - 2 * sheets.MARGIN

    def fit(m: _Layout) -> float:
        return min(aw / m.width, ah / m.height, MAX_SCALE)

    best = max((_layout(board, n) for n in (1, 2)), key=fit)
    if fit(best) <= 1:
        return best
    for grow in GROWTHS[1:]:
        for m in (_layout(board, n, grow) for n in (1, 2)):
            if fit(m) >= 1 and m.grow * fit(m) > 1.05 * best.grow * fit(best):
                best = m
    return _taller(best, board.top_floor - board.bottom_floor + 1, aw / ah)


def _taller(m: _Layout, rows: int, aspect: float) -> _Layout:
    """A board wider than the sheet's shape gets taller rows (up to 1.8 times), so that it fills
    the sheet instead of leaving its lower part blank."""
    missing = m.width / aspect - m.height
    if missing <= 0:
        return m
    cell_h = m.cell_h + min(missing / (m.grow * rows), 0.8 * m.cell_h)
    return replace(m, cell_h=cell_h, height=m.height + m.grow * rows * (cell_h - m.cell_h))


# ---------------------------------------------------------------- header and legend

def _title(board: BuildingBoard) -> tuple[str, str]:
    return f"{board.name}　人口信息与出租房屋信息栏", f"{board.community}　{board.grid}"


def _staff_line(board: BuildingBoard) -> str:
    if not board.staff:
        return "网格员：（未设置）"
    parts = []
    for s in board.staff:
        post = f" {s.post}" if s.post else ""
        parts.append(f"{s.role}{post}：{s.name}  {phone_text(s.phone)}")
    return "　　".join(parts)


def _header_min_width(board: BuildingBoard) -> float:
    title, place = _title(board)
    return fonts.string_width(title, 2.2 * FS) + 3 * FS + fonts.string_width(place, 1.3 * FS)


def _header(c, board: BuildingBoard, width: float, top: float) -> float:
    """Draw the header below ``top`` (when ``c`` is given); return its height."""
    title, place = _title(board)
    y = top - 2.2 * FS
    if c is not None:
        c.setFillColorRGB(0, 0, 0)
        fonts.draw_string(c, 0, y, title, 2.2 * FS, bold=True)
        fonts.draw_string(c, width, y, place, 1.3 * FS, anchor="end")
    y -= 1.9 * FS
    if c is not None:
        fonts.draw_string(c, 0, y, f"地址：{board.address or '—'}", 1.05 * FS)
        fonts.draw_string(c, width, y, f"打印日期：{date_text(board.printed_on)}", 1.05 * FS, anchor="end")
    lines = fonts.wrap(_staff_line(board), 1.05 * FS, width, keep=[s.name for s in board.staff])
    for line in lines:
        y -= 1.6 * FS
        if c is not None:
            fonts.draw_string(c, 0, y, line, 1.05 * FS)
    return top - y + 1.0 * FS


def _legend_items(board: BuildingBoard) -> list[tuple[str, object]]:
    items: list[tuple[str, object]] = [(m.label, m) for m in board.markers]
    items += [("N人：该户在册人数（常住、流入，含挂户）", None), ("租住：租房居住", None), ("自住：业主自住", None),
              (f"{UNREGISTERED}：尚无住户登记", None)]
    if board.show_vacant:
        items.append((f"{VACANT}：无人居住", "empty"))
    return items


def _legend(c, board: BuildingBoard, width: float, top: float) -> float:
    size = 0.95 * FS
    y = top - 1.2 * FS - MARKER
    x = 0.0
    head = "图例："
    if c is not None:
        fonts.draw_string(c, 0, y + 0.3 * FS, head, size, bold=True)
    x = fonts.string_width(head, size) + 0.3 * FS
    for label, what in _legend_items(board):
        w = fonts.string_width(label, size) + (MARKER + 0.4 * FS if what is not None else 0) + 1.4 * FS
        if x + w > width:
            x, y = fonts.string_width(head, size) + 0.3 * FS, y - MARKER - 0.6 * FS
        if c is not None:
            tx = x
            if what == "empty":
                c.setFillColor(EMPTY_FILL)
                c.setStrokeColor(GRID_LINE)
                c.rect(x, y, MARKER, MARKER, stroke=1, fill=1)
                tx += MARKER + 0.4 * FS
            elif what is not None:
                _marker(c, x, y, what)
                tx += MARKER + 0.4 * FS
            c.setFillColorRGB(0, 0, 0)
            fonts.draw_string(c, tx, y + 0.3 * FS, label, size)
        x += w
    note = (f"为保护个人信息，本栏不显示：{'、'.join(board.omitted)}。"
            + ("户主姓名只显示姓氏和末字。" if not board.full_names else "")
            + "信息如有错漏或变动，请告知本网格网格员。")
    for line in fonts.wrap(note, size, width, keep=board.omitted):
        y -= 1.55 * FS
        if c is not None:
            c.setFillColor(GREY_TEXT)
            fonts.draw_string(c, 0, y, line, size)
    return top - y + 0.6 * FS


def _marker(c, x: float, y: float, marker) -> None:
    c.saveState()
    c.translate(x, y)
    c.doForm(f"marker-{marker.code}")
    c.restoreState()


def _define_markers(c, boards: list[BuildingBoard]) -> None:
    """Each category's marker drawn once, as a form the boards place wherever it is needed."""
    for marker in {m.code: m for b in boards for m in b.markers}.values():
        c.beginForm(f"marker-{marker.code}", -1, -1, MARKER + 1, MARKER + 1)
        _draw_marker(c, marker)
        c.endForm()


def _draw_marker(c, marker) -> None:
    """A light tint of the category's colour, a border in the colour, the symbol in black."""
    x = y = 0
    colour = HexColor(marker.colour)
    tint = HexColor("#%02x%02x%02x" % tuple(int(255 - (255 - v * 255) * 0.28)
                                            for v in (colour.red, colour.green, colour.blue)))
    c.setLineWidth(1.1)
    c.setStrokeColor(colour)
    c.setFillColor(tint)
    c.roundRect(x, y, MARKER, MARKER, 0.18 * FS, stroke=1, fill=1)
    c.setFillColorRGB(0, 0, 0)
    fonts.draw_string(c, x + MARKER / 2, y + 0.3 * FS, marker.symbol, 0.95 * FS, anchor="middle", bold=True)
    c.setLineWidth(0.5)


# ---------------------------------------------------------------- the table

def _cell(c, flat: Flat, x: float, y: float, m: _Layout, markers: dict) -> None:
    c.setLineWidth(0.5)
    c.setStrokeColor(GRID_LINE)
    c.setFillColor(EMPTY_FILL if flat.vacant else white)
    c.rect(x, y, m.cell_w, m.cell_h, stroke=1, fill=1)
    codes = [markers[code] for code in _codes(flat) if code in markers]
    marks_w = len(codes) * (MARKER + 0.2 * FS)
    tenure_w = fonts.string_width(flat.tenure, 0.85 * FS) + GAP if flat.tenure else 0
    right = x + m.cell_w - PAD
    upper = y + m.cell_h / 2 - 0.35 * FS if m.lines == 1 else y + m.cell_h - 1.45 * FS
    lower = upper if m.lines == 1 else y + 0.75 * FS
    c.setFillColorRGB(0, 0, 0)
    room_w = fonts.draw_string(c, x + PAD, upper, flat.room, FS, bold=True)
    if flat.tenure:
        c.setFillColor(GREY_TEXT)
        fonts.draw_string(c, right, upper, flat.tenure, 0.85 * FS, anchor="end")
    mx = right - marks_w - (tenure_w if m.lines == 1 else 0)
    for i, marker in enumerate(codes):
        _marker(c, mx + i * (MARKER + 0.2 * FS) + 0.1 * FS, lower - 0.3 * FS, marker)
    left = x + PAD + (room_w + GAP if m.lines == 1 else 0)
    people = _people(flat)
    people_w = fonts.string_width(people, 0.85 * FS)
    if flat.households:
        names = _names(flat)
        room_for_name = mx - GAP - left - GAP - people_w
        size = fonts.fit_size(names, FS, room_for_name, 0.55 * FS)
        c.setFillColorRGB(0, 0, 0)
        left += fonts.draw_string(c, left, lower, names, size) + GAP
    c.setFillColor(GREY_TEXT)
    fonts.draw_string(c, left, lower, people, 0.85 * FS)


def _table(c, board: BuildingBoard, m: _Layout, top: float) -> None:
    markers = {mk.code: mk for mk in board.markers}
    x_unit: dict[int, float] = {}
    x = m.label_w
    for unit, n in board.columns.items():
        x_unit[unit] = x
        c.setFillColorRGB(0, 0, 0)
        fonts.draw_string(c, x + n * m.cell_w / 2, top - 1.35 * FS, f"{unit}单元", 1.05 * FS,
                          anchor="middle", bold=True)
        x += n * m.cell_w + UNIT_GAP
    body_top = top - m.head_row_h
    for floor in range(board.top_floor, board.bottom_floor - 1, -1):
        y = body_top - (board.top_floor - floor + 1) * m.cell_h
        fonts.draw_string(c, m.label_w - PAD, y + m.cell_h / 2 - 0.35 * FS, f"{floor}层", FS,
                          anchor="end", bold=True)
    for flat in board.flats:
        if flat.unit not in x_unit:
            continue
        y = body_top - (board.top_floor - flat.floor + 1) * m.cell_h
        _cell(c, flat, x_unit[flat.unit] + (flat.column - 1) * m.cell_w, y, m, markers)


def _draw(c, board: BuildingBoard, m: _Layout) -> None:
    top = m.height
    _header(c, board, m.width, top)
    top -= m.header_h
    c.saveState()
    c.translate(0, top)
    c.scale(m.grow, m.grow)
    _table(c, board, m, 0)
    c.restoreState()
    rows = board.top_floor - board.bottom_floor + 1
    _legend(c, board, m.width, top - m.grow * (m.head_row_h + rows * m.cell_h))


# ---------------------------------------------------------------- the document

def build_wallboards(boards: list[BuildingBoard], target, paper: str = "A3",
                     progress: Progress | None = None) -> BoardResult:
    """Write one PDF with a board per building (several sheets for a poster).

    ``target`` is a path or a binary file. ``progress(done, total, what)`` returning
    False cancels: :class:`gridapp.errors.Cancelled` is raised and nothing is written.
    """
    pagesize = sheets.paper_size(paper)
    title = boards[0].name if len(boards) == 1 else f"{boards[0].community} 楼栋信息栏" if boards else "楼栋信息栏"
    c = sheets.new_canvas(target, pagesize, title)
    result = BoardResult(paper=paper.upper(), missing=unprintable_names(boards))
    _define_markers(c, boards)
    for i, board in enumerate(boards):
        if progress is not None and progress(i, len(boards), board.name) is False:
            raise Cancelled("，未生成文件")
        m = best_layout(board, pagesize)
        name = f"board{i}"
        c.beginForm(name, 0, 0, m.width, m.height)
        _draw(c, board, m)
        c.endForm()
        placement = sheets.plan(m.width, m.height, pagesize, min_scale=MIN_SCALE, max_scale=MAX_SCALE)
        c.bookmarkPage(f"p{i}")
        c.addOutlineEntry(f"{board.grid} {board.name}", f"p{i}")
        result.pages += sheets.place(c, name, m.width, m.height, placement, f"{board.grid} {board.name}")
        result.sheets[f"{board.community} {board.grid} {board.name}"] = placement.sheets
    if not boards:
        fonts.draw_string(c, sheets.MARGIN, pagesize[1] / 2, "所选范围内没有楼栋。", 2 * FS)
        c.showPage()
        result.pages = 1
    if progress is not None and progress(len(boards), len(boards), "写入文件") is False:
        raise Cancelled("，未生成文件")
    c.save()
    boards_service.record_wallboards(len(boards), result.pages)
    return result
