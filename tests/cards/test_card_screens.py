"""The two-day board, intake, find and verification, driven from the keyboard."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from forms.cards.board import TwoDayBoard
from forms.cards.find import FindDialog
from forms.cards.intake import IntakeDialog
from forms.cards.verify import VerifyDialog
from gridapp.models import Card, Person
from tests.cards.helpers import new_id, show_active
from tests.cards.test_entry_form import type_on, type_text

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")


def test_board_shows_overdue_cards_in_red_and_opens_one(community_db, qtbot):
    board = TwoDayBoard(today=dt.date.today())  # the demo's cards are dated from the day it is built
    waiting = Card.select().where(Card.state == "received").count()
    assert board.open_model.rowCount() == waiting
    first = board.open_model.rows[0]
    assert first["situation"].startswith("逾期") and board._colour(first) == "#c62828"
    assert "逾期" in board.summary.text()
    opened = []
    board.key_card.connect(opened.append)
    show_active(qtbot, board)
    board.open_view.setFocus()
    board.open_view.selectRow(0)
    qtbot.keyClick(board.open_view, Qt.Key.Key_Return)
    assert opened == [first["card_no"]]


def test_intake_dialog_logs_a_range(community_db, qtbot):
    dialog = IntakeDialog()
    show_active(qtbot, dialog)
    before = Card.select().count()
    dialog.numbers.setFocus()
    qtbot.keyClicks(dialog.numbers, "8801-8805")
    qtbot.keyClick(dialog.numbers, Qt.Key.Key_Return)
    assert Card.select().count() == before + 5
    assert "已接收 5 张" in dialog.message.text()
    assert dialog.isVisible()  # ready for the next stack


def test_find_by_initials_then_move_a_person_out(community_db, qtbot, monkeypatch):
    person = Person.select().where(Person.departed_on.is_null(), Person.relation == "子").first()
    dialog = FindDialog()
    show_active(qtbot, dialog)
    qtbot.keyClicks(dialog.query, person.id_number[-8:])
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert dialog.model.rows[0]["person_id"] == person.id
    monkeypatch.setattr("forms.cards.find.DepartDialog.exec", lambda self: (
        setattr(self, "value", (dt.date(2026, 11, 1), "杭州市")), True)[1])
    qtbot.keyClick(dialog.view, Qt.Key.Key_F6)
    assert Person.get_by_id(person.id).departed_to == "杭州市"


def test_verification_keyed_blind_shows_differences_and_applies_the_choice(community_db, qtbot):
    from gridapp.services.cards import save_card
    from tests.cards.helpers import card, grid_and_worker
    _, worker = grid_and_worker()
    members = [{"name": "键盘户主", "id_number": new_id(dt.date(1971, 1, 2), 11), "relation": "户主",
                "phone": "13912345678"},
               {"name": "键盘配偶", "id_number": new_id(dt.date(1973, 3, 4), 22), "relation": "配偶"}]
    data = card("V8001", worker, members=members)
    data["address"] = {"building": "键盘楼1栋", "unit": 2, "room": "601", "new": True}
    data["household"] = {"categories": [], "extra": {}}
    save_card(data, today=dt.date(2026, 11, 22))
    dialog = VerifyDialog()
    dialog.resize(1400, 800)
    show_active(qtbot, dialog)
    dialog.number.setFocus()
    qtbot.keyClicks(dialog.number, "V8001")
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)
    blind = dialog.stack.currentWidget()
    assert blind.head.name.text() == ""  # keyed blind
    # the second keyer types the same card with the head's phone different
    blind.card_no.setFocus()
    qtbot.keyClick(blind.card_no, Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    type_on(qtbot, "2026-11-20")
    type_on(qtbot, "键盘户主")
    type_on(qtbot, new_id(dt.date(1971, 1, 2), 11))
    type_on(qtbot, "键盘楼1栋")
    type_on(qtbot, "2")
    type_on(qtbot, "601")
    type_on(qtbot, "13912345670", enter=False)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_on(qtbot, "键盘配偶")
    type_on(qtbot, new_id(dt.date(1973, 3, 4), 22))
    type_text(qtbot, QApplication.focusWidget(), "配偶")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    rows = dialog.diff_model.rows
    assert [(r["label"], r["saved"], r["second"]) for r in rows] == [("联系电话", "13912345678", "13912345670")]
    qtbot.keyClick(dialog.diff_view, Qt.Key.Key_Space)  # take the second keying's value
    qtbot.keyClick(dialog.diff_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    card = Card.get(Card.card_no == "V8001")
    assert card.state == "verified"
    assert Person.get(Person.household == card.household, Person.relation == "户主").phone == "13912345670"
