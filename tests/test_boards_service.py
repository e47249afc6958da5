"""What the boards show of a household, and what they never show."""

import datetime as dt

import pytest

from gridapp import settings
from gridapp.errors import UserError
from gridapp.privacy import mask_name
from gridapp.services import boards
from tests import boards_data


@pytest.mark.parametrize("name, masked", [
    ("张三明", "张*明"), ("张三", "张*"), ("欧阳娜娜", "欧阳**"), ("欧阳明", "欧阳*"),
    ("张小三明", "张**明"), ("李小䶮", "李*䶮"), ("王小𠇔", "王*𠇔"), ("买买提·艾力", "买**·*力"), ("张", "张"),
])
def test_names_are_masked_like_a_public_notice(name, masked):
    assert mask_name(name) == masked


@pytest.fixture
def board_db(hub_db):
    return boards_data.build()


def _board(**kw):
    return boards.building_boards(boards.find_buildings("和平里1栋", "第一网格", **kw), dt.date(2025, 3, 8))[0]


def _flat(board, unit, room):
    return next(f for f in board.flats if (f.unit, f.room) == (unit, room))


def test_every_flat_in_its_place_with_its_household(board_db):
    b = _board()
    assert (b.top_floor, b.bottom_floor, b.columns) == (3, 1, {1: 2, 2: 2})
    assert len(b.flats) == 10 and b.households == 7
    f = _flat(b, 1, "101")
    assert (f.floor, f.column, f.tenure) == (1, 1, "自住")
    assert [(h.name, h.people) for h in f.households] == [("张*明", 2)]
    assert _flat(b, 1, "102").tenure == "租住"
    assert _flat(b, 2, "101").empty and _flat(b, 2, "102").empty  # vacant, and moved out
    assert sorted(h.name for h in _flat(b, 2, "201").households) == ["赵*", "钱*二"]
    assert (b.community, b.grid, b.address) == ("和平社区", "第一网格", "和平路1号")
    assert [(s.name, s.role, s.post, s.phone) for s in b.staff] == [
        ("孙网格", "网格员", "A岗", "13800001111"), ("周备岗", "网格员", "B岗", "13800002222"),
        ("吴组长", "网格长", "", "13800003333")]


def test_health_and_family_planning_stay_off_the_board_until_switched_on(board_db):
    b = _board()
    assert _flat(b, 1, "101").households[0].markers == ("party_family",)
    assert {"怀孕对象", "新婚无孩户", "孕检对象", "残疾人", "身份证号", "居民电话", "户主全名"} <= set(b.omitted)
    com = board_db["community"]
    settings.put(settings.board_category_key("pregnant"), True, com)
    settings.put("boards.full_names", True, com)
    b = _board()
    household = _flat(b, 1, "101").households[0]
    assert household.markers == ("party_family", "pregnant") and household.name == "张三明"
    assert "怀孕对象" not in b.omitted and "户主全名" not in b.omitted and "新婚无孩户" in b.omitted


def test_a_building_name_is_unique_within_its_grid_only(board_db):
    with pytest.raises(UserError, match="有多处.*--grid"):
        boards.find_buildings("和平里1栋")
    assert len(boards.find_buildings("和平里1栋", "第二网格")) == 1
    assert [b.name for b in boards.find_buildings(community="和平社区")] == ["和平里1栋", "和平里1栋"]
    with pytest.raises(UserError, match="没有名为“无此楼”的楼栋"):
        boards.find_buildings("无此楼", community="和平社区")
    with pytest.raises(UserError, match="请指明"):
        boards.find_buildings()


def test_notice_board_has_staff_photos_buildings_and_the_communitys_texts(board_db):
    com = board_db["community"]
    settings.put("boards.promises", "有求必应，限时办结。", com)
    nb = boards.notice_boards(boards.find_grids("第一网格", "和平社区"))[0]
    assert nb.buildings == ["和平里1栋"] and nb.promises == "有求必应，限时办结。"
    assert nb.duties == settings.BOARD_DUTIES and [s.post for s in nb.staff] == ["A岗", "B岗", ""]
    assert [s.kind for s in nb.staff] == ["专职网格员"] * 3  # the kind a worker has unless told otherwise
    assert len(boards.notice_boards(boards.find_grids(community="和平社区"))) == 2
