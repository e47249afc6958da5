"""How fast the main window starts and switches communities, on the street-scale demo.

Usage: python bench/bench_mainwindow.py [--db PATH] [--runs 5]

Each run is a fresh process (offscreen Qt): from process start to the window shown with the
first tree level loaded and the first community's households listed; then, in the same
process, selecting the largest other community until its first page is drawn. Without
``--db`` the street demo in bench/out/ is used, generated first if missing (about a minute).
The passphrase is GRIDAPP_PASSPHRASE, or the demo passphrase.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, demo_db, env, report  # noqa: E402


def child(path: str) -> None:
    """One measured start; prints a JSON line with the wall-clock time the window was ready."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from forms.app import start
    from forms.tasks import wait_for_tasks
    from gridapp import db
    from gridapp.services import browse

    window = start(["--db", path])
    app = QApplication.instance()
    while not window.windowHandle().isExposed():
        app.processEvents()
    app.processEvents()
    ready = time.time()
    assert window.tree_model.rowCount() > 0 and window.households_model.rowCount() > 0

    wait_for_tasks()  # the status bar counts: let them finish before timing a click
    current = window.tree.currentIndex()
    siblings = [current.siblingAtRow(r) for r in range(window.tree_model.rowCount(current.parent()))]
    others = [(browse.household_total("community", window.tree_model.node(i)["id"]), i)
              for i in siblings if i != current]
    result = {"ready": ready}
    if others:
        households, target = max(others, key=lambda pair: pair[0])
        began = time.perf_counter()
        window.tree.setCurrentIndex(target)
        app.processEvents()
        result["select"] = time.perf_counter() - began
        result["households"] = households
        assert window.households_model.rowCount() > 0
    print(json.dumps(result), flush=True)
    db.close_database()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database to open (default: the street demo in bench/out/)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.db)
        return

    path = Path(args.db) if args.db else demo_db("street")
    starts, selects, households = [], [], 0
    for _ in range(args.runs):
        began = time.time()
        out = subprocess.run([sys.executable, __file__, "--child", "--db", str(path)], cwd=ROOT, env=env(),
                             check=True, capture_output=True, text=True).stdout
        result = json.loads(out.strip().splitlines()[-1])
        starts.append(result["ready"] - began)
        if "select" in result:
            selects.append(result["select"])
            households = result["households"]
    report(f"mainwindow start ({'street demo' if not args.db else path.name})", starts)
    if selects:
        report(f"select a community of {households} households, first page shown", selects)


if __name__ == "__main__":
    main()
