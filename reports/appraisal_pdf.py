"""The monthly appraisal on paper (A4 portrait): each worker's scoresheet with the items,
the evidence behind the system items, totals and signature lines; the month's ranking
sheet per community; the year's ranking."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from gridapp.services import apptemplates
from gridapp.services.appraisal import (
    NOT_RANKED,
    SURVEY_SOURCES,
    empty_note,
    place_text,
    rank_shown,
    ranking_order,
    total_line,
)
from gridapp.services.appraisal_system import formula_text
from reports import fonts
from reports.printed import datetime_text, decimal, made_at
from reports.sheets import PAGE_OF, new_canvas

PAGE = A4
NOT_APPLICABLE = apptemplates.NOT_APPLICABLE
MARGIN = 16 * mm
SIZE = 9
ROW = 6.2 * mm


_fmt = decimal  # points with one decimal, always (56.0 beside 56.4)


def _item_points(w: dict, item: dict) -> str:
    return NOT_APPLICABLE if w["empty"].get(item["key"]) == "not_applicable" else _fmt(w["points"].get(item["key"]))


def _month_title(month: str) -> str:
    year, mon = month.split("-")
    return f"{year}年{int(mon)}月"


class _Pdf:
    def __init__(self, path: Path, title: str):
        self.c = new_canvas(Path(path), PAGE, title)
        self.c.setAuthor("gridapp")
        self.pages = 0
        self.stamp = f"gridapp · {made_at()}"

    def start(self, title: str, subtitle: str) -> float:
        if self.pages:
            self.c.showPage()
        self.pages += 1
        w, h = PAGE
        fonts.draw_string(self.c, w / 2, h - MARGIN - 4 * mm, title, 16, anchor="middle", bold=True)
        fonts.draw_string(self.c, w / 2, h - MARGIN - 11 * mm, subtitle, 10, anchor="middle")
        fonts.draw_string(self.c, MARGIN, MARGIN - 8 * mm, self.stamp, 7)
        self.c.page_number(w - MARGIN, MARGIN - 8 * mm, PAGE_OF, 7)
        return h - MARGIN - 20 * mm

    def text(self, x, y, text, size=SIZE, **kw) -> None:
        fonts.draw_string(self.c, x, y, str(text), size, **kw)

    def rule(self, y, width=0.4, x0=MARGIN, x1=PAGE[0] - MARGIN) -> None:
        self.c.setLineWidth(width)
        self.c.line(x0, y, x1, y)

    def table(self, y: float, columns: list[tuple[str, float, str]], rows: list[list], size=SIZE,
              on_new_page=None) -> float:
        """Rows under a header; ``columns``: (title, width, anchor). Wraps the last text column."""
        def header(y):
            x = MARGIN
            for title, width, anchor in columns:
                at = {"middle": x + width / 2, "end": x + width - 1.5 * mm}.get(anchor, x + 1.5 * mm)
                self.text(at, y, title, size, bold=True, anchor=anchor if anchor in ("middle", "end") else "start")
                x += width
            self.rule(y - 2 * mm, 0.8)
            return y - ROW
        y = header(y)
        for row in rows:
            wrapped = [fonts.wrap(str(v), size - 1, columns[i][1] - 3 * mm) if columns[i][2] == "wrap" else [str(v)]
                       for i, v in enumerate(row)]
            height = max(len(w) for w in wrapped) * (size + 2) * 0.3528 * mm + ROW - (size + 2) * 0.3528 * mm
            if y - height < MARGIN + 30 * mm and on_new_page:
                y = header(on_new_page())
            x = MARGIN
            for (_title, width, anchor), lines in zip(columns, wrapped):
                for n, line in enumerate(lines):
                    ly = y - n * (size + 2) * 0.3528 * mm
                    if anchor == "end":
                        self.text(x + width - 1.5 * mm, ly, line, size, anchor="end")
                    elif anchor == "middle":
                        self.text(x + width / 2, ly, line, size, anchor="middle")
                    else:
                        self.text(x + 1.5 * mm, ly, line, size - (1 if anchor == "wrap" else 0))
                x += width
            y -= height
            self.rule(y + ROW - 1.8 * mm, 0.2)
        return y

    def save(self) -> int:
        self.c.save()
        return self.pages


def _worker_page(pdf: _Pdf, data: dict, w: dict) -> None:
    body = data["body"]
    y = pdf.start("网格员月度考评表", f"{data['community']}　{_month_title(data['month'])}　"
                                    f"模板：{data['template']['name']}（第 {data['template']['version']} 版）"
                                    f"{'　已锁定' if data['locked'] else ''}")
    pdf.text(MARGIN, y, f"网格员：{w['name']}", 11, bold=True)
    pdf.text(MARGIN + 55 * mm, y, f"负责网格：{'、'.join(w['grids']) or '—'}", 10)
    y -= ROW * 1.4
    width = PAGE[0] - 2 * MARGIN
    columns = [("考评项目", 38 * mm, "start"), ("来源", 16 * mm, "middle"), ("满分", 14 * mm, "end"),
               ("得分", 16 * mm, "end"), ("依据与计分办法", width - 84 * mm, "wrap")]
    weights = body.get("weights", {})
    rows = []
    for section in body["sections"]:
        for item in section["items"]:
            if item["source"] == "system":
                basis = "。".join(filter(None, (w["evidence"].get(item["key"], ""), empty_note(w, item),
                                                formula_text(item))))
            elif item["source"] == "residents":
                tallies = "；".join(f"{SURVEY_SOURCES.get(t['source'], t['source'])} 满意 {t['satisfied']}、基本满意 "
                                   f"{t['basic']}、不满意 {t['dissatisfied']}" for t in w["surveys"])
                basis = f"群众测评：{tallies or '未录入'}"
            else:
                basis = item.get("note", "")
            if section.get("weighted"):
                basis = f"权重 {weights.get(item['source'], 0):g}；{basis}" if basis else \
                    f"权重 {weights.get(item['source'], 0):g}"
            left_out = w["empty"].get(item["key"]) == "not_applicable"
            rows.append([f"{item['name']}", apptemplates.SOURCES.get(item["source"], ""),
                         f"（{item['max']:g}）" if left_out else f"{item['max']:g}", _item_points(w, item), basis])
        top = w["section_max"][section["key"]]
        rows.append([f"【{section['name']}小计】", "", f"{top:g}" if top else "",
                     _fmt(w["sections"][section["key"]]), "按权重折算" if section.get("weighted") else ""])
    y = pdf.table(y, columns, rows, on_new_page=lambda: pdf.start("网格员月度考评表（续）", w["name"]))
    y -= ROW * 0.6
    marks = ("　★ 星级网格员" if w["star"] else "") + ("　须约谈（连续三个月末位）" if w["talk"] else "")
    place = place_text(w) if w.get("has_data", True) else f"{NOT_RANKED}（{place_text(w)}）"
    pdf.text(MARGIN, y, f"{total_line(w)}　　名次：{place}{marks}", 12, bold=True)
    y -= ROW * 1.3
    if w["amendments"]:
        pdf.text(MARGIN, y, "更正记录：", 10, bold=True)
        y -= ROW
        for a in w["amendments"]:
            pdf.text(MARGIN + 4 * mm, y, f"{datetime_text(a['at'])} {a['user']} 将“{a['name']}”由 {_fmt(a['old'])} "
                                          f"改为 {_fmt(a['new'])}，原因：{a['reason']}", SIZE)
            y -= ROW
    y = max(MARGIN + 22 * mm, min(y - ROW, MARGIN + 30 * mm))
    for n, label in enumerate(("网格员签字：", "考评小组签字：", "社区负责人签字：")):
        x = MARGIN + n * width / 3
        pdf.text(x, y, label, 10)
        pdf.rule(y - 1.5 * mm, 0.4, x + fonts.string_width(label, 10), x + width / 3 - 4 * mm)
    pdf.text(MARGIN, y - ROW * 1.6, "日期：　　　年　　月　　日", 10)


def _ranking_page(pdf: _Pdf, data: dict) -> None:
    body = data["body"]
    title = f"{data['community']}　{_month_title(data['month'])}　星级 {sum(w['star'] for w in data['workers'])} 名"
    start = lambda: pdf.start("网格员月度考评排名", title)  # noqa: E731
    y = start()
    width = PAGE[0] - 2 * MARGIN
    sections = body["sections"]
    section_w = 18 * mm
    columns = [("名次", 12 * mm, "middle"), ("网格员", 24 * mm, "start"),
               ("网格", width - 12 * mm - 24 * mm - section_w * len(sections) - 14 * mm - 18 * mm - 22 * mm, "start"),
               *((s["name"], section_w, "end") for s in sections), ("满分", 14 * mm, "end"), ("总分", 18 * mm, "end"),
               ("备注", 22 * mm, "start")]
    rows = [[rank_shown(w), w["name"], "、".join(w["grids"]), *(_fmt(w["sections"][s["key"]]) for s in sections),
             f"{w['max']:g}", _fmt(w["total"]), ("★" if w["star"] else "") + ("约谈" if w["talk"] else "")]
            for w in ranking_order(data["workers"])]
    y = pdf.table(y, columns, rows, on_new_page=start)
    for line in fonts.wrap(ranking_note(data), SIZE - 1, width):
        y -= ROW * 0.8
        pdf.text(MARGIN, y, line, SIZE - 1)


def ranking_note(data: dict) -> str:
    """How the ranking was made: stars, and totals with items not applicable."""
    stars = data.get("stars", {})
    note = (f"星级：总分前 {stars.get('top', 0)} 名，且总分不低于 {stars.get('min_total', 0)} 分、本月有工作记录或评分。"
            "约谈：连续三个月末位（全员同分不算末位）。")
    reduced = [w for w in data["workers"] if w["max"] < w["full"]]
    if reduced:
        note += (f"满分低于 {reduced[0]['full']:g} 的，有本月不适用的考评项：该项满分不计，"
                 f"总分为实得分折合 {reduced[0]['full']:g} 分制的得分，按此排名。")
    return note


def build_month(communities: list[dict], path: Path) -> int:
    """Scoresheets and the ranking of each community's month; returns the page count."""
    pdf = _Pdf(path, "网格员月度考评表")
    for data in communities:
        for w in ranking_order(data["workers"]):
            _worker_page(pdf, data, w)
        _ranking_page(pdf, data)
    if not pdf.pages:
        pdf.start("网格员月度考评表", "没有网格员")
    return pdf.save()


def build_year(data: dict, path: Path) -> int:
    pdf = _Pdf(path, "网格员年度考评排名")
    start = lambda: pdf.start("网格员年度考评排名", f"{data['community']}　{data['year']}年")  # noqa: E731
    y = start()
    months = data["months"]
    width = PAGE[0] - 2 * MARGIN
    month_w = min(11 * mm, (width - 100 * mm) / max(len(months), 1))
    columns = [("名次", 11 * mm, "middle"), ("网格员", 22 * mm, "start"),
               *((f"{int(m[5:])}月", month_w, "end") for m in months),
               ("月均", 14 * mm, "end"), ("加分", 13 * mm, "end"), ("星级", 12 * mm, "end"), ("年度总分", 18 * mm, "end")]
    rows = [[w["rank"], w["name"], *(_fmt(w["months"].get(m)) for m in months), _fmt(w["average"]),
             _fmt(w["bonus_total"]), w["stars"], _fmt(w["total"])] for w in data["workers"]]
    pdf.table(y, columns, rows, size=8, on_new_page=start)
    return pdf.save()
