"""A messy legacy spreadsheet imports exactly its good rows; each bad row is reported
with its reason; all or nothing holds; dates and numbers as Excel leaves them are read."""

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

import cli
from gridapp import db
from gridapp.models import AuditEntry, Building, Grid, House, Household, Person
from gridapp.services import importcells
from tests.conftest import PASSPHRASE
from tests.importdata import HEADERS, TODAY, messy_rows, pid, write_sheet


def run(capsys, path, *argv) -> tuple[int, str, str]:
    code = cli.main([*map(str, argv), "--today", TODAY.isoformat(), "--db", str(path)])
    out, err = capsys.readouterr()
    db.open_database(path, PASSPHRASE)
    return code, out, err


@pytest.fixture
def messy(community_db, tmp_path):
    registered = Person.select().where(Person.relation == "户主").first()
    rows, expected = messy_rows(registered.id_number)
    return community_db, write_sheet(tmp_path / "旧台账.xlsx", rows), expected


def _present_ids() -> set[str]:
    return {p.id_number for p in Person.select().where(Person.deleted == False, Person.departed_on.is_null())}  # noqa: E712


def test_valid_rows_are_imported_and_each_bad_row_is_reported(messy, capsys, tmp_path):
    path, sheet, expected = messy
    before = _present_ids()
    report = tmp_path / "检查.xlsx"
    code, out, err = run(capsys, path, "import-xlsx", sheet, "--grid", "第三网格", "--valid-only",
                         "--report", report, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert (result["households"], result["persons"], result["rejected_rows"]) == (3, 6, 6)
    added = _present_ids() - before
    assert added == expected["imported_ids"]
    girl = Person.get(Person.name == "张小丽")
    assert girl.birth_date == expected["girl_birth"] and girl.relation == "女"
    head = Person.get(Person.name == "张三丰")
    assert head.phone == "13912345678" and head.categories == 1 << 7  # 党员
    household = Household.get_by_id(head.household_id)
    assert {p.name for p in Person.select().where(Person.household == household)} == {"张三丰", "李四", "张小明", "张小丽"}
    house = House.get_by_id(household.house_id)
    assert (Building.get_by_id(house.building_id).name, house.unit, house.room) == ("南湖新苑1栋", 2, "302")
    assert Grid.get_by_id(Building.get_by_id(house.building_id).grid_id).name == "第三网格"
    audit = AuditEntry.select().where(AuditEntry.row_id == str(head.id)).get()
    assert audit.action == "create" and "旧台账.xlsx" in audit.note

    rejected = list(load_workbook(report)["未导入"].iter_rows(min_row=2, values_only=True))
    reasons = {row[2]: row[1] for row in rejected}  # 序号 → reason
    assert set(reasons) == set(expected["rejected"])
    for seq, words in expected["rejected"].items():
        assert words in reasons[seq], (seq, reasons[seq])
    assert {row[0] for row in rejected} == {seq + 2 for seq in expected["rejected"]}  # Excel row numbers
    assert [r[1] for r in load_workbook(report)["地址无法识别"].iter_rows(min_row=2, values_only=True)] == \
        ["东门菜市场旁边平房"]


def test_all_or_nothing_imports_nothing_when_a_row_is_bad(messy, capsys):
    path, sheet, expected = messy
    before, entries = _present_ids(), AuditEntry.select().count()
    code, out, err = run(capsys, path, "import-xlsx", sheet, "--grid", "第三网格", "--all-or-nothing")
    assert code == 2 and "6 行有误" in err and "未导入任何内容" in err and err.count("\n") == 1
    assert _present_ids() == before and AuditEntry.select().count() == entries
    assert not Building.select().where(Building.name == "南湖新苑1栋").exists()


def test_all_or_nothing_imports_everything_when_every_row_is_good(community_db, tmp_path, capsys):
    rows = [
        [1, "钱一", "男", pid(dt.date(1970, 1, 1), 11), "1970-01-01", "户主", "13900001111", "南湖新苑2栋302", "", "", ""],
        [2, "钱二", "女", pid(dt.date(1972, 2, 2), 22), "1972-02-02", "配偶", "", "南湖新苑2栋302", "", "", ""],
    ]
    sheet = write_sheet(tmp_path / "good.xlsx", rows, title=None)
    code, out, _ = run(capsys, community_db, "import-xlsx", sheet, "--grid", "第三网格", "--json")
    assert code == 0 and json.loads(out)["persons"] == 2
    code, out, err = run(capsys, community_db, "import-xlsx", sheet, "--grid", "第三网格")
    assert code == 2 and "未导入任何内容" in err  # the same people again: already registered
    assert Person.select().where(Person.name == "钱一").count() == 1


def test_household_number_and_grid_columns_and_a_mapped_column(community_db, tmp_path, capsys):
    headers = ["户号", "网格", "名字", "公民身份号码", "关系", "手机", "楼栋", "单元", "房号", "自定义"]
    rows = [
        ["H1", "第二网格", "冯一", pid(dt.date(1966, 6, 6), 31), "户主", "13600006666", "和平里3栋", "1单元", "501", "党员"],
        ["H2", "第四网格", "冯二", pid(dt.date(1968, 8, 8), 51), "户主", "13600007777", "和平里5栋", 2, 601, ""],
        ["H1", "第二网格", "陈一", pid(dt.date(1967, 7, 7), 42), "配偶", "", "和平里3栋", "1单元", "501", ""],
    ]
    sheet = write_sheet(tmp_path / "numbered.xlsx", rows, headers=headers, title=None)
    code, out, err = run(capsys, community_db, "import-xlsx", sheet, "--community", "爱和社区",
                         "--map", "自定义=人员类别", "--json")
    assert code == 0, err
    assert json.loads(out)["households"] == 2
    wife, head = Person.get(Person.name == "陈一"), Person.get(Person.name == "冯一")
    assert wife.household_id == head.household_id and head.categories == 1 << 7
    second = Person.get(Person.name == "冯二")
    house = House.get_by_id(Household.get_by_id(second.household_id).house_id)
    assert Grid.get_by_id(Building.get_by_id(house.building_id).grid_id).name == "第四网格"
    assert (house.unit, house.room) == (2, "601")


def test_without_a_grid_the_import_says_what_to_do(community_db, tmp_path, capsys):
    sheet = write_sheet(tmp_path / "x.xlsx", [[1, "甲", "男", "", "", "户主", "", "1栋101", "", "", ""]])
    code, _, err = run(capsys, community_db, "import-xlsx", sheet)
    assert code == 2 and "--grid" in err


@pytest.mark.parametrize("value, day, note", [
    ("2026-11-22", dt.date(2026, 11, 22), False),
    ("2026/11/22", dt.date(2026, 11, 22), False),
    ("2026.11.22", dt.date(2026, 11, 22), False),
    ("20261122", dt.date(2026, 11, 22), False),
    (20261122.0, dt.date(2026, 11, 22), False),
    ("2026年11月22日", dt.date(2026, 11, 22), False),
    ("2026-11-22 00:00:00", dt.date(2026, 11, 22), False),
    (46348.0, dt.date(2026, 11, 22), True),  # an Excel serial date in a General cell
    (dt.datetime(2026, 11, 22), dt.date(2026, 11, 22), False),
])
def test_dates_as_people_type_them(value, day, note):
    got, errors, notes = importcells.date(value, "出生日期")
    assert (got, errors, bool(notes)) == (day, [], note)


def test_unreadable_dates_and_id_numbers_that_lost_digits():
    assert importcells.date("2026-13-01", "出生日期")[1]
    assert importcells.date("去年", "出生日期")[1]
    number = pid(dt.date(1949, 12, 31), 2)
    for lost in (float(number), int(float(number)), "1.10105194912310E+17", number[:15] + "000"):
        _, errors, _ = importcells.id_number(lost)
        assert errors and "15 位有效数字" in errors[0], lost
    assert importcells.id_number(number) == (number, [], [])
    assert importcells.id_number(float(number[:6] + number[8:17]))[1] == []  # an old 15-digit number is fine
    assert importcells.recognise(" 身份证号码（必填）") == "id_number"
    assert importcells.recognise("与户主关系*") == "relation" and importcells.recognise("备注") is None
    assert HEADERS[3] == "身份证号码"


def test_bulk_duplicate_search_for_a_whole_sheet(community_db):
    from gridapp.services import duplicates

    people = list(Person.select().where(Person.relation == "户主").limit(30))
    asks = [(p.name, p.id_number, p.birth_date) for p in people[:10]]
    asks += [("某某", duplicates.transpositions(p.id_number)[3], None) for p in people[10:20]]
    asks += [(p.name, pid(p.birth_date, 999), p.birth_date) for p in people[20:30]]  # same name and birthday
    asks += [("无名氏", None, None)]
    found = duplicates.find_many(asks)
    expect = ["id"] * 10 + ["transposed_id"] * 10 + ["name_birth"] * 10
    for (kind, person, matches) in zip(expect, people, found):
        assert (matches[0].kind, matches[0].person_id) == (kind, person.id)
    assert found[30] == []
    assert duplicates.find_many(asks[:1], exclude={people[0].id}) == [[]]
