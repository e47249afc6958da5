"""Buildings and rooms added and edited by hand: flats made from the shape, growing and shrinking,
single rooms (门面, 地下室), bad input refused with nothing written, the changes synced."""

from __future__ import annotations

import json

import pytest

import cli
from gridapp.errors import UserError
from gridapp.models import AuditEntry, Building, Community, Grid, House, Household, Outbox
from gridapp.services import addresses, buildings
from gridapp.services.org import import_org_file
from gridapp.store import roles
from tests.conftest import ENGINES
from tests.test_org_import import DATA
from tests.test_sync import net  # noqa: F401 (the street office on each engine)


@pytest.fixture
def org(hub_db):
    import_org_file(DATA)
    return hub_db


def _grid(name="第一网格", community="爱和社区") -> Grid:
    return Grid.get(Grid.name == name, Grid.community == Community.get(Community.name == community),
                    Grid.deleted == False)  # noqa: E712


def _houses(building) -> list[str]:
    return sorted(f"{h.unit}-{h.room}" for h in House.live().where(House.building == building))


def _rows() -> int:
    return Outbox.select().count()


def test_a_building_added_to_a_grid_has_its_flats_and_is_an_address(org):
    made = buildings.add_building(_grid(), "３", "爱和路5号", "２", 2, 3)
    assert (made["name"], made["houses"], made["added"]) == ("3栋", 12, 12)
    b = Building.get(Building.name == "3栋")
    assert _houses(b)[:3] == ["1-101", "1-102", "1-103"] and "2-203" in _houses(b)
    assert [x["name"] for x in buildings.listed(_grid())] == ["3栋", "长安阁1栋", "长安阁2栋"]
    assert "3栋" in addresses.completions(_grid(), "3")
    assert AuditEntry.select().where(AuditEntry.table == "building", AuditEntry.row_id == made["id"]).exists()
    assert addresses.find_house(_grid(), "3栋", 2, "203") is not None


def test_bad_input_is_refused_in_chinese_and_changes_nothing(org):
    before = _rows()
    with pytest.raises(UserError, match="第一网格已经有“长安阁1栋”"):
        buildings.add_building(_grid(), "长安阁1栋")
    with pytest.raises(UserError, match="层数须为 1–200 的整数，现在是“0”"):
        buildings.add_building(_grid(), "9栋", floors=0)
    with pytest.raises(UserError, match="每层户数须为 1–200 的整数，现在是“-2”"):
        buildings.add_building(_grid(), "9栋", rooms_per_floor=-2)
    with pytest.raises(UserError, match="楼栋名称含有不可见的控制字符"):
        buildings.add_building(_grid(), "9栋\x1b[31m")
    with pytest.raises(UserError, match="楼栋名称不能为空"):
        buildings.add_building(_grid(), "  ")
    b = Building.get(Building.name == "长安阁1栋")
    with pytest.raises(UserError, match="第一网格已经有“长安阁2栋”"):
        buildings.edit_building(b, name="长安阁2栋")
    with pytest.raises(UserError, match="已经有 1单元101"):
        buildings.add_room(b, "101")
    with pytest.raises(UserError, match="单元须为 1–2 的整数"):
        buildings.add_room(b, "门面1", unit=3)
    with pytest.raises(UserError, match="房号含有不可见的控制字符"):
        buildings.add_room(b, "门面\x07")
    with pytest.raises(UserError, match="只能移到本社区（爱和社区）的网格"):
        buildings.edit_building(b, grid=_grid("第一网格", "建新社区"))
    assert _rows() == before and Building.get_by_id(b.id).name == "长安阁1栋"


def test_a_building_grows_and_shrinks_only_where_nobody_is_registered(org):
    b = Building.get(Building.name == "长安阁1栋")  # 6 floors, 2 units, 2 flats a floor
    made = buildings.edit_building(b, name="长安阁一栋", address="爱和路1号A", floors="7", rooms_per_floor=3)
    assert (made["added"], made["removed"], made["houses"]) == (7 * 2 * 3 - 24, 0, 42)
    Household.create(house=addresses.find_house(_grid(), "长安阁一栋", 2, "702"))
    before = _rows()
    with pytest.raises(UserError, match="长安阁一栋 2单元702 有住户登记"):
        buildings.edit_building(b, floors=6)
    assert _rows() == before and House.live().where(House.building == b).count() == 42
    made = buildings.edit_building(b, rooms_per_floor=2, units="２")
    assert (made["removed"], made["houses"]) == (14, 28)
    assert "1-703" not in _houses(b) and "2-702" in _houses(b)
    assert House.select().where(House.building == b, House.deleted == True).count() == 14  # noqa: E712
    for room in ("101", "102", "201", "202", "301", "302", "401", "402", "501", "502", "601", "602"):
        Household.create(house=addresses.find_house(_grid(), "长安阁一栋", 1, room))
    with pytest.raises(UserError, match=r"长安阁一栋 1单元201、.*1单元602 等 11 套 有住户登记") as refused:
        buildings.edit_building(b, units=1, floors=1)  # ten of 1单元 and 2单元702
    assert "2单元702" not in str(refused.value)  # the first ten named, the rest counted


def test_a_building_moves_to_another_grid_of_its_community(org):
    b = Building.get(Building.name == "长安阁2栋")
    buildings.edit_building(b, grid=_grid("第二网格"))
    moved = AuditEntry.get(AuditEntry.table == "building", AuditEntry.row_id == str(b.id), AuditEntry.field == "grid")
    assert moved.action == "change"
    assert [x["name"] for x in buildings.listed(_grid("第二网格"))] == ["长安阁2栋"]
    assert addresses.find_house(_grid("第二网格"), "长安阁2栋", 1, "1804") is not None


def test_single_rooms_are_added_renamed_and_removed_when_empty(org):
    b = Building.get(Building.name == "长安阁1栋")
    shop = buildings.add_room(b, "门面1")
    cellar = buildings.add_room(b, "地下室", unit=2, floor=-1)
    assert (shop.unit, shop.floor, cellar.unit, cellar.floor, cellar.room) == (1, 1, 2, -1, "地下室")
    assert buildings.add_room(b, "1205室", unit="２").floor == 12
    assert buildings.find_room(b, "2单元地下室").id == cellar.id
    buildings.edit_room(shop, "门面01")
    assert buildings.edit_room(cellar, floor="-2").floor == -2
    assert buildings.find_room(b, "门面01").id == shop.id
    with pytest.raises(UserError, match="已经有 1单元101"):
        buildings.edit_room(shop, "101")
    Household.create(house=shop)
    with pytest.raises(UserError, match="长安阁1栋 1单元门面01 有住户登记"):
        buildings.remove_room(shop)
    buildings.remove_room(cellar)
    assert House.get_by_id(cellar.id).deleted
    with pytest.raises(UserError, match="没有“2单元地下室”"):
        buildings.find_room(b, "2单元地下室")
    # a shrink leaves rooms under free labels alone; door numbers above the new top floor go (2单元1205 too)
    assert buildings.edit_building(b, floors=1)["removed"] == 20 + 1
    assert "1-门面01" in _houses(b)


def test_only_leaders_edit_buildings(org, monkeypatch):
    monkeypatch.setattr(roles, "current_role", lambda: roles.CLERK)
    with pytest.raises(UserError, match="增改楼栋和房屋"):
        buildings.add_building(_grid(), "9栋")
    monkeypatch.setattr(roles, "current_role", lambda: roles.DIRECTOR)
    assert buildings.add_building(_grid(), "9栋")["houses"] == 1


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("hub_db", ENGINES[:1], indirect=True)
def test_buildings_and_rooms_from_the_command_line(org, capsys):
    from gridapp import db

    target = str(org)
    db.close_database()
    where = ("--grid", "第一网格", "--community", "爱和社区", "--db", target)
    code, out, err = run(capsys, "org", "building", "add", "5栋", "--floors", "3", "--units", "1", "--flats", "2",
                         "--address", "爱和路9号", "--json", *where)
    assert code == 0, err
    assert json.loads(out)["houses"] == 6
    code, out, err = run(capsys, "org", "building", "edit", "5栋", "--floors", "4", "--name", "五栋", *where)
    assert code == 0 and "五栋" in out and "新增 2 套" in out, err
    code, out, err = run(capsys, "org", "building", "list", "--json", *where)
    assert [b["name"] for b in json.loads(out)] == ["五栋", "长安阁1栋", "长安阁2栋"]
    code, out, err = run(capsys, "org", "building", "add", "五栋", *where)
    assert code == 2 and "已经有“五栋”" in err
    room = ("--building", "五栋", *where)
    assert run(capsys, "org", "room", "add", "门面1", *room)[0] == 0
    code, out, err = run(capsys, "org", "room", "edit", "门面1", "--name", "门面2", *room)
    assert code == 0, err
    code, out, err = run(capsys, "org", "room", "list", "--json", *room)
    labels = [r["label"] for r in json.loads(out)]
    assert labels[:3] == ["1单元101", "1单元102", "1单元门面2"] and len(labels) == 9
    assert run(capsys, "org", "room", "remove", "门面2", *room)[0] == 0
    code, out, err = run(capsys, "org", "room", "remove", "门面2", *room)
    assert code == 2 and "没有“门面2”" in err
    code, out, err = run(capsys, "org", "vacant", "--json", "--building", "五栋", *where)
    assert code == 0 and json.loads(out)["vacant"] == []
    code, out, err = run(capsys, "org", "building", "edit", "五栋", "--to-grid", "第二网格", "--json", *where)
    assert code == 0 and json.loads(out)["grid"] == "第二网格", err
    code, out, err = run(capsys, "org", "building", "edit", "五栋", "--floors", "0", "--grid", "第二网格", "--db", target)
    assert code == 2 and "层数须为 1–200 的整数" in err


def test_a_building_added_at_a_community_reaches_the_street_office(net):  # noqa: F811
    aihe = net.communities[0]
    aihe.use()
    made = buildings.add_building(_grid(), "8栋", floors=2)
    room = buildings.add_room(Building.get(Building.name == "8栋"), "门面1")
    with pytest.raises(UserError, match="建新社区”的楼栋由该社区或街道办修改"):
        buildings.add_building(_grid("第一网格", "建新社区"), "9栋")
    net.exchange()
    net.hub.use()
    b = Building.get(Building.name == "8栋")
    assert str(b.id) == made["id"] and b.grid.name == "第一网格"
    assert House.live().where(House.building == b).count() == 3 and House.get_by_id(room.id).room == "门面1"
    buildings.edit_building(b, name="八栋")
    net.exchange()
    aihe.use()
    assert Building.get_by_id(b.id).name == "八栋"


def test_spaces_inside_a_building_name_or_room_label_do_not_make_a_second_one(org, capsys):
    grid = _grid()
    buildings.add_building(grid, "3栋", "", 2, 1, 1)
    from gridapp.services.boards import find_buildings

    assert [x.name for x in find_buildings("３ 栋", "第一网格", "爱和社区")] == [x.name for x in find_buildings("3", "第一网格", "爱和社区")] == ["3栋"]
    for name in (" 3 栋", "３ 栋", "3 "):
        with pytest.raises(UserError, match="第一网格已经有“3栋”"):
            buildings.add_building(grid, name)
    b = Building.get(Building.name == "3栋")
    house = buildings.add_room(b, "门面 1")
    assert house.room == "门面1"
    with pytest.raises(UserError, match="已经有 1单元门面1"):
        buildings.add_room(b, "门面１")
    assert buildings.find_room(b, "门面 1").id == house.id  # what was added can be found the way it was typed
    old = House.create(building=b, unit=1, floor=1, room="车 库")  # stored with a space, as an org file may have it
    assert buildings.find_room(b, "车库").id == buildings.find_room(b, "车 库").id == old.id
    with pytest.raises(UserError, match="单元只能是 1，现在是“２”"):  # a building of one unit
        buildings.add_room(b, "门面2", "２")
    for call, words in ((lambda: buildings.add_building(grid, "楼" * 60), "楼栋名称有 60 个字符，超过上限 50"),
                        (lambda: buildings.add_building(grid, "5栋", "路" * 120), "地址有 120 个字符，超过上限 100"),
                        (lambda: buildings.add_room(b, "房" * 30), "房号有 30 个字符，超过上限 20")):
        with pytest.raises(UserError, match=words):
            call()
    assert [x["name"] for x in buildings.listed(grid)].count("3栋") == 1
    assert not Building.select().where(Building.name.contains("楼楼") | (Building.name == "5栋")).exists()
