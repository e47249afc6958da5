"""A field defined in the card designer runs through the whole work with no code change: keyed,
verified, imported from JSON and from a spreadsheet, shown in a ledger, synced to the street
office and back, retired with its data kept."""

import datetime as dt
import json

import pytest
from openpyxl import Workbook

import cli
from gridapp import categories as cats
from gridapp import db
from gridapp.models import Card, CardDesign, CardField, Community, Household, Person
from gridapp.services import cardfields, listbuilder, owncategories, verify
from gridapp.services.cards import household_as_card, save_card
from gridapp.services.ledgerquery import Query, iter_rows
from gridapp.services.ledgers import in_force
from gridapp.services.listbuilder import ledger
from gridapp.services.scope import Scope
from tests.cards.helpers import card, grid_and_worker, new_id
from tests.conftest import ENGINES, PASSPHRASE
from tests.test_sync import add_family

TODAY = dt.date(2026, 11, 22)


def _design():
    community = Community.get(Community.name == "爱和社区")
    cardfields.add(community, "person", {"key": "low_income", "label": "低保对象", "kind": "bool"})
    cardfields.add(community, "household", {"key": "aid", "label": "救助类型", "kind": "multi",
                                            "choices": ["低保", "特困", "临时救助"]})
    return community


def _members(low_income="是"):
    return [{"name": "设计户主", "id_number": new_id(dt.date(1966, 2, 3), 51), "relation": "户主",
             "phone": "13911112222", "extra": {"低保对象": low_income, "insurance": "职工医保"}},
            {"name": "设计配偶", "id_number": new_id(dt.date(1968, 4, 5), 62), "relation": "配偶",
             "extra": {"low_income": "否"}}]


def _population(community):
    q = Query(in_force(ledger("population")), Scope(community), today=TODAY)
    columns = [c.key for c in q.ledger.columns]
    return columns, [dict(zip(columns, row)) for row in iter_rows(q)]


def test_keyed_verified_shown_in_a_ledger_and_retired_with_data_kept(community_any):
    community = _design()
    _, worker = grid_and_worker()
    data = card("F0001", worker, room="9951", members=_members(),
                household={"categories": [], "extra": {"area": 90, "aid": "特困、低保"}})
    result = save_card(data, today=TODAY)
    head = Person.get(Person.household == result.household, Person.relation == "户主")
    assert json.loads(head.extra) == {"insurance": "职工医保", "low_income": True}
    assert json.loads(result.household.extra) == {"aid": ["低保", "特困"], "area": 90}
    saved = Card.get(Card.card_no == "F0001")
    assert saved.design_version == "0.2"

    second = json.loads(json.dumps(data))
    second["members"][0]["extra"]["低保对象"] = "否"
    second["household"]["extra"]["aid"] = ["低保"]
    diffs = verify.compare(saved, second)
    assert sorted((d.member, d.field, d.label, d.saved, d.second) for d in diffs) == [
        (-1, "extra.aid", "救助类型", ["低保", "特困"], ["低保"]), (0, "extra.low_income", "低保对象", True, False)]
    merged = verify.merge(saved, second, [d for d in diffs if d.member == 0])
    save_card(merged, card=saved, today=TODAY, confirmed=True)
    assert json.loads(Person.get_by_id(head.id).extra)["low_income"] is False

    columns, rows = _population(community)
    assert {"extra.person.low_income", "extra.household.aid", "extra.person.insurance"} <= set(columns)
    mine = {r["name"]: r for r in rows if r["name"] in ("设计户主", "设计配偶")}
    assert mine["设计户主"]["extra.person.low_income"] == "否" and mine["设计配偶"]["extra.person.low_income"] == "否"
    assert mine["设计户主"]["extra.household.aid"] == "低保、特困"

    cardfields.retire(community, "低保对象")
    assert "extra.person.low_income" not in _population(community)[0]
    assert "low_income" not in household_as_card(result.household, "")["members"][0]["extra"]  # as a new card
    edited = household_as_card(result.household) | {"household_id": str(result.household.id)}
    assert edited["members"][0]["extra"]["low_income"] is False  # its card's design still asks it
    edited["members"][0]["phone"] = "13911113333"
    save_card(edited, card=saved, today=TODAY, confirmed=True)  # edited after the field was retired
    assert json.loads(Person.get_by_id(head.id).extra) == {"insurance": "职工医保", "low_income": False}
    assert Card.get_by_id(saved.id).design_version == "0.2"  # the card keeps the version it was keyed under
    kept = {f["key"]: f["retired"] for f in cardfields.design_at(community.id, "0.2")}
    assert kept["low_income"] is False and kept["aid"] is False
    assert {f["key"]: f["retired"] for f in cardfields.design_at(community.id, "0.3")}["low_income"] is True


def test_imported_from_json_and_from_a_spreadsheet(community_db, tmp_path, capsys):
    _design()
    _, worker = grid_and_worker()
    cards_file = tmp_path / "cards.json"
    cards_file.write_text(json.dumps({"cards": [card("J0001", worker, room="9961", members=_members())]},
                                     ensure_ascii=False), encoding="utf-8")
    assert cli.main(["cards", "import", str(cards_file), "--db", str(community_db)]) == 0, capsys.readouterr().err
    head = Person.get(Person.name == "设计户主")
    assert json.loads(head.extra)["low_income"] is True
    bad = card("J0002", worker, room="9962", members=_members(low_income="也许"))
    cards_file.write_text(json.dumps({"cards": [bad]}, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["cards", "import", str(cards_file), "--db", str(community_db)]) == 2
    assert "补充项“低保对象”：须为 是 或 否，不是“也许”" in capsys.readouterr().err

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "与户主关系", "联系电话", "网格", "楼栋", "单元", "房号", "低保对象", "救助类型"])
    sheet.append(["表格户主", new_id(dt.date(1970, 1, 1), 71), "户主", "13900001111", "第三网格", "表格楼1栋", 1,
                  "101", "是", "临时救助,低保"])
    sheet.append(["表格之子", new_id(dt.date(2001, 1, 1), 73), "子", "", "第三网格", "表格楼1栋", 1, "101", "否", ""])
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    code = cli.main(["import-xlsx", str(path), "--community", "爱和社区", "--json", "--db", str(community_db)])
    out, err = capsys.readouterr()
    assert code == 0, err
    head = Person.get(Person.name == "表格户主")
    assert json.loads(head.extra) == {"low_income": True}
    assert json.loads(Person.get(Person.name == "表格之子").extra) == {"low_income": False}
    assert json.loads(Household.get_by_id(head.household_id).extra) == {"aid": ["低保", "临时救助"]}


@pytest.fixture(params=ENGINES)
def net(request, tmp_path):
    if request.param == "sqlite":
        return request.getfixturevalue("sync_template").clone(tmp_path)
    return request.getfixturevalue("pg_sync_template").clone(tmp_path, request.getfixturevalue("pg_server"))


def test_synced_to_the_street_office_and_back(net):
    aihe, jianxin = net.communities
    net.hub.use()
    cardfields.add(None, "person", {"key": "party", "label": "党员", "kind": "bool"})  # street-wide
    owncategories.add(None, "person", "key_person", "重点人口", privacy="public")
    listbuilder.save("党员名单", {"conditions": ["党员=是"], "columns": ["name"]})
    net.exchange()
    aihe.use()
    assert cats.BY_CODE["key_person"].public  # in force as soon as it came in
    assert listbuilder.find("党员名单") is not None
    aihe.use()
    community = Community.get(Community.name == "爱和社区")
    assert [f.key for f in cardfields.definitions(community.id, "person")] == ["party"]
    cardfields.add(community, "person", {"key": "aid", "label": "救助", "kind": "choice", "choices": ["低保", "特困"]})
    person = add_family(aihe)
    cardfields.set_extra(person, {"党员": "是", "救助": "特困"})
    net.exchange()
    for node in (net.hub, jianxin):
        node.use()
        assert CardField.get(CardField.key == "aid").community.name == "爱和社区"
        assert cardfields.version(Community.get(Community.name == "爱和社区").id) == "1.1"
    net.hub.use()
    assert json.loads(Person.get_by_id(person.id).extra) == {"aid": "特困", "party": True}
    assert [r[0] for r in iter_rows(listbuilder.query("党员名单"))] == ["张三"]
    cardfields.retire(None, "party")  # the street retires its field: the values stay everywhere
    net.exchange()
    aihe.use()
    assert cardfields.definitions(community.id, "person")[0].key == "aid"
    assert CardDesign.select().count() == 3
    assert json.loads(Person.get_by_id(person.id).extra) == {"aid": "特困", "party": True}
    cats.set_own(())


def test_a_card_keeps_the_fields_of_the_design_it_was_keyed_under_until_moved_to_the_new_one(community_any):
    from gridapp.errors import ValidationError
    from gridapp.models import AuditEntry

    community = _design()
    _, worker = grid_and_worker()
    result = save_card(card("V0001", worker, room="9971", members=_members()), today=TODAY)
    saved = Card.get(Card.card_no == "V0001")
    keyed = saved.design_version
    cardfields.retire(community, "低保对象")
    cardfields.add(community, "person", {"key": "pets", "label": "饲养宠物", "kind": "bool"})
    current = cardfields.version(community.id)
    assert current != keyed

    # a card of version N gets the fields version N asked, those retired since marked; not those added since
    old = [(f.key, f.retired_since) for f in cardfields.definitions(community.id, "person", keyed)]
    assert ("low_income", True) in old and "pets" not in [k for k, _ in old]
    assert ("insurance", False) in old
    assert [f.key for f in cardfields.definitions(community.id, "person", current)] == \
        [f.key for f in cardfields.definitions(community.id, "person")]
    info = cardfields.card_design(community.id, keyed)
    assert info["older"] and info["added"] == ["饲养宠物"] and info["retired"] == ["低保对象"]
    assert not cardfields.card_design(community.id, current)["older"]

    # reopened: its own fields with the values kept, the retired one editable
    data = household_as_card(result.household, keyed) | {"household_id": str(result.household.id)}
    assert data["design"] == keyed and data["members"][0]["extra"]["low_income"] is True
    data["members"][0]["extra"]["low_income"] = "否"
    save_card(data, card=saved, today=TODAY, confirmed=True)
    head = Person.get(Person.household == result.household, Person.relation == "户主")
    assert json.loads(head.extra)["low_income"] is False
    assert Card.get_by_id(saved.id).design_version == keyed
    second = json.loads(json.dumps(data))  # keyed again for verification: under the card's own design
    second["members"][0]["extra"]["low_income"] = "是"
    assert [(d.field, d.saved, d.second) for d in verify.compare(saved, second)] == [("extra.low_income", False, True)]
    data["members"][0]["extra"]["pets"] = "是"  # not on this card's design
    with pytest.raises(ValidationError, match="没有补充项“pets”"):
        save_card(data, card=saved, today=TODAY, confirmed=True)
    with pytest.raises(ValidationError, match="既不是该卡录入时的版本"):
        save_card(data | {"design": "0.1"}, card=saved, today=TODAY, confirmed=True)

    # moved to the design in force: the new field is asked, the retired one's value stays stored
    upgraded = household_as_card(result.household, current) | {"household_id": str(result.household.id),
                                                                "design": current}
    assert "low_income" not in upgraded["members"][0]["extra"]
    upgraded["members"][0]["extra"]["pets"] = "是"
    save_card(upgraded, card=saved, today=TODAY, confirmed=True)
    assert Card.get_by_id(saved.id).design_version == current
    assert json.loads(Person.get_by_id(head.id).extra) == {"insurance": "职工医保", "low_income": False, "pets": True}
    assert AuditEntry.select().where(AuditEntry.note.contains("按新版登记卡补录")).count() == 1


def test_a_card_of_a_version_not_here_is_read_with_the_design_in_force(community_db):
    community = _design()
    assert [f.key for f in cardfields.definitions(community.id, "person", "7.9")] == \
        [f.key for f in cardfields.definitions(community.id, "person")]


def _plain_members():
    return [{k: v for k, v in m.items() if k != "extra"} for m in _members()]


def test_a_retired_own_category_keeps_its_marks_when_a_card_is_saved_again(community_any, tmp_path):
    owncategories.add(None, "person", "key_person", "重点人口")
    owncategories.add(None, "household", "veteran_family", "优抚对象")
    _, worker = grid_and_worker()
    data = card("R0001", worker, room="9971", members=_plain_members(),
                household={"categories": ["优抚对象", "party_family"], "extra": {"area": 90}})
    data["members"][0]["categories"] = ["重点人口", "elderly"]
    result = save_card(data, today=TODAY)
    saved = Card.get(Card.card_no == "R0001")
    head = Person.get(Person.household == result.household, Person.relation == "户主")
    key, veteran = 1 << 16, 1 << 16
    owncategories.change("key_person", retired=True)
    owncategories.change("veteran_family", retired=True)
    try:
        shown = household_as_card(result.household)  # the entry form shows the marks, to keep or remove
        assert shown["members"][0]["categories"] == ["elderly", "key_person"]
        assert shown["household"]["categories"] == ["party_family", "veteran_family"]
        save_card(shown, card=saved, today=TODAY, confirmed=True)  # saved again unchanged
        assert Person.get_by_id(head.id).categories & key and Household.get_by_id(result.household.id).categories & veteran

        # a file (the same household, written before or after the retirement) saved again: kept
        for named in (True, False):
            again = json.loads(json.dumps(data))
            if not named:
                again["members"][0]["categories"] = ["elderly"]
                again["household"]["categories"] = ["party_family"]
            again["members"][0]["phone"] = "13911113333"
            save_card(again, card=saved, today=TODAY, confirmed=True)
            stored = Person.get_by_id(head.id)
            assert stored.phone == "13911113333" and stored.categories & key, named
            assert Household.get_by_id(result.household.id).categories & veteran, named
            # nor is a mark no one can key again a difference at the second keying
            assert not [d for d in verify.compare(saved, again) if d.field == "categories"], named

        # removed only when the clerk says so
        shown["members"][0]["categories"] = ["elderly"]
        shown["members"][0]["categories_removed"] = ["key_person"]
        shown["household"]["categories"] = ["party_family"]
        shown["household"]["categories_removed"] = ["优抚对象"]
        save_card(shown, card=saved, today=TODAY, confirmed=True)
        assert not Person.get_by_id(head.id).categories & key
        assert Person.get_by_id(head.id).categories == cats.to_mask(["elderly"], cats.PERSON)
        assert Household.get_by_id(result.household.id).categories == cats.to_mask(["party_family"], cats.HOUSEHOLD)
    finally:
        cats.set_own(())


def test_cards_import_of_the_same_household_keeps_a_retired_own_category(community_db, tmp_path, capsys):
    owncategories.add(None, "person", "key_person", "重点人口")
    _, worker = grid_and_worker()
    data = card("R0002", worker, room="9972", members=_plain_members())
    data["members"][0]["categories"] = ["key_person"]
    cards_file = tmp_path / "cards.json"
    try:
        cards_file.write_text(json.dumps({"cards": [data]}, ensure_ascii=False), encoding="utf-8")
        assert cli.main(["cards", "import", str(cards_file), "--db", str(community_db)]) == 0, capsys.readouterr().err
        assert cli.main(["categories", "change", "key_person", "--retire", "--db", str(community_db)]) == 0
        data["card_no"], data["members"][0]["phone"] = "R0003", "13911113333"  # a new card of the household
        cards_file.write_text(json.dumps({"cards": [data]}, ensure_ascii=False), encoding="utf-8")
        assert cli.main(["cards", "import", str(cards_file), "--db", str(community_db)]) == 0, capsys.readouterr().err
        assert "更新 1 人" in capsys.readouterr().out
        db.open_database(community_db, PASSPHRASE)
        head = Person.get(Person.name == "设计户主")
        assert head.phone == "13911113333" and head.categories == 1 << 16
    finally:
        cats.set_own(())
