"""Lists on demand: conditions over any field and category, and/or, columns and order chosen,
saved by name and read like a ledger; rows counted by hand on a small street, both engines."""

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

import cli
from gridapp import categories as cats
from gridapp.errors import ValidationError
from gridapp.idnumber import make
from gridapp.models import AuditEntry, Building, Community, Grid, House, Household, Person
from gridapp.services import cardfields, listbuilder, owncategories
from gridapp.services.ledgerquery import iter_rows
from gridapp.services.scope import Scope

TODAY = dt.date(2026, 11, 22)


def _family(building, room, people, grid_extra=None):
    house = House.create(building=building, unit=1, floor=int(room[0]), room=room)
    household = Household.create(house=house)
    for p in people:
        name, gender, born, relation, *more = p
        extra = more[0] if more else {}
        Person.create(household=household, name=name, gender=gender, birth_date=born, relation=relation,
                      id_number=extra.pop("id_number", None), hukou_place=extra.pop("hukou", ""),
                      categories=extra.pop("categories", 0), extra=json.dumps(extra, ensure_ascii=False),
                      phone=f"1390000{len(name):04d}")
    return household


@pytest.fixture
def street(hub_db):
    com = Community.create(name="测试社区")
    g1 = Grid.create(community=com, name="第一网格", number=1)
    g2 = Grid.create(community=com, name="第二网格", number=2)
    a = Building.create(grid=g1, name="甲楼", floors=6, units=1, rooms_per_floor=2)
    b = Building.create(grid=g2, name="乙楼", floors=6, units=1, rooms_per_floor=2)
    cardfields.add(com, "person", {"key": "insurance", "label": "医保类型", "kind": "choice",
                                   "choices": ["职工医保", "城乡居民医保", "未参保"]})
    owncategories.add(None, "person", "key_person", "重点人口")
    key = cats.BY_CODE["key_person"].mask
    _family(a, "101", [("甲一", "M", dt.date(1970, 1, 1), "户主", {"insurance": "职工医保"}),
                       ("甲二", "F", dt.date(1975, 1, 1), "配偶"), ("甲三", "F", dt.date(2000, 1, 1), "女"),
                       ("甲四", "M", dt.date(2005, 1, 1), "子"), ("甲五", "F", dt.date(2010, 1, 1), "女"),
                       ("甲六", "F", dt.date(2020, 1, 1), "孙女")])
    _family(a, "102", [("乙一", "F", dt.date(1990, 1, 1), "户主", {"id_number": make("810000", dt.date(1990, 1, 1), 2)}),
                       ("乙二", "M", dt.date(2015, 1, 1), "子", {"categories": key})])
    _family(b, "201", [("丙一", "M", dt.date(1960, 1, 1), "户主", {"hukou": "台湾省台北市"}),
                       ("丙二", "F", dt.date(1985, 1, 1), "配偶")] +
            [(f"丙{n}", "M", dt.date(1990 + i, 1, 1), "子") for i, n in enumerate("三四五六七")])
    _family(b, "202", [("丁一", "F", dt.date(1995, 1, 1), "户主", {"insurance": "未参保", "categories": key})])
    yield com
    cats.set_own(())


def _names(name, **scope):
    q = listbuilder.query(name, Scope(**scope) if scope else None, today=TODAY)
    col = [c.key for c in q.ledger.columns].index("name" if q.ledger.table is Person else "head")
    return [r[col] for r in iter_rows(q, mask=True)]


@pytest.mark.parametrize("name, body, expected", [
    ("六人及以上户", {"level": "household", "conditions": ["户人数>=6"], "columns": ["head", "members"]},
     ["甲一", "丙一"]),
    ("港澳台同胞", {"conditions": ["港澳台=是"], "columns": ["name", "place"]}, ["乙一", "丙一"]),
    ("第一网格育龄妇女", {"conditions": ["性别=女", "年龄=15-49", "网格=第一网格"], "columns": ["name", "age"],
                  "sort": ["-age"]}, ["乙一", "甲三", "甲五"]),
    ("未参保", {"conditions": ["医保类型=未参保"], "columns": ["name", "医保类型"]}, ["丁一"]),
    ("重点人口", {"conditions": ["类别=重点人口"], "columns": ["name"], "sort": ["name"]}, ["丁一", "乙二"]),
    ("有重点人口的户", {"level": "household", "conditions": ["类别=重点人口"], "columns": ["head"]},
     ["乙一", "丁一"]),
    ("港澳台或七人户", {"match": "any", "conditions": ["港澳台=是", "户人数>=7"], "columns": ["name"],
                 "sort": ["name"]}, ["丙七", "丙三", "丙二", "丙五", "丙六", "丙四", "丙一", "乙一"]),
    ("嵌套", {"conditions": ["性别=女", {"match": "any", "conditions": ["年龄<18", "年龄>=50"]}],
            "columns": ["name"], "sort": ["name"]}, ["甲二", "甲五", "甲六"]),
])
def test_a_saved_list_gives_the_rows_counted_by_hand(street, name, body, expected):
    listbuilder.save(name, body)
    names = _names(name)
    assert sorted(names) == sorted(expected) and len(names) == len(expected)
    if body.get("sort") == ["-age"]:  # (names sort by the engine's collation)
        assert names == expected


def test_a_list_is_limited_to_a_grid_and_is_a_ledger_beside_the_fixed_ones(street, hub_db, tmp_path, capsys):
    listbuilder.save("育龄妇女", {"conditions": ["性别=女", "年龄=15-49"],
                              "columns": ["grid", "name", "id_number", "phone"], "sort": ["grid", "-age"]})
    assert sorted(_names("育龄妇女")) == sorted(["乙一", "甲三", "甲五", "丁一", "丙二"])
    assert sorted(_names("育龄妇女", grid=Grid.get(Grid.name == "第二网格"))) == sorted(["丁一", "丙二"])
    out = tmp_path / "list.xlsx"
    code = cli.main(["lists", "export", "育龄妇女", "--out", str(out), "--masked", "--json", "--db", str(hub_db)])
    assert code == 0, capsys.readouterr().err
    assert json.loads(capsys.readouterr().out)["rows"] == 5
    sheet = load_workbook(out).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    masked = next(v for row in values for v in row if isinstance(v, str) and v.startswith("81"))
    assert "*" in masked
    from gridapp import db
    db.open_database(hub_db, None if "postgresql" in str(hub_db) else "test-passphrase")
    assert AuditEntry.select().where(AuditEntry.action == "export", AuditEntry.table == "ledger").exists()
    code = cli.main(["ledger", "育龄妇女", "--out", str(tmp_path / "l.xlsx"), "--db", str(hub_db)])
    assert code == 0 and "5 行" in capsys.readouterr().out
    code = cli.main(["lists", "show", "育龄妇女", "--grid", "第二网格", "--json", "--db", str(hub_db)])
    shown = json.loads(capsys.readouterr().out)
    assert code == 0 and shown["count"] == 2 and shown["headers"] == ["网格", "姓名", "身份证号", "联系电话", "年龄"]
    assert [r[1] for r in shown["rows"]] == ["丙二", "丁一"]  # the oldest first


def test_the_command_saves_and_bad_lists_are_one_line(street, hub_db, capsys):
    code = cli.main(["lists", "add", "大户", "--level", "household", "--where", "户人数>=6", "--columns", "户主,在册人数",
                     "--sort=-members", "--json", "--db", str(hub_db)])
    assert code == 0, capsys.readouterr().err
    saved = json.loads(capsys.readouterr().out)
    assert saved["columns"] == ["head", "members"] and saved["sort"] == ["-members"]
    code = cli.main(["lists", "show", "大户", "--json", "--db", str(hub_db)])
    assert json.loads(capsys.readouterr().out)["rows"] == [["丙一", "7"], ["甲一", "6"]]
    for argv, words in ((["--where", "身高>=180"], "没有可用作条件的项目“身高”"),
                        (["--where", "年龄>=老"], "“老”须为数字"),
                        (["--where", "类别=富豪"], "类别“富豪”不存在"),
                        (["--where", "性别=男", "--columns", "体重"], "没有可选的列“体重”"),
                        (["--where", "性别"], "应写成 项目 运算 值"),
                        (["--where", "医保类型=未参加"], "“未参加” 不是医保类型的可选值（可选：职工医保、城乡居民医保、未参保）"),
                        (["--where", "医保类型!=居民医保"], "不是医保类型的可选值")):
        code = cli.main(["lists", "add", "坏名单", *argv, "--db", str(hub_db)])
        err = capsys.readouterr().err
        assert code == 2 and words in err and err.count("\n") == 1, err
    assert [r["name"] for r in listbuilder.all_saved()] == ["大户"]
    with pytest.raises(ValidationError, match="固定台账"):
        listbuilder.save("人口台账", {"conditions": []})


def test_a_value_offered_by_another_communitys_field_under_the_same_key_is_a_condition(street):
    other = Community.create(name="另一社区")  # its own 医保类型 under the same key offers one more value
    cardfields.add(other, "person", {"key": "insurance", "label": "医保类型", "kind": "choice",
                                     "choices": ["职工医保", "新农合"]})
    for value in ("新农合", "未参保"):
        listbuilder.save(f"医保{value}", {"conditions": [f"医保类型={value}"]})
    assert _names("医保未参保") == ["丁一"] and _names("医保新农合") == []
    with pytest.raises(ValidationError, match="可选：职工医保、城乡居民医保、未参保、新农合"):
        listbuilder.save("坏", {"conditions": ["医保类型=合作医疗"]})


def test_the_builder_services_preview_rename_and_offer_choices(street, hub_db, capsys):
    subjects = {s["label"]: s for s in listbuilder.subject_choices("person")}
    assert subjects["医保类型"]["values"] == ["职工医保", "城乡居民医保", "未参保"]
    assert "重点人口" in subjects["类别"]["values"] and subjects["性别"]["values"][:2] == ["男", "女"]
    text = listbuilder.clause("person", "extra.person.insurance", "=", " 未参保 ")
    assert text == "医保类型=未参保"
    assert listbuilder.clause_parts("person", text) == ("extra.person.insurance", "=", "未参保")
    body = {"conditions": [listbuilder.clause("person", "gender", "=", "女")], "columns": ["name", "age"],
            "sort": ["-age"]}
    seen = listbuilder.preview(body, limit=2, today=TODAY)
    assert seen["count"] == 7 and seen["headers"] == ["姓名", "年龄"] and [r[0] for r in seen["rows"]] == ["甲二", "丙二"]
    with pytest.raises(ValidationError, match="没有可用作条件的项目"):
        listbuilder.preview({"conditions": ["身高>2"]})
    listbuilder.save("女性", body)
    listbuilder.rename("女性", "女性居民")
    assert listbuilder.find("女性") is None and len(_names("女性居民")) == 7
    listbuilder.save("另一个", body)
    with pytest.raises(ValidationError, match="已有名为“另一个”的名单"):
        listbuilder.rename("女性居民", "另一个")
    assert cli.main(["lists", "rename", "另一个", "第三个", "--db", str(hub_db)]) == 0
    assert cli.main(["lists", "choices", "--json", "--db", str(hub_db)]) == 0
    out = capsys.readouterr().out
    assert "已改名为“第三个”" in out and '"label": "医保类型"' in out


def test_a_list_with_groups_saved_from_the_command_cannot_be_replaced_by_the_flat_builder(street, hub_db, capsys):
    code = cli.main(["lists", "add", "女童或老年妇女", "--where", "性别=女", "--group", "年龄<18；年龄>=50",
                     "--columns", "姓名", "--json", "--db", str(hub_db)])
    assert code == 0, capsys.readouterr().err
    saved = json.loads(capsys.readouterr().out)
    assert saved["conditions"] == ["性别=女", {"match": "any", "conditions": ["年龄<18", "年龄>=50"]}]
    assert saved["description"] == "人员：性别=女 且 （年龄<18 或 年龄>=50）"
    from gridapp import db
    db.open_database(hub_db, None if "postgresql" in str(hub_db) else "test-passphrase")
    assert listbuilder.has_groups(listbuilder.saved_body("女童或老年妇女"))
    assert sorted(_names("女童或老年妇女")) == sorted(["甲二", "甲五", "甲六"])
    flat = {"conditions": ["性别=女"], "columns": ["name"]}  # what the builder screen would write
    with pytest.raises(ValidationError, match="含有嵌套的条件组.*命令行"):
        listbuilder.save("女童或老年妇女", flat, flat_only=True)
    assert listbuilder.saved_body("女童或老年妇女")["conditions"][1]["conditions"] == ["年龄<18", "年龄>=50"]
    listbuilder.save("女性", flat, flat_only=True)  # a flat list the builder replaces as before
    listbuilder.save("女性", dict(flat, sort=["name"]), flat_only=True)
