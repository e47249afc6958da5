"""Times importing a 16,000-row legacy ledger spreadsheet into the community demo:
``python -m gridapp import-xlsx FILE --community C --grid G`` as a whole process
(read, check every row as card entry does, duplicates against the 16,000 people
already registered, write in one transaction), each run on a fresh copy of the demo.

Usage: python bench/bench_import_xlsx.py [--runs N] [--rows N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import DEMO_PASSPHRASE, demo_db, gridapp, report  # noqa: E402


def first_grid(path: Path) -> tuple[str, str]:
    from gridapp import db
    from gridapp.models import Grid

    db.open_database(path, DEMO_PASSPHRASE)
    try:
        grid = Grid.live().order_by(Grid.number).first()
        return grid.community.name, grid.name
    finally:
        db.close_database()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rows", type=int, default=16_000)
    args = parser.parse_args()

    from tests.importdata import big_rows, write_sheet

    template = demo_db("community")
    community, grid = first_grid(template)
    with tempfile.TemporaryDirectory() as tmp:
        sheet = write_sheet(Path(tmp) / "legacy.xlsx", big_rows(args.rows))
        samples = []
        for i in range(args.runs):
            target = Path(tmp) / f"run{i}.db"
            shutil.copyfile(template, target)
            samples.append(gridapp("import-xlsx", str(sheet), "--community", community, "--grid", grid,
                                   "--db", str(target)))
    report(f"import-xlsx, {args.rows} rows into the community demo, whole process", samples)


if __name__ == "__main__":
    main()
