"""The street hub on PostgreSQL against the hub file (SQLite).

The street demo (seed 001: 134,751 people) is held by an enrolled office, which exports
it as one full sync package; a fresh street hub imports it, as a whole
`python -m gridapp sync import` process, once on its encrypted file and once on a
PostgreSQL server (the same empty hub moved there first with `hub migrate`). Then the
statistics of the whole street, once alone and 20 at once on each engine (20 threads, a
connection each), as 20 officers opening the statistics page together.

The server is started for the run (Debian's postgresql on 127.0.0.1, commits flushed to
disk as on a real server), or given with --url (an empty database; PGPASSWORD set).
Usage: PYTHONPATH=. python bench/bench_pg.py [--runs N] [--url postgresql://…]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench_sync import prepare  # noqa: E402
from common import DEMO_PASSPHRASE, OUT, gridapp, report  # noqa: E402

QUERIES = 20
alone: dict[str, list[float]] = {}  # one statistics query with nothing else running


def engine_of(target) -> str:
    return "postgresql" if isinstance(target, str) else "sqlite"


def full_package(community: Path) -> Path:
    folder = OUT / "pg" / "full"
    if not list(folder.glob("*.gsp")):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        gridapp("sync", "export", "--full", "--to", str(folder), "--db", str(community), "--json")
    return folder


def import_time(hub, package: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:  # the import moves nothing, but keep the package pristine
        for p in package.iterdir():
            shutil.copy(p, Path(tmp) / p.name)
        return gridapp("sync", "import", "--from", tmp, "--db", str(hub), "--json")


def simultaneous_stats(target) -> tuple[list[float], float]:
    """20 whole-street statistics at once: each query's seconds, and the wall time for all."""
    from gridapp import db
    from gridapp.services.scope import Scope
    from gridapp.services.stats import stats

    db.open_database(target, None if isinstance(target, str) else DEMO_PASSPHRASE)
    stats(Scope())  # warm: the first query reads the tables from disk
    for _ in range(3):
        start = time.perf_counter()
        stats(Scope())
        alone.setdefault(engine_of(target), []).append(time.perf_counter() - start)
    barrier = threading.Barrier(QUERIES)
    latencies: list[float] = []

    def one() -> None:
        barrier.wait()
        start = time.perf_counter()
        assert stats(Scope())["persons"] > 100_000
        latencies.append(time.perf_counter() - start)
        db.database.close()

    threads = [threading.Thread(target=one) for _ in range(QUERIES)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    db.close_database()
    return latencies, wall


def main() -> None:
    from tests.pgserver import Server

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--url", help="an empty PostgreSQL database to use instead of a server started here")
    args = parser.parse_args()
    hub0, community0 = prepare()
    package = full_package(community0)
    server = None if args.url else Server().start(durable=True)
    times: dict[str, list[float]] = {"sqlite": [], "postgresql": []}
    stats_samples: dict[str, list[float]] = {"sqlite": [], "postgresql": []}
    walls: dict[str, list[float]] = {"sqlite": [], "postgresql": []}
    try:
        for run in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                hub = Path(tmp) / "hub.db"
                shutil.copy(hub0, hub)
                url = args.url if args.url else server.create()
                if args.url and run:
                    break  # a given database is used once
                gridapp("hub", "migrate", "--db", str(hub0), "--to", url, "--quiet", "--json")
                for engine, target in (("sqlite", hub), ("postgresql", url)):
                    times[engine].append(import_time(target, package))
                    latencies, wall = simultaneous_stats(target)
                    stats_samples[engine] += latencies
                    walls[engine].append(wall)
    finally:
        if server is not None:
            server.stop()
    for engine in times:
        report(f"{engine}: full street package import (134,751 people, whole process)", times[engine])
        report(f"{engine}: street statistics, one query alone", alone[engine])
        report(f"{engine}: one of {QUERIES} simultaneous street statistics", stats_samples[engine])
        report(f"{engine}: all {QUERIES} simultaneous street statistics (wall)", walls[engine])
    print(json.dumps({engine: {"import_s": round(statistics.median(times[engine]), 3),
                               "stats_alone_s": round(statistics.median(alone[engine]), 3),
                               "stats_each_s": round(statistics.median(stats_samples[engine]), 3),
                               "stats_all_s": round(statistics.median(walls[engine]), 3)} for engine in times}))


if __name__ == "__main__":
    main()
