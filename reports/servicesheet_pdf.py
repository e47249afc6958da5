"""The service-needs sheet (服务需求供给表, seed 001) on A4, one page per must-visit person:
who they are and where they live, what they need, their usual hospital, who to call, what
they are entitled to, how often they are visited and when next; below, lines for the visits
to be written by hand, and the worker's and the resident's signatures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from reports import fonts
from reports.printed import date_text, made_at
from reports.sheets import new_canvas

W, H = A4
MARGIN = 18 * mm
LABEL_W = 28 * mm
ROW = 8 * mm


def _box(c, y: float, label: str, lines: list[str], min_rows: int = 1) -> float:
    """A labelled box of wrapped text; the y under it."""
    width = W - 2 * MARGIN - LABEL_W - 4 * mm
    wrapped = [part for line in (lines or [""]) for part in (fonts.wrap(line, 10.5, width) or [""])]
    rows = max(min_rows, len(wrapped))
    height = rows * 6 * mm + 3 * mm
    c.rect(MARGIN, y - height, W - 2 * MARGIN, height)
    c.line(MARGIN + LABEL_W, y, MARGIN + LABEL_W, y - height)
    fonts.draw_string(c, MARGIN + 2 * mm, y - 6 * mm, label, 10.5, bold=True)
    for i, line in enumerate(wrapped):
        fonts.draw_string(c, MARGIN + LABEL_W + 2 * mm, y - 6 * mm - i * 6 * mm, line, 10.5)
    return y - height


def _pairs(c, y: float, pairs: list[tuple[str, str]]) -> float:
    """A row of label/value cells across the page; the y under it."""
    cell = (W - 2 * MARGIN) / len(pairs)
    c.rect(MARGIN, y - ROW, W - 2 * MARGIN, ROW)
    for i, (label, value) in enumerate(pairs):
        x = MARGIN + i * cell
        if i:
            c.line(x, y, x, y - ROW)
        fonts.draw_string(c, x + 2 * mm, y - 5.5 * mm, label, 10, bold=True)
        lw = fonts.string_width(label, 10) + 3 * mm
        size = fonts.fit_size(value, 10, cell - lw - 3 * mm, 6)
        fonts.draw_string(c, x + 2 * mm + lw, y - 5.5 * mm, value, size)
    return y - ROW


def _page(c, s: dict, today: dt.date) -> None:
    fonts.draw_string(c, W / 2, H - MARGIN - 4 * mm, "服务需求供给表", 18, anchor="middle", bold=True)
    fonts.draw_string(c, MARGIN, H - MARGIN - 14 * mm, f"{s['community']}　{s['grid']}", 10.5)
    fonts.draw_string(c, W - MARGIN, H - MARGIN - 14 * mm,
                      f"网格员：{'、'.join(s['workers']) or '＿＿＿＿'}", 10.5, anchor="end")
    y = H - MARGIN - 18 * mm
    y = _pairs(c, y, [("姓名", s["name"]), ("性别", s["gender"]),
                      ("年龄", "" if s["age"] is None else f"{s['age']} 岁"), ("电话", s["phone"])])
    y = _pairs(c, y, [("住址", s["address"]), ("类别", "、".join(s["categories"]))])
    y = _box(c, y, "服务需求", (s["needs"] or "").splitlines(), 4)
    y = _box(c, y, "常去医院", [s["hospital"]])
    contacts = [f"{k['name']}　{k['relation']}　{k['phone']}".strip() for k in s["contacts"]]
    y = _box(c, y, "紧急联系人", contacts, 2)
    y = _box(c, y, "享受待遇", ["、".join(s["entitlements"])])
    last = date_text(s["last_visit"]) if s["last_visit"] else "从未走访"
    due = date_text(s["next_due"]) if s["next_due"] else "尽快"
    y = _box(c, y, "定期走访", [f"每 {s['interval']} 天走访一次；上次走访 {last}；下次应访 {due}"])
    if s["note"]:
        y = _box(c, y, "备注", s["note"].splitlines())
    y -= 6 * mm
    fonts.draw_string(c, MARGIN, y, "走访记录", 11, bold=True)
    y -= 3 * mm
    columns = (("走访日期", 32), ("走访人", 28), ("了解的困难、需求和近期情况", 114))
    x = MARGIN
    c.setFillGray(0.9)
    c.rect(MARGIN, y - ROW, W - 2 * MARGIN, ROW, stroke=0, fill=1)
    c.setFillGray(0)
    for title, width in columns:
        fonts.draw_string(c, x + 2 * mm, y - 5.5 * mm, title, 10, bold=True)
        x += width * mm
    bottom = MARGIN + 22 * mm
    rows = max(1, int((y - ROW - bottom) // ROW))
    c.rect(MARGIN, y - ROW * (rows + 1), W - 2 * MARGIN, ROW * (rows + 1))
    for i in range(1, rows + 1):
        c.line(MARGIN, y - ROW * i, W - MARGIN, y - ROW * i)
    x = MARGIN
    for _title, width in columns[:-1]:
        x += width * mm
        c.line(x, y, x, y - ROW * (rows + 1))
    fonts.draw_string(c, MARGIN, MARGIN + 8 * mm, "网格员签名：＿＿＿＿＿＿＿＿　　服务对象（家属）签名：＿＿＿＿＿＿＿＿"
                      "　　日期：＿＿＿＿年＿＿月＿＿日", 10)
    fonts.draw_string(c, MARGIN, MARGIN, f"{made_at()}　本表含个人信息，由网格员保管，不得公开张贴", 8)
    c.showPage()


def write_sheets(sheets: list[dict], target: str | Path, today: dt.date | None = None) -> int:
    """``sheets``: gridapp.services.servicesheets.for_print(...). Returns the number of pages."""
    today = today or dt.date.today()
    c = new_canvas(Path(target), A4, "服务需求供给表")
    if not sheets:
        fonts.draw_string(c, MARGIN, H - MARGIN, "没有符合条件的五必访对象。", 13)
        c.showPage()
    for s in sheets:
        _page(c, s, today)
    c.save()
    return max(1, len(sheets))
