"""A community's own card fields: stored in ``extra``, checked against the definition."""

import json

import pytest

from gridapp.errors import ValidationError
from gridapp.models import Community, House, Household, Person
from gridapp.services import cardfields
from gridapp.services.org import import_org_file
from tests.test_org_import import DATA


@pytest.fixture
def household(street_db):
    import_org_file(DATA)
    com = Community.get(Community.name == "爱和社区")
    cardfields.define(com, "household", "area", "住房面积", "int", required=True)
    cardfields.define(com, "person", "insurance", "医保类型", "choice", ["职工医保", "城乡居民医保"])
    cardfields.define(com, "person", "veteran", "退役军人", "bool")
    house = House.select().join_from(House, House.building.rel_model).where(
        House.building.rel_model.name == "长安阁1栋").first()
    return Household.create(house=house)


def test_values_are_checked_normalised_and_stored(household):
    assert cardfields.set_extra(household, {"住房面积": "85"}) == {"area": 85}
    person = Person.create(household=household, name="张三", relation="户主")
    cardfields.set_extra(person, {"insurance": "职工医保", "veteran": "是"})
    assert json.loads(Person.get_by_id(person.id).extra) == {"insurance": "职工医保", "veteran": True}


def test_bad_values_are_all_reported_and_nothing_is_stored(household):
    person = Person.create(household=household, name="张三", relation="户主")
    with pytest.raises(ValidationError) as info:
        cardfields.set_extra(person, {"insurance": "商业保险", "veteran": "也许", "pets": 2})
    text = str(info.value)
    assert "商业保险" in text and "退役军人" in text and "pets" in text
    assert Person.get_by_id(person.id).extra == "{}"


def test_required_field_and_other_community(household):
    with pytest.raises(ValidationError, match="住房面积”必填"):
        cardfields.set_extra(household, {})
    other = Community.get(Community.name == "建新社区")
    assert cardfields.definitions(other.id, "household") == []


def test_a_text_field_takes_lines_but_no_other_control_characters(household):
    cardfields.define(Community.get(Community.name == "爱和社区"), "household", "remark", "备注", "text")
    assert cardfields.set_extra(household, {"area": 60, "remark": "一楼\n临街"})["remark"] == "一楼\n临街"
    with pytest.raises(ValidationError, match="补充项“备注”：含有不可见的控制字符（U\\+001B）"):
        cardfields.set_extra(household, {"area": 60, "remark": "\x1b[2J"})
    assert json.loads(Household.get_by_id(household.id).extra)["remark"] == "一楼\n临街"
