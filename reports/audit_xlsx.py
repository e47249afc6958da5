"""The audit trail, as filtered on the audit screen, as XLSX."""

from __future__ import annotations

from pathlib import Path

from gridapp.services import audittrail
from reports import xlsx


def write_audit(entries: list[dict], path: str | Path, made_by: str = "", described: str = "") -> int:
    wb = xlsx.new_workbook()
    xlsx.add_sheet(wb, "操作记录", [c[0] for c in audittrail.COLUMNS], [c[1] for c in audittrail.COLUMNS],
                   [audittrail.as_cells(e) for e in entries], set())
    wb.properties.title = "操作记录"
    wb.properties.creator = made_by or "gridapp"
    xlsx.save(wb, path)
    audittrail.record_export(len(entries), described)
    return len(entries)
