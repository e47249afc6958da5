"""The filing register as XLSX: one sheet per grid, every card with its archive number."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from gridapp import files
from gridapp.errors import UserError
from gridapp.models.cards import STATES
from gridapp.services import filing
from gridapp.store.session import current_user
from reports import xlsx

HEADERS = ("档案号", "册", "卡号", "地址", "户主", "人数", "采集日期", "录入时间", "状态", "归档时间", "归档人", "缺失")
WIDTHS = (12, 5, 10, 28, 10, 6, 12, 18, 8, 18, 10, 6)


def write_register(rows, path: str | Path, made_by: str = "") -> Path:
    """``rows``: gridapp.services.filing.register(); grouped into one sheet per grid."""
    by_grid = defaultdict(list)
    for r in rows:
        by_grid[(r.community, r.grid)].append(r)
    wb = xlsx.new_workbook()
    taken: set[str] = set()
    multi = len({c for c, _ in by_grid}) > 1
    for (community, grid), items in by_grid.items():
        title = f"{community}{grid}" if multi else grid
        xlsx.add_sheet(wb, title, HEADERS, WIDTHS, (
            (r.archive_no, r.binder, r.card_no, r.address, r.head, r.members, r.collected_on, r.keyed_at,
             STATES.get(r.state, r.state), r.filed_at, r.filed_by, "缺失" if r.missing else "")
            for r in items), taken)
    if not by_grid:
        xlsx.add_sheet(wb, "归档登记", HEADERS, WIDTHS, [], taken)
    if made_by:
        wb.properties.creator = made_by
    return xlsx.save(wb, path)


def export_register(path, community=None, grid=None) -> int:
    """The register of ``community`` or ``grid`` (default: all) as XLSX at ``path``; the export
    is in the audit trail. Returns the number of cards."""
    rows, folder = filing.register(community, grid), Path(path).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)  # before the workbook is built
        write_register(rows, path, made_by=current_user())
    except OSError as exc:
        raise UserError(files.write_failed(folder, exc, "归档登记表未导出。")) from None
    filing.record_register_export(community, grid, len(rows))
    return len(rows)
