"""`stats` counts persons and households per own category and per value of each one-of,
several-of and yes/no supplementary field, by grid; hand-counted on a small scripted street,
on both engines."""

import datetime as dt
import json

import pytest

import cli
from gridapp import categories as cats
from gridapp.models import Building, Community, Grid, House, Household, Person
from gridapp.services import cardfields, owncategories
from gridapp.services.scope import Scope
from gridapp.services.stats import stats
from gridapp.services.statstable import extra_headers, extra_rows


def _person(household, name, flags=(), extra=None, departed=None):
    return Person.create(household=household, name=name, relation="户主", gender="F", birth_date=dt.date(1970, 1, 1),
                         categories=cats.to_mask(flags, cats.PERSON), departed_on=departed,
                         extra=json.dumps(extra or {}, ensure_ascii=False))


@pytest.fixture
def street(hub_db):
    """和平社区: 第一网格 two households (three persons, one departed), 第二网格 one household
    (two persons); a person category 重点人口, a household category 优抚对象, and three fields."""
    owncategories.add(None, "person", "key_person", "重点人口", "重", "#aa0000")
    owncategories.add(None, "household", "veteran", "优抚对象", "优", "#0055aa")
    com = Community.create(name="和平社区")
    elsewhere = Community.create(name="别的社区")
    owncategories.add(elsewhere, "person", "theirs", "别处的类别")  # another community's: not counted here
    cardfields.define(elsewhere, "person", "their_field", "别处的补充项", "bool")
    cardfields.define(None, "person", "insurance", "医保类型", "choice", ["职工医保", "居民医保", "未参保"])
    cardfields.define(None, "person", "aid", "救助", "multi", ["低保", "特困", "临时救助"])
    cardfields.define(com, "household", "garden", "有庭院", "bool")
    cardfields.define(None, "person", "note", "备注", "text")  # text: not counted
    houses = []
    for number, name in ((1, "第一网格"), (2, "第二网格")):
        grid = Grid.create(community=com, name=name, number=number)
        b = Building.create(grid=grid, name=f"{number}栋", address=f"和平路{number}号", floors=2, units=1,
                            rooms_per_floor=2)
        houses += [House.create(building=b, unit=1, floor=1, room=f"10{i}") for i in (1, 2)]
    a = Household.create(house=houses[0], categories=cats.to_mask(["veteran"], cats.HOUSEHOLD),
                         extra=json.dumps({"garden": True}))
    b = Household.create(house=houses[1], extra=json.dumps({"garden": False}))
    c = Household.create(house=houses[2], categories=cats.to_mask(["veteran"], cats.HOUSEHOLD))
    _person(a, "甲", ["key_person"], {"insurance": "职工医保", "aid": ["低保", "特困"], "note": "x"})
    _person(a, "乙", [], {"insurance": "居民医保", "aid": ["低保"]})
    _person(b, "丙", ["key_person"], {"insurance": "职工医保"}, departed=dt.date(2026, 1, 1))  # gone: not counted
    _person(c, "丁", ["key_person"], {"insurance": "未参保", "aid": ["临时救助"]})
    _person(c, "戊", [], {})
    there = Grid.create(community=elsewhere, name="别处网格", number=1)
    far = Building.create(grid=there, name="远楼", address="远路1号", floors=1, units=1, rooms_per_floor=1)
    _person(Household.create(house=House.create(building=far, unit=1, floor=1, room="101")), "己", ["theirs"],
            {"their_field": True})
    yield hub_db
    cats.set_own(())


def _by_value(field: dict) -> dict:
    return {v["value"]: (v["total"], [g["count"] for g in v["by_grid"]]) for v in field["values"]}


def test_own_categories_and_fields_are_counted_by_grid(street):
    data = stats(Scope(Community.get(Community.name == "和平社区")), dt.date(2026, 11, 22))
    cat = {c["code"]: (c["total"], [g["count"] for g in c["by_grid"]]) for c in data["categories"]}
    assert cat == {"key_person": (2, [1, 1]), "veteran": (2, [1, 1])}
    fields = {f["key"]: f for f in data["fields"]}
    assert set(fields) == {"insurance", "aid", "garden"}
    assert _by_value(fields["insurance"]) == {"职工医保": (1, [1, 0]), "居民医保": (1, [1, 0]),
                                              "未参保": (1, [0, 1]), "未填": (1, [0, 1])}
    assert _by_value(fields["aid"]) == {"低保": (2, [2, 0]), "特困": (1, [1, 0]), "临时救助": (1, [0, 1]),
                                        "未填": (1, [0, 1])}
    assert _by_value(fields["garden"]) == {"是": (1, [1, 0]), "否": (1, [1, 0]), "未填": (1, [0, 1])}
    assert fields["garden"]["counts"] == "households" and fields["insurance"]["counts"] == "persons"
    assert extra_headers(data) == ["项目", "值", "合计", "第一网格", "第二网格"]
    assert extra_rows(data)[0] == ["自定义类别", "优抚对象（户）", 2, 1, 1]


def test_a_communitys_own_field_is_counted_in_its_grids_only(street):
    data = stats(Scope(), dt.date(2026, 11, 22))
    fields = {f["key"]: f for f in data["fields"]}
    assert [g["grid"] for g in data["by_grid"]] == ["别处网格", "第一网格", "第二网格"]
    assert _by_value(fields["garden"]) == {"是": (1, [0, 1, 0]), "否": (1, [0, 1, 0]),
                                           "未填": (1, [0, 0, 1])}  # not 别处网格's household
    assert _by_value(fields["their_field"]) == {"是": (1, [1, 0, 0]), "否": (0, [0, 0, 0]),
                                                "未填": (0, [0, 0, 0])}
    assert _by_value(fields["insurance"])["未填"] == (2, [1, 0, 1])  # street-wide: 己 has none
    assert {c["code"]: c["total"] for c in data["categories"]} == {"veteran": 2, "key_person": 2, "theirs": 1}


def test_communities_with_their_own_field_under_one_key_are_each_counted_once(street):
    """Two communities each made 就业状况 under the key ``job``: each counts its own people, once."""
    here, there = Community.get(Community.name == "和平社区"), Community.get(Community.name == "别的社区")
    for com in (here, there):
        cardfields.define(com, "person", "job", "就业状况", "choice", ["在职", "退休"])
    for name, job in (("甲", "在职"), ("乙", "退休"), ("丁", "在职"), ("己", "退休")):
        person = Person.get(Person.name == name)
        person.extra = json.dumps({**json.loads(person.extra), "job": job}, ensure_ascii=False)
        person.save()
    data = stats(Scope(), dt.date(2026, 11, 22))
    jobs = {f["scope"]: _by_value(f) for f in data["fields"] if f["key"] == "job"}
    assert jobs == {"和平社区": {"在职": (2, [0, 1, 1]), "退休": (1, [0, 1, 0]), "未填": (1, [0, 0, 1])},
                    "别的社区": {"在职": (0, [0, 0, 0]), "退休": (1, [1, 0, 0]), "未填": (0, [0, 0, 0])}}
    sections = [row[0] for row in extra_rows(data) if row[0].startswith("就业状况")]
    assert sections == ["就业状况（人，和平社区）", "就业状况（人，别的社区）"]  # the table says whose each is
    assert "医保类型（人）" in [row[0] for row in extra_rows(data)]  # street-wide: no community named


def test_stats_json_has_the_new_keys_and_keeps_the_others(street, capsys):
    target = ["--db", str(street)]
    assert cli.main(["stats", "--json", "--grid", "第二网格", *target]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"persons", "by_category", "by_grid", "categories", "fields"} <= set(data)
    assert data["persons"] == 2 and data["by_category"]["key_person"] == 1
    assert [(c["code"], c["total"]) for c in data["categories"]] == [("veteran", 1), ("key_person", 1)]
    insurance = next(f for f in data["fields"] if f["key"] == "insurance")
    assert _by_value(insurance) == {"职工医保": (0, [0]), "居民医保": (0, [0]), "未参保": (1, [1]), "未填": (1, [1])}


def test_the_xlsx_report_has_a_sheet_of_them(street, tmp_path):
    from openpyxl import load_workbook

    from reports.stats_xlsx import write_stats

    out = write_stats(stats(Scope(), dt.date(2026, 11, 22)), tmp_path / "统计.xlsx")
    sheet = load_workbook(out)["补充项与自定义类别"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]
    assert ["救助（人）", "低保", 2, 0, 2, 0] in rows and [None, "临时救助", 1, 0, 0, 1] in rows
