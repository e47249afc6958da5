"""Times the population ledger of the street demo (135k people) written to XLSX, against
openpyxl's write-only mode writing the same cells in the same run.

- ``ledger export``: what ``python -m gridapp ledger population --out F.xlsx`` does in
  the process: the query, the values made readable, the styled header, frozen row,
  widths and filter, the audit record, the file;
- ``openpyxl write-only``: the same rows, already in memory, appended to a write-only
  workbook and saved — the floor any exporter through openpyxl stands on.

Usage: python bench/bench_ledger_export.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import DEMO_PASSPHRASE, demo_db, report  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from openpyxl import Workbook

    from gridapp import db
    from gridapp.services import ledgerquery
    from gridapp.services.ledgerquery import Query
    from gridapp.services.ledgers import ledger
    from gridapp.services.scope import resolve
    from reports.ledger_xlsx import write_ledger

    try:
        import lxml  # noqa: F401
        has_lxml = "with lxml"
    except ImportError:
        has_lxml = "WITHOUT lxml"
    db.open_database(demo_db("street"), DEMO_PASSPHRASE)
    q = Query(ledger("population"), resolve(None, None), "", {})
    rows = list(ledgerquery.iter_rows(q))
    headers = [c.header for c in q.ledger.columns]
    ours, plain = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.runs):
            start = time.perf_counter()
            n = write_ledger(q, Path(tmp) / f"ledger{i}.xlsx", made_by="bench")
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            wb = Workbook(write_only=True)
            ws = wb.create_sheet("人口台账")
            ws.append(headers)
            for row in rows:
                ws.append(row)
            wb.save(Path(tmp) / f"plain{i}.xlsx")
            plain.append(time.perf_counter() - start)
    db.close_database()
    print(f"population ledger of the street demo: {n} rows × {len(headers)} columns; openpyxl {has_lxml}")
    report("ledger export (query + XLSX)", ours)
    report("openpyxl write-only, same cells", plain)
    print(f"ratio of medians: {statistics.median(ours) / statistics.median(plain):.2f} (target ≤ 1.2)")


if __name__ == "__main__":
    main()
