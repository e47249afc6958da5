"""Times the wall boards on the community demo (4,686 households).

- one 18-floor × 4-flat building: in the app (data and PDF, fonts already loaded, as
  after the first board of a session) and as a whole `python -m gridapp wallboard` process;
- the whole community as one PDF, in the app and as a whole process;
- the community's grid-worker notice boards, whole process.

Usage: python bench/bench_boards.py [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import DEMO_PASSPHRASE, demo_db, gridapp, report  # noqa: E402


def in_process(path: Path, runs: int, out: Path) -> tuple[list[float], list[float], tuple[str, str, str]]:
    from gridapp import db
    from gridapp.models import Building
    from gridapp.services import boards
    from reports import fonts
    from reports.wallboard import build_wallboards

    db.open_database(path, DEMO_PASSPHRASE)
    b = Building.live().where(Building.floors == 18, Building.units == 1, Building.rooms_per_floor == 4).first()
    where = (b.name, b.grid.name, b.grid.community.name)
    fonts.default_fonts()
    one, whole = [], []
    for _ in range(runs):
        start = time.perf_counter()
        build_wallboards(boards.building_boards(boards.find_buildings(*where)), out)
        one.append(time.perf_counter() - start)
    for _ in range(runs):
        start = time.perf_counter()
        build_wallboards(boards.building_boards(boards.find_buildings(community=where[2])), out)
        whole.append(time.perf_counter() - start)
    db.close_database()
    return one, whole, where


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = demo_db("community")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "board.pdf"
        one, whole, (building, grid, community) = in_process(path, args.runs, out)
        report("wallboard, one 18-floor × 4-flat building, in the app", one)
        report("wallboard, whole community (4,686 households), in the app", whole)
        db = ["--db", str(path), "--quiet", "--out", str(out)]
        report("wallboard --building (18 × 4), whole process",
               [gridapp("wallboard", "--building", building, "--grid", grid, "--community", community, *db)
                for _ in range(args.runs)])
        report("wallboard --community (4,686 households), whole process",
               [gridapp("wallboard", "--community", community, *db) for _ in range(args.runs)])
        report("noticeboard --community (14 grids), whole process",
               [gridapp("noticeboard", "--community", community, *db) for _ in range(args.runs)])


if __name__ == "__main__":
    main()
