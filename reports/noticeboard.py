"""The grid-worker notice board (网格员公示牌) as a print-ready PDF, one page per grid.

A band with the title and the grid; a card per staff member (photo or a clean
placeholder, name, post, which of 一格三员 the worker is, work phone, in type large enough to
read from the stairs);
then the service area, duties, promises and how to reach them, as the community wrote
them. Portrait A4 or A3; the page is drawn at A4 size and scaled to the sheet.
"""

from __future__ import annotations

import io
import logging
from typing import Callable

from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader

from gridapp.errors import Cancelled
from gridapp.services import boards as boards_service
from gridapp.services.boards import NoticeBoard, StaffLine
from reports import fonts, sheets
from reports.boardtext import BoardResult, date_text, phone_text, unprintable_names

log = logging.getLogger(__name__)

WIDTH = 160 * mm  # drawn narrower than A4 less its margins, then scaled up to the sheet
FS = 11.0
BAND = HexColor("#b22222")
GREY = HexColor("#555555")
PHOTO_W, PHOTO_H = 30 * mm, 40 * mm
CARD_H = PHOTO_H + 8.2 * FS  # photo, name, post, kind (一格三员), phone
PER_ROW = 3
PAPERS = ("A4", "A3")

Progress = Callable[..., bool]


def _sections(board: NoticeBoard) -> list[tuple[str, str]]:
    area = "、".join(board.buildings)
    area = f"{board.grid}：{area}（共 {len(board.buildings)} 栋）" if board.buildings else f"{board.grid}：本网格无住宅楼栋"
    reach = [f"{s.role}{(' ' + s.post) if s.post else ''} {s.name}：{phone_text(s.phone) or '（未登记）'}"
             for s in board.staff]
    contact = (board.contact.strip() + "\n" if board.contact.strip() else "") + "\n".join(reach)
    if any(s.post == "B岗" for s in board.staff):
        contact += "\nA岗网格员不在时，由B岗网格员接替办理（AB岗）。"
    return [("服务范围", area), ("工作职责", board.duties), ("服务承诺", board.promises),
            ("联系我们", contact)]


def _photo(c, staff: StaffLine, x: float, y: float) -> bool:
    """The staff member's photo fitted into the frame; a drawn placeholder when there is none."""
    c.saveState()
    c.setStrokeColor(HexColor("#9aa5b1"))
    c.setFillColor(HexColor("#eef1f5"))
    c.rect(x, y, PHOTO_W, PHOTO_H, stroke=1, fill=1)
    drawn = False
    if staff.photo:
        try:
            c.drawImage(ImageReader(io.BytesIO(staff.photo)), x, y, PHOTO_W, PHOTO_H,
                        preserveAspectRatio=True, anchor="c")
            drawn = True
        except Exception:  # a damaged or unknown image: the placeholder, and a log line without names
            log.warning("a staff photo could not be read; placeholder printed")
    if not drawn:
        path = c.beginPath()
        path.rect(x, y, PHOTO_W, PHOTO_H)
        c.clipPath(path, stroke=0, fill=0)
        c.setFillColor(HexColor("#b8c2cc"))
        cx = x + PHOTO_W / 2
        c.circle(cx, y + PHOTO_H * 0.62, PHOTO_W * 0.19, stroke=0, fill=1)
        c.ellipse(cx - PHOTO_W * 0.38, y - PHOTO_H * 0.25, cx + PHOTO_W * 0.38, y + PHOTO_H * 0.42,
                  stroke=0, fill=1)
    c.restoreState()
    return drawn


def _card(c, staff: StaffLine, x: float, top: float, width: float) -> None:
    cx = x + width / 2
    _photo(c, staff, cx - PHOTO_W / 2, top - PHOTO_H)
    y = top - PHOTO_H - 2.0 * FS
    c.setFillColorRGB(0, 0, 0)
    fonts.draw_string(c, cx, y, staff.name, fonts.fit_size(staff.name, 1.7 * FS, width, FS),
                      anchor="middle", bold=True)
    y -= 1.6 * FS
    c.setFillColor(GREY)
    fonts.draw_string(c, cx, y, f"{staff.role}{(' · ' + staff.post) if staff.post else ''}", FS, anchor="middle")
    y -= 1.4 * FS
    if staff.kind:
        fonts.draw_string(c, cx, y, staff.kind, fonts.fit_size(staff.kind, FS, width, 0.8 * FS), anchor="middle")
    y -= 1.9 * FS
    c.setFillColorRGB(0, 0, 0)
    phone = phone_text(staff.phone) or "电话未登记"
    fonts.draw_string(c, cx, y, phone, fonts.fit_size(phone, 1.45 * FS, width, FS), anchor="middle", bold=True)


def _draw(c, board: NoticeBoard, height: float | None) -> float:
    """Draw the board (``c`` None: only measure); return the height it takes."""
    top = height or 0.0
    band_h = 25 * mm
    if c is not None:
        c.setFillColor(BAND)
        c.rect(0, top - band_h, WIDTH, band_h, stroke=0, fill=1)
        c.setFillColor(white)
        fonts.draw_string(c, WIDTH / 2, top - 12 * mm, "网格员公示牌", 2.6 * FS, anchor="middle", bold=True)
        group = f"（{board.group}）" if board.group else ""
        fonts.draw_string(c, WIDTH / 2, top - 20.5 * mm, f"{board.community} · {board.grid}{group}",
                          1.35 * FS, anchor="middle")
    y = top - band_h - 6 * mm
    staff = board.staff or [StaffLine("（待配备）", "网格员", "", "")]
    card_w = WIDTH / PER_ROW
    for start in range(0, len(staff), PER_ROW):
        row = staff[start:start + PER_ROW]
        x0 = (WIDTH - len(row) * card_w) / 2
        if c is not None:
            for i, s in enumerate(row):
                _card(c, s, x0 + i * card_w, y, card_w)
        y -= CARD_H
    for title, text in _sections(board):
        y -= 1.2 * FS
        if c is not None:
            c.setFillColor(BAND)
            c.rect(0, y - 0.25 * FS, 1.2 * mm, 1.35 * FS, stroke=0, fill=1)
            c.setFillColorRGB(0, 0, 0)
            fonts.draw_string(c, 3 * mm, y, title, 1.3 * FS, bold=True)
        y -= 0.6 * FS
        for line in fonts.wrap(text or "—", FS, WIDTH - 3 * mm, keep=[*board.buildings, *(s.name for s in board.staff)]):
            y -= 1.65 * FS
            if c is not None:
                fonts.draw_string(c, 3 * mm, y, line, FS)
        y -= 0.6 * FS
    y -= 1.8 * FS
    if c is not None:
        c.setFillColor(GREY)
        fonts.draw_string(c, WIDTH, y, f"打印日期：{date_text(board.printed_on)}", 0.85 * FS, anchor="end")
    return top - y + 0.6 * FS


def build_noticeboards(boards: list[NoticeBoard], target, paper: str = "A4",
                       progress: Progress | None = None) -> BoardResult:
    """Write one PDF with a page per grid; ``progress`` returning False cancels (nothing written)."""
    pagesize = sheets.paper_size(paper, landscape_=False, allowed=PAPERS)
    title = f"{boards[0].community} 网格员公示牌" if boards else "网格员公示牌"
    c = sheets.new_canvas(target, pagesize, title)
    result = BoardResult(paper=paper.upper(), missing=unprintable_names(boards))
    for i, board in enumerate(boards):
        if progress is not None and progress(i, len(boards), board.grid) is False:
            raise Cancelled("，未生成文件")
        height = _draw(None, board, None)
        name = f"notice{i}"
        c.beginForm(name, 0, 0, WIDTH, height)
        _draw(c, board, height)
        c.endForm()
        placement = sheets.plan(WIDTH, height, pagesize, min_scale=0.0, max_scale=2.0)
        c.bookmarkPage(f"p{i}")
        c.addOutlineEntry(board.grid, f"p{i}")
        _place_top(c, name, height, placement.scale)
        result.pages += 1
        result.sheets[f"{board.community} {board.grid}"] = 1
    if not boards:
        fonts.draw_string(c, sheets.MARGIN, pagesize[1] / 2, "所选范围内没有网格。", 2 * FS)
        c.showPage()
        result.pages = 1
    c.save()
    boards_service.record_noticeboards(len(boards))
    return result


def _place_top(c, form: str, height: float, scale: float) -> None:
    """Centred across, from the top margin down (a short board leaves white at the bottom)."""
    pw, ph = c._pagesize
    c.saveState()
    c.translate((pw - WIDTH * scale) / 2, ph - sheets.MARGIN - height * scale)
    c.scale(scale, scale)
    c.doForm(form)
    c.restoreState()
    c.showPage()
