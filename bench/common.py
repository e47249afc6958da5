"""Helpers for the benchmark scripts: timed subprocess runs and medians."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DEMO_PASSPHRASE = "gridapp-demo"


def env() -> dict:
    e = dict(os.environ)
    e.setdefault("GRIDAPP_PASSPHRASE", DEMO_PASSPHRASE)
    e.setdefault("QT_QPA_PLATFORM", "offscreen")
    return e


def gridapp(*args: str, check: bool = True) -> float:
    """Run ``python -m gridapp ARGS``; return the wall time in seconds."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "gridapp", *args], cwd=ROOT, env=env(), check=check,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def demo_db(scale: str) -> Path:
    """A demo database in bench/out, built once."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{scale}.db"
    if not path.exists():
        gridapp("demo", "--scale", scale, "--db", str(path), "--quiet")
    return path


def report(label: str, samples: list[float], unit: str = "s") -> None:
    print(f"{label}: median {statistics.median(samples):.3f} {unit} over {len(samples)} runs "
          f"(min {min(samples):.3f}, max {max(samples):.3f})")


def time_ledger(name: str, q, runs: int) -> None:
    """A ledger query read ``runs`` times as the ledger screen reads it (the ordered row keys, one
    SQL query) and as an export reads it (every row, values made readable); medians printed."""
    from gridapp.services.ledgerquery import iter_rows, keys

    screen, export = [], []
    found = 0
    for _ in range(runs):
        start = time.perf_counter()
        found = len(keys(q))
        screen.append(time.perf_counter() - start)
        start = time.perf_counter()
        rows = sum(1 for _ in iter_rows(q, mask=True))
        export.append(time.perf_counter() - start)
        assert rows == found
    print(f"{name}: {found} rows")
    report("  ordered keys (the screen)", screen)
    report("  every row, readable (an export)", export)
