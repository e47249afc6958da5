"""Saving cards: checks, confirmations, duplicates, moves and departures."""

import datetime as dt
import json

import pytest

from gridapp.models import AuditEntry, Card, Household, Person
from gridapp.services import moves
from gridapp.services.cards import CardRejected, save_card
from gridapp.services.stats import stats
from tests.cards.helpers import card, grid_and_worker, new_id

TODAY = dt.date(2026, 11, 22)


def test_a_complete_card_is_keyed_with_its_household_and_members(community_db):
    grid, worker = grid_and_worker()
    before = stats()["persons"]
    result = save_card(card("K0001", worker), today=TODAY)
    assert result.household_created and len(result.created) == 3
    c = Card.get(Card.card_no == "K0001")
    assert c.state == "keyed" and c.keyed_at is not None and c.household_id == result.household.id
    assert c.due_on == dt.date(2026, 11, 22)
    people = {p.name: p for p in Person.select().where(Person.household == result.household)}
    assert people["测试之子"].status == "registered_only"
    assert people["测试户主"].gender == "M" and people["测试户主"].birth_date == dt.date(1970, 3, 4)
    assert people["测试户主"].initials == "cshz"
    assert json.loads(result.household.extra) == {"area": 90}
    assert result.household.house.building.name == "新建测试楼1栋"  # a new building is made in the grid
    assert stats()["persons"] == before + 3
    assert AuditEntry.select().where(AuditEntry.action == "create").count() == 4


def test_a_bad_id_number_blocks_the_card_and_writes_nothing(community_db):
    _, worker = grid_and_worker()
    data = card("K0002", worker)
    data["members"][1]["id_number"] = data["members"][1]["id_number"][:-1] + (
        "0" if data["members"][1]["id_number"][-1] != "0" else "1")
    with pytest.raises(CardRejected) as info:
        save_card(data, today=TODAY)
    assert "校验位不符" in str(info.value) and "第 2 名成员“测试配偶”" in str(info.value)
    assert not info.value.needs_confirmation
    assert Card.select().where(Card.card_no == "K0002").count() == 0
    assert Person.select().where(Person.name == "测试户主").count() == 0


def test_typed_birth_date_and_gender_must_agree_with_the_id(community_db):
    _, worker = grid_and_worker()
    data = card("K0003", worker)
    data["members"][0]["birth_date"] = "1970-03-05"
    data["members"][0]["gender"] = "女"
    with pytest.raises(CardRejected) as info:
        save_card(data, today=TODAY)
    assert "与身份证号中的 1970-03-04 不符" in str(info.value) and "性别“女”与身份证号（男）不符" in str(info.value)


def test_a_young_spouse_is_a_warning_that_needs_confirming(community_db):
    _, worker = grid_and_worker()
    data = card("K0004", worker)
    data["members"][1]["id_number"] = new_id(dt.date(2014, 1, 1), 22)
    with pytest.raises(CardRejected) as info:
        save_card(data, today=TODAY)
    assert info.value.needs_confirmation and "配偶年龄 12 岁" in str(info.value)
    save_card(data, confirmed=True, today=TODAY)
    assert Card.get(Card.card_no == "K0004").state == "keyed"


def test_an_existing_id_number_shows_where_and_can_be_moved_here(community_db):
    _, worker = grid_and_worker()
    someone = Person.select().where(Person.relation == "子", Person.departed_on.is_null()).first()
    old_household = someone.household
    data = card("K0005", worker)
    data["members"][2] = {"name": someone.name, "id_number": someone.id_number, "relation": "子",
                          "status": "resident"}
    with pytest.raises(CardRejected) as info:
        save_card(data, today=TODAY)
    message = str(info.value)
    assert "身份证号已存在" in message and old_household.house.building.name in message
    persons_before = stats()["persons"]
    data["members"][2]["move"] = True
    result = save_card(data, today=TODAY)
    assert len(result.moved) == 1
    old = Person.get_by_id(someone.id)
    assert old.departed_on == dt.date(2026, 11, 20) and "新建测试楼1栋" in old.departed_to
    new = result.moved[0]
    assert new.household_id == result.household.id and new.moved_from_id == someone.id
    assert new.status == "resident"
    assert stats()["persons"] == persons_before + 2  # the moved person is counted once


def test_a_mistyped_id_number_points_at_the_person_it_may_be(community_db):
    _, worker = grid_and_worker()
    someone = Person.select().where(Person.departed_on.is_null(), Person.id_number.is_null(False)).first()
    number = someone.id_number
    swapped = next(number[:i] + number[i + 1] + number[i] + number[i + 2:] for i in range(6, 16)
                   if number[i] != number[i + 1])
    data = card("K0006", worker)
    data["members"][2] = {"name": someone.name, "id_number": swapped, "relation": "其他", "status": "resident"}
    with pytest.raises(CardRejected) as info:
        save_card(data, today=TODAY)
    text = str(info.value)
    assert "身份证号仅两位颠倒" in text and someone.name in text


def test_same_name_and_birth_date_is_a_near_duplicate(community_db):
    _, worker = grid_and_worker()
    someone = Person.select().where(Person.departed_on.is_null(), Person.relation == "户主").first()
    data = card("K0009", worker)
    number = new_id(someone.birth_date, 900 + (1 if someone.gender == "M" else 0), "340122")
    data["members"][2] = {"name": someone.name, "id_number": number, "relation": "其他", "status": "resident"}
    with pytest.raises(CardRejected) as info:
        save_card(data, today=TODAY)
    assert info.value.needs_confirmation and "同名同生日" in str(info.value)


def test_a_whole_household_moves_out_and_leaves_the_counts(community_db):
    household = Household.select().where(Household.departed_on.is_null()).first()
    members = Person.select().where(Person.household == household, Person.departed_on.is_null()).count()
    before = stats()
    moves.depart_household(household, dt.date(2026, 11, 1), "合肥市蜀山区")
    after = stats()
    assert after["households"] == before["households"] - 1
    assert after["persons"] == before["persons"] - members
    kept = Person.select().where(Person.household == household)
    assert all(p.departed_on == dt.date(2026, 11, 1) and p.departed_to == "合肥市蜀山区" for p in kept)


def test_re_keying_a_known_household_updates_it(community_db):
    _, worker = grid_and_worker()
    first = save_card(card("K0007", worker, room="9902"), today=TODAY)
    again = card("K0008", worker, room="9902")
    again["members"][0]["phone"] = "13800000000"
    second = save_card(again, today=TODAY)
    assert second.household.id == first.household.id and not second.household_created
    assert [p.name for p in second.updated] == ["测试户主"]
    assert Person.get(Person.name == "测试户主").phone == "13800000000"
    change = AuditEntry.get(AuditEntry.field == "phone")
    assert (change.old, change.new) == ("13912345678", "13800000000")
