"""CJK text in PDFs: fallback per character, nothing silently blank, right text when copied."""

import os

import pytest
from reportlab.pdfgen.canvas import Canvas

from gridapp.errors import UserError
from reports import fonts
from tests import pdftools

CI = os.environ.get("CI")  # the machines bootstrap.sh set up have every font it installs


def _only(*names):
    return fonts.FontSet([s for s in fonts.candidate_sources() if any(n in s.path.name for n in names)])


def test_a_character_the_first_font_lacks_comes_from_the_second():
    both = _only("microhei", "uming")  # without the sans fallback: the next font that has it
    assert [name.split("-")[-1] for name, _, _ in both.runs("李䶮明")] == ["microhei", "uming", "microhei"]
    assert both.missing("李䶮 王𠇔") == []
    one = _only("microhei")
    assert one.runs("李䶮") == [(one.primary, "李", True), (one.primary, fonts.PLACEHOLDER, False)]
    assert fonts.missing_characters(["张三", "李小䶮", "王𠇔", "䶮"], one) == {
        "䶮": ["李小䶮", "䶮"], "𠇔": ["王𠇔"]}


def test_rare_characters_come_from_the_closest_font_that_has_them():
    found = [s.path.name for s in fonts.candidate_sources()]
    if CI is None and "wqy-zenhei.ttc" not in found:
        pytest.skip("WenQuanYi Zen Hei is not installed (tools/bootstrap.sh installs it)")
    assert found.index("wqy-microhei.ttc") < found.index("wqy-zenhei.ttc") < found.index("uming.ttc")
    fs = fonts.FontSet(fonts.candidate_sources())
    runs = [(name.split("-")[-1], chars) for name, chars, _ in fs.runs("李䶮明王𠇔")]
    # 䶮 (Extension A) from the sans fallback of the main font's family; 𠇔 (Extension B): only a Ming face has it
    assert runs == [("microhei", "李"), ("zenhei", "䶮"), ("microhei", "明王"), ("uming", "𠇔")]


def test_fonts_reportlab_cannot_embed_are_skipped(tmp_path):
    fake = tmp_path / "NotoSansCJK.ttf"
    fake.write_bytes(b"OTTO" + b"\0" * 64)  # a CFF-flavoured OpenType header
    fs = fonts.FontSet([fonts.FontSource("cff", fake)] + fonts.candidate_sources())
    assert fs.skipped and fs.skipped[0][0].path == fake and "wqy" in fs.primary
    with pytest.raises(UserError, match="找不到可嵌入"):
        _ = fonts.FontSet([fonts.FontSource("cff", fake)]).primary


def test_text_outside_the_bmp_copies_as_itself(tmp_path):
    out = tmp_path / "t.pdf"
    c = Canvas(str(out))
    fonts.draw_string(c, 72, 700, "王𠇔 李䶮 𠇔𠇔", 14)
    fonts.draw_string(c, 72, 650, "𠇔标题", 18, bold=True, anchor="middle")
    c.save()
    assert "王𠇔 李䶮 𠇔𠇔" in pdftools.text(out) and "𠇔标题" in pdftools.text(out)
    from pypdf import PdfReader
    assert "王𠇔" in PdfReader(str(out)).pages[0].extract_text()


def test_wrapping_keeps_lines_inside_and_punctuation_off_the_line_start():
    text = "履行服务、监督、信息、宣传四大职责：承办民政、计生、就业、社保等社会事务；Tel 13800001111。"
    lines = fonts.wrap(text, 10, 80)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "") and len(lines) > 3
    assert all(fonts.string_width(line, 10) <= 80 + 10 for line in lines)
    assert not any(line[0] in "，。、；：" for line in lines)
    assert any("13800001111" in line for line in lines)  # a number is never split


def test_a_number_with_its_unit_and_a_building_name_are_never_broken():
    text = ("服务范围：长安阁12栋、幸福里小区3栋、锦绣家园10栋；走访 12 户次 ÷ 入格 6 天（不足每周 3 天，按 13.3 天计）"
            "= 日均 0.9 户；日均走访达网格户数的 4.0% 得满分；2026年12月5日 电话 139 1234 5678。")
    whole = ("长安阁12栋", "幸福里小区3栋", "锦绣家园10栋", "12 户次", "13.3 天", "0.9 户", "4.0%", "2026年12月5日",
             "139 1234 5678")
    for width in range(90, 400, 3):  # every piece fits on a line of 90 pt
        lines = fonts.wrap(text, 9, width, keep=("长安阁12栋", "幸福里小区3栋", "锦绣家园10栋"))
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), width
        for piece in whole:
            assert any(piece in line for line in lines), (width, piece, lines)
        assert not any(line.endswith("（") for line in lines)
