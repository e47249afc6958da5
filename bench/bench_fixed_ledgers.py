"""Times the fixed ledgers over the street demo (5 communities, 134,751 people) as the ledger
screen reads them (the ordered row keys, one SQL query) and as an export reads them (every row,
values made readable). The target is 0.5 s.

Usage: python bench/bench_fixed_ledgers.py [--runs N] [--ledger NAME ...]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import DEMO_PASSPHRASE, demo_db, time_ledger  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ledger", nargs="*", default=["compatriots"])
    args = parser.parse_args()

    from gridapp import db
    from gridapp.services.ledgerquery import Query
    from gridapp.services.ledgers import ledger

    db.open_database(demo_db("street"), DEMO_PASSPHRASE)
    for name in args.ledger:
        q = Query(ledger(name))
        time_ledger(q.ledger.title, q, args.runs)
    db.close_database()


if __name__ == "__main__":
    main()
