"""The monthly appraisal as a workbook: per community one row per worker, one column per
item, section totals, total, rank, star and talk; the year: monthly totals, bonus, ranking."""

from __future__ import annotations

from pathlib import Path

from gridapp.services.appraisal import rank_shown, ranking_order
from gridapp.services.apptemplates import NOT_APPLICABLE
from reports.xlsx import add_sheet, new_workbook, save

ONE_DECIMAL = "0.0"  # points: one decimal in every cell of a column

def _month_rows(data: dict) -> tuple[list[str], list[int], list[list]]:
    body = data["body"]
    items = [i for s in body["sections"] for i in s["items"]]
    headers = ["名次", "网格员", "网格", *(f"{i['name']}（{i['max']:g}）" for i in items),
               *(f"{s['name']}小计" for s in body["sections"]), "本月满分", "总分", "星级", "约谈", "更正"]
    widths = [6, 10, 16, *(12 for _ in items), *(10 for _ in body["sections"]), 8, 8, 6, 6, 30]
    rows = [[rank_shown(w), w["name"], "、".join(w["grids"]),
             *(NOT_APPLICABLE if w["empty"].get(i["key"]) == "not_applicable" else w["points"].get(i["key"])
               for i in items),
             *(w["sections"][s["key"]] for s in body["sections"]), w["max"], w["total"], "★" if w["star"] else "",
             "约谈" if w["talk"] else "",
             "；".join(f"{a['name']} {a['old']}→{a['new']}（{a['reason']}，{a['user']}）" for a in w["amendments"])]
            for w in ranking_order(data["workers"])]
    return headers, widths, rows


def write_month(communities: list[dict], path: Path) -> Path:
    wb = new_workbook()
    taken: set[str] = set()
    for data in communities:
        headers, widths, rows = _month_rows(data)
        points = {i: ONE_DECIMAL for i in range(3, headers.index("本月满分"))}
        points[headers.index("总分")] = ONE_DECIMAL
        add_sheet(wb, f"{data['community']}{data['month']}", headers, widths, rows, taken, formats=points)
    if not communities:
        add_sheet(wb, "考评", ["网格员"], [10], [], taken)
    return save(wb, path)


def write_year(data: dict, path: Path) -> Path:
    wb = new_workbook()
    taken: set[str] = set()
    bonus = data["bonus_items"]
    headers = ["名次", "网格员", *(f"{int(m[5:])}月" for m in data["months"]), "月均",
               *(b["name"] for b in bonus), "加分合计", "星级次数", "年度总分"]
    widths = [6, 10, *(8 for _ in data["months"]), 8, *(10 for _ in bonus), 10, 10, 10]
    rows = [[w["rank"], w["name"], *(w["months"].get(m) for m in data["months"]), w["average"],
             *(w["bonus"].get(b["key"], 0) for b in bonus), w["bonus_total"], w["stars"], w["total"]]
            for w in data["workers"]]
    points = {i: ONE_DECIMAL for i, h in enumerate(headers) if i >= 2 and h != "星级次数"}
    add_sheet(wb, f"{data['community']}{data['year']}年", headers, widths, rows, taken, formats=points)
    return save(wb, path)
