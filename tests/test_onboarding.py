"""A new office with no grids: grids and buildings made by hand, and a database started by name
rebuilt from the street's enrolment file."""

from __future__ import annotations

import json
import os

import pytest

import cli
from gridapp import db
from gridapp.errors import UserError
from gridapp.models import Building, Grid, House, Household, Person
from gridapp.services import grids, site
from gridapp.store import roles
from tests.conftest import PASSPHRASE
from tests.test_org_import import DATA

CODE = "WXYZ-2345-ABCD-6789"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_grids_are_named_with_chinese_numbers():
    assert [grids.chinese_number(n) for n in (1, 3, 10, 12, 20, 21, 99, 100, 105, 110, 120)] == \
        ["一", "三", "十", "十二", "二十", "二十一", "九十九", "一百", "一百零五", "一百一十", "一百二十"]


def test_buildings_are_read_as_typed():
    assert grids.parse_buildings("1栋 6层 2单元 2户 爱和路1号\n\n３栋　１８层　每层４户") == [
        {"name": "1栋", "floors": 6, "units": 2, "rooms_per_floor": 2, "address": "爱和路1号"},
        {"name": "3栋", "floors": 18, "rooms_per_floor": 4}]
    assert [b["name"] for b in grids.parse_buildings("长安阁1-3栋 6层")] == ["长安阁1栋", "长安阁2栋", "长安阁3栋"]
    with pytest.raises(UserError, match="第 2 行.*不是 100 栋以内的区间"):
        grids.parse_buildings("1栋\n9-2栋")
    with pytest.raises(UserError, match="第 1 行含有不可见的控制字符"):
        grids.parse_buildings("1栋\x07")


@pytest.fixture
def new_office(tmp_path, passphrase):
    db.open_database(tmp_path / "new.db", PASSPHRASE, create=True)
    site.initialise("community", "和平社区")
    yield tmp_path / "new.db"
    db.close_database()


def test_a_new_office_adds_its_grids_by_hand(new_office):
    assert site.is_empty()
    community = grids.own_community()
    assert grids.next_grid_name(community) == (1, "第一网格")
    made = grids.add_grid(community, None, grids.parse_buildings("1-2栋 3层 2单元 2户"))
    assert made == {"community": "和平社区", "grid": "第一网格", "number": 1, "buildings": ["1栋", "2栋"],
                    "houses": 24}
    assert not site.is_empty()
    assert grids.next_grid_name(community) == (2, "第二网格")
    grids.add_grid(community, "滨江网格")
    assert grids.next_grid_name(community) == (3, "第三网格")
    assert House.select().join(Building).join(Grid).where(Grid.name == "第一网格").count() == 24

    with pytest.raises(UserError, match="已经有“第一网格”"):
        grids.add_grid(community, "第一网格")
    with pytest.raises(UserError, match="网格编号 2 已是“滨江网格”的"):
        grids.add_grid(community, "新网格", number=2)
    with pytest.raises(UserError, match="楼栋“1栋”：名称重复"):
        grids.add_grid(community, "新网格", [{"name": "1栋"}, {"name": "1栋"}])
    with pytest.raises(UserError, match="“floors” 须为 1–200 的整数"):
        grids.add_grid(community, "新网格", [{"name": "9栋", "floors": 500}])
    assert Grid.select().count() == 2


def test_only_who_may_edit_the_structure_adds_a_grid(new_office, monkeypatch):
    monkeypatch.setattr(roles, "current_role", lambda: "clerk")
    with pytest.raises(UserError, match="导入或修改组织结构"):
        grids.add_grid(grids.own_community())
    assert site.is_empty()


def test_grids_are_added_on_the_street_hub_too(hub_db):
    from gridapp.services.org import import_org_file

    import_org_file(DATA)
    community = grids.own_community("爱和社区")
    number, name = grids.next_grid_name(community)
    made = grids.add_grid(community, None, grids.parse_buildings("幸福楼1栋 2层"))
    assert (made["grid"], made["number"], made["houses"]) == (name, number, 2)
    with pytest.raises(UserError, match="请指明社区"):
        grids.own_community()


def test_add_grid_from_the_command_line(new_office, capsys):
    db.close_database()
    argv = ["--db", new_office]
    code, out, _ = run(capsys, "org", "add-grid", "--building", "1栋 2层 1单元 2户", "--building", "2栋", "--json",
                       *argv)
    assert code == 0 and json.loads(out) == {"community": "和平社区", "grid": "第一网格", "number": 1,
                                             "buildings": ["1栋", "2栋"], "houses": 5}
    code, _, err = run(capsys, "org", "add-grid", "--name", "第一网格", *argv)
    assert code == 2 and "已经有“第一网格”" in err
    code, _, err = run(capsys, "org", "add-grid", "--community", "无此社区", *argv)
    assert code == 2 and "没有名为“无此社区”的社区" in err
    code, out, _ = run(capsys, "stats", "--json", *argv)
    assert json.loads(out)["grids"] == 1


@pytest.fixture
def enrolment(tmp_path, monkeypatch):
    """The street's enrolment file for 爱和社区, and a community database started by name."""
    monkeypatch.setenv(db.PASSPHRASE_ENV, PASSPHRASE)
    monkeypatch.setenv("GRIDAPP_ENROL_CODE", CODE)
    hub, file = tmp_path / "hub.db", tmp_path / "aihe.enrol"
    assert cli.main(["init", "--site-type", "street", "--name", "滨江街道", "--db", str(hub)]) == 0
    assert cli.main(["org", "import", str(DATA), "--db", str(hub)]) == 0
    assert cli.main(["sync", "enrol", "--community", "爱和社区", "--out", str(file), "--db", str(hub)]) == 0
    assert cli.main(["init", "--site-type", "community", "--name", "爱和社区", "--db", str(tmp_path / "aihe.db")]) == 0
    monkeypatch.delenv("GRIDAPP_ENROL_CODE")
    return tmp_path / "aihe.db", file


def test_a_database_started_by_name_is_rebuilt_from_the_enrolment_file(enrolment, capsys):
    path, file = enrolment
    capsys.readouterr()
    code, _, err = run(capsys, "sync", "rebuild", "--enrolment", file, "--code", "AAAA-BBBB-CCCC-DDDD", "--db", path)
    assert code == 2 and "登记码不对" in err
    code, out, _ = run(capsys, "sync", "rebuild", "--enrolment", file, "--code", CODE, "--json", "--db", path)
    assert code == 0 and json.loads(out)["name"] == "爱和社区"
    code, out, _ = run(capsys, "stats", "--json", "--db", path)
    assert json.loads(out)["grids"] == 2
    code, _, err = run(capsys, "sync", "rebuild", "--enrolment", file, "--code", CODE, "--db", path)
    assert code == 2 and "已经用登记文件建立" in err
    code, out, _ = run(capsys, "sync", "status", "--json", "--db", path)
    assert [p["name"] for p in json.loads(out)["peers"]] == ["滨江街道"]


def test_a_database_with_households_is_not_rebuilt(enrolment, capsys):
    path, file = enrolment
    db.open_database(path, PASSPHRASE)
    grids.add_grid(grids.own_community(), None, [{"name": "1栋"}])
    household = Household.create(house=House.select().first())
    Person.create(household=household, name="李四", relation="户主")
    db.close_database()
    capsys.readouterr()
    code, _, err = run(capsys, "sync", "rebuild", "--enrolment", file, "--code", CODE, "--db", path)
    assert code == 2 and "已经有住户，不能重建" in err
    db.open_database(path, PASSPHRASE)
    try:
        assert Household.select().count() == 1 and site.describe()["name"] == "爱和社区"
    finally:
        db.close_database()
    assert os.path.exists(path)
