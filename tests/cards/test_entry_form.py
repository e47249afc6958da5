"""The entry form keyed with the keyboard only; the database checked afterwards."""

import datetime as dt
import re

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from forms.cards.entry import CardEntryForm
from gridapp.models import Card, Person
from gridapp.services import drafts
from tests.cards.helpers import new_id, show_active

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")


def focused():
    return QApplication.focusWidget()


def type_text(qtbot, widget, text: str) -> None:
    """Keystrokes for ASCII; Chinese arrives as the input method delivers it, a committed string."""
    for chunk in re.findall(r"[\x00-\x7f]+|[^\x00-\x7f]+", text):
        if chunk.isascii():
            qtbot.keyClicks(widget, chunk)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def type_on(qtbot, text: str, enter: bool = True):
    widget = focused()
    if text:
        qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        type_text(qtbot, widget, text)
    if enter:
        qtbot.keyClick(focused(), Qt.Key.Key_Return)


def answer(qtbot, form, key, *words: str, modifier=Qt.KeyboardModifier.NoModifier) -> list[list[str]]:
    """Press ``key``; in each choice it opens, one after the other, the number key of the answer
    containing the next of ``words`` (Esc for ""). The questions and answers seen."""
    seen = []

    def press():
        popup = QApplication.activePopupWidget()
        answers = [popup.list.item(i).text() for i in range(popup.list.count())]
        seen.append([popup.question.text(), *answers])
        said = words[len(seen) - 1]
        if len(seen) < len(words):
            QTimer.singleShot(0, press)  # the next choice, opened by this one
        if not said:
            qtbot.keyClick(popup.list, Qt.Key.Key_Escape)
        else:
            qtbot.keyClick(popup.list, next(a.split()[0] for a in answers if said in a))

    QTimer.singleShot(0, press)
    qtbot.keyClick(focused(), key, modifier)
    assert len(seen) == len(words), f"choices offered: {seen}"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form.window(), timeout=3000)  # the keys come back
    return seen


@pytest.fixture
def form(community_db, qtbot):
    drafts.discard(drafts.ENTRY)
    w = CardEntryForm()
    w.resize(1400, 800)
    show_active(qtbot, w)
    w.card_no.setFocus()
    return w


def key_card(qtbot, form, card_no: str, room: str, head_id: str, spouse_id: str, head: str = "键盘户主",
             building: str = "键盘楼1栋", unit: str = "2", new_building: bool = True):
    assert focused() is form.card_no
    type_on(qtbot, card_no)
    assert focused() is form.grid
    qtbot.keyClick(form.grid, Qt.Key.Key_Down)  # 第一 → 第三网格
    qtbot.keyClick(form.grid, Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert focused() is form.worker
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    type_on(qtbot, "2026-11-20")
    assert focused() is form.head.name
    type_on(qtbot, head)
    type_on(qtbot, head_id)
    assert focused() is form.building
    type_on(qtbot, building)
    type_on(qtbot, unit)
    type_on(qtbot, room)
    if new_building:
        assert f"本网格没有楼栋“{building}”" in form.address_note.text() and "F7" in form.address_note.text()
        answer(qtbot, form, Qt.Key.Key_F7, "新建楼栋")  # a new building: one confirming key
        assert f"将在本网格新建楼栋“{building}”" in form.address_note.text()
    assert focused() is form.head.phone
    type_on(qtbot, "13912345678", enter=False)
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # a member
    assert focused() is form.rows[0].name
    type_on(qtbot, "键盘配偶")
    type_on(qtbot, spouse_id)
    type_text(qtbot, focused(), "配偶")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def test_a_card_keyed_without_the_mouse_is_saved(form, qtbot):
    head_id = new_id(dt.date(1971, 1, 2), 11)
    spouse_id = new_id(dt.date(1973, 3, 4), 22)
    key_card(qtbot, form, "K7001", "501", head_id, spouse_id)
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    card = Card.get(Card.card_no == "K7001")
    assert card.state == "keyed" and card.archive_no.startswith("03-")
    people = {p.name: p for p in Person.select().where(Person.household == card.household)}
    assert set(people) == {"键盘户主", "键盘配偶"}
    assert people["键盘配偶"].relation == "配偶" and people["键盘配偶"].gender == "F"
    assert people["键盘户主"].phone == "13912345678"
    assert card.household.house.building.name == "键盘楼1栋" and card.household.house.unit == 2
    assert card.archive_no in form.result.text()
    # the next blank card: header carried forward, number moved on
    assert form.card_no.text() == "K7002" and form.head.name.text() == ""
    assert form.grid.currentText() == "第三网格" and form.collected_on.text() == "2026-11-20"
    assert drafts.load(drafts.ENTRY) is None


def test_a_bad_id_is_shown_next_to_the_field_and_blocks_saving(form, qtbot):
    head_id = new_id(dt.date(1971, 1, 2), 11)
    bad = head_id[:-1] + ("1" if head_id[-1] != "1" else "2")
    key_card(qtbot, form, "K7003", "502", bad, new_id(dt.date(1973, 3, 4), 22))
    assert "校验位不符" in form.head.feedback.text()
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "不能保存为已录入" in form.status.text()
    assert Card.select().where(Card.card_no == "K7003").count() == 0
    qtbot.keyClick(focused(), Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # park it
    assert drafts.load("card:K7003")["members"][0]["id_number"] == bad


def test_a_duplicate_is_shown_and_the_move_confirmed_from_the_keyboard(form, qtbot):
    someone = Person.select().where(Person.relation == "女", Person.departed_on.is_null(),
                                    Person.gender == "F").first()
    key_card(qtbot, form, "K7004", "503", new_id(dt.date(1971, 1, 2), 11), new_id(dt.date(1973, 3, 4), 22))
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_on(qtbot, someone.name)
    type_on(qtbot, someone.id_number)
    assert "身份证号已存在" in form.rows[1].feedback.text()
    type_text(qtbot, focused(), "女")
    qtbot.keyClick(focused(), Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)  # confirm the move
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    card = Card.get(Card.card_no == "K7004")
    moved = Person.get(Person.household == card.household, Person.id_number == someone.id_number)
    assert moved.moved_from_id == someone.id
    assert Person.get_by_id(someone.id).departed_on == dt.date(2026, 11, 20)


def test_the_draft_comes_back_after_the_window_closes(form, qtbot):
    key_card(qtbot, form, "K7005", "504", new_id(dt.date(1971, 1, 2), 11), new_id(dt.date(1973, 3, 4), 22))
    form.save_draft()  # what the timer does 0.4 s after typing stops
    form.close()
    again = CardEntryForm()
    qtbot.addWidget(again)
    assert again.head.name.text() == "键盘户主"
    assert [r.name.text() for r in again.rows] == ["键盘配偶"]
    assert again.room.text() == "504" and again.card_no.text() == "K7005"
    assert "已恢复" in again.status.text()


def test_a_warning_needs_one_confirming_keystroke(form, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    key_card(qtbot, form, "K7006", "505", new_id(dt.date(1971, 1, 2), 11), new_id(dt.date(2014, 3, 4), 22))
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert asked and "配偶年龄 12 岁" in asked[0]
    assert Card.get(Card.card_no == "K7006").state == "keyed"


def test_a_retired_own_category_shows_on_the_card_and_goes_only_when_unticked(form, qtbot, monkeypatch):
    from gridapp import categories as cats
    from gridapp.models import Household
    from gridapp.services import owncategories
    from gridapp.services.cards import save_card
    from tests.cards.helpers import card, grid_and_worker

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    owncategories.add(None, "person", "key_person", "重点人口")
    owncategories.add(None, "household", "veteran_family", "优抚对象")
    try:
        data = card("K7101", grid_and_worker()[1], room="9981",
                    household={"categories": ["优抚对象"], "extra": {"area": 90}})
        data["members"][0]["categories"] = ["重点人口", "elderly"]
        household = save_card(data, today=dt.date(2026, 11, 22)).household
        head = Person.get(Person.household == household, Person.relation == "户主")
        owncategories.change("key_person", retired=True)
        owncategories.change("veteran_family", retired=True)
        form.card_no.setFocus()  # the form is on 第一网格; the card was keyed in 第三网格
        type_on(qtbot, "K7101")  # a keyed card: its household is loaded to edit, in its own grid
        assert form.head.name.text() == "测试户主" and form.grid.currentText().endswith("第三网格")
        assert form.head.categories.text() == "老年人、重点人口（已停用）"
        assert form.household_categories.text() == "优抚对象（已停用）"
        form.head.categories.setFocus()
        QTimer.singleShot(0, lambda: (qtbot.keyClick(QApplication.activePopupWidget().list, Qt.Key.Key_9),
                                      qtbot.keyClick(QApplication.activePopupWidget().list, Qt.Key.Key_Return)))
        qtbot.keyClick(form.head.categories, Qt.Key.Key_Space)  # 9: the retired one, unticked
        assert form.head.categories.text() == "老年人"
        form.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is form.window(), timeout=3000)
        qtbot.keyClick(form.head.categories, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert form.status.text().startswith("已保存：卡号 K7101"), form.status.text()
        assert Person.get_by_id(head.id).categories == cats.to_mask(["elderly"], cats.PERSON)
        assert Household.get_by_id(household.id).categories == 1 << 16  # not unticked: kept
        assert Household.get_by_id(household.id).house_id == household.house_id  # the same flat, no new building
    finally:
        cats.set_own(())
