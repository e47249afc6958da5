"""The population change report (人口变动周报/月报) as PDF and XLSX: a row per grid (arrivals,
departures, moves in and out, new households, cards collected, net change) with the totals,
then the people concerned (names masked when asked)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm

from gridapp.privacy import mask_name
from gridapp.services import changes
from gridapp.services.changes import COLUMNS, LABELS
from reports import fonts, xlsx
from reports.printed import date_text, made_at
from reports.sheets import PAGE_OF, new_canvas

GRID_HEADERS = ["社区", "网格"] + [LABELS[k] for k in (*COLUMNS, "net")]
PEOPLE_HEADERS = ["日期", "变动", "姓名", "社区", "网格", "来自/去往"]


def caption(data: dict, place: str) -> str:
    start, end = dt.date.fromisoformat(data["start"]), dt.date.fromisoformat(data["end"])
    return f"{place}　{date_text(start)} 至 {date_text(end)}"


def _grid_rows(data: dict) -> list[list]:
    return [[r["community"], r["grid"], *(r[k] for k in (*COLUMNS, "net"))] for r in data["grids"]]


def _totals(data: dict) -> list:
    return ["合计", "", *(data["totals"][k] for k in (*COLUMNS, "net"))]


def _people_rows(data: dict, masked: bool, paper: bool = False) -> list[list]:
    return [[date_text(dt.date.fromisoformat(p["date"])) if paper else p["date"], p["kind_label"], mask_name(p["name"]) if masked else p["name"], p["community"], p["grid"],
             p["where"]] for p in data["people"]]


def write_xlsx(data: dict, place: str, path: str | Path, masked: bool = False) -> Path:
    wb = xlsx.new_workbook()
    taken: set[str] = set()
    cap = caption(data, place)
    xlsx.add_sheet(wb, "分网格", GRID_HEADERS, [12, 12, 9, 9, 9, 9, 9, 10, 9], _grid_rows(data), taken,
                   caption=cap, total=_totals(data))
    xlsx.add_sheet(wb, "变动人员", PEOPLE_HEADERS, [12, 10, 10, 12, 12, 28], _people_rows(data, masked), taken,
                   caption=cap)
    wb.properties.title = f"人口变动（{cap}）"
    wb.properties.description = f"gridapp {made_at()}"
    return xlsx.save(wb, path)


def write_pdf(data: dict, place: str, path: str | Path, masked: bool = False) -> int:
    """Returns the number of pages."""
    size = landscape(A4)
    w, h = size
    margin, row = 15 * mm, 7.5 * mm
    c = new_canvas(Path(path), size, "人口变动情况")
    pages = [0]

    def heading() -> float:
        pages[0] += 1
        fonts.draw_string(c, w / 2, h - margin - 2 * mm, "人口变动情况", 17, anchor="middle", bold=True)
        fonts.draw_string(c, margin, h - margin - 12 * mm, caption(data, place), 10.5)
        c.page_number(w - margin, margin - 7 * mm, PAGE_OF + "　" + made_at(), 8)
        return h - margin - 16 * mm

    def table(y: float, headers: list[str], widths: list[float], rows: list[list], total: list | None = None) -> float:
        def line(y, cells, bold=False, shade=False):
            if shade:
                c.setFillGray(0.9)
                c.rect(margin, y - row, sum(widths) * mm, row, stroke=0, fill=1)
                c.setFillGray(0)
            x = margin
            for width, text in zip(widths, cells):
                text = str(text)
                numeric = text.lstrip("-").isdigit()
                size_ = fonts.fit_size(text, 10, width * mm - 3 * mm, 6)
                if numeric:
                    fonts.draw_string(c, x + width * mm - 1.5 * mm, y - 5.2 * mm, text, size_, anchor="end", bold=bold)
                else:
                    fonts.draw_string(c, x + 1.5 * mm, y - 5.2 * mm, text, size_, bold=bold)
                x += width * mm
            c.setStrokeGray(0.6)
            c.line(margin, y - row, margin + sum(widths) * mm, y - row)
            c.setStrokeGray(0)
            return y - row

        y = line(y, headers, bold=True, shade=True)
        for r in rows:
            if y - row < margin + (row if total else 0):
                c.showPage()
                y = line(heading(), headers, bold=True, shade=True)
            y = line(y, r)
        if total is not None:
            y = line(y, total, bold=True, shade=True)
        return y

    y = table(heading(), GRID_HEADERS, [34, 34, 24, 24, 24, 24, 22, 26, 24], _grid_rows(data), _totals(data))
    if not data["grids"]:
        fonts.draw_string(c, margin, y - 8 * mm, "这段时间没有人口变动，也没有采集登记卡。", 11)
    elif data["people"]:
        y -= 8 * mm
        if y - 3 * row < margin:
            c.showPage()
            y = heading()
        fonts.draw_string(c, margin, y, "变动人员", 11, bold=True)
        table(y - 3 * mm, PEOPLE_HEADERS, [30, 24, 30, 34, 34, 80], _people_rows(data, masked, paper=True))
    c.showPage()
    c.save()
    return pages[0]


def export(data: dict, place: str, path: str | Path, masked: bool = False) -> Path:
    """The report written as PDF or XLSX by the file's ending, and the export in the audit trail."""
    out = Path(path)
    if out.suffix.lower() == ".xlsx":
        write_xlsx(data, place, out, masked)
    else:
        write_pdf(data, place, out, masked)
    changes.record_print(data["start"], data["end"], masked)
    return out
