"""The building board as a resident and a copy-paste see it: every flat, nothing private."""

import datetime as dt

import pytest

from gridapp import settings
from gridapp.errors import Cancelled
from gridapp.services import boards
from reports import fonts, sheets, wallboard
from tests import boards_data, pdftools


@pytest.fixture
def board_db(street_db):
    return boards_data.build()


def _boards():
    return boards.building_boards(boards.find_buildings("和平里1栋", "第一网格"), dt.date(2025, 3, 8))


def test_every_flat_is_on_the_board_and_nothing_private(board_db, tmp_path):
    out = tmp_path / "board.pdf"
    result = wallboard.build_wallboards(_boards(), out)
    text = pdftools.text(out)
    assert result.pages == 1 and result.missing == []
    for name in ("张*明", "欧阳**", "李*䶮", "王*𠇔", "赵*", "钱*二", "孙*"):
        assert name in text, name
    for room in ("101", "102", "201", "202", "301", "302"):
        assert text.count(room) >= (1 if room.startswith("3") else 2), room
    assert text.count("未登记") >= 5  # four flats with no household, and the legend
    assert text.count("空置") == 1  # only where the board says it does not show vacancy
    for secret in boards_data.id_numbers() + boards_data.RESIDENT_PHONES + [boards_data.LANDLORD_PHONE]:
        assert secret not in text.replace(" ", "")
    for unmasked in ("张三明", "欧阳娜娜", "郑已迁", "钱房东"):
        assert unmasked not in text
    assert "138 0000 1111" in text and "孙网格" in text and "吴组长" in text  # the staff's work phones
    assert "和平里1栋" in text and "和平路1号" in text and "和平社区" in text and "2025年3月8日" in text
    assert "不显示" in text and "怀孕对象" in text and "身份证号" in text  # it says what it omits
    assert "党员家庭" in text and "非本县租房户" in text  # the legend


def test_fonts_are_embedded_and_rare_characters_copy_right(board_db, tmp_path):
    out = tmp_path / "board.pdf"
    wallboard.build_wallboards(_boards(), out)
    found = pdftools.fonts(out)
    assert found and all(f["emb"] == "yes" and f["uni"] == "yes" for f in found)
    assert any("UMing" in f["name"] for f in found)  # 䶮 and 𠇔 came from the second font
    from pypdf import PdfReader
    copied = PdfReader(str(out)).pages[0].extract_text()
    assert "李*䶮" in copied and "王*𠇔" in copied and "”" not in copied


def test_a_character_no_font_has_is_reported_before_printing(board_db, tmp_path, monkeypatch):
    only_wqy = fonts.FontSet([s for s in fonts.candidate_sources() if "microhei" in s.path.name])
    monkeypatch.setattr(fonts, "_default", only_wqy)
    out = tmp_path / "board.pdf"
    result = wallboard.build_wallboards(_boards(), out)
    assert len(result.missing) == 2  # WenQuanYi Micro Hei has neither 䶮 nor 𠇔
    assert "1单元201室" in result.missing[0] and "李*〓" in result.missing[0] and "U+4DAE" in result.missing[0]
    assert "1单元202室" in result.missing[1] and "U+201D4" in result.missing[1]
    text = pdftools.text(out)
    assert "李*䶮" in text and "王*𠇔" in text  # drawn as 〓, but copying gives the real characters


def test_full_names_and_shown_categories_follow_the_communitys_settings(board_db, tmp_path):
    com = board_db["community"]
    settings.put("boards.full_names", True, com)
    settings.put(settings.board_category_key("pregnant"), True, com)
    out = tmp_path / "board.pdf"
    wallboard.build_wallboards(_boards(), out)
    text = pdftools.text(out)
    assert "张三明" in text and "欧阳娜娜" in text and "怀孕对象" in text
    assert "户主全名" not in text


def test_a_tall_building_stays_legible(board_db):
    board = _boards()[0]
    board.top_floor = 33
    board.columns = {1: 3, 2: 3}
    board.flats = [boards.Flat(u, f, c, f"{f}{c:02d}", "自住", [boards.FlatHousehold("欧阳**", 4, ("party_family",))])
                   for u in (1, 2) for f in range(1, 34) for c in (1, 2, 3)]
    a3 = sheets.paper_size("A3")
    layout = wallboard.best_layout(board, a3)
    placement = sheets.plan(layout.width, layout.height, a3, min_scale=wallboard.MIN_SCALE,
                            max_scale=wallboard.MAX_SCALE)
    assert placement.sheets == 1 and placement.scale * wallboard.FS >= 9  # points, on one A3 sheet
    a4 = sheets.paper_size("A4")
    layout = wallboard.best_layout(board, a4)
    poster = sheets.plan(layout.width, layout.height, a4, min_scale=wallboard.MIN_SCALE,
                         max_scale=wallboard.MAX_SCALE)
    assert poster.sheets > 1 and poster.scale * wallboard.FS >= 10


def test_a_board_too_big_for_the_sheet_is_tiled_with_assembly_marks(board_db, tmp_path):
    board = _boards()[0]
    board.top_floor = 33
    board.flats += [boards.Flat(1, f, 1, f"{f}01", "", []) for f in range(4, 34)]
    out = tmp_path / "poster.pdf"
    result = wallboard.build_wallboards([board], out, "A4")
    assert result.pages == result.sheets["和平社区 第一网格 和平里1栋"] == pdftools.pages(out) and result.pages > 1
    text = pdftools.text(out)
    assert f"第 1/{result.pages} 张" in text and "拼贴" in text and "对齐线" in text


def test_cancelling_writes_nothing(board_db, tmp_path):
    out = tmp_path / "board.pdf"
    seen = []
    with pytest.raises(Cancelled):
        wallboard.build_wallboards(_boards() * 3, out, progress=lambda done, total, what="": seen.append(done) or done < 1)
    assert not out.exists() and seen == [0, 1]


def test_a_small_building_fills_the_sheet(board_db):
    board = _boards()[0]  # three floors of two units: a short, wide board
    a3 = sheets.paper_size("A3")
    aw, ah = a3[0] - 2 * sheets.MARGIN, a3[1] - 2 * sheets.MARGIN
    layout = wallboard.best_layout(board, a3)
    placement = sheets.plan(layout.width, layout.height, a3, min_scale=wallboard.MIN_SCALE,
                            max_scale=wallboard.MAX_SCALE)
    assert placement.sheets == 1
    assert placement.scale * layout.width >= 0.95 * aw and placement.scale * layout.height >= 0.85 * ah
    # the flats are printed larger than the header's text size would make them
    assert placement.scale * layout.grow * wallboard.FS >= 1.5 * wallboard.FS
