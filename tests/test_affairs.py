"""The community affairs list: found by keyword and pinyin initials, round-tripped through
XLSX, authored at the street office only."""

import pytest
from openpyxl import load_workbook

import cli
from gridapp import db
from gridapp.errors import UserError
from gridapp.models import AffairItem
from gridapp.services import affairs
from tests.conftest import PASSPHRASE


def test_starter_list_is_searchable_by_keyword_and_initials(street_db):
    counts = affairs.load_starter()
    assert counts.created >= 20
    assert [a.name for a in affairs.find("jzz")] == ["居住证办理"]
    assert "高龄津贴申请" in [a.name for a in affairs.find("gljt")]
    low = affairs.find("低保")
    assert low and low[0].name == "最低生活保障申请"  # by what residents call it
    assert [a.name for a in affairs.find("残疾人证")][0] == "残疾人证办理"  # name matches come first
    assert [a.name for a in affairs.find("准生证")] == ["生育登记服务"]
    assert {a.name for a in affairs.find("户口 派出所")} == {"新生儿落户", "户口迁入"}
    assert all(not a.verified and "待街道核实" in a.note for a in AffairItem.select())


def test_export_edit_and_import_again(street_db, tmp_path, capsys):
    affairs.load_starter()
    out = tmp_path / "清单.xlsx"
    assert cli.main(["affairs", "export", "--out", str(out), "--db", str(street_db)]) == 0
    wb = load_workbook(out)
    ws = wb.active
    assert [c.value for c in ws[1]][:4] == ["事项编号", "事项名称", "俗称/关键词", "类别"] and ws.freeze_panes == "A2"
    row = next(r for r in ws.iter_rows(min_row=2) if r[1].value == "居住证办理")
    row[7].value = "10个工作日"
    row[9].value = "是"
    ws.append(["GZ-01", "公租房申请", "", "住房保障", "《公共租赁住房管理办法》", "申请、审核、公示、轮候", "身份证；收入证明",
               "即时办结", "街道住房保障窗口", "", ""])
    wb.save(out)
    capsys.readouterr()
    assert cli.main(["affairs", "import", str(out), "--db", str(street_db)]) == 0
    assert "新增 1 项，更新 1 项" in capsys.readouterr().out
    db.open_database(street_db, PASSPHRASE)
    item = AffairItem.get(AffairItem.name == "居住证办理")
    assert (item.promised_days, item.verified) == (10, True)
    assert AffairItem.get(AffairItem.name == "公租房申请").promised_days == 0
    assert [a.name for a in affairs.find("gzf")] == ["公租房申请"]


def test_a_community_reads_the_list_but_cannot_change_it(community_db, tmp_path):
    assert affairs.find("jzz")  # the demo community received the street's list
    with pytest.raises(UserError, match="街道办编制"):
        affairs.load_starter()
    with pytest.raises(UserError, match="街道办编制"):
        affairs.import_file(tmp_path / "x.xlsx")
