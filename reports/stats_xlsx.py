"""The statistics as XLSX: totals by section, a row per grid side by side, the age pyramid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gridapp.services import statstable
from reports import xlsx


def write_stats(data: dict, path: str | Path, made_by: str = "") -> Path:
    wb = xlsx.new_workbook()
    taken: set[str] = set()
    summary = [(section, label, n) for section, items in statstable.summary(data) for label, n in items]
    xlsx.add_sheet(wb, "汇总", ["类别", "项目", "数量"], [18, 22, 10], summary, taken)
    widths = [w for _h, w, _g in statstable.GRID_COLUMNS]
    xlsx.add_sheet(wb, "分网格", statstable.grid_headers(), widths, statstable.grid_rows(data), taken)
    xlsx.add_sheet(wb, "年龄性别", ["年龄段", "男", "女", "合计"], [10, 8, 8, 8],
                   ((band, m, f, m + f) for band, m, f in statstable.pyramid_rows(data)), taken)
    wb.properties.title = f"统计报表（{data['scope']}，{data['as_of']}）"
    wb.properties.creator = made_by or "gridapp"
    wb.properties.description = f"gridapp 导出于 {dt.datetime.now():%Y-%m-%d %H:%M}"
    return xlsx.save(wb, path)
