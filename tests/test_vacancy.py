"""Vacant is what a clerk says of a flat; a flat with no household card is only unregistered.
Marked on the command line or in the organisation file, counted as 空置 from the mark alone,
printed on a public board only when the community chooses to (default: not)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import cli
from gridapp import settings
from gridapp.errors import UserError
from gridapp.models import Building, House
from gridapp.services import boards, org, vacancy
from gridapp.services.cards import save_card
from gridapp.services.scope import Scope
from gridapp.services.stats import stats
from reports import wallboard
from tests import boards_data, pdftools
from tests.cards.helpers import card, grid_and_worker, new_id


@pytest.fixture
def board_db(street_db):
    return boards_data.build()


def _house(unit, room) -> House:
    return House.get(House.unit == unit, House.room == room,
                     House.building == Building.get(Building.address == "和平路1号"))


def _board():
    return boards.building_boards(boards.find_buildings("和平里1栋", "第一网格"), dt.date(2025, 3, 8))[0]


def _flat(board, unit, room):
    return next(f for f in board.flats if (f.unit, f.room) == (unit, room))


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_flats_are_marked_vacant_on_the_command_line_never_where_someone_lives(board_db, street_db, capsys):
    where = ("--building", "和平里1栋", "--grid", "第一网格", "--db", street_db)
    code, out, err = run(capsys, "org", "vacant", "2单元101", "2-102", *where)
    assert code == 0, err
    assert "标为空置" in out and _house(2, "101").vacant and _house(2, "102").vacant
    code, out, err = run(capsys, "org", "vacant", "101", *where)  # 1单元101: 张三明's family lives there
    assert code == 2 and "1单元101 有住户" in err and not _house(1, "101").vacant
    code, out, err = run(capsys, "org", "vacant", "2单元909", *where)
    assert code == 2 and "没有 2单元909" in err
    code, out, err = run(capsys, "org", "vacant", "--json", *where)
    assert json.loads(out)["vacant"] == ["2单元101", "2单元102"]
    assert run(capsys, "org", "vacant", "2-102", "--clear", *where)[0] == 0
    assert not _house(2, "102").vacant and _house(2, "101").vacant


def test_only_marked_flats_count_as_vacant_the_others_without_a_household_are_unregistered(board_db):
    data = stats(Scope())
    # 1单元302, 2单元101, 2单元202 (nobody registered) and 2单元102 (moved out): none is known to be empty
    assert data["vacant_houses"] == 0 and data["unregistered_houses"] == 4
    vacancy.set_vacant([_house(2, "101").id], True)
    data = stats(Scope())
    assert data["vacant_houses"] == 1 and data["unregistered_houses"] == 3
    assert data["houses"] == sum(data["houses_by_use"].values())


def test_a_board_prints_unregistered_flats_as_such_and_vacancy_only_when_the_community_shows_it(board_db, tmp_path):
    vacancy.set_vacant([_house(2, "101").id], True)
    b = _board()
    assert not _flat(b, 2, "101").vacant and not _flat(b, 2, "102").vacant  # hidden by default: same as unregistered
    assert "空置房屋" in b.omitted
    out = tmp_path / "board.pdf"
    wallboard.build_wallboards([b], out)
    text = pdftools.text(out)
    assert text.count("未登记") >= 5  # four flats and the legend
    assert text.count("空置") == 1  # only in the list of what the board leaves out
    assert "含挂户" in text  # what the number of people means
    settings.put("boards.show_vacant", True, board_db["community"])
    b = _board()
    assert _flat(b, 2, "101").vacant and not _flat(b, 2, "102").vacant
    wallboard.build_wallboards([b], out)
    text = pdftools.text(out)
    assert "空置：无人居住" in text and text.count("空置") == 2  # the flat, the legend


def test_the_organisation_file_lists_a_buildings_vacant_flats(hub_db):
    data = {"street": "滨江街道", "communities": [{"name": "爱和社区", "grids": [{"name": "第一网格", "buildings": [
        {"name": "长安阁1栋", "floors": 3, "units": 2, "rooms_per_floor": 2, "vacant": ["302", "2单元101"]}]}]}]}
    org.import_org(data)
    marked = {(h.unit, h.room) for h in House.live().where(House.vacant == True)}  # noqa: E712
    assert marked == {(1, "302"), (2, "101")}
    data["communities"][0]["grids"][0]["buildings"][0]["vacant"] = ["2-101"]
    result = org.import_org(data)  # the file says which are vacant: 302 is not any more
    assert {(h.unit, h.room) for h in House.live().where(House.vacant == True)} == {(2, "101")}  # noqa: E712
    assert result.updated["houses"] == 1
    data["communities"][0]["grids"][0]["buildings"][0]["vacant"] = ["2单元999", 5]
    with pytest.raises(UserError, match="楼栋“长安阁1栋”：“vacant” 中房号须为文字"):
        org.import_org(data)
    data["communities"][0]["grids"][0]["buildings"][0]["vacant"] = ["2单元909"]
    with pytest.raises(UserError, match="没有 2单元909"):
        org.import_org(data)
    assert {(h.unit, h.room) for h in House.live().where(House.vacant == True)} == {(2, "101")}  # noqa: E712


def test_a_card_saved_for_a_vacant_flat_clears_the_mark(community_db):
    from gridapp.services.moves import depart_household

    _grid, worker = grid_and_worker()
    save_card(card("VAC1", worker, room="9901"))
    house = House.get(House.room == "9901")
    with pytest.raises(UserError, match="有住户"):
        vacancy.set_vacant([house.id], True)
    depart_household(house.households.get(), dt.date(2026, 11, 21), "外省")
    vacancy.set_vacant([house.id], True)
    assert House.get_by_id(house.id).vacant
    save_card(card("VAC2", worker, room="9901", members=[
        {"name": "新住户", "id_number": new_id(dt.date(1985, 1, 2), 44), "relation": "户主",
         "phone": "13912340000", "status": "resident"}], address={"building": "新建测试楼1栋", "unit": 1,
                                                                  "room": "9901"}))
    assert not House.get_by_id(house.id).vacant
