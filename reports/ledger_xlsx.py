"""A ledger as the spreadsheet people exchange: Chinese headers, frozen header row,
column widths and filters set; one sheet, or one sheet per grid for ledgers that are
kept by grid (the must-visit list). The export is recorded with who made it."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterable, Iterator

from gridapp.errors import Cancelled
from gridapp.models import Community
from gridapp.services import ledgerquery, ledgers
from gridapp.services.ledgerquery import Query
from reports import xlsx

Progress = Callable[..., bool]
STEP = 2000  # rows between progress reports


def _counted(rows: Iterable, counter: list, total: int, progress: Progress | None) -> Iterator:
    for row in rows:
        counter[0] += 1
        if progress is not None and counter[0] % STEP == 0 and progress(counter[0], total, "写入表格") is False:
            raise Cancelled()
        yield row


def write_ledger(q: Query, path: str | Path, *, made_by: str = "", mask: bool = False,
                 progress: Progress | None = None, total: int = 0) -> int:
    """Write the rows ``q`` asks for to ``path``; return how many. ``total`` is for progress only."""
    led = q.ledger
    mask = ledgers.export_masked(mask)
    headers = [c.header for c in led.columns]
    widths = [c.width for c in led.columns]
    wb = xlsx.new_workbook()
    taken: set[str] = set()
    counter = [0]
    rows: Iterable[list]
    if led.by_grid and q.scope.grid is None:
        rows = ledgerquery.iter_rows(q, mask=mask, with_grid=True)
        multi = q.scope.community is None and Community.live().count() > 1
        for (community, grid), items in groupby(rows, key=lambda r: (r[0], r[1])):
            body = (r[2:] for r in items)
            xlsx.add_sheet(wb, f"{community}{grid}" if multi else grid, headers, widths,
                           _counted(body, counter, total, progress), taken, plain=True)
    if not taken:  # one sheet; or a by-grid ledger with no rows at all
        title = led.title if not q.scope.grid else f"{led.title}（{q.scope.grid.name}）"
        rows = ledgerquery.iter_rows(q, mask=mask) if not (led.by_grid and q.scope.grid is None) else []
        xlsx.add_sheet(wb, title, headers, widths, _counted(rows, counter, total, progress), taken,
                       plain=True)
    wb.properties.title = ledgers.describe(q)
    wb.properties.creator = made_by or "gridapp"
    wb.properties.description = f"gridapp 导出于 {dt.datetime.now():%Y-%m-%d %H:%M}"
    xlsx.save(wb, path)
    ledgers.record_export(q, counter[0], mask)
    return counter[0]
