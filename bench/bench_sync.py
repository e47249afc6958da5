"""Times file-based sync at street scale.

A community site enrolled at a street office holds the street demo (seed 001: 134,751
people, 47,992 households and their cards). Measured, as whole `python -m gridapp`
processes on the encrypted databases:

- `sync export --full` of everything (the package that seeds or recovers a site) and its
  `sync import` at the street office;
- a day's work: 200 household cards keyed (each a new household of three), `sync export`
  and `sync import` at the street office;
- the same day's package imported again (a no-op).

Prints medians, package sizes and the ratio of a day's package to the database size.
Usage: python bench/bench_sync.py [--runs N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import DEMO_PASSPHRASE, OUT, gridapp, report  # noqa: E402

CODE = "BENC-HSYN-C234-5678"


def prepare() -> tuple[Path, Path]:
    """The street office and the community holding the street demo, built once."""
    from gridapp import db
    from gridapp.demo import build_demo
    from gridapp.demo.people import regions_data
    from gridapp.services import site
    from gridapp.services.org import import_org
    from gridapp.sync import enrol

    folder = OUT / "sync"
    hub, community = folder / "hub.db", folder / "community.db"
    if hub.exists() and community.exists():
        return hub, community
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    profile = regions_data()["street"]
    name = profile["communities"][0]
    db.open_database(hub, DEMO_PASSPHRASE, create=True)
    site.initialise("street", profile["street"])
    import_org({"street": profile["street"], "communities": [{"name": name, "grids": []}]})
    enrol.enrol(name, folder / "community.enrol", code=CODE)
    db.database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    db.open_database(community, DEMO_PASSPHRASE, create=True)
    enrol.initialise_from(enrol.read(folder / "community.enrol", CODE))
    build_demo("street", seed=1, into_site=True)
    db.database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    return hub, community


def key_cards(path: Path, count: int = 200) -> None:
    """A day's keying: ``count`` cards, each a new household of three in its grid."""
    from gridapp import db, idnumber
    from gridapp.models import Grid, Staff, StaffGrid
    from gridapp.services.cards import save_card

    db.open_database(path, DEMO_PASSPHRASE)
    grids = list(Grid.live().where(Grid.note == "").order_by(Grid.community, Grid.number))
    workers = {}
    for g in grids:
        workers[g.id] = (Staff.select().join(StaffGrid)
                         .where(StaffGrid.grid == g, StaffGrid.post == "A", Staff.role == "grid_worker").get())
    today = dt.date.today()
    for i in range(count):
        g = grids[i % len(grids)]
        members = [
            {"name": "同步户主", "id_number": idnumber.make("340123", dt.date(1970, 1, 1) + dt.timedelta(days=i), 11),
             "relation": "户主", "phone": f"139{i:08d}", "status": "resident"},
            {"name": "同步配偶", "id_number": idnumber.make("340123", dt.date(1972, 1, 1) + dt.timedelta(days=i), 22),
             "relation": "配偶", "phone": "", "status": "resident"},
            {"name": "同步之子", "id_number": idnumber.make("340123", dt.date(2001, 1, 1) + dt.timedelta(days=i), 33),
             "relation": "子", "status": "resident"},
        ]
        save_card({"card_no": f"S{i:05d}", "community": g.community.name, "grid": g.name,
                   "collected_by": workers[g.id].name, "collected_on": today.isoformat(),
                   "address": {"building": f"同步楼{g.number}栋", "unit": 1, "room": f"{1 + i // 40}{i % 40 + 1:02d}",
                               "new": True},
                   "household": {"categories": [], "extra": {}}, "members": members}, confirmed=True)
    db.database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()


def sync(*args) -> float:
    """``python -m gridapp sync ARGS --json`` (no progress lines); the wall time."""
    return gridapp("sync", *map(str, args), "--json")


def package_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.glob("*.gsp"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    hub0, community0 = prepare()
    times: dict[str, list[float]] = {k: [] for k in
                                     ("full export", "full import", "day export", "day import", "re-import")}
    sizes: dict[str, int] = {}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            hub, community = tmp / "hub.db", tmp / "community.db"
            shutil.copy(hub0, hub)
            shutil.copy(community0, community)
            full, day = tmp / "full", tmp / "day"
            full.mkdir()
            day.mkdir()
            times["full export"].append(sync("export", "--full", "--to", full, "--db", community))
            times["full import"].append(sync("import", "--from", full, "--db", hub))
            key_cards(community)
            times["day export"].append(sync("export", "--to", day, "--db", community))
            times["day import"].append(sync("import", "--from", day, "--db", hub))
            times["re-import"].append(sync("import", "--from", day, "--db", hub))
            sizes = {"full package": package_bytes(full), "day package": package_bytes(day),
                     "community db": community.stat().st_size, "street db": hub.stat().st_size}
    for label, samples in times.items():
        report(f"sync {label} (street demo, whole process)", samples)
    for label, size in sizes.items():
        print(f"{label}: {size / 1e6:.2f} MB")
    print(f"day package / community database: {sizes['day package'] / sizes['community db']:.5f} "
          f"({sizes['day package'] / sizes['community db'] * 100:.3f} %)")
    print(json.dumps({"medians_s": {k: round(statistics.median(v), 3) for k, v in times.items()}, "bytes": sizes}))


if __name__ == "__main__":
    main()
