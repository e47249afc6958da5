"""JSON files people hand over besides cards: the street's structure, a scoresheet template, an
enrolment file. A field of the wrong type is one Chinese line that says where, exit status 2,
and nothing stored."""

import json
from pathlib import Path

import pytest

import cli
from gridapp import db
from gridapp.models import AppraisalTemplate, Community, Staff
from gridapp.services import apptemplates
from tests.cards.helpers import changed
from tests.conftest import PASSPHRASE

ORG = json.loads((Path(__file__).parent / "data" / "org_small.json").read_text(encoding="utf-8"))


def _run(capsys, *argv) -> tuple[int, str]:
    code = cli.main([str(a) for a in argv])
    err = capsys.readouterr().err
    return code, err


@pytest.mark.parametrize("path, value, said", [
    ("staff.0.role", {"x": 1}, "工作人员“王芳”：缺少“role”或不是文字"),
    ("staff.0.post", ["A"], "工作人员“王芳”：缺少“post”或不是文字"),
    ("staff.0.phone", {"x": 1}, "工作人员“王芳”：缺少“phone”或不是文字"),
    ("staff.0.community", ["爱和社区"], "工作人员“王芳”：缺少“community”或不是文字"),
    ("staff.0.grids", [{"name": "第一网格"}], "工作人员“王芳”：“grids” 须为网格名称（文字）的列表"),
    ("communities.0.grids.0.buildings.0.address", 1, "楼栋“长安阁1栋”：缺少“address”或不是文字"),
    ("communities.0.grids.0.name", "第一\x1b网格", "“name” 含有不可见的控制字符（U+001B）"),
    ("staff.0.name", "王\x00芳", "U+0000"),
])
def test_org_import_refuses_wrong_types_and_control_characters(street_db, tmp_path, capsys, path, value, said):
    file = tmp_path / "org.json"
    file.write_text(json.dumps(changed(ORG, path, value), ensure_ascii=False), encoding="utf-8")
    code, err = _run(capsys, "org", "import", file, "--db", street_db)
    assert code == 2 and said in err and "Traceback" not in err and "\x1b" not in err
    db.open_database(street_db, PASSPHRASE)
    assert Community.live().count() == 0 and Staff.select().count() == 0


def test_org_import_of_a_folder_is_one_line(street_db, tmp_path, capsys):
    code, err = _run(capsys, "org", "import", tmp_path, "--db", street_db)
    assert code == 2 and "是文件夹" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("change, said", [
    (lambda b: ["not", "a", "template"], "考评模板须有名称"),
    (lambda b: dict(b, name={"x": 1}), "考评模板的 name 须为文字"),
    (lambda b: dict(b, sections=["系统评分"]), "考评模板第 1 个分项须为对象"),
    (lambda b: changed(b, "sections.0.items.0", "两日录入及时率"), "考评模板第 1 个分项的第 1 项须为对象"),
    (lambda b: changed(b, "sections.0.items.0.key", ["on_time"]), "考评模板第 1 个分项的第 1 项的 key 须为文字"),
    (lambda b: changed(b, "sections.0.items.0.max", True), "考评项“两日录入及时率”须有满分（max）"),
    (lambda b: changed(b, "sections.0.items.0.target", "100%"), "考评模板“两日录入及时率”的 target 须为数字"),
    (lambda b: changed(b, "sections.0.items.0.deduct", "每张扣 2 分"), "的扣分规则（deduct）须为对象"),
    (lambda b: dict(b, weights=[0.2, 0.4, 0.4]), "三评权重（weights）须为对象"),
    (lambda b: dict(b, survey={"satisfied": "1"}), "群众评折算（survey）的各项须为数字"),
    (lambda b: dict(b, bonus={"key": "innovation"}), "年度加分项（bonus）须为列表"),
    (lambda b: dict(b, bonus=["创新工作"]), "第 1 个年度加分项须为对象"),
    (lambda b: changed(b, "sections.0.name", "系统\x1b评分"), "含有不可见的控制字符（U+001B）"),
])
def test_a_template_of_the_wrong_shape_is_refused_and_not_stored(street_db, tmp_path, capsys, change, said):
    file = tmp_path / "template.json"
    file.write_text(json.dumps(change(apptemplates.default_body()), ensure_ascii=False), encoding="utf-8")
    before = AppraisalTemplate.select().count()
    code, err = _run(capsys, "appraisal", "template", "import", file, "--db", street_db)
    assert code == 2 and said in err and "Traceback" not in err
    db.open_database(street_db, PASSPHRASE)
    assert AppraisalTemplate.select().count() == before


@pytest.mark.parametrize("content, said", [
    (None, "是文件夹"),
    ({"format": "gridapp-enrolment", "version": "x", "sealed": {}}, "已损坏"),
    ({"format": "gridapp-enrolment", "version": 1}, "已损坏"),
    ({"format": "gridapp-enrolment", "version": 1, "sealed": "abc"}, "已损坏"),
    ([1, 2], "不是 gridapp 登记文件"),
])
def test_an_enrolment_file_of_the_wrong_shape_is_one_line(tmp_path, capsys, monkeypatch, content, said):
    monkeypatch.setenv(db.PASSPHRASE_ENV, PASSPHRASE)
    monkeypatch.setenv("GRIDAPP_ENROL_CODE", "ABCD-EFGH")
    file = tmp_path / "aihe.enrol"
    if content is None:
        file.mkdir()
    else:
        file.write_text(json.dumps(content), encoding="ascii")
    target = tmp_path / "aihe.db"
    code, err = _run(capsys, "init", "--site-type", "community", "--enrolment", file, "--db", target)
    assert code == 2 and said in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not target.exists()


def test_affairs_import_refuses_a_date_as_days_and_control_characters(street_db, tmp_path, capsys):
    import datetime as dt

    from openpyxl import Workbook

    from gridapp.models import AffairItem

    headers = ["事项编号", "事项名称", "承诺时限（工作日）", "备注"]
    for row, said in ((["A-1", "低保申请", dt.datetime(2026, 1, 15), ""], "承诺时限是日期 2026-01-15"),
                      (["A-2", "居住证\x85办理", 10, ""], "第 2 项：事项名称含有不可见的控制字符（U+0085）")):
        wb = Workbook()
        wb.active.append(headers)
        wb.active.append(["A-0", "临时救助", 5, "第一行\n第二行"])  # a note may have lines
        wb.active.append(row)
        path = tmp_path / "清单.xlsx"
        wb.save(path)
        code, err = _run(capsys, "affairs", "import", path, "--db", street_db)
        assert code == 2 and said in err and "Traceback" not in err
        db.open_database(street_db, PASSPHRASE)
        assert AffairItem.select().count() == 0
