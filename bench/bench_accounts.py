"""Accounts and backups at street scale (135k people): turning accounts on (the database
re-encrypted under a random key), logging in (scrypt, production cost) against opening with
the office passphrase, the integrity checks, a backup and a restore of the street demo.

Usage: python bench/bench_accounts.py [--db bench/out/street.db] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import DEMO_PASSPHRASE, demo_db, report  # noqa: E402

PASSWORD = "bench-password-1"


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a street demo database (default: built once in bench/out)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.pop("GRIDAPP_TEST_SCRYPT_N", None)  # the production cost
    source = Path(args.db) if args.db else demo_db("street")
    scratch = Path(tempfile.mkdtemp())
    work = scratch / "street.db"
    shutil.copy(source, work)

    from gridapp import db
    from gridapp.services import accounts, backup

    db.open_database(work, DEMO_PASSPHRASE)
    start = time.perf_counter()
    accounts.add_user("admin", "admin", PASSWORD)
    print(f"accounts turned on (first user; {work.stat().st_size / 1048576:.0f} MB re-encrypted): "
          f"{time.perf_counter() - start:.3f} s")
    db.close_database()

    def log_in():
        db.open_database(work, user="admin", password=PASSWORD)
        db.close_database()

    def passphrase():
        db.open_database(work, DEMO_PASSPHRASE)
        db.close_database()

    report("log-in (user + password, scrypt N=2^15)", timed(log_in, args.runs))
    report("open with the office passphrase", timed(passphrase, args.runs))

    db.open_database(work, user="admin", password=PASSWORD)
    report("quick check at start (PRAGMA quick_check)", timed(db.quick_check, args.runs))
    report("full integrity check", timed(lambda: db.database.execute_sql("PRAGMA integrity_check").fetchall(),
                                         max(1, args.runs // 2)))
    folder = scratch / "backups"
    made = []
    report("backup (online backup API, encrypted)", timed(lambda: made.append(backup.backup(folder)), args.runs))
    print(f"backup size: {made[-1].size / 1048576:.0f} MB")
    key = db.open_key()
    db.close_database()
    report("restore (checked first, current kept aside)",
           timed(lambda: backup.restore(made[-1].path, work, **key), args.runs))
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
