"""``python -m gridapp wallboard`` and ``noticeboard`` on the community demo and a small community."""

import io

import pytest
from PIL import Image

import cli
from gridapp.models import Building, Grid, Staff
from tests import boards_data, pdftools


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_whole_community_is_one_pdf(community_any, tmp_path, capsys):
    out = tmp_path / "all.pdf"
    code, stdout, err = run(capsys, "wallboard", "--community", "爱和社区", "--out", out, "--db", community_any,
                            "--quiet")
    buildings = Building.live().count()
    assert code == 0 and f"{buildings} 栋" in stdout and err == ""
    assert pdftools.pages(out) >= buildings and not (tmp_path / "all.pdf.part").exists()


def test_one_building_of_the_demo_on_a2(community_any, tmp_path, capsys):
    b = Building.live().where(Building.floors == 18, Building.units == 1, Building.rooms_per_floor == 4).first()
    out = tmp_path / "b.pdf"
    code, stdout, _ = run(capsys, "wallboard", "--building", b.name, "--grid", b.grid.name, "--out", out,
                          "--paper", "a2", "--db", community_any)
    assert code == 0 and "1 栋，1 页 A2" in stdout
    text = pdftools.text(out)
    assert b.name in text and "18层" in text and "1804" in text


@pytest.mark.parametrize("argv, words", [
    (["wallboard", "--building", "和平里1栋"], "有多处"),
    (["wallboard", "--grid", "第九网格"], "没有名为“第九网格”的网格"),
    (["wallboard", "--community", "和平社区", "--out", "x.txt"], "须以 .pdf 结尾"),
    (["wallboard"], "请指明楼栋"),
    (["noticeboard", "--grid", "第一网格", "--community", "无此社区"], "没有名为“无此社区”的社区"),
])
def test_user_errors_are_one_line(street_db, tmp_path, capsys, argv, words):
    boards_data.build()
    if "--out" not in argv:
        argv = argv + ["--out", tmp_path / "x.pdf"]
    code, _, err = run(capsys, *argv, "--db", street_db)
    assert code == 2 and words in err and err.count("\n") == 1


def test_rare_characters_no_font_has_are_named_before_printing(street_db, tmp_path, capsys, monkeypatch):
    from reports import fonts
    boards_data.build()
    monkeypatch.setattr(fonts, "_default", fonts.FontSet(
        [s for s in fonts.candidate_sources() if "microhei" in s.path.name]))
    code, _, err = run(capsys, "wallboard", "--building", "和平里1栋", "--grid", "第一网格",
                       "--out", tmp_path / "b.pdf", "--db", street_db, "--quiet")
    assert code == 0 and "2 处" in err and "1单元201室：李*〓" in err and "1单元202室：王*〓" in err
    assert "李小䶮" not in err  # the masked name, as printed, not the person's name


def test_notice_board_with_a_photo_and_a_placeholder(hub_db, tmp_path, capsys):
    boards_data.build()
    buf = io.BytesIO()
    Image.new("RGB", (60, 80), "#3366aa").save(buf, "PNG")
    staff = Staff.get(Staff.name == "孙网格")
    staff.photo = buf.getvalue()
    staff.save()
    for name, kind in (("周备岗", "group_leader"), ("吴组长", "cadre")):  # 孙网格: 专职网格员, the default
        other = Staff.get(Staff.name == name)
        other.kind = kind
        other.save()
    out = tmp_path / "n.pdf"
    code, stdout, _ = run(capsys, "noticeboard", "--grid", "第一网格", "--out", out, "--paper", "A3",
                          "--db", hub_db)
    assert code == 0 and "1 个网格，1 页 A3" in stdout
    text = pdftools.text(out)
    for words in ("网格员公示牌", "孙网格", "138 0000 1111", "周备岗", "B岗", "吴组长", "网格长", "和平里1栋",
                  "工作职责", "服务承诺", "联系我们"):
        assert words in text, words
    cards = [line.split() for line in pdftools.text(out, layout=True).splitlines()]
    # under each worker's name and post, which of 一格三员 they are (the cards side by side)
    rows = [r for r in cards if r and r[0] in ("孙网格", "网格员", "专职网格员")]
    assert rows[:3] == [["孙网格", "周备岗", "吴组长"], ["网格员", "·", "A岗", "网格员", "·", "B岗", "网格长"],
                        ["专职网格员", "居民小组长", "社区专职干部"]], rows
    from pypdf import PdfReader
    assert len(PdfReader(str(out)).pages[0].images) == 1  # one photo; the others are drawn placeholders
    assert Grid.live().count() == 2


def test_an_output_that_cannot_be_replaced_is_a_user_error(street_db, tmp_path, capsys):
    boards_data.build()
    taken = tmp_path / "taken.pdf"
    taken.mkdir()  # stands for a file another program holds open
    code, _, err = run(capsys, "noticeboard", "--community", "和平社区", "--out", taken, "--db", street_db, "--quiet")
    assert code == 2 and "无法写入" in err and not (tmp_path / "taken.pdf.part").exists()
