"""The entry form's messages appear as the clerk leaves a field and go with the card; Esc offers
to park the card; the keys are said on screen."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from gridapp.services import drafts
from gridapp.services.cardinput import parse_card
from tests.cards.helpers import new_id
from tests.cards.test_entry_form import answer, focused, form, type_on  # noqa: F401 (form: a fixture)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")


def messages(form) -> list[str]:
    shown = [form.head.feedback, form.address_feedback, form.header_feedback, form.extra_feedback,
             *(r.feedback for r in form.rows)]
    return [f.text() for f in shown if f.text()] + ([form.status.text()] if form.status.text() else [])


def test_no_message_before_a_field_is_left_and_none_after_clearing(form, qtbot):
    type_on(qtbot, "K8001")  # card number, Enter: into 网格
    assert messages(form) == []
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # grid
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # worker
    type_on(qtbot, "2026-11-20")
    assert focused() is form.head.name
    type_on(qtbot, "叶未填")
    type_on(qtbot, new_id(dt.date(1971, 1, 2), 11))
    assert focused() is form.building  # entering the address says nothing about it yet
    assert messages(form) == []
    type_on(qtbot, "1栋")
    type_on(qtbot, "1")
    assert not any("现住址" in m for m in messages(form))
    type_on(qtbot, "")  # the room left empty
    assert "缺少现住址（楼栋、房号）" in form.address_feedback.text()
    assert focused() is form.head.phone
    type_on(qtbot, "")  # the phone left empty
    assert "缺少户主“叶未填”的联系电话" in form.head.feedback.text()
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    # a blank card: no message left from the last one, only where its typing went
    assert messages(form) == ["刚才未保存的卡 K8001已存入“未完成的登记卡”（两日录入页）。"]
    assert focused() is form.card_no


def test_saving_shows_every_message_and_a_missing_name_leaves_no_empty_quotes(form, qtbot):
    type_on(qtbot, "K8002", enter=False)
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "不能保存为已录入" in form.status.text()
    shown = " ".join(messages(form))
    assert "姓名为空" in shown and "缺少现住址" in shown
    assert "“”" not in shown
    parsed = parse_card({"card_no": "1", "members": [{"name": "", "relation": "户主"}]}, None)
    said = [i.message for i in parsed.issues]
    assert "缺少户主的联系电话" in said and not any("“”" in m for m in said)


def test_escape_offers_to_park_the_card(form, qtbot):
    type_on(qtbot, "K8003")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)  # nothing typed yet: nothing to park
    assert "无需暂存" in form.status.text()
    form.head.name.setFocus()
    type_on(qtbot, "叶暂存", enter=False)
    seen = answer(qtbot, form, Qt.Key.Key_Escape, "继续录入")
    assert "暂存为草稿" in seen[0][1]
    assert form.head.name.text() == "叶暂存" and drafts.load("card:K8003") is None
    answer(qtbot, form, Qt.Key.Key_Escape, "暂存为草稿")
    assert drafts.load("card:K8003")["members"][0]["name"] == "叶暂存"
    assert form.head.name.text() == "" and "已暂存为草稿" in form.status.text()


def test_the_keys_are_said_on_screen(form):
    hint = form.keys_hint
    assert hint.isVisible()
    for keys in ("Ctrl+S", "Ctrl+D", "Esc", "Ctrl+Shift+N", "Ctrl+N", "F7"):
        assert keys in hint.text()
