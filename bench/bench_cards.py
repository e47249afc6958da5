"""Card entry at street scale (135k people): saving a 5-member card, each kind of search,
opening the entry form, and the filing register.

Usage: python bench/bench_cards.py [--db bench/out/street.db] [--runs 20]
Targets (issue): save ≤ 30 ms, search ≤ 50 ms, form opening ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import DEMO_PASSPHRASE, demo_db, report  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="a street demo database (default: built once in bench/out)")
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    source = Path(args.db) if args.db else demo_db("street")
    work = Path(tempfile.mkdtemp()) / "bench.db"
    shutil.copy(source, work)

    from gridapp import db, idnumber
    from gridapp.models import Grid, Person, Staff, StaffGrid
    from gridapp.services import filing
    from gridapp.services.cards import save_card
    from gridapp.services.search import search

    db.open_database(work, DEMO_PASSPHRASE)
    grid = Grid.select().where(Grid.number == 3).first()
    worker = Staff.select().join(StaffGrid).where(StaffGrid.grid == grid, StaffGrid.post == "A").first()
    counter = iter(range(10_000))

    def card() -> dict:
        n = next(counter)
        members = [{"name": f"测试{n}号", "id_number": idnumber.make("460106", dt.date(1960, 1, 1) + dt.timedelta(days=n * 5 + i),
                                                                  (n * 7 + i) % 500 * 2 + 1),
                    "relation": rel, "phone": "13912345678" if i == 0 else "", "status": "resident"}
                   for i, rel in enumerate(["户主", "兄弟姐妹", "兄弟姐妹", "其他", "其他"])]
        return {"card_no": f"B{n:05d}", "community": grid.community.name, "grid": grid.name,
                "collected_by": worker.name, "collected_on": dt.date.today().isoformat(),
                "address": {"building": "测速楼1栋", "unit": 1, "room": f"{n + 101}", "new": True},
                "members": members}

    report("save the session's first card (caches filled)", timed(lambda: save_card(card(), confirmed=True), 1), "ms")
    timed(lambda: save_card(card(), confirmed=True), 2)
    saves = timed(lambda: save_card(card(), confirmed=True), args.runs)
    report("save a 5-member card (street demo)", saves, "ms")
    person = Person.select().where(Person.departed_on.is_null()).order_by(Person.id).first()
    house = person.household.house
    queries = {
        "full ID number": person.id_number,
        "ID tail (6 digits)": person.id_number[-6:],
        "name, 2 characters": person.name[:2],
        "name, 1 character": person.name[-1],
        "pinyin initials": "zj",
        "address": f"{house.building.name}{house.unit}单元{house.room}室",
        "card number": "000123",
    }
    for label, text in queries.items():
        report(f"search by {label}", timed(lambda text=text: search(text), args.runs), "ms")
    report("filing register, whole street", timed(lambda: filing.register(), 3), "ms")

    from PySide6.QtWidgets import QApplication

    from forms.cards.entry import CardEntryForm

    app = QApplication.instance() or QApplication([])
    forms = []

    def open_form():
        form = CardEntryForm()
        form.show()
        app.processEvents()
        forms.append(form)

    report("open the entry form", timed(open_form, 10), "ms")
    for f in forms:
        f.close()
    db.close_database()
    shutil.rmtree(work.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
