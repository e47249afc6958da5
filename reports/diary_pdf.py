"""The week's summary of the work diary (日清周结) on A4: a line per day (households visited,
must-visit people met, time in the grid, findings), the week's totals, every finding with the
flagged ones marked, and the signatures of the worker and of the grid leader who checked it."""

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
ROW = 8 * mm
WEEKDAYS = "一二三四五六日"
COLUMNS = (("日期", 36), ("走访户数", 22), ("户次", 16), ("五必访", 18), ("入格时长", 22), ("发现", 60))


def _row(c, y: float, cells: list[str], bold: bool = False, shade: bool = False) -> float:
    if shade:
        c.setFillGray(0.9)
        c.rect(MARGIN, y - ROW, W - 2 * MARGIN, ROW, stroke=0, fill=1)
        c.setFillGray(0)
    x = MARGIN
    for (_title, width), text in zip(COLUMNS, cells):
        size = fonts.fit_size(text, 10, width * mm - 3 * mm, 6)
        fonts.draw_string(c, x + 1.5 * mm, y - 5.5 * mm, text, size, bold=bold)
        x += width * mm
    c.setStrokeGray(0.6)
    c.line(MARGIN, y - ROW, W - MARGIN, y - ROW)
    c.setStrokeGray(0)
    return y - ROW


def _hours(value) -> str:
    return "—" if value is None else f"{value:g} 小时"


def write_week(data: dict, community: str, target: str | Path) -> Path:
    """``data``: gridapp.services.diary.week(...)."""
    c = new_canvas(Path(target), A4, "日清周结")
    start, end = dt.date.fromisoformat(data["start"]), dt.date.fromisoformat(data["end"])

    def heading() -> float:
        fonts.draw_string(c, W / 2, H - MARGIN - 4 * mm, "民情日记　日清周结", 18, anchor="middle", bold=True)
        fonts.draw_string(c, MARGIN, H - MARGIN - 14 * mm, f"{community}　网格员：{data['worker']}", 10.5)
        fonts.draw_string(c, W - MARGIN, H - MARGIN - 14 * mm, f"{date_text(start)} 至 {date_text(end)}", 10.5,
                          anchor="end")
        return H - MARGIN - 18 * mm

    y = _row(c, heading(), [t for t, _ in COLUMNS], bold=True, shade=True)
    for d in data["days"]:
        day = dt.date.fromisoformat(d["date"])
        kinds: dict[str, int] = {}
        for f in d["findings"]:
            kinds[f["kind_label"]] = kinds.get(f["kind_label"], 0) + 1
        y = _row(c, y, [f"{day.month}月{day.day}日 周{WEEKDAYS[day.weekday()]}",
                        str(d["households"]) if d["in_grid"] else "未入格", str(d["visits"]), str(d["must_visit"]),
                        _hours(d["hours"]), "、".join(f"{k} {n}" for k, n in kinds.items())])
    t = data["totals"]
    y = _row(c, y, [f"合计（入格 {t['days_in_grid']} 天）", str(t["households"]), str(t["visits"]), str(t["must_visit"]),
                    _hours(t["hours"]), "、".join(f"{k} {n}" for k, n in t["findings"].items() if n) or "无"],
             bold=True, shade=True)
    y -= 8 * mm
    fonts.draw_string(c, MARGIN, y, "本周发现（★ 为待处理的隐患、矛盾等）", 11, bold=True)
    y -= 7 * mm
    lines = [(f"{'★' if f['flagged'] else '　'} {dt.date.fromisoformat(d['date']).day}日 {f['kind_label']}："
              f"{f['text']}" + (f"（{f['place']}）" if f["place"] else "") + (f"　已转事件 {f['matter']}" if f["matter"] else ""))
             for d in data["days"] for f in d["findings"]] or ["本周没有记录发现。"]
    notes = [f"{dt.date.fromisoformat(d['date']).day}日：{d['note']}" for d in data["days"] if d["note"]]
    for block_title, block in (("", lines), ("备注", notes)):
        if not block:
            continue
        if block_title:
            y -= 3 * mm
            fonts.draw_string(c, MARGIN, y, block_title, 11, bold=True)
            y -= 7 * mm
        for line in block:
            for part in fonts.wrap(line, 10, W - 2 * MARGIN - 4 * mm) or [""]:
                if y < MARGIN + 30 * mm:
                    c.showPage()
                    y = heading() - 4 * mm
                fonts.draw_string(c, MARGIN + 2 * mm, y, part, 10)
                y -= 6 * mm
    fonts.draw_string(c, MARGIN, MARGIN + 14 * mm, "网格员签名：＿＿＿＿＿＿＿＿　　网格长审核签名：＿＿＿＿＿＿＿＿"
                      "　　日期：＿＿＿＿年＿＿月＿＿日", 10)
    fonts.draw_string(c, MARGIN, MARGIN, f"{made_at()}　内部工作记录，不得公开张贴", 8)
    c.showPage()
    c.save()
    return Path(target)
