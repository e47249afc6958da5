"""Where a card goes: never merged into another family's household, never a new building by a typo."""

import datetime as dt
import json

import pytest

import cli
from gridapp.models import Building, Card, House, Household, Person
from gridapp.services import addresses
from gridapp.services.cards import CardRejected, save_card
from tests.cards.helpers import card, grid_and_worker, new_id

TODAY = dt.date(2026, 11, 22)


def head(name: str, seq: int, year: int = 1975) -> dict:
    return {"name": name, "id_number": new_id(dt.date(year, 2, 3), seq), "relation": "户主",
            "phone": "13912345678", "status": "resident"}


def heads_at(room: str) -> list[list[str]]:
    house = House.select().join(Building).where(Building.name == "新建测试楼1栋", House.room == room).get()
    return [[p.name for p in Person.select().where(Person.household == h, Person.relation == "户主")]
            for h in addresses.households_at(house)]


def test_a_card_with_another_head_at_an_occupied_address_needs_saying_how(community_db):
    _, worker = grid_and_worker()
    save_card(card("P0001", worker, room="9951"), today=TODAY)
    renter = card("P0002", worker, room="9951", members=[head("合租户主", 41)])
    with pytest.raises(CardRejected) as info:
        save_card(renter, confirmed=True, today=TODAY)
    assert [i.field for i in info.value.issues] == ["household.at_address"]
    assert "户主 测试户主 等 3 人" in str(info.value) and "合租户主" in str(info.value)
    assert heads_at("9951") == [["测试户主"]] and Card.select().where(Card.card_no == "P0002").count() == 0
    renter["household"]["at_address"] = "new"  # a second family renting a room
    result = save_card(renter, today=TODAY)
    assert result.household_created
    assert sorted(heads_at("9951")) == [["合租户主"], ["测试户主"]]  # two households, one head each


def test_the_same_head_again_updates_the_household_even_with_two_living_there(community_db):
    _, worker = grid_and_worker()
    first = save_card(card("P0003", worker, room="9952"), today=TODAY)
    renter = card("P0004", worker, room="9952", members=[head("合租户主", 42)])
    renter["household"]["at_address"] = "new"
    save_card(renter, today=TODAY)
    again = card("P0005", worker, room="9952")
    again["members"][0]["phone"] = "13800000000"
    result = save_card(again, today=TODAY)
    assert result.household.id == first.household.id and not result.household_created
    assert sorted(heads_at("9952")) == [["合租户主"], ["测试户主"]]


def test_naming_the_household_to_update_keeps_one_head(community_db):
    _, worker = grid_and_worker()
    first = save_card(card("P0006", worker, room="9953"), today=TODAY)
    spouse = first.household and Person.get(Person.name == "测试配偶")
    new_head = {"name": "测试配偶", "id_number": spouse.id_number, "relation": "户主", "phone": "13700000000"}
    update = card("P0007", worker, room="9953", members=[new_head])
    update["household"]["at_address"] = "测试户主"
    with pytest.raises(CardRejected) as info:  # the old head would stay 户主 as well
        save_card(update, today=TODAY)
    assert "原户主“测试户主”不在本卡上" in str(info.value)
    old_head = Person.get(Person.name == "测试户主")
    update["members"].append({"name": "测试户主", "id_number": old_head.id_number, "relation": "配偶"})
    result = save_card(update, today=TODAY)
    assert result.household.id == first.household.id
    assert heads_at("9953") == [["测试配偶"]]
    update["household"]["at_address"] = "无此人"
    with pytest.raises(CardRejected) as info:
        save_card(dict(update, card_no="P0008"), today=TODAY)
    assert "没有户主为“无此人”的住户" in str(info.value)


def test_a_mistyped_building_or_room_is_not_made_without_saying_new(community_db):
    grid, worker = grid_and_worker()
    building = Building.create(grid=grid, name="第一1栋", floors=12, units=2)
    House.create(building=building, floor=12, unit=2, room="1230")
    typo = card("P0010", worker, members=[head("新楼户主", 43)])
    typo["address"] = {"building": "第1栋", "unit": 2, "room": "1230"}
    with pytest.raises(CardRejected) as info:
        save_card(typo, confirmed=True, today=TODAY)
    assert [i.field for i in info.value.issues] == ["address.building"]
    assert "本网格没有楼栋“第1栋”（相近的有：第一1栋" in str(info.value)
    assert Building.select().where(Building.name == "第1栋").count() == 0
    typo["address"] = {"building": "第一1栋", "unit": 2, "room": "1203"}
    with pytest.raises(CardRejected) as info:
        save_card(typo, confirmed=True, today=TODAY)
    assert [i.field for i in info.value.issues] == ["address.room"]
    assert "还没有 2单元 1203室（相近的有：2单元 1230室）" in str(info.value)
    typo["address"]["new"] = True
    result = save_card(typo, today=TODAY)
    assert result.household.house.building_id == building.id and result.household.house.room == "1203"


def test_close_names_count_chinese_numerals_as_digits():
    assert addresses.closest("3号楼", ["三号楼", "八号楼", "长安阁3栋"])[0] == "三号楼"
    assert addresses.closest("第1栋", ["第一1栋", "长安阁5栋"]) == ["第一1栋"]
    assert addresses.closest("十二栋", ["12栋", "21栋"])[0] == "12栋"


def write_cards(tmp_path, cards: list) -> str:
    path = tmp_path / "cards.json"
    path.write_text(json.dumps({"cards": cards}, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_import_names_the_card_and_field_of_an_occupied_address_or_unknown_building(community_db, tmp_path,
                                                                                   capsys):
    _, worker = grid_and_worker()
    save_card(card("P0020", worker, room="9954"), today=TODAY)
    renter = card("P0021", worker, room="9954", members=[head("合租户主", 44)])
    typo = card("P0022", worker, members=[head("别楼户主", 45)])
    typo["address"] = {"building": "新建测试楼l栋", "unit": 1, "room": "9955"}
    path = write_cards(tmp_path, [renter, typo])
    assert cli.main(["cards", "import", path, "--db", str(community_db)]) == 2
    err = capsys.readouterr().err
    assert "第 1 张卡（卡号 P0021）：household.at_address：该地址已住有 1 户（户主 测试户主 等 3 人）" in err
    assert '"at_address": "new"' in err
    assert "第 2 张卡（卡号 P0022）：address.building：本网格没有楼栋“新建测试楼l栋”（相近的有：新建测试楼1栋）" in err
    assert Card.select().where(Card.card_no.in_(["P0021", "P0022"])).count() == 0
    renter["household"]["at_address"] = "new"
    typo["address"]["new"] = True
    assert cli.main(["cards", "import", write_cards(tmp_path, [renter, typo]), "--json",
                     "--db", str(community_db)]) == 0
    assert json.loads(capsys.readouterr().out)["households_created"] == 2
    assert sorted(heads_at("9954")) == [["合租户主"], ["测试户主"]]


def test_import_stops_at_a_second_family_earlier_in_the_same_file(community_db, tmp_path, capsys):
    _, worker = grid_and_worker()
    first = card("P0030", worker, room="9956")
    second = card("P0031", worker, room="9956", members=[head("同文件户主", 46)])
    assert cli.main(["cards", "import", write_cards(tmp_path, [first, second]), "--db", str(community_db)]) == 2
    assert "第 2 张卡（卡号 P0031）：household.at_address" in capsys.readouterr().err
    assert Household.select().join(House).where(House.room == "9956").count() == 0


def test_a_spreadsheet_import_says_which_buildings_it_makes_and_which_look_mistyped(community_db, tmp_path,
                                                                                     capsys):
    from gridapp.services import importxlsx
    from tests.importdata import pid, write_sheet

    grid, _ = grid_and_worker()
    Building.create(grid=grid, name="第一1栋", floors=12, units=2)
    rows = [[1, "钱一", "男", pid(dt.date(1970, 1, 1), 11), "", "户主", "13900001111", "第1栋2单元1230室", "", "", ""],
            [2, "钱二", "男", pid(dt.date(1971, 1, 1), 11), "", "户主", "13900002222", "南湖新苑9栋101室", "", "", ""]]
    path = write_sheet(tmp_path / "楼栋.xlsx", rows, title=None)
    sheet = importxlsx.open_sheet(path)
    plan = importxlsx.check_sheet(sheet, importxlsx.guess_mapping(sheet.headers), grid, TODAY)
    assert plan.new_buildings == ["第三网格 第1栋", "第三网格 南湖新苑9栋"]
    assert plan.noted[0].number == 2 and "相近的已有楼栋：第一1栋" in plan.noted[0].notes[0]
    assert len(plan.noted) == 1  # a new name like no known one is listed, not flagged on its row
    assert cli.main(["import-xlsx", str(path), "--grid", "第三网格", "--check", "--db", str(community_db)]) == 0
    assert "导入时将新建的楼栋 2 栋：第三网格 第1栋、第三网格 南湖新苑9栋" in capsys.readouterr().out
