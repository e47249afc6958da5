"""Times the statistics in-process on a demo database: the whole of ``stats`` and, inside it,
the counts of own categories and supplementary fields (``categories`` and ``fields``).

Usage: python bench/bench_stats.py [--scale street|community] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import DEMO_PASSPHRASE, demo_db  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="street", choices=["street", "community"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from gridapp import db
    from gridapp.services.scope import Scope
    from gridapp.services.stats import card_fields, stats

    db.open_database(demo_db(args.scale), DEMO_PASSPHRASE)
    whole, fields = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        data = stats(Scope())
        whole.append(time.perf_counter() - start)
        start = time.perf_counter()
        card_fields(Scope())
        fields.append(time.perf_counter() - start)
    counted = len(data["fields"])
    print(f"stats ({args.scale} demo, {data['persons']} persons): median {statistics.median(whole):.2f} s")
    print(f"  of which own categories and {counted} supplementary fields: median {statistics.median(fields):.2f} s")
    db.close_database()


if __name__ == "__main__":
    main()
