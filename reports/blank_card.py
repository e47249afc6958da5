"""The blank population information card (人口信息登记卡) on A4, printed from the card design in
the form's order: the header, the 4 basic items, the household's categories and supplementary
fields, then a row per member with the persons' fields. Each sheet of a numbered stack carries
its card number in print and as a Code 128 barcode, so intake and filing can be scanned."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from gridapp.errors import Cancelled
from reports import fonts
from reports.barcodes import code128
from reports.sheets import new_canvas

W, H = A4
MARGIN = 12 * mm
LINE = 8 * mm
MEMBER_ROWS = 6
MEMBER_COLUMNS = (("姓名", 20), ("身份证号", 44), ("与户主关系", 17), ("联系电话", 26), ("居住状态", 16))


def _blank(c, x: float, y: float, width: float) -> None:
    c.setLineWidth(0.5)
    c.line(x, y - 1.2 * mm, x + width, y - 1.2 * mm)


def _boxes(c, x: float, y: float, count: int, size: float = 4.6 * mm) -> float:
    c.setLineWidth(0.5)
    for i in range(count):
        c.rect(x + i * size, y - 1.6 * mm, size, size)
    return count * size


def _field_answer(c, f: dict, x: float, y: float, width: float) -> float:
    """Where a field is written or ticked; the height it takes."""
    kind = f["kind"]
    if kind in ("choice", "multi", "bool"):
        options = f["choices"] if kind != "bool" else ["是", "否"]
        cx, cy = x, y
        for option in options:
            text = f"□ {option}"
            w = fonts.string_width(text, 9) + 4 * mm
            if cx + w > x + width:
                cx, cy = x, cy - 5 * mm
            fonts.draw_string(c, cx, cy, text, 9)
            cx += w
        if kind == "multi":
            fonts.draw_string(c, cx, cy, "（可多选）", 7)
        return y - cy + LINE
    if kind == "date":
        fonts.draw_string(c, x, y, "＿＿＿＿年＿＿月＿＿日", 9)
        return LINE
    _blank(c, x, y, min(width, 60 * mm if kind in ("int", "number") else width))
    if f.get("min") is not None or f.get("max") is not None:
        span = f"{'' if f['min'] is None else f['min']}–{'' if f['max'] is None else f['max']}"
        fonts.draw_string(c, x + min(width, 60 * mm) + 2 * mm, y, f"（{span}）", 7)
    return LINE


def _note(f: dict) -> str:
    parts = ["必填" if f["required"] else ""]
    if f["condition"]:
        parts.append(f"仅当{f['condition']}时填写")
    if f["help"]:
        parts.append(f["help"])
    return "；".join(p for p in parts if p)


def _fields(c, fields: list[dict], y: float, prefix: str = "") -> float:
    label_w = 34 * mm
    for f in fields:
        if y < 95 * mm:  # the members' table keeps its room; the rest goes on the back
            break
        size = fonts.fit_size(prefix + f["label"], 10, label_w - 2 * mm, 7)
        fonts.draw_string(c, MARGIN, y, prefix + f["label"], size)
        used = _field_answer(c, f, MARGIN + label_w, y, W - 2 * MARGIN - label_w - 50 * mm)
        note = _note(f)
        if note:
            fonts.draw_string(c, W - MARGIN, y, note[:28], 7, anchor="end")
        y -= used
    return y


def _page(c, number: str, header: dict, household_fields: list[dict], person_fields: list[dict],
          household_categories: list[str], person_categories: list[str]) -> None:
    top = H - MARGIN
    fonts.draw_string(c, MARGIN, top - 6 * mm, "人口信息登记卡", 18, bold=True)
    fonts.draw_string(c, MARGIN, top - 13 * mm, f"{header['community']}　{header['grid'] or '＿＿＿＿网格'}"
                      f"　设计版本 {header['version']}", 9)
    if number:
        fonts.draw_string(c, W - MARGIN, top - 5 * mm, f"卡号 {number}", 14, anchor="end", bold=True)
        code128(c, W - MARGIN - 62 * mm, top - 17 * mm, number, 9 * mm, 62 * mm)
    y = top - 24 * mm
    fonts.draw_string(c, MARGIN, y, "采集网格员", 10)
    _blank(c, MARGIN + 20 * mm, y, 40 * mm)
    fonts.draw_string(c, MARGIN + 66 * mm, y, "采集日期　　＿＿＿＿年＿＿月＿＿日", 10)
    fonts.draw_string(c, MARGIN + 140 * mm, y, "录入员", 10)
    _blank(c, MARGIN + 152 * mm, y, W - 2 * MARGIN - 152 * mm)
    y -= 9 * mm
    c.setLineWidth(1)
    c.line(MARGIN, y + 5 * mm, W - MARGIN, y + 5 * mm)
    fonts.draw_string(c, MARGIN, y, "一、基本项", 11, bold=True)
    y -= LINE
    fonts.draw_string(c, MARGIN, y, "户主姓名", 10)
    _blank(c, MARGIN + 20 * mm, y, 40 * mm)
    fonts.draw_string(c, MARGIN + 66 * mm, y, "身份证号", 10)
    _boxes(c, MARGIN + 84 * mm, y, 18)
    y -= LINE
    fonts.draw_string(c, MARGIN, y, "现住址", 10)
    fonts.draw_string(c, MARGIN + 20 * mm, y, "＿＿＿＿＿＿＿＿栋＿＿＿单元＿＿＿＿＿室", 10)
    fonts.draw_string(c, MARGIN + 110 * mm, y, "联系电话", 10)
    _blank(c, MARGIN + 128 * mm, y, W - 2 * MARGIN - 128 * mm)
    y -= LINE
    for label, options in (("户类别", household_categories), ("户主类别", person_categories)):
        fonts.draw_string(c, MARGIN, y, label, 10)
        cx = MARGIN + 20 * mm
        for option in options:
            text = f"□{option}"
            w = fonts.string_width(text, 8) + 2.5 * mm
            if cx + w > W - MARGIN:
                cx, y = MARGIN + 20 * mm, y - 4.6 * mm
            fonts.draw_string(c, cx, y, text, 8)
            cx += w
        y -= LINE - 1 * mm
    if household_fields or person_fields:
        y -= 2 * mm
        c.line(MARGIN, y + 5 * mm, W - MARGIN, y + 5 * mm)
        fonts.draw_string(c, MARGIN, y, "二、社区补充项（在同一页补充登记）", 11, bold=True)
        y -= LINE
        y = _fields(c, household_fields, y)
        y = _fields(c, person_fields, y, prefix="户主·")
    _members(c, person_fields, min(y, 92 * mm))
    fonts.draw_string(c, MARGIN, MARGIN - 2 * mm, "采集后两日内录入，原卡交回社区按格归档。登记信息仅用于社区服务管理，依法保密。", 8)
    if number:
        fonts.draw_string(c, W - MARGIN, MARGIN - 2 * mm, f"卡号 {number}", 8, anchor="end")


def _members(c, person_fields: list[dict], top: float) -> None:
    fonts.draw_string(c, MARGIN, top, "三、家庭成员（含户主）", 11, bold=True)
    extra = [(f["label"], 0) for f in person_fields]
    fixed = sum(w for _, w in MEMBER_COLUMNS)
    room = (W - 2 * MARGIN) / mm - fixed
    widths = [w for _, w in MEMBER_COLUMNS] + ([room / len(extra)] * len(extra) if extra else [])
    if not extra:
        widths[1] += room
    headers = [t for t, _ in MEMBER_COLUMNS] + [t for t, _ in extra]
    row_h = 9 * mm
    y = top - 4 * mm
    c.setLineWidth(0.6)
    for r in range(MEMBER_ROWS + 2):
        c.line(MARGIN, y - r * row_h, W - MARGIN, y - r * row_h)
    x = MARGIN
    for header, width in zip(headers, widths):
        c.line(x, y, x, y - (MEMBER_ROWS + 1) * row_h)
        size = fonts.fit_size(header, 9, width * mm - 1.5 * mm, 5.5)
        fonts.draw_string(c, x + width * mm / 2, y - row_h + 3 * mm, header, size, anchor="middle", bold=True)
        x += width * mm
    c.line(W - MARGIN, y, W - MARGIN, y - (MEMBER_ROWS + 1) * row_h)


def write_blank_cards(design: dict, numbers: list[str], target: str | Path,
                      progress: Callable[[int, int, str], bool] | None = None) -> Path:
    """``design``: ``gridapp.services.cardfields.print_design``; ``numbers``: the stack's card
    numbers (one blank card without a number when empty)."""
    c = new_canvas(Path(target), A4, f"{design['community']} 人口信息登记卡")
    household = [f for f in design["fields"] if f["level"] == "household"]
    person = [f for f in design["fields"] if f["level"] == "person"]
    for i, number in enumerate(numbers or [""]):
        _page(c, number, design, household, person, design["household_categories"], design["person_categories"])
        c.showPage()
        if progress is not None and progress(i + 1, len(numbers), number) is False:
            raise Cancelled("，登记卡未写完")
    c.save()
    return Path(target)

