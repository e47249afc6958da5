"""The demo reproduces the figures of seeds 001 and 002 exactly, with data that looks real."""

import collections
import datetime as dt
import re

from gridapp import categories as cats
from gridapp import db, idnumber
from gridapp.demo import build_demo
from gridapp.models import Building, Grid, House, Household, Person, Staff, StaffGrid
from gridapp.services.scope import resolve
from gridapp.services.stats import stats

SQL_PRESENT = """
SELECT count(*) FROM person p JOIN household h ON p.household_id = h.id
WHERE p.deleted = 0 AND h.deleted = 0 AND p.departed_on IS NULL AND h.departed_on IS NULL {extra}
"""


def _sql(query: str, *params) -> int:
    return db.database.obj.execute_sql(query, params).fetchone()[0]


def test_community_demo_reproduces_seed_002(community_db):
    data = stats()
    assert (data["communities"], data["grids"], data["households"], data["persons"]) == (1, 14, 4686, 16074)
    assert data["by_status"] == {"resident": 9074, "inflow": 3000, "registered_only": 4000}
    assert data["inflow_by_reason"] == {"other_county": 703, "study_companion": 684,
                                        "business_work": 1254, "other": 359}
    inhabited = [g for g in data["by_grid"] if g["households"]]
    assert len(inhabited) == 10
    # the same figures counted straight from the tables
    assert _sql(SQL_PRESENT.format(extra="")) == 16074
    assert _sql(SQL_PRESENT.format(extra="AND p.status = ?"), "inflow") == 3000
    assert _sql(SQL_PRESENT.format(extra="AND p.inflow_reason = ?"), "study_companion") == 684
    assert _sql("SELECT count(*) FROM household WHERE deleted = 0") == 4686
    assert sum(g["persons"] for g in data["by_grid"]) == 16074


def test_category_counts_match_the_flags(community_db):
    data = stats()
    for cat in cats.CATEGORIES:
        table = "household h" if cat.level == cats.HOUSEHOLD else "person p"
        alias = table[-1]
        n = _sql(f"SELECT count(*) FROM {table} WHERE ({alias}.categories & ?) != 0", cat.mask)
        assert data["by_category"][cat.code] == n, cat.code
        assert n > 0, f"no {cat.label} in the demo"


def test_demo_people_look_real(community_db):
    people = list(Person.select(Person, Household).join(Household))
    heads = {p.household_id: p for p in people if p.relation == "户主"}
    assert len(heads) == 4686  # one head per household
    ids = collections.Counter(p.id_number for p in people)
    assert max(ids.values()) == 1
    surnames = collections.Counter(p.name[0] for p in people)
    assert surnames.most_common(1)[0][0] in "王李张"
    rare = [p.name for p in people if any(ord(ch) > 0x9FFF or 0x3400 <= ord(ch) < 0x4DC0 for ch in p.name)]
    assert rare, "a few rare-character names"
    for p in people:
        info = idnumber.parse(p.id_number, today=dt.date(2026, 11, 1))
        assert info.birth_date == p.birth_date and info.gender == p.gender
        assert re.fullmatch(r"(1[3-9]\d{9})?", p.phone)
        head = heads[p.household_id]
        age_gap = (p.birth_date - head.birth_date).days / 365.25
        if p.relation in ("子", "女"):
            assert age_gap >= 18, (head.name, p.name)
        if p.relation in ("父亲", "母亲"):
            assert age_gap <= -18
        if p.relation == "配偶":
            assert p.gender != head.gender
            assert (dt.date(2026, 11, 1) - p.birth_date).days > 20 * 365
        if p.status == "inflow":
            assert p.inflow_reason and p.inflow_origin and p.arrived_on
    renters = House.select().where(House.ownership == "rented").count()
    assert renters >= 1300
    assert House.select().where((House.ownership == "rented") & (House.landlord_name != "")).count() == renters


def test_staff_serve_every_grid_with_a_and_b_posts(community_db):
    for grid in Grid.select():
        posts = collections.Counter(a.post for a in StaffGrid.select().join(Staff)
                                    .where(StaffGrid.grid == grid, Staff.role == "grid_worker"))
        assert posts["A"] >= 1 and posts["B"] >= 1, grid.name
    assert Staff.select().where(Staff.role == "grid_leader").count() == 6


def test_same_seed_same_people(tmp_path, passphrase):
    def first_people(name):
        db.open_database(tmp_path / name, passphrase, create=True)
        build_demo("community", seed=7)
        rows = [(p.name, p.id_number, p.relation) for p in Person.select().order_by(Person.id_number).limit(200)]
        db.close_database()
        return rows

    assert first_people("a.db") == first_people("b.db")


def test_cancel_leaves_the_database_empty(tmp_path, passphrase):
    from gridapp.demo import Cancelled

    db.open_database(tmp_path / "c.db", passphrase, create=True)
    calls = []

    def progress(done, total, what):
        calls.append(done)
        return done < 3000

    try:
        build_demo("community", progress=progress)
    except Cancelled:
        pass
    else:
        raise AssertionError("not cancelled")
    assert Person.select().count() == 0 and Building.select().count() == 0
    assert calls[-1] >= 3000 and calls[-1] < 16074
    db.close_database()


def test_street_demo_reproduces_seed_001(street_demo_db):
    data = stats()
    assert (data["communities"], data["grids"], data["houses"], data["households"], data["persons"]) == \
        (5, 45, 50917, 47992, 134751)
    assert sum(data["by_status"].values()) == 134751
    assert sum(g["households"] for g in data["by_grid"]) == 47992
    one = stats(resolve("爱和社区"))
    assert one["communities"] == 1 and 0 < one["persons"] < 134751
    assert _sql(SQL_PRESENT.format(extra="")) == 134751


def test_demo_households_have_filed_cards_and_fresh_stacks_wait(community_db):
    from gridapp.models import Card

    keyed = Card.select().where(Card.household.is_null(False))
    assert keyed.count() == 4686
    assert keyed.where(Card.archive_no == "").count() == 0
    assert Card.select().where(Card.state == "filed").count() > 4000
    waiting = Card.select().where(Card.state == "received")
    assert waiting.count() >= 20 and all(c.household_id is None for c in waiting)
    numbers = [c.archive_no for c in Card.select().where(Card.grid == Grid.get(Grid.number == 1))
               if c.archive_no]
    assert len(numbers) == len(set(numbers)) and "01-01-001" in numbers
