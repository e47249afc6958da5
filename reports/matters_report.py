"""The month's matters (事项月报) as a printable PDF (A4 portrait) and as XLSX: the totals, the
on-time closure rate and satisfaction, then tables by grid, kind, business line and state.
Figures only: no resident's name or phone."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from reports import fonts, xlsx
from reports.printed import made_at
from reports.sheets import PAGE_OF, new_canvas

MARGIN = 16 * mm
ROW = 6 * mm
GRID_COLUMNS = (("受理", "matters"), ("已办结", "closed"), ("按时办结", "closed_on_time"), ("逾期未结", "overdue_open"),
                ("按时办结率", "on_time_rate"), ("回访", "called_back"), ("满意", "satisfied"), ("满意率", "satisfaction"))


def rate(value) -> str:
    return "—" if value is None else f"{value:.1%}"


def _cell(key: str, value) -> str:
    return rate(value) if key in ("on_time_rate", "satisfaction") else str(value)


def headline(data: dict) -> str:
    return (f"受理 {data['matters']} 件，已办结 {data['closed']} 件（按时 {data['closed_on_time']} 件），"
            f"逾期未结 {data['overdue_open']} 件；按时办结率 {rate(data['on_time_rate'])}；"
            f"回访 {data['called_back']} 件，满意 {data['satisfied']} 件，满意率 {rate(data['satisfaction'])}")


def _tables(data: dict) -> list[tuple[str, list[str], list[list[str]]]]:
    grid_rows = [[g["grid"]] + [_cell(k, g[k]) for _h, k in GRID_COLUMNS] for g in data["by_grid"]]
    grid_rows.append(["合计"] + [_cell(k, data[k]) for _h, k in GRID_COLUMNS])
    return [("按网格", ["网格"] + [h for h, _k in GRID_COLUMNS], grid_rows),
            ("按类型", ["类型", "件数"], [[k, str(v)] for k, v in data["by_kind"].items()]),
            ("按业务口", ["业务口", "件数"], [[k, str(v)] for k, v in data["by_line"].items()]),
            ("按状态", ["状态", "件数"], [[k, str(v)] for k, v in data["by_state"].items()])]


def write_pdf(data: dict, path: str | Path, made_by: str = "") -> Path:
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    w, h = A4
    c = new_canvas(partial, A4, f"事项月报 {data['month']}（{data['scope']}）")
    c.setAuthor(made_by or "gridapp")
    page = [0]

    def start() -> float:
        if page[0]:
            c.showPage()
        page[0] += 1
        fonts.draw_string(c, MARGIN, h - MARGIN, f"事项月报　{data['month']}　{data['scope']}", 15, bold=True)
        fonts.draw_string(c, MARGIN, MARGIN - 8 * mm, f"gridapp · {made_by + ' · ' if made_by else ''}{made_at()}", 7)
        c.page_number(w - MARGIN, MARGIN - 8 * mm, PAGE_OF, 7)
        return h - MARGIN - 10 * mm

    y = start()
    for line in fonts.wrap(headline(data), 10, w - 2 * MARGIN):
        fonts.draw_string(c, MARGIN, y, line, 10)
        y -= ROW
    y -= ROW / 2
    for title, headers, rows in _tables(data):
        if y - (len(rows) + 2) * ROW < MARGIN and len(rows) + 2 < (h - 2 * MARGIN) // ROW:
            y = start()
        first = 32 * mm if len(headers) > 2 else 50 * mm
        width = (w - 2 * MARGIN - first) / (len(headers) - 1) if len(headers) > 2 else 25 * mm
        fonts.draw_string(c, MARGIN, y, title, 11, bold=True)
        y -= ROW
        for i, text in enumerate(headers):
            x = MARGIN if i == 0 else MARGIN + first + i * width - 1.5 * mm
            fonts.draw_string(c, x, y, text, 8, bold=True, anchor="start" if i == 0 else "end")
        c.setLineWidth(0.8)
        c.line(MARGIN, y - 1.8 * mm, MARGIN + first + (len(headers) - 1) * width, y - 1.8 * mm)
        for row in rows:
            y -= ROW
            if y < MARGIN:
                y = start() - ROW
            bold = row[0] == "合计"
            for i, text in enumerate(row):
                x = MARGIN if i == 0 else MARGIN + first + i * width - 1.5 * mm
                fonts.draw_string(c, x, y, text, 9, bold=bold, anchor="start" if i == 0 else "end")
        y -= 1.5 * ROW
    c.showPage()
    c.save()
    partial.replace(path)
    return path


def write_xlsx(data: dict, path: str | Path, made_by: str = "") -> Path:
    wb = xlsx.new_workbook()
    taken: set[str] = set()
    caption = f"事项月报 {data['month']} {data['scope']}（{data['as_of']} 统计）：{headline(data)}"
    for title, headers, rows in _tables(data):
        body = [[r[0]] + [_number(v) for v in r[1:]] for r in rows]
        total = body.pop() if title == "按网格" else None
        xlsx.add_sheet(wb, title, headers, [16] + [11] * (len(headers) - 1), body, taken, caption=caption,
                       total=total)
        taken.add(title)
    wb.properties.title = f"事项月报 {data['month']}"
    wb.properties.creator = made_by or "gridapp"
    return xlsx.save(wb, path)


def _number(text: str):
    """Counts as numbers, rates as they are shown."""
    return int(text) if text.isdigit() else text
