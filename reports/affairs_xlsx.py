"""The community affairs list as XLSX, in the columns ``affairs import`` reads back."""

from __future__ import annotations

from pathlib import Path

from gridapp.services import affairs
from reports import xlsx


def write_affairs(path: str | Path, items=None, made_by: str = "") -> int:
    rows = affairs.export_rows(items)
    wb = xlsx.new_workbook()
    xlsx.add_sheet(wb, "社区事务清单", [f.header for f in affairs.FIELDS], [f.width for f in affairs.FIELDS],
                   rows, set())
    wb.properties.title = "社区事务清单"
    wb.properties.creator = made_by or "gridapp"
    xlsx.save(wb, path)
    return len(rows)
