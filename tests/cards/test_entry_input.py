"""The entry form reads phones as people write them and refuses what cannot be stored."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from gridapp.models import Card, Person
from tests.cards.helpers import new_id
from tests.cards.test_entry_form import focused, form, key_card, type_on  # noqa: F401 (fixture)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")


def _retype(qtbot, widget, text: str) -> None:
    """Replace a field's text as a paste or an input method delivers it."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)


def test_a_mobile_written_with_dashes_is_saved_as_its_digits(form, qtbot):
    key_card(qtbot, form, "K7101", "601", new_id(dt.date(1971, 1, 2), 11), new_id(dt.date(1973, 3, 4), 22))
    _retype(qtbot, form.head.phone, "+86 138-9094.3754")
    assert "电话" not in form.head.feedback.text()
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    card = Card.get(Card.card_no == "K7101")
    assert Person.get(Person.household == card.household, Person.relation == "户主").phone == "13890943754"


def test_a_control_character_in_a_name_is_shown_and_blocks_saving(form, qtbot):
    key_card(qtbot, form, "K7102", "602", new_id(dt.date(1971, 1, 2), 11), new_id(dt.date(1973, 3, 4), 22))
    _retype(qtbot, form.head.name, "键盘\x1b[2J户主")
    assert "姓名“键盘?[2J户主”含有不可见的控制字符" in form.head.feedback.text()
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "不能保存为已录入" in form.status.text()
    assert Card.select().where(Card.card_no == "K7102").count() == 0


def test_a_negative_unit_is_shown_and_blocks_saving(form, qtbot):
    key_card(qtbot, form, "K7103", "603", new_id(dt.date(1971, 1, 2), 11), new_id(dt.date(1973, 3, 4), 22))
    _retype(qtbot, form.unit, "-3")
    assert "单元 -3 不合理" in form.address_feedback.text()
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert Card.select().where(Card.card_no == "K7103").count() == 0
