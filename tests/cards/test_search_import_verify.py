"""Find by what the clerk remembers; batch import all or nothing; verification by double entry."""

import datetime as dt
import json

import pytest

import cli
from gridapp.models import Card, Person
from gridapp.services import verify
from gridapp.services.cards import save_card
from gridapp.services.search import search
from tests.cards.helpers import card, grid_and_worker, new_id

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def keyed(community_db):
    _, worker = grid_and_worker()
    members = [
        {"name": "单田芳", "id_number": new_id(dt.date(1966, 2, 3), 51), "relation": "户主", "phone": "13911112222"},
        {"name": "曾艳", "id_number": new_id(dt.date(1968, 4, 5), 62), "relation": "配偶"},
    ]
    save_card(card("S0001", worker, room="9921", members=members), today=TODAY)
    return members


def test_search_by_id_tail_name_pinyin_address_and_card_number(keyed):
    number = keyed[0]["id_number"]
    assert [h.name for h in search(number)] == ["单田芳"]
    assert "单田芳" in [h.name for h in search(number[-6:])]
    assert search(number)[0].id_number == number[:6] + "********" + number[-4:]  # masked by default
    assert "单田芳" in [h.name for h in search("stf")]  # 单 read as shan, not dan
    assert Person.get(Person.name == "曾艳").initials == "zy"  # 曾 read as zeng, not ceng
    from gridapp.pinyin import initials
    assert all(initials(h.name).startswith("zy") for h in search("zy"))
    assert "单田芳" in [h.name for h in search("单")]  # one character
    assert "单田芳" in [h.name for h in search("田芳")]  # two characters
    assert {h.name for h in search("新建测试楼1栋1单元9921室")} == {"单田芳", "曾艳"}


def test_search_by_card_number(community_db):
    _, worker = grid_and_worker()
    save_card(card("778899", worker, room="9931"), today=TODAY)
    assert {h.name for h in search("778899")} == {"测试户主", "测试配偶", "测试之子"}
    assert all(h.why == "卡号 778899" for h in search("778899"))


def test_departed_people_are_found_only_when_asked(keyed):
    p = Person.get(Person.name == "曾艳")
    from gridapp.services.moves import depart_person
    depart_person(p, dt.date(2026, 11, 21), "海口市")
    assert p.id not in [h.person_id for h in search("曾艳")]
    hits = [h for h in search("曾艳", include_departed=True) if h.person_id == p.id]
    assert hits and hits[0].departed


def test_batch_import_is_all_or_nothing(community_db, tmp_path, capsys):
    _, worker = grid_and_worker()
    good = [card(f"B{n:03d}", worker, room=f"98{n:02d}", members=[
        {"name": f"批量{n}", "id_number": new_id(dt.date(1980, 1, n), 100 + n * 2 + 1), "relation": "户主",
         "phone": "13900000000", "categories": ["party_member"]}]) for n in range(1, 4)]
    bad = card("B099", worker, room="9899", members=[
        {"name": "坏卡", "id_number": "110105194912310021", "relation": "户主", "phone": "123"}])
    path = tmp_path / "cards.json"
    path.write_text(json.dumps({"cards": good + [bad, good[0]]}, ensure_ascii=False), encoding="utf-8")
    code = cli.main(["cards", "import", str(path), "--db", str(community_db)])
    err = capsys.readouterr().err
    assert code == 2
    assert "第 4 张卡（卡号 B099）" in err and "校验位不符" in err and "电话号码 “123”" in err
    assert "卡号 B001 在文件中出现多次" in err
    assert Card.select().where(Card.card_no.startswith("B")).count() == 0
    path.write_text(json.dumps({"cards": good}, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["cards", "import", str(path), "--json", "--db", str(community_db)]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["cards"] == 3 and counts["persons_created"] == 3 and counts["households_created"] == 3
    assert Person.get(Person.name == "批量2").categories != 0


def test_verification_finds_differences_and_counts_them_against_the_keyer(community_db):
    _, worker = grid_and_worker()
    data = card("V0001", worker, room="9941")
    save_card(data, today=TODAY, keying={"fields": 30, "keystrokes": 400, "seconds": 120})
    c = Card.get(Card.card_no == "V0001")
    second = json.loads(json.dumps(data))
    second["members"][0]["phone"] = "13912345679"
    diffs = verify.compare(c, second)
    assert [(d.member, d.field, d.saved, d.second) for d in diffs] == [(0, "phone", "13912345678", "13912345679")]
    verify.finish(c, differences=len(diffs), fields=30)
    assert Card.get_by_id(c.id).state == "verified"
    (row,) = verify.keyer_figures()
    assert row["errors_per_1000"] == pytest.approx(33.33, abs=0.01)
    assert row["keystrokes_per_hour"] == 12000
