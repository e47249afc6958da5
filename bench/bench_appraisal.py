"""Times the monthly appraisal on the street demo (45 grids, about 140 grid workers), built
once into a temporary folder:

- computing a month for the whole street in the app (system items from cards and visits,
  totals, ranking, talk flags): the figure the issue sets at ≤ 1 s; again once the two months
  before have been scored and locked, so that the talk flags read them;
- what the 考评 page counts when it opens one community's month;
- `python -m gridapp appraisal compute --json` as a whole process.

Usage: PYTHONPATH=. python bench/bench_appraisal.py [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import DEMO_PASSPHRASE, gridapp, report  # noqa: E402


def in_process(path: Path, month: str, runs: int) -> tuple[list[float], list[float], list[float], int]:
    from gridapp import db
    from gridapp.services import appraisal
    from gridapp.services import appraisal_system as system

    db.open_database(path, DEMO_PASSPHRASE)
    street, one = [], []
    workers = 0
    for _ in range(runs):
        start = time.perf_counter()
        data = appraisal.compute(month)
        street.append(time.perf_counter() - start)
        workers = sum(len(d["workers"]) for d in data)
    for back in (2, 1):  # the two months before scored and closed: the talk flags read them
        for c in appraisal.find_community(None):
            appraisal.lock(appraisal.open_month(c, system.shift_month(month, -back)), "bench")
    talks = []
    for _ in range(runs):
        start = time.perf_counter()
        appraisal.compute(month)
        talks.append(time.perf_counter() - start)
    community = appraisal.find_community(None)[0]
    for _ in range(runs):
        start = time.perf_counter()
        ev = system.evidence(month, [community.id])
        history = appraisal.talk_history(community, month)
        sheet = appraisal.month_sheet(community, month, talks=False, _ev=ev)
        appraisal.apply_talks(sheet, history)
        one.append(time.perf_counter() - start)
    db.close_database()
    return street, talks, one, workers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    today = dt.date.today()
    month = f"{(today.replace(day=1) - dt.timedelta(days=1)):%Y-%m}"  # last month: the one a meeting scores
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "street.db"
        built = gridapp("demo", "--scale", "street", "--db", str(path), "--quiet")
        print(f"street demo built in {built:.1f} s")
        street, talks, one, workers = in_process(path, month, args.runs)
        report(f"appraisal compute {month}, whole street ({workers} workers), in the app", street)
        report("the same with the two months before scored and locked (talk flags)", talks)
        report("appraisal of one community's month as the 考评 page opens it, in the app", one)
        report(f"python -m gridapp appraisal compute --month {month} --json, whole process",
               [gridapp("appraisal", "compute", "--month", month, "--json", "--db", str(path))
                for _ in range(args.runs)])


if __name__ == "__main__":
    main()
