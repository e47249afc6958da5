"""import-xlsx on what people really hand over: phones written with dashes, names with
invisible characters, and files that are not spreadsheets at all."""

import datetime as dt
import json
import zipfile

import pytest
from openpyxl import load_workbook

from gridapp.models import Building, Person
from tests.importdata import pid, write_sheet
from tests.test_import_xlsx import run


def test_phones_with_dashes_dots_and_area_codes_are_imported_in_one_form(community_db, tmp_path, capsys):
    rows = [
        [1, "电话一", "男", pid(dt.date(1970, 1, 1), 11), "", "户主", "138-9094-3754", "南湖新苑7栋101", "", "", ""],
        [2, "电话二", "女", pid(dt.date(1972, 2, 2), 22), "", "配偶", "+86 138.9094.3754", "南湖新苑7栋101", "", "", ""],
        [3, "电话三", "男", pid(dt.date(1971, 1, 1), 31), "", "户主", "(0898)6666 8888-123", "南湖新苑7栋102", "", "",
         ""],
    ]
    sheet = write_sheet(tmp_path / "phones.xlsx", rows, title=None)
    code, out, err = run(capsys, community_db, "import-xlsx", sheet, "--grid", "第三网格", "--json")
    assert code == 0, err
    assert json.loads(out)["persons"] == 3
    phones = {p.name: p.phone for p in Person.select().where(Person.name.startswith("电话"))}
    assert phones == {"电话一": "13890943754", "电话二": "13890943754", "电话三": "0898-66668888转123"}


def test_names_with_control_characters_and_bad_phones_are_rejected_with_the_field(community_db, tmp_path, capsys):
    rows = [
        [1, "控制\n字符", "男", pid(dt.date(1970, 1, 1), 11), "", "户主", "13890943754", "南湖新苑8栋101", "", "", ""],
        [2, "控制\x85二", "男", pid(dt.date(1971, 1, 1), 31), "", "户主", "13890943754", "南湖新苑8栋102", "", "", ""],
        [3, "电话错", "男", pid(dt.date(1972, 1, 1), 51), "", "户主", "0898-666", "南湖新苑8栋103", "", "", ""],
        [4, "正常人", "男", pid(dt.date(1973, 1, 1), 71), "", "户主", "13890943754", "南湖新苑8栋104", "", "", ""],
    ]
    sheet = write_sheet(tmp_path / "controls.xlsx", rows, title=None)
    report = tmp_path / "report.xlsx"
    code, out, err = run(capsys, community_db, "import-xlsx", sheet, "--grid", "第三网格", "--valid-only",
                         "--report", report, "--json")
    assert code == 0, err
    assert json.loads(out)["persons"] == 1
    reasons = {row[2]: row[1] for row in load_workbook(report)["未导入"].iter_rows(min_row=2, values_only=True)}
    assert "姓名“控制?字符”含有不可见的控制字符（U+000A）" in reasons[1]
    assert "U+0085" in reasons[2]
    assert "电话号码 “0898-666” 格式不对" in reasons[3]
    assert Person.select().where(Person.name.startswith("控制")).count() == 0


def _zero(path):
    path.write_bytes(b"")


def _truncated(path):
    write_sheet(path, [[1, "甲", "男", "", "", "户主", "", "1栋101", "", "", ""]])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _encrypted(path):
    # an Excel file with an opening password is an OLE compound file holding EncryptionInfo
    header = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504
    path.write_bytes(header + "EncryptionInfo".encode("utf-16-le") + b"\0" * 1024
                     + "EncryptedPackage".encode("utf-16-le"))


def _csv(path):
    path.write_text("姓名,身份证号,与户主关系\n张三,110105194912310021,户主\n", encoding="utf-8")


def _pdf(path):
    path.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")


def _zip_not_xlsx(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")


@pytest.mark.parametrize("make, said", [
    (_zero, "是空文件"),
    (_truncated, "已损坏或不完整"),
    (_encrypted, "设有打开密码"),
    (_csv, "是文本文件"),
    (_pdf, "是 PDF 文件"),
    (_zip_not_xlsx, "已损坏或不完整"),
])
def test_a_file_that_is_not_a_readable_workbook_is_one_line_and_imports_nothing(community_db, tmp_path, capsys,
                                                                                 make, said):
    path = tmp_path / "台账.xlsx"
    make(path)
    buildings = Building.select().count()
    code, out, err = run(capsys, community_db, "import-xlsx", path, "--grid", "第三网格")
    assert code == 2
    assert said in err and "台账.xlsx" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert Building.select().count() == buildings
