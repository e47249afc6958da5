"""The card designer's core: field kinds, ranges, conditions, versions, retirement, the
``cardfields`` command and its XLSForm-like workbook, on both engines."""

import datetime as dt
import json

import pytest
from openpyxl import Workbook, load_workbook

import cli
from gridapp.errors import Forbidden, ValidationError
from gridapp.models import CardField, Community, House, Household, Person
from gridapp.services import cardconditions, carddesigns, cardfields
from gridapp.services.org import import_org_file
from tests.test_org_import import DATA

TODAY = dt.date(2026, 11, 20)


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def aihe(street_db):
    import_org_file(DATA)
    return Community.get(Community.name == "爱和社区")


def _person(**kw):
    return cardconditions.context(type("P", (), kw)(), today=TODAY)


def test_kinds_ranges_and_several_of_a_list(aihe):
    cardfields.add(aihe, "household", {"key": "area", "label": "住房面积", "kind": "number", "min": 5, "max": "500"})
    cardfields.add(aihe, "person", {"key": "aid", "label": "救助类型", "kind": "multi",
                                    "choices": ["低保", "特困", "临时救助"]})
    cardfields.add(aihe, "person", {"key": "checked", "label": "体检日期", "kind": "date"})
    assert cardfields.validate_extra(aihe.id, "household", {"住房面积": "８５.５"}) == {"area": 85.5}
    with pytest.raises(ValidationError, match="补充项“住房面积”：600 超出范围 5–500"):
        cardfields.validate_extra(aihe.id, "household", {"area": 600})
    assert cardfields.validate_extra(aihe.id, "person", {"aid": "临时救助、低保", "checked": "2026/3/5"}) == \
        {"aid": ["低保", "临时救助"], "checked": "2026-03-05"}
    with pytest.raises(ValidationError) as info:
        cardfields.validate_extra(aihe.id, "person", {"aid": ["低保", "五保"], "checked": "2026-02-30"})
    assert "“五保”不在可选值中" in str(info.value) and "体检日期" in str(info.value)


def test_a_condition_skips_a_field_and_refuses_a_value_where_it_does_not_hold(aihe):
    cardfields.add(aihe, "person", {"key": "check_due", "label": "孕检到期", "kind": "date", "required": True,
                                    "condition": "性别=女；年龄=15–49"})
    cardfields.add(aihe, "person", {"key": "origin_town", "label": "流出地乡镇", "condition": "status = 流入"})
    field = CardField.get(CardField.key == "check_due")
    assert field.condition == "性别=女；年龄=15-49"
    assert CardField.get(CardField.key == "origin_town").condition == "居住状态=流入"
    woman = _person(gender="F", birth_date=dt.date(1990, 5, 1), status="resident")
    man = _person(gender="M", birth_date=dt.date(1990, 5, 1), status="inflow")
    with pytest.raises(ValidationError, match="“孕检到期”必填"):
        cardfields.validate_extra(aihe.id, "person", {}, facts=woman)
    assert cardfields.validate_extra(aihe.id, "person", {"origin_town": "龙华镇"}, facts=man) == {"origin_town": "龙华镇"}
    with pytest.raises(ValidationError, match="“孕检到期”只在性别=女；年龄=15-49时填写"):
        cardfields.validate_extra(aihe.id, "person", {"check_due": "2026-12-01"}, facts=man)
    older = _person(gender="F", birth_date=dt.date(1960, 1, 1), status="resident")
    assert cardfields.validate_extra(aihe.id, "person", {}, facts=older) == {}
    with pytest.raises(ValidationError, match="“身高”不是可用的项目"):
        cardfields.add(aihe, "person", {"key": "x", "label": "某项", "condition": "身高=180"})
    with pytest.raises(ValidationError, match="年龄须写成范围"):
        cardfields.edit(aihe, "孕检到期", {"condition": "年龄=很老"})


def test_every_change_is_a_version_and_an_old_version_is_kept(aihe):
    assert cardfields.version(aihe.id) == "0.0"
    cardfields.add(aihe, "household", {"key": "pets", "label": "宠物"})
    cardfields.edit(aihe, "pets", {"label": "饲养宠物"})
    cardfields.add(None, "person", {"key": "party", "label": "党员", "kind": "bool"})
    assert cardfields.version(aihe.id) == "1.2"
    assert [f["label"] for f in cardfields.design_at(aihe.id, "0.1")] == ["宠物"]
    assert [f["label"] for f in cardfields.design_at(aihe.id, "1.2")] == ["党员", "饲养宠物"]
    assert [f.key for f in cardfields.definitions(aihe.id, "person")] == ["party"]  # street-wide fields
    other = Community.get(Community.name == "建新社区")
    assert [f.key for f in cardfields.definitions(other.id, "person")] == ["party"]
    assert cardfields.definitions(other.id, "household") == []
    with pytest.raises(ValidationError, match="键名“party”已被全街道的补充项使用"):
        cardfields.add(aihe, "person", {"key": "party", "label": "党员身份"})


def test_a_retired_field_is_no_longer_asked_and_its_values_stay(aihe):
    cardfields.add(aihe, "person", {"key": "insurance", "label": "医保类型", "kind": "choice",
                                    "choices": ["职工医保", "城乡居民医保"]})
    cardfields.add(aihe, "person", {"key": "veteran", "label": "退役军人", "kind": "bool"})
    house = House.select().first()
    person = Person.create(household=Household.create(house=house), name="张三", relation="户主")
    cardfields.set_extra(person, {"insurance": "职工医保", "veteran": "否"})
    cardfields.retire(aihe, "医保类型")
    assert [f.key for f in cardfields.definitions(aihe.id, "person")] == ["veteran"]
    with pytest.raises(ValidationError, match="没有补充项“insurance”"):
        cardfields.validate_extra(aihe.id, "person", {"insurance": "职工医保"})
    cardfields.set_extra(person, {"veteran": "是"})
    assert json.loads(Person.get_by_id(person.id).extra) == {"insurance": "职工医保", "veteran": True}
    cardfields.retire(aihe, "insurance", back=True)
    assert [f.key for f in cardfields.definitions(aihe.id, "person")] == ["insurance", "veteran"]


def test_order_and_leader_roles_only(aihe, monkeypatch):
    for key, label in (("a", "甲"), ("b", "乙"), ("c", "丙")):
        cardfields.add(aihe, "household", {"key": key, "label": label})
    cardfields.move(aihe, "丙", 1)
    assert [f.key for f in cardfields.definitions(aihe.id, "household")] == ["c", "a", "b"]
    monkeypatch.setattr("gridapp.store.roles.current_role", lambda: "clerk")
    for change in (lambda: cardfields.retire(aihe, "a"), lambda: cardfields.move(aihe, "a", 2),
                   lambda: cardfields.edit(aihe, "a", {"label": "丁"}), lambda: cardfields.replace_design(aihe, [])):
        with pytest.raises(Forbidden, match="录入员"):
            change()


def test_the_command_adds_edits_retires_and_lists_on_both_engines(hub_db, capsys):
    import_org_file(DATA)
    db = ["--db", hub_db]
    code, out, err = run(capsys, "cardfields", "add", "low_income", "低保户", "--level", "household", "--kind", "bool",
                         "--community", "爱和社区", "--help-text", "以民政名单为准", "--json", *db)
    assert code == 0, err
    assert json.loads(out)["help"] == "以民政名单为准"
    code, out, err = run(capsys, "cardfields", "add", "children", "子女数", "--level", "household", "--kind", "int",
                         "--min", "0", "--max", "１５", "--required", "--street", *db)
    assert code == 0 and "子女数" in out, err
    code, out, err = run(capsys, "cardfields", "edit", "低保户", "--rename", "低保家庭", "--position", "1",
                         "--community", "爱和社区", "--json", *db)
    assert code == 0 and json.loads(out)["label"] == "低保家庭", err
    code, out, err = run(capsys, "cardfields", "retire", "children", "--street", *db)
    assert code == 0 and "已停用" in out
    code, out, err = run(capsys, "cardfields", "list", "--community", "爱和社区", "--all", "--json", *db)
    listed = json.loads(out)
    assert listed["version"] == "2.2"
    assert [(f["key"], f["scope"], f["retired"], f["max"]) for f in listed["fields"]] == [
        ("children", "全街道", True, 15), ("low_income", "爱和社区", False, None)]
    code, out, err = run(capsys, "cardfields", "list", "--community", "爱和社区", "--json", *db)
    assert [f["key"] for f in json.loads(out)["fields"]] == ["low_income"]
    code, _, err = run(capsys, "cardfields", "add", "bad key", "某项", "--level", "person", "--street", *db)
    assert code == 2 and "键名“bad key”" in err and err.count("\n") == 1
    code, _, err = run(capsys, "cardfields", "add", "k", "某项", "--level", "person", "--kind", "choice", "--street", *db)
    assert code == 2 and "须给出可选值" in err


def _design(aihe):
    cardfields.add(aihe, "household", {"key": "area", "label": "住房面积（㎡）", "kind": "number", "min": 5, "max": 500,
                                       "help": "按房产证"})
    cardfields.add(aihe, "person", {"key": "insurance", "label": "医保类型", "kind": "choice", "required": True,
                                    "choices": ["职工医保", "城乡居民医保", "未参保"]})
    cardfields.add(aihe, "person", {"key": "aid", "label": "救助", "kind": "multi", "choices": ["低保", "特困"],
                                    "condition": "医保类型=未参保"})
    cardfields.add(aihe, "person", {"key": "check_due", "label": "孕检到期", "kind": "date",
                                    "condition": "性别=女；年龄=15-49"})
    cardfields.add(aihe, "person", {"key": "veteran", "label": "退役军人", "kind": "bool"})
    cardfields.retire(aihe, "veteran")


def _shown(community):
    return [{k: v for k, v in cardfields.describe_field(f).items() if k != "scope"}
            for f in cardfields.scope_fields(community.id)]


def test_the_workbook_round_trips_into_another_community(aihe, street_db, tmp_path, capsys):
    _design(aihe)
    out = tmp_path / "card.xlsx"
    code, text, err = run(capsys, "cardfields", "export", "--community", "爱和社区", "--out", out, "--db", street_db)
    assert code == 0 and "5 项" in text, err
    book = load_workbook(out)
    assert book.sheetnames == ["fields", "choices"]
    assert [c.value for c in book["fields"][1]][:4] == ["type", "name", "label", "level"]
    assert book["fields"]["A3"].value == "select_one insurance"
    code, text, err = run(capsys, "cardfields", "import", out, "--community", "建新社区", "--json", "--db", street_db)
    assert code == 0, err
    assert json.loads(text)["added"] == ["area", "insurance", "aid", "check_due", "veteran"]
    assert _shown(Community.get(Community.name == "建新社区")) == _shown(aihe)
    code, text, err = run(capsys, "cardfields", "import", out, "--community", "建新社区", "--json", "--db", street_db)
    summary = json.loads(text)
    assert summary["added"] == summary["changed"] == summary["retired"] == [] and "version" not in summary


def _bad_book(path, fields, choices=()):
    book = Workbook()
    sheet = book.active
    sheet.title = "fields"
    sheet.append(["type", "name", "label", "level", "required", "hint", "relevant", "min", "max"])
    for row in fields:
        sheet.append(row)
    other = book.create_sheet("choices")
    other.append(["list_name", "name", "label"])
    for row in choices:
        other.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("fields, choices, words", [
    ([["text", "a", "甲", "household"], ["strnig", "b", "乙", "household"]], [],
     "工作表“fields”第 3 行“type”列：类型“strnig”无效"),
    ([["select_one ins", "ins", "医保", "person"]], [["other", "x", "x"]],
     "工作表“fields”第 2 行“type”列：工作表“choices”里没有列表“ins”"),
    ([["integer", "n", "人数", "household", "", "", "", "9", "3"]], [], "工作表“fields”第 2 行“min”列：下限 9 大于上限 3"),
    ([["text", "n", "", "household"]], [], "工作表“fields”第 2 行“label”列：名称不能为空"),
    ([["text", "n", "某项", "楼"]], [], "工作表“fields”第 2 行“level”列"),
    ([["text", "n", "某项", "person", "也许"]], [], "第 2 行“required”列：须为 yes 或 no"),
    ([["text", "n", "某项", "person", "", "", "身高=1"]], [], "第 2 行“relevant”列：条件里的“身高”"),
    ([["text", "n", "甲", "person"], ["date", "n", "乙", "person"]], [], "第 3 行：键名“n”重复"),
    ([["select_one l", "l", "甲", "person"]], [["", "x", "x"]], "工作表“choices”第 2 行“list_name”列"),
])
def test_a_bad_workbook_is_refused_whole_naming_sheet_row_and_column(aihe, street_db, tmp_path, capsys,
                                                                   fields, choices, words):
    cardfields.add(aihe, "household", {"key": "keep", "label": "原有项"})
    path = _bad_book(tmp_path / "bad.xlsx", fields, choices)
    code, _, err = run(capsys, "cardfields", "import", path, "--community", "爱和社区", "--db", street_db)
    assert code == 2 and words in err and err.count("\n") == 1, err
    from gridapp import db
    db.open_database(street_db, "test-passphrase")
    assert [(f.key, f.retired) for f in CardField.live()] == [("keep", False)]


def test_a_file_that_is_not_a_design_is_one_line(aihe, street_db, tmp_path, capsys):
    path = tmp_path / "x.xlsx"
    book = Workbook()
    book.active.title = "Sheet1"
    book.save(path)
    code, _, err = run(capsys, "cardfields", "import", path, "--community", "爱和社区", "--db", street_db)
    assert code == 2 and "没有工作表“fields”" in err
    (tmp_path / "t.xlsx").write_text("a,b\n")
    code, _, err = run(capsys, "cardfields", "import", tmp_path / "t.xlsx", "--db", street_db)
    assert code == 2 and "文本文件" in err


def test_the_street_defaults_load_once_all_or_nothing_on_both_engines(hub_db, capsys):
    from gridapp.models import AuditEntry, CardDesign
    from gridapp.services import cardbook

    import_org_file(DATA)
    db = ["--db", hub_db]
    shipped = [s["key"] for s in cardbook.street_defaults()]
    assert shipped == ["civil_aid", "party_relation", "children", "medical_insurance", "pension"]
    code, out, err = run(capsys, "cardfields", "defaults", "--dry-run", *db)  # said by label, not by code
    assert code == 0 and "将新增 5 项（民政救助、党组织关系、现有子女数、医疗保险、养老保险）" in out, err
    assert "civil_aid" not in out
    code, out, err = run(capsys, "cardfields", "defaults", "--dry-run", "--json", *db)
    assert code == 0, err
    assert json.loads(out)["added"] == shipped and not CardField.select().exists()  # a dry run changes nothing
    code, out, err = run(capsys, "cardfields", "defaults", "--json", *db)
    assert code == 0, err
    assert json.loads(out)["added"] == shipped and json.loads(out)["version"] == 1
    code, out, err = run(capsys, "cardfields", "defaults", *db)  # a second load adds nothing
    assert code == 0 and "已新增 0 项" in out and "已有 5 项" in out, err
    assert CardField.select().count() == 5 and CardDesign.select().count() == 1
    assert AuditEntry.select().where(AuditEntry.note.contains("全街道默认补充项")).count() == 1
    aihe = Community.get(Community.name == "爱和社区")
    asked = {f.key: f for f in cardfields.definitions(aihe.id, "person")}
    assert list(asked) == shipped[1:] and asked["children"].condition == "性别=女；年龄=15-49"
    # kept as the street left it: a field retired since is not brought back
    assert run(capsys, "cardfields", "retire", "养老保险", "--street", *db)[0] == 0
    code, out, err = run(capsys, "cardfields", "defaults", "--json", *db)
    assert code == 0 and json.loads(out)["added"] == [], err
    assert CardField.get(CardField.key == "pension").retired


def test_a_community_cannot_load_the_street_defaults(community_db, monkeypatch):
    from gridapp.errors import UserError
    from gridapp.models.base import current_site
    from gridapp.services import cardbook

    assert current_site().site_type == "community"
    before = CardField.select().count()
    with pytest.raises(UserError, match="社区办公室不能载入"):  # even its administrator
        cardbook.load_street_defaults()
    assert not cardbook.may_load_street_defaults()
    monkeypatch.setattr("gridapp.store.roles.current_role", lambda: "director")  # a community director
    with pytest.raises(Forbidden, match="社区主任"):
        cardbook.load_street_defaults()
    assert CardField.select().count() == before


def test_fields_made_before_versions_were_kept_are_on_the_cards_keyed_then(aihe):
    """A community's fields from before designs had versions (an office upgraded, the demo) are
    version 0 of its design: a card keyed then still asks them once the street adds a field."""
    CardField.create(community=aihe.id, level="person", key="job", label="就业状况", kind="choice",
                     choices=json.dumps(["在职", "退休"], ensure_ascii=False), position=0)
    assert cardfields.version(aihe.id) == "0.0"
    assert [f.key for f in cardfields.definitions(aihe.id, "person", "0.0")] == ["job"]
    cardfields.add(None, "person", {"key": "vaccine", "label": "疫苗接种", "kind": "bool"})
    assert cardfields.version(aihe.id) == "1.0"
    assert [f.key for f in cardfields.definitions(aihe.id, "person", "0.0")] == ["job"]
    assert cardfields.card_design(aihe.id, "0.0")["added"] == ["疫苗接种"]  # not 就业状况, asked all along


def test_two_fields_on_one_card_do_not_share_a_name_and_a_name_fits_the_card(aihe):
    cardfields.add(None, "person", {"key": "medical", "label": "医疗保险", "kind": "bool"})
    for community, spec, words in (
            (None, {"key": "medical2", "label": "医疗 保险"}, "名称“医疗保险”已被全街道的补充项（键名 medical）使用"),
            (aihe, {"key": "medical3", "label": "医疗保险"}, "已被全街道的补充项"),
            (None, {"key": "long", "label": "项" * 30}, "名称有 30 个字，超过上限 20")):
        with pytest.raises(ValidationError, match=words):
            cardfields.add(community, "person", spec)
    cardfields.add(aihe, "person", {"key": "job", "label": "就业状况"})
    with pytest.raises(ValidationError, match="已被爱和社区的补充项（键名 job）使用"):
        cardfields.edit(None, "medical", {"label": "就业状况"})
    assert cardfields.add(None, "household", {"key": "medical_h", "label": "医疗保险"}).label == "医疗保险"  # 户: another card part
    assert [f.key for f in cardfields.definitions(aihe.id, "person")] == ["medical", "job"]


def test_a_condition_on_a_field_of_choices_names_one_of_them(aihe):
    cardfields.add(None, "person", {"key": "medical", "label": "医疗保险", "kind": "choice",
                                    "choices": ["职工医保", "未参保"]})
    with pytest.raises(ValidationError, match="“未参加” 不是医疗保险的可选值（可选：职工医保、未参保）"):
        cardfields.add(None, "person", {"key": "why", "label": "未参保原因", "condition": "医疗保险=未参加"})
    made = cardfields.add(None, "person", {"key": "why", "label": "未参保原因", "condition": "医疗保险 = 未参保"})
    assert made.condition == "医疗保险=未参保"


def test_a_communitys_first_recorded_change_keeps_its_earlier_fields_as_version_0(aihe):
    """The community itself changes its design for the first time: the cards keyed before still
    read with the fields they were keyed under (kept as version 0), not with the new design."""
    CardField.create(community=aihe.id, level="person", key="job", label="就业状况", kind="choice",
                     choices=json.dumps(["在职", "退休"], ensure_ascii=False), position=0)
    cardfields.retire(aihe.id, "就业状况")  # the community's first recorded version: 就业状况 no longer asked
    cardfields.add(aihe.id, "person", {"key": "area", "label": "住房面积", "kind": "number"})
    assert cardfields.version(aihe.id) == "0.2"
    old = cardfields.definitions(aihe.id, "person", "0.0")
    assert [(f.key, bool(f.retired)) for f in old] == [("job", False)]  # asked then, as it was
    assert cardfields.card_design(aihe.id, "0.0")["added"] == ["住房面积"]
    assert [h["version"] for h in carddesigns.history(aihe.id)] == [0, 1, 2]
