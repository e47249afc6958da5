"""Chinese numerals sort as numbers: grids, buildings and communities in the tree, the drop-downs and the board."""

import datetime as dt
import importlib

from gridapp.models import Building, Grid, database
from gridapp.services import browse, org, timeliness
from gridapp.services.scope import grid_choices
from gridapp.sortkeys import chinese_number, natural_key

NAMES = ["第三1栋", "第一1栋", "第十二栋", "第二3栋", "第二网格", "10栋", "2栋"]


def test_numerals_are_read_as_numbers():
    assert [chinese_number(t) for t in ("三", "十", "十二", "二十", "二十三", "一百零五", "两千零一", "二〇二六")] == \
        [3, 10, 12, 20, 23, 105, 2001, 2026]
    assert sorted(["第七网格", "第十二网格", "第三网格", "第一网格", "第十网格"], key=natural_key) == \
        ["第一网格", "第三网格", "第七网格", "第十网格", "第十二网格"]
    assert sorted(["第三1栋", "第二3栋", "第一1栋", "第一10栋", "第一2栋"], key=natural_key) == \
        ["第一1栋", "第一2栋", "第一10栋", "第二3栋", "第三1栋"]
    assert sorted(["10栋", "2栋", "２栋"], key=natural_key) == ["2栋", "２栋", "10栋"]  # full-width digits too


STRUCTURE = {"street": "滨江街道", "communities": [
    {"name": "第十社区", "grids": [{"name": "第一网格", "buildings": []}]},
    {"name": "第二社区", "grids": [
        {"name": name, "number": number, "buildings": [
            {"name": b, "address": "", "floors": 1, "units": 1, "rooms_per_floor": 1}
            for b in (["第三1栋", "第一1栋", "第十二栋", "第二3栋"] if number == 1 else [])]}
        for name, number in (("第一网格", 1), ("第三网格", 3), ("第十二网格", 12), ("第七网格", 7))]}]}


def test_the_tree_and_drop_downs_count_on_both_engines(hub_db):
    org.import_org(STRUCTURE)
    assert [c["name"] for c in browse.communities()] == ["第二社区", "第十社区"]
    second = Grid.get(Grid.name == "第一网格", Grid.number == 1, Grid.community ==
                      next(c["id"] for c in browse.communities() if c["name"] == "第二社区"))
    assert [b["name"] for b in browse.buildings(second.id)] == ["第一1栋", "第二3栋", "第三1栋", "第十二栋"]
    assert [(g.community.name, g.name) for _, g in grid_choices()] == [
        ("第二社区", "第一网格"), ("第二社区", "第三网格"), ("第二社区", "第七网格"), ("第二社区", "第十二网格"),
        ("第十社区", "第一网格")]


def test_the_boards_grid_rates_count(community_db):
    month = dt.date.today().strftime("%Y-%m")
    grids = [r["grid"] for r in timeliness.timeliness(month, by="grid")]
    assert grids == sorted(grids, key=natural_key) and len(grids) > 3
    numbers = [chinese_number(g.split("第")[1].split("网格")[0]) for g in grids]
    assert numbers == sorted(numbers)


def test_migration_0014_makes_the_stored_keys_again(community_db):
    for building in Building.select().limit(3):
        database.execute_sql(f"UPDATE building SET sort_key = 'old' WHERE name = {database.param}",
                             (building.name,))
    importlib.import_module("gridapp.migrations.0014_numeral_sort_keys").up(None, database.obj)
    assert all(b.sort_key == natural_key(b.name) for b in Building.select())
