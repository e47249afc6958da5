"""Bad input in a card gets a clear error that names the card and the field, and changes nothing;
phones are read as people write them."""

import datetime as dt
import json

import pytest

import cli
from gridapp import settings
from gridapp.models import Card, Community, Person
from gridapp.services.cardinput import parse_card
from gridapp.services.cards import save_card
from tests.cards.helpers import card, changed, grid_and_worker, new_id


@pytest.mark.parametrize("typed, stored", [
    ("13890943754", "13890943754"),
    ("138-9094-3754", "13890943754"),
    ("138.9094.3754", "13890943754"),
    ("138 9094 3754", "13890943754"),
    ("１３８９０９４３７５４", "13890943754"),
    ("+86 138 9094 3754", "13890943754"),
    ("+86-13890943754", "13890943754"),
    ("0086 13890943754", "13890943754"),
    ("(+86)138-9094-3754", "13890943754"),
    ("0898-6666 8888", "0898-66668888"),
    ("(0898)66668888", "0898-66668888"),
    ("（0898）6666-8888", "0898-66668888"),
    ("089866668888", "0898-66668888"),
    ("010-62345678", "010-62345678"),
    ("0898-66668888-123", "0898-66668888转123"),
    ("0898-66668888转123", "0898-66668888转123"),
    ("0898 6666 8888 分机 123", "0898-66668888转123"),
    ("+86 898 6666 8888", "0898-66668888"),
    ("0898-66668888转123", "0898-66668888转123"),
])
def test_phones_as_people_write_them_are_stored_in_one_form(typed, stored):
    from gridapp.services.checks import parse_phone

    assert parse_phone(typed) == stored


@pytest.mark.parametrize("typed", ["123", "1389094375", "138909437541", "23890943754", "6666-8888",
                                   "138-9094-3754转12", "0898-66668888-1234567", "电话 13890943754", "无",
                                   "13890943754/13912345678", "0898-666", "138\x1b9094-3754"])
def test_what_cannot_be_a_phone_is_refused(typed):
    from gridapp.services.checks import parse_phone

    assert parse_phone(typed) is None


def _import(tmp_path, capsys, community_db, cards) -> tuple[int, str]:
    path = tmp_path / "cards.json"
    path.write_text(json.dumps({"cards": cards}, ensure_ascii=False), encoding="utf-8")
    code = cli.main(["cards", "import", str(path), "--db", str(community_db)])
    return code, capsys.readouterr().err


def _head(name: str, phone: str, seq: int = 11) -> dict:
    return {"name": name, "id_number": new_id(dt.date(1970, 3, 4), seq), "relation": "户主", "phone": phone,
            "status": "resident"}


def test_cards_import_stores_phones_written_with_dashes_dots_and_prefixes(community_db, tmp_path, capsys):
    _, worker = grid_and_worker()
    cards = [card("P001", worker, room="9601", members=[_head("电话甲", "138-9094-3754", 11)]),
             card("P002", worker, room="9602", members=[_head("电话乙", "+86 138.9094.3754", 13)]),
             card("P003", worker, room="9603", members=[_head("电话丙", "(0898)6666 8888转123", 15)])]
    code, err = _import(tmp_path, capsys, community_db, cards)
    assert code == 0, err
    phones = {p.name: p.phone for p in Person.select().where(Person.name.startswith("电话"))}
    assert phones == {"电话甲": "13890943754", "电话乙": "13890943754", "电话丙": "0898-66668888转123"}


def test_a_phone_that_cannot_be_one_names_the_card_and_the_field(community_db, tmp_path, capsys):
    _, worker = grid_and_worker()
    code, err = _import(tmp_path, capsys, community_db,
                        [card("P010", worker, room="9610", members=[_head("电话丁", "0898-666")])])
    assert code == 2
    assert "第 1 张卡（卡号 P010）" in err and "第 1 名成员“电话丁”：电话号码 “0898-666” 格式不对" in err
    assert Card.select().where(Card.card_no == "P010").count() == 0


def _with(field: str, value) -> dict:
    """A good card with one field replaced."""
    _, worker = grid_and_worker()
    return changed(card("T001", worker, room="9501"), field, value)


@pytest.mark.parametrize("field, value, said", [
    ("members.1", "李四", "第 2 名成员须为对象"),
    ("members", {"name": "张三"}, "成员（members）须为列表"),
    ("members", 3, "成员（members）须为列表"),
    ("address", "长安阁1栋2单元302", "现住址（address）须为对象"),
    ("address.unit", [2], "单元须为整数或文字"),
    ("address.room", 302, "房号须为文字（用引号括起），不是数字 302"),
    ("card_no", 101, "卡号须为文字（用引号括起），不是数字 101"),
    ("members.0.name", {"x": 1}, "第 1 名成员的姓名须为文字（用引号括起），不是对象"),
    ("members.0.phone", 13912345678, "第 1 名成员的联系电话须为文字"),
    ("members.0.id_number", ["x"], "第 1 名成员的身份证号须为文字"),
    ("members.0.categories", "elderly", "第 1 名成员的人员类别须为文字的列表"),
    ("members.0.move", "yes", "第 1 名成员的迁入确认（move）须为逻辑值 true 或 false"),
    ("members.0.birth_date", 19700304, "第 1 名成员的出生日期须为日期文字"),
    ("household", [], "户信息（household）须为对象"),
    ("household.extra", "90", "户补充项须为对象"),
    ("household.extra", {"area": {"m2": 90}}, "户补充项“area”须为文字、数字、逻辑值 true/false 或文字的列表"),
    ("collected_on", {"y": 2026}, "采集日期须为日期文字"),
])
def test_a_field_of_the_wrong_type_is_named_and_nothing_is_imported(community_db, tmp_path, capsys,
                                                                     field, value, said):
    code, err = _import(tmp_path, capsys, community_db, [_with(field, value)])
    assert code == 2
    assert "Traceback" not in err and "第 1 张卡" in err and said in err
    assert Card.select().where(Card.card_no.in_(["T001", "101"])).count() == 0


def test_a_name_given_as_an_object_does_not_rename_a_registered_person(community_db, tmp_path, capsys):
    _, worker = grid_and_worker()
    first = card("T010", worker, room="9510")
    save_card(first, today=dt.date(2026, 11, 22))
    again = json.loads(json.dumps(first))
    again["card_no"] = "T011"
    again["members"][0]["name"] = {"x": 1}
    code, err = _import(tmp_path, capsys, community_db, [again])
    assert code == 2 and "第 1 名成员的姓名须为文字" in err
    assert Person.select().where(Person.name == "测试户主").count() == 1
    assert Person.select().where(Person.name.contains("{")).count() == 0


def test_a_file_that_is_a_folder_or_not_an_object_is_one_clear_line(community_db, tmp_path, capsys):
    folder = tmp_path / "cards"
    folder.mkdir()
    assert cli.main(["cards", "import", str(folder), "--db", str(community_db)]) == 2
    err = capsys.readouterr().err
    assert "是文件夹" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    code, err = _import(tmp_path, capsys, community_db, ["0101", None])
    assert code == 2 and "第 1 张卡（卡号 空）：登记卡须为对象" in err and "第 2 张卡" in err


@pytest.mark.parametrize("field, value, said", [
    ("members.0.name", "张\x1b[31m三", "第 1 名成员：姓名“张?[31m三”含有不可见的控制字符（U+001B）"),
    ("members.0.name", "张\t三", "姓名“张?三”含有不可见的控制字符（U+0009）"),
    ("members.0.name", "张\n三", "U+000A"),
    ("members.0.name", "张\x85三", "U+0085"),
    ("members.0.hukou_place", "安徽\x00省", "户籍地"),
    ("address.building", "长安\x07阁", "楼栋“长安?阁”含有不可见的控制字符（U+0007）"),
    ("address.room", "30\x082", "房号"),
    ("card_no", "T0\x1b01", "卡号"),
])
def test_control_characters_are_refused_with_the_field_named(community_db, tmp_path, capsys, field, value, said):
    code, err = _import(tmp_path, capsys, community_db, [_with(field, value)])
    assert code == 2 and said in err
    assert "\x1b" not in err and "\x85" not in err and "\x07" not in err
    assert Card.select().where(Card.card_no.startswith("T0")).count() == 0


@pytest.mark.parametrize("field, value, said", [
    ("address.unit", -3, "单元 -3 不合理：须为 1–99"),
    ("address.unit", 0, "单元 0 不合理"),
    ("address.unit", 150, "单元 150 不合理"),
    ("address.room", "-302", "房号 “-302” 不是有效的门牌号"),
    ("collected_on", "1900-01-01", "采集日期 1900-01-01 早于 2000 年"),
    ("collected_on", "2099-01-01", "采集日期 2099-01-01 晚于今天"),
    ("entered_on", "2026-11-19", "录入日期 2026-11-19 早于采集日期 2026-11-20"),
    ("entered_on", "2099-11-19", "录入日期 2099-11-19 晚于今天"),
    ("members.0.name", "阿" * 51, "姓名有 51 个字符，超过上限 50"),
    ("members.1.birth_date", "2099-01-01", "出生日期 2099-01-01 晚于今天"),
    ("members", [{"name": f"成员{n}", "relation": "户主" if n == 0 else "子"} for n in range(10000)],
     "一户有 10000 名成员，超过上限 30"),
])
def test_implausible_values_are_errors(community_db, tmp_path, capsys, field, value, said):
    code, err = _import(tmp_path, capsys, community_db, [_with(field, value)])
    assert code == 2 and said in err
    assert Card.select().where(Card.card_no == "T001").count() == 0


def test_a_long_minority_name_and_a_large_household_pass_with_a_warning(community_db, tmp_path, capsys):
    _, worker = grid_and_worker()
    name = "阿依古丽·买买提艾力·阿不都热依木·吐尔逊托合提"  # long, and within the limit
    members = [_head(name, "13890943754")] + [
        {"name": f"大户{n}", "id_number": new_id(dt.date(1990, 1, 1) + dt.timedelta(days=n), 40 + n * 2),
         "relation": "其他"} for n in range(17)]
    code, err = _import(tmp_path, capsys, community_db, [card("T020", worker, room="9520", members=members)])
    assert code == 0, err
    assert "一户有 18 名成员，请核对" in err
    assert Person.select().where(Person.name == name).count() == 1


def test_the_member_limit_is_a_community_setting(community_db):
    _, worker = grid_and_worker()
    members = [_head("集体户主", "13890943754")] + [{"name": f"集体{n}", "relation": "其他"} for n in range(34)]
    assert any("超过上限 30" in i.message for i in parse_card(card("T030", worker, members=members),
                                                          Community.get().id).errors)
    settings.put("cards.max_members", 40, Community.get())
    assert not any("上限" in i.message for i in parse_card(card("T030", worker, members=members),
                                                         Community.get().id).errors)


def test_a_large_household_is_saved_once_its_warning_is_confirmed(community_db):
    from gridapp.services.cards import CardRejected

    _, worker = grid_and_worker()
    members = [_head("大家户主", "13890943754")] + [
        {"name": f"大家{n}", "id_number": new_id(dt.date(1990, 1, 1) + dt.timedelta(days=n), 40 + n * 2),
         "relation": "其他"} for n in range(16)]
    with pytest.raises(CardRejected) as info:
        save_card(card("T040", worker, room="9540", members=members), today=dt.date(2026, 11, 22))
    assert info.value.needs_confirmation and "一户有 17 名成员，请核对" in str(info.value)
    assert Card.select().where(Card.card_no == "T040").count() == 0
    save_card(card("T040", worker, room="9540", members=members), today=dt.date(2026, 11, 22), confirmed=True)
    assert Card.get(Card.card_no == "T040").state == "keyed"


def test_a_stack_collected_before_2000_is_not_received(community_db, capsys):
    _, worker = grid_and_worker()
    code = cli.main(["cards", "receive", "--grid", "第三网格", "--worker", worker.name, "--collected-on", "1990-11-20",
                     "--numbers", "R001-R003", "--db", str(community_db)])
    assert code == 2 and "采集日期 1990-11-20 早于 2000 年" in capsys.readouterr().err
    assert Card.select().where(Card.card_no.startswith("R00")).count() == 0
