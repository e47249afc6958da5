"""Nothing typed is silently lost or put in the wrong place: a second family at an address, a
mistyped building, a card left for another, the last archive number — keyboard only."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from forms.pages import BOARD, ENTRY, Pages
from gridapp.models import Building, Card, House, Household, Person
from gridapp.services import addresses, drafts
from gridapp.services.cards import save_card
from tests.cards.helpers import card, grid_and_worker, new_id, show_active
from tests.cards.test_entry_form import answer, focused, form, key_card, type_on  # noqa: F401

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")

CTRL = Qt.KeyboardModifier.ControlModifier


def registered(room: str, head: str, head_id: str) -> Household:
    _, worker = grid_and_worker()
    data = card(f"R{room}", worker, members=[{"name": head, "id_number": head_id, "relation": "户主",
                                              "phone": "13900000001"}])
    data["address"] = {"building": "键盘楼1栋", "unit": 2, "room": room, "new": True}
    return save_card(data, today=dt.date(2026, 11, 22)).household


def heads_at(room: str) -> list[list[str]]:
    house = House.select().join(Building).where(Building.name == "键盘楼1栋", House.room == room).get()
    return sorted([p.name for p in Person.select().where(Person.household == h, Person.relation == "户主")]
                  for h in addresses.households_at(house))


def test_another_family_at_an_occupied_address_is_a_new_household_chosen_with_one_key(form, qtbot):
    registered("701", "原住户主", new_id(dt.date(1960, 1, 1), 71))
    key_card(qtbot, form, "K7201", "701", new_id(dt.date(1971, 1, 2), 11), new_id(dt.date(1973, 3, 4), 22),
             new_building=False)
    note = form.address_note.text()
    assert "该地址已住有 1 户（户主 原住户主 等 1 人），本卡户主“键盘户主”不是其中一户的户主" in note
    assert "F7" in note and "另立新户" in note and "F4" in note
    (seen,) = answer(qtbot, form, Qt.Key.Key_S, "", modifier=CTRL)  # saving asks; Esc goes back
    assert "在该地址另立新户" in seen[1] and "载入已住的一户来修改：户主 原住户主 等 1 人" in seen[2]
    assert Card.select().where(Card.card_no == "K7201").count() == 0 and heads_at("701") == [["原住户主"]]
    answer(qtbot, form, Qt.Key.Key_S, "另立新户", modifier=CTRL)
    assert Card.get(Card.card_no == "K7201").state == "keyed"
    assert heads_at("701") == [["原住户主"], ["键盘户主"]]  # two households, one head each


def test_the_same_household_keyed_again_is_updated_without_a_question(form, qtbot):
    head_id = new_id(dt.date(1971, 1, 2), 11)
    household = registered("702", "键盘户主", head_id)
    key_card(qtbot, form, "K7202", "702", head_id, new_id(dt.date(1973, 3, 4), 22), new_building=False)
    assert "该地址已登记本户（户主 键盘户主 等 1 人），保存将更新该户" in form.address_note.text()
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    assert Card.get(Card.card_no == "K7202").household_id == household.id
    assert heads_at("702") == [["键盘户主"]]
    assert Person.select().where(Person.household == household, Person.name == "键盘配偶").count() == 1


def test_a_mistyped_building_offers_the_close_names_and_makes_nothing_new_unasked(form, qtbot):
    grid, _ = grid_and_worker()
    building = Building.create(grid=grid, name="第一1栋", floors=12, units=2)
    House.create(building=building, floor=12, unit=2, room="1230")
    key_card(qtbot, form, "K7203", "1203", new_id(dt.date(1971, 1, 2), 11), new_id(dt.date(1973, 3, 4), 22),
             building="第1栋", new_building=False)
    assert "本网格没有楼栋“第1栋”（相近的有：第一1栋" in form.address_note.text()
    building_choice, room_choice = answer(qtbot, form, Qt.Key.Key_S, "改用已有楼栋“第一1栋”", "新建房屋",
                                          modifier=CTRL)
    assert building_choice[-1].endswith("新建楼栋“第1栋”（本网格尚无）")
    assert "改用已有的 2单元 1230室" in room_choice[1]
    house = Card.get(Card.card_no == "K7203").household.house
    assert (house.building_id, house.unit, house.room) == (building.id, 2, "1203")
    assert Building.select().where(Building.name == "第1栋").count() == 0


def test_the_archive_number_stays_until_the_next_card_is_typed_into(form, qtbot):
    key_card(qtbot, form, "K7204", "704", new_id(dt.date(1971, 1, 2), 11), new_id(dt.date(1973, 3, 4), 22))
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    archive = Card.get(Card.card_no == "K7204").archive_no
    assert archive in form.result.text()  # to write on the paper card just keyed
    assert focused() is form.card_no and form.card_no.text() == "K7205"
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # the next card begins
    assert form.result.text() == ""


@pytest.fixture
def pages(community_db, qtbot):
    drafts.discard(drafts.ENTRY)
    p = Pages(QWidget())
    p.resize(1400, 800)
    show_active(qtbot, p)
    p.show_page(BOARD)
    return p


def enter_on(qtbot, pages, card_no: str) -> None:
    """On the board, Enter on the waiting card with this number."""
    board = pages.board
    qtbot.keyClick(focused(), Qt.Key.Key_1, CTRL)
    assert pages.currentIndex() == BOARD
    board.open_view.selectRow([r["card_no"] for r in board.open_model.rows].index(card_no))
    qtbot.keyClick(board.open_view, Qt.Key.Key_Return)
    assert pages.currentIndex() == ENTRY


def test_a_half_typed_card_left_for_another_is_listed_on_the_board_and_reopens(pages, qtbot):
    first, second = [r["card_no"] for r in pages.board.open_model.rows[:2]]
    enter_on(qtbot, pages, first)
    assert focused() is pages.entry.head.name
    type_on(qtbot, "半张户主")
    enter_on(qtbot, pages, first)  # the same card again: what was typed stays
    assert pages.entry.head.name.text() == "半张户主"
    enter_on(qtbot, pages, second)
    assert pages.entry.card_no.text() == second and pages.entry.head.name.text() == ""
    assert "刚才未保存的卡 " + first in pages.entry.status.text()
    qtbot.keyClick(focused(), Qt.Key.Key_1, CTRL)
    board = pages.board
    assert board.unfinished_view.isVisible()
    assert [(r["card_no"], r["head"]) for r in board.unfinished_model.rows] == [(first, "半张户主")]
    assert Card.get(Card.card_no == first).state == "draft"
    qtbot.keyClick(focused(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # to the unfinished cards
    assert focused() is board.unfinished_view
    qtbot.keyClick(board.unfinished_view, Qt.Key.Key_Down)
    qtbot.keyClick(board.unfinished_view, Qt.Key.Key_Return)
    assert pages.currentIndex() == ENTRY
    assert pages.entry.card_no.text() == first and pages.entry.head.name.text() == "半张户主"


def test_the_board_says_a_card_came_back_after_a_crash_and_keeps_it_when_another_is_opened(community_db, qtbot):
    drafts.save(drafts.ENTRY, {"card_no": "K7300", "grid": "第三网格", "collected_on": "2026-11-20",
                               "address": {"building": "键盘楼1栋", "unit": "1", "room": "301"},
                               "members": [{"name": "崩溃户主", "relation": "户主"}]})
    p = Pages(QWidget())
    p.resize(1400, 800)
    show_active(qtbot, p)
    p.show_page(BOARD)
    line = p.board.restored_line
    assert line.isVisible() and "K7300" in line.text() and "崩溃户主" in line.text() and "Ctrl+2" in line.text()
    enter_on(qtbot, p, p.board.open_model.rows[0]["card_no"])
    qtbot.keyClick(focused(), Qt.Key.Key_1, CTRL)
    assert not p.board.restored_line.isVisible()
    assert [(r["card_no"], r["head"]) for r in p.board.unfinished_model.rows] == [("K7300", "崩溃户主")]
