"""Own categories: added by the street or a community, recorded like the fixed ones, on a wall
board only when their privacy level allows it; on both engines."""

import datetime as dt
import json

import pytest

import cli
from gridapp import categories as cats
from gridapp.errors import Forbidden, ValidationError
from gridapp.models import House, Household, Person
from gridapp.services import boards, owncategories
from gridapp.services.cardinput import parse_card
from tests import boards_data


@pytest.fixture
def board_db(hub_db):
    yield boards_data.build()
    cats.set_own(())


def _flat_markers():
    board = boards.building_boards(boards.find_buildings("和平里1栋", "第一网格"), dt.date(2025, 3, 8))[0]
    flat = next(f for f in board.flats if (f.unit, f.room) == (1, "101"))
    return flat.households[0].markers, board


def test_an_own_category_is_on_the_board_only_when_its_privacy_allows(board_db):
    com = board_db["community"]
    key = owncategories.add(com, "person", "key_person", "重点人口", "重", "#aa0000")  # internal by default
    veteran = owncategories.add(None, "household", "veteran_family", "优抚对象", "优", "#0055aa", privacy="public")
    assert key.bit == 16 and veteran.bit == 16
    house = House.get(House.room == "101", House.unit == 1)
    household = Household.get(Household.house == house)
    household.categories |= cats.to_mask(["优抚对象"], cats.HOUSEHOLD)
    household.save()
    head = Person.get(Person.household == household, Person.relation == "户主")
    head.categories |= cats.to_mask(["key_person"], cats.PERSON)
    head.save()
    markers, board = _flat_markers()
    assert markers == ("party_family", "veteran_family")  # 重点人口 is internal: never on the board
    assert "重点人口" in board.omitted and "优抚对象" not in board.omitted
    assert any(m.code == "veteran_family" and m.symbol == "优" for m in board.markers)
    owncategories.change("key_person", privacy="public")
    assert _flat_markers()[0] == ("party_family", "veteran_family", "key_person")
    owncategories.change("veteran_family", retired=True)  # retired: no longer shown nor offered
    assert _flat_markers()[0] == ("party_family", "key_person")
    assert "veteran_family" not in [c.code for c in cats.of_level(cats.HOUSEHOLD)]
    assert Household.get_by_id(household.id).categories & (1 << 16)  # the mark stays recorded


def test_a_card_takes_an_own_category_and_bad_definitions_are_refused(board_db, monkeypatch):
    owncategories.add(None, "person", "low_income", "低保对象")
    assert cats.BY_CODE["low_income"].symbol == "低" and not cats.BY_CODE["low_income"].public
    card = parse_card({"card_no": "1", "grid": "第一网格", "collected_by": "孙网格", "collected_on": "2026-11-20",
                       "address": {"building": "和平里1栋", "room": "101"},
                       "members": [{"name": "某人", "relation": "户主", "categories": ["低保对象"]}]})
    assert card.members[0].categories == 1 << 16
    for args, words in ((("person", "low_income", "另一个"), "代码“low_income”已有"),
                        (("person", "other", "党员"), "已有名为“党员”的固定类别"),
                        (("person", "other", "低保 对象"), "已有名为“低保对象”的自定义类别"),
                        (("person", "x", "某类", "某", "red"), "颜色须写成 #RRGGBB"),
                        (("family", "y", "某类"), "层级须为")):
        with pytest.raises(ValidationError, match=words):
            owncategories.add(None, *args)
    monkeypatch.setattr("gridapp.store.roles.current_role", lambda: "clerk")
    with pytest.raises(Forbidden):
        owncategories.add(None, "person", "z", "某类")


def test_a_category_renamed_onto_another_ones_name_is_refused(board_db):
    owncategories.add(None, "person", "low_income", "低保对象")
    owncategories.add(None, "person", "old_folk", "高龄老人")
    for label, words in (("低保对象", "已有名为“低保对象”的自定义类别"), ("党员", "已有名为“党员”的固定类别")):
        with pytest.raises(ValidationError, match=words):
            owncategories.change("old_folk", label=label)
    assert owncategories.change("old_folk", label="高龄 老人 ").label == "高龄老人"  # its own name again
    assert {c.label for c in cats.of_level(cats.PERSON) if c.code in ("low_income", "old_folk")} == {"低保对象", "高龄老人"}


def test_the_command_adds_lists_and_changes(board_db, hub_db, capsys):
    db = ["--db", str(hub_db)]
    assert cli.main(["categories", "add", "key_person", "重点人口", "--level", "person", "--community", "和平社区",
                     "--json", *db]) == 0
    assert json.loads(capsys.readouterr().out)["privacy"] == "internal"
    assert cli.main(["categories", "change", "key_person", "--privacy", "public", "--symbol", "重", *db]) == 0
    capsys.readouterr()
    assert cli.main(["categories", "list", "--json", "--street", *db]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"code": "key_person", "label": "重点人口", "level": "person", "symbol": "重", "colour": "#555555",
         "privacy": "public", "retired": False, "bit": 16, "scope": "和平社区"}]
    assert cli.main(["categories", "add", "k2", "某类", "--level", "person", "--colour", "#zzz", *db]) == 2
    assert "颜色须写成 #RRGGBB" in capsys.readouterr().err
