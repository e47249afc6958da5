"""Times the daily-work figures on the street demo (135k people, about 140 grid workers), built
once into a temporary folder (or reused with --db):

- the must-visit follow-up of the whole street (every must-visit person's last visit and next
  due date), what the two-day board's 五必访待访 tab counts when it opens;
- the street's due and overdue list (the board's 五必访待访 tab on a street hub) and one
  community's (the board in a community office);
- one worker's due and overdue list;
- a week's population changes of the whole street, and a month's of one community and of one grid
  (what the 人口变动 tab counts off the GUI thread);
- the appraisal's evidence of a month for the whole street (it now includes the follow-up and
  tasks done on time).

Usage: PYTHONPATH=. python bench/bench_daily.py [--runs N] [--db PATH]
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


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def in_process(path: Path, runs: int) -> None:
    from gridapp import db
    from gridapp.services import appraisal_system as system
    from gridapp.services import changes, followup

    db.open_database(path, DEMO_PASSPHRASE)
    today = dt.date.today()
    everyone = followup.people(None, today)
    report(f"follow-up of the whole street ({len(everyone)} must-visit people), in the app",
           timed(lambda: followup.people(None, today), runs))
    due = followup.due_list(today)
    report(f"the street's due and overdue list ({len(due)} people), in the app",
           timed(lambda: followup.due_list(today), runs))
    worker = system.workers()[0]
    mine = followup.due_list(today, [worker.community_id])
    report(f"one community's due and overdue list ({len(mine)} people), in the app",
           timed(lambda: followup.due_list(today, [worker.community_id]), runs))
    report("one worker's due and overdue list, in the app",
           timed(lambda: followup.due_list(today, [worker.community_id], worker.id), runs))
    report("a week's population changes of the whole street, in the app",
           timed(lambda: changes.report(*changes.week_of(today)), runs))
    from gridapp.models import Grid

    grid = Grid.select().first()
    last = changes.period("last_month", today)
    report("last month's population changes of one community, in the app",
           timed(lambda: changes.report(*last, [grid.community_id]), runs))
    report("last month's population changes of one grid, in the app",
           timed(lambda: changes.report(*last, [grid.community_id], [grid.id]), runs))
    month = f"{(today.replace(day=1) - dt.timedelta(days=1)):%Y-%m}"
    communities = [c.id for c in __import__("gridapp.models", fromlist=["Community"]).Community.select()]
    report(f"appraisal evidence of {month} for the whole street, in the app",
           timed(lambda: system.evidence(month, communities), runs))
    db.close_database()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="a street demo already built")
    args = parser.parse_args()
    if args.db:
        in_process(args.db, args.runs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "street.db"
        built = gridapp("demo", "--scale", "street", "--db", str(path), "--quiet")
        print(f"street demo built in {built:.1f} s")
        in_process(path, args.runs)


if __name__ == "__main__":
    main()
