"""The rows a spreadsheet import left out, each with its reasons beside it, and the
rows imported with something worth a second look: an XLSX to fix and import again."""

from __future__ import annotations

from pathlib import Path

from reports import xlsx


def _text(value) -> object:
    return "" if value is None else value


def write_report(plan, path: str | Path, made_by: str = "") -> Path:
    """``plan``: gridapp.services.importplan.Plan. Sheets: 未导入 (rejected rows), 请核对 (notes)."""
    headers = list(plan.sheet.headers)
    widths = [10, 60] + [max(8, min(24, len(h) * 2 + 4)) for h in headers]
    body = plan.sheet.body
    wb = xlsx.new_workbook()
    taken: set[str] = set()
    xlsx.add_sheet(wb, "未导入", ["原行号", "原因", *headers], widths,
                   ([r.number, "；".join(r.errors), *map(_text, body[r.index])] for r in plan.rejected), taken)
    xlsx.add_sheet(wb, "请核对", ["原行号", "说明（已导入）", *headers], widths,
                   ([r.number, "；".join(r.notes), *map(_text, body[r.index])] for r in plan.noted), taken)
    if plan.unparsed_addresses:
        xlsx.add_sheet(wb, "地址无法识别", ["原行号", "现住址"], [10, 40], plan.unparsed_addresses, taken)
    wb.properties.creator = made_by or "gridapp"
    wb.properties.title = f"{plan.sheet.name} 导入检查"
    return xlsx.save(wb, path)
