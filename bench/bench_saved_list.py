"""Times saved lists on demand over the street demo (5 communities, 134,751 people): each list is
saved once, then read as the ledger screen reads it (the ordered row keys, one SQL query) and
as an export reads it (every row, values made readable). The target is 0.5 s.

- 六人及以上户: households of 6+ present people;
- 港澳台同胞: residence permits 81/82/83 or a 户籍地 in Hong Kong, Macao or Taiwan;
- 育龄妇女（一个网格）: women aged 15–49 in one grid;
- 未参保: persons whose supplementary field 医保类型 is 未参保 (a JSON value in ``extra``);
- 重点人口或老人: an own category or the elderly (or), sorted by age descending.

Usage: python bench/bench_saved_list.py [--runs N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import DEMO_PASSPHRASE, demo_db, time_ledger  # noqa: E402

LISTS = {
    "六人及以上户": {"level": "household", "conditions": ["户人数>=6"], "columns": ["grid", "address", "head", "members"]},
    "港澳台同胞": {"conditions": ["港澳台=是"], "columns": ["grid", "address", "name", "place", "id_number"]},
    "育龄妇女（一个网格）": {"conditions": ["性别=女", "年龄=15-49", "网格=第三网格", "社区=和平社区"],
                    "columns": ["address", "name", "age", "phone"], "sort": ["-age"]},
    "未参保": {"conditions": ["医保类型=未参保"], "columns": ["grid", "address", "name", "extra.person.insurance"]},
    "重点人口或老人": {"match": "any", "conditions": ["类别=重点人口", "类别=老年人"],
                "columns": ["grid", "name", "age"], "sort": ["-age"]},
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from gridapp import db
    from gridapp.models import Community
    from gridapp.services import listbuilder, owncategories

    db.open_database(demo_db("street"), DEMO_PASSPHRASE)
    community = Community.live().order_by(Community.name).first()
    LISTS["育龄妇女（一个网格）"]["conditions"][-1] = f"社区={community.name}"
    if "key_person" not in {c["code"] for c in owncategories.listed(retired=True)}:
        owncategories.add(None, "person", "key_person", "重点人口")
    for name, body in LISTS.items():
        listbuilder.save(f"bench-{name}", body)
    for name in LISTS:
        time_ledger(name, listbuilder.query(f"bench-{name}"), args.runs)
    for name in LISTS:
        listbuilder.remove(f"bench-{name}")
    db.close_database()


if __name__ == "__main__":
    main()
