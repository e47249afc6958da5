"""The statistics as XLSX: totals by section, a row per grid side by side, the age pyramid."""

from __future__ import annotations

from pathlib import Path

from gridapp.services import stats, statstable
from reports import xlsx
from reports.printed import made_at, stats_caption


def write_stats(data: dict, path: str | Path, made_by: str = "") -> Path:
    wb = xlsx.new_workbook()
    taken: set[str] = set()
    caption = stats_caption(data)
    summary = []
    for section, items in statstable.summary(data):
        summary += [(section, label, n) for label, n in items]
        if section in statstable.PARTS:
            summary.append((section, "合计", sum(n for _label, n in items)))
    xlsx.add_sheet(wb, "汇总", ["类别", "项目", "数量"], [18, 22, 10], summary, taken, caption=caption,
                   total=["在册人数", None, data["persons"]])
    widths = [w for _h, w, _g in statstable.GRID_COLUMNS]
    xlsx.add_sheet(wb, "分网格", statstable.grid_headers(), widths, statstable.grid_rows(data), taken,
                   caption=caption, total=statstable.grid_totals(data))
    extra = statstable.extra_rows(data)
    if extra:  # own categories and supplementary fields by value
        headers = statstable.extra_headers(data)
        xlsx.add_sheet(wb, "补充项与自定义类别", headers, [16, 14, 8, *[10] * (len(headers) - 3)], extra, taken,
                       caption=caption, total=["在册人数", None, data["persons"], *(g["persons"] for g in data["by_grid"])])
    pyramid = [(band, m, f, m + f) for band, m, f in statstable.pyramid_rows(data)]
    xlsx.add_sheet(wb, "年龄性别", ["年龄段", "男", "女", "合计"], [10, 8, 8, 8], pyramid, taken, caption=caption,
                   total=["合计", sum(r[1] for r in pyramid), sum(r[2] for r in pyramid), sum(r[3] for r in pyramid)])
    wb.properties.title = f"统计报表（{caption}）"
    wb.properties.creator = made_by or "gridapp"
    wb.properties.description = f"gridapp {made_at()}"
    saved = xlsx.save(wb, path)
    stats.record_export("XLSX", stats_caption(data))
    return saved
