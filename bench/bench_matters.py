"""Times the matters lists at street scale: 50,000 matters in 5 communities of 9 grids each, on
a street hub file; every list and filter of the 事项 page and ``matters list`` (a count and a
page of 100, in SQL), as the street officer sees them. Target: each ≤ 0.1 s.

Usage: python bench/bench_matters.py [--runs N] [--matters N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import DEMO_PASSPHRASE, report  # noqa: E402

STATES = ["received"] * 5 + ["assigned"] * 5 + ["in_hand"] * 10 + ["done"] * 5 + ["checked"] * 5 + ["closed"] * 68 \
    + ["referred"] * 2


def build(path: Path, count: int, seed: int = 1) -> None:
    import gridapp.settings as settings
    from gridapp import db
    from gridapp.models import Community, Grid, Matter
    from gridapp.services import org, site
    from gridapp.services.matterinput import KINDS, URGENCY

    db.open_database(path, DEMO_PASSPHRASE, create=True)
    site.initialise("street", "滨江街道")
    org.import_org({"street": "滨江街道", "communities": [
        {"name": f"第{c}社区", "grids": [{"name": f"第{g}网格", "buildings": []} for g in range(1, 10)]}
        for c in range(1, 6)]})
    rnd = random.Random(seed)
    grids = [(g.id, g.community_id) for g in Grid.select()]
    lines = settings.get("matters.lines")
    start = dt.datetime(2025, 1, 1, 8)
    rows, numbers = [], {}
    for _ in range(count):
        grid, community = rnd.choice(grids)
        found = start + dt.timedelta(minutes=rnd.randrange(700 * 24 * 60))
        n = numbers[(community, found.year)] = numbers.get((community, found.year), 0) + 1
        state = rnd.choice(STATES)
        promised = found.date() + dt.timedelta(days=rnd.choice((0, 3, 7, 15, 20)))
        closed = found + dt.timedelta(days=rnd.randrange(25)) if state == "closed" else None
        rows.append({"number": f"{found.year}-{n:04d}", "community": community, "grid": grid,
                     "kind": rnd.choice(list(KINDS)), "place": f"{rnd.randrange(1, 30)}栋", "description": "楼道堆物",
                     "urgency": rnd.choice(list(URGENCY)), "line": rnd.choice(lines), "assignee": "",
                     "found_by": f"网格员{rnd.randrange(140)}", "found_at": found, "recorded_by": "bench",
                     "promised_on": promised, "state": state, "referred": state == "referred",
                     "closed_at": closed, "satisfied": rnd.choice(("", "yes", "yes", "no")) if state == "closed" else "",
                     "steps": 6 if state == "closed" else 2})
    for i in range(0, len(rows), 10000):
        Matter.bulk_insert(rows[i:i + 10000])
    assert Community.select().count() == 5 and Matter.select().count() == count
    db.close_database()


def timed(path: Path, runs: int) -> None:
    from gridapp import db
    from gridapp.models import Community, Grid
    from gridapp.services import matterlist
    from gridapp.services.matterlist import Filter

    db.open_database(path, DEMO_PASSPHRASE)
    today = dt.date(2026, 12, 1)
    grid = Grid.select().first()
    community = Community.select().first()
    cases = {
        "未办结 (open), whole street": Filter(view="open", today=today),
        "逾期 (overdue), whole street": Filter(view="overdue", today=today),
        "待回访 (awaiting call-back), whole street": Filter(view="check", today=today),
        "全部 (all), whole street": Filter(view="all", today=today),
        "one community, open": Filter(view="open", community=community.id, today=today),
        "one grid, all": Filter(view="all", grid=grid.id, today=today),
        "one line, state 办理中": Filter(line="民政", state="in_hand", today=today),
        "kind 隐患, one community, overdue": Filter(view="overdue", kind="hazard", community=community.id, today=today),
        "我的 (mine)": Filter(view="mine", today=today),
    }
    for label, f in cases.items():
        samples = []
        for _ in range(runs):
            t = time.perf_counter()
            total = matterlist.count(f)
            rows = matterlist.page(f, 0, 100)
            samples.append(time.perf_counter() - t)
        report(f"{label}: count {total} + first page of {len(rows)}", samples)
    f = Filter(view="all", today=today)
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        matterlist.page(f, 20000, 100)
        samples.append(time.perf_counter() - t)
    report("全部, page at row 20,000", samples)
    db.close_database()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--matters", type=int, default=50000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "street.db"
        t = time.perf_counter()
        build(path, args.matters)
        print(f"built a street hub with {args.matters:,} matters in {time.perf_counter() - t:.1f} s")
        timed(path, args.runs)


if __name__ == "__main__":
    main()
