"""The audit trail, as filtered on the audit screen, as XLSX."""

from __future__ import annotations

from pathlib import Path

from gridapp.models import database
from gridapp.services import audittrail
from gridapp.store import audit
from reports import xlsx


def write_audit(entries: list[dict], path: str | Path, made_by: str = "", described: str = "") -> int:
    wb = xlsx.new_workbook()
    xlsx.add_sheet(wb, "操作记录", [c[0] for c in audittrail.COLUMNS], [c[1] for c in audittrail.COLUMNS],
                   [audittrail.as_cells(e) for e in entries], set())
    wb.properties.title = "操作记录"
    wb.properties.creator = made_by or "gridapp"
    xlsx.save(wb, path)
    with database.atomic():
        audit.record_event("export", "audit_entry", "", f"操作记录 {len(entries)} 条{('；' + described) if described else ''}")
    return len(entries)
