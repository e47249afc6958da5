"""The card designer and the entry form, keyboard only: a field defined in the app is asked on
the next card, only where its condition holds, and its value stored."""

import datetime as dt
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from forms.cards.designer import CardDesignerDialog
from forms.cards.entry import CardEntryForm
from gridapp.models import Card, CardField, Community, Person
from gridapp.services import cardfields, drafts
from tests.cards.helpers import new_id, show_active
from tests.cards.test_entry_form import answer, focused, type_on, type_text

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")


def test_a_field_is_defined_in_the_designer_with_the_keyboard(community_db, qtbot):
    dialog = CardDesignerDialog()
    show_active(qtbot, dialog)
    qtbot.waitUntil(lambda: focused() is dialog.key, timeout=3000)
    assert dialog.scope.currentText() == "爱和社区" and dialog.table.rowCount() == 3  # the demo's fields
    type_text(qtbot, dialog.key, "check_due")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    type_text(qtbot, focused(), "孕检到期")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.level
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # 户 → 人员
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    for _ in range(3):  # 文字 → 整数 → 数字 → 日期
        qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)  # no choices
    assert focused() is dialog.required
    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    type_text(qtbot, focused(), "按妇幼保健院通知")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.condition
    type_text(qtbot, focused(), "性别=女；年龄=15-49")
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    field = CardField.get(CardField.key == "check_due")
    assert (field.level, field.kind, field.required, field.condition, field.help) == (
        "person", "date", True, "性别=女；年龄=15-49", "按妇幼保健院通知")
    assert "已添加“孕检到期”" in dialog.feedback.text() and dialog.table.rowCount() == 4
    assert focused() is dialog.key and dialog.key.text() == ""  # ready for the next one
    # a bad condition is said and nothing is added
    type_text(qtbot, dialog.key, "height")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    type_text(qtbot, focused(), "身高")
    dialog.condition.setFocus()
    type_text(qtbot, focused(), "体重=很重")
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "条件里的“体重”不是可用的项目" in dialog.feedback.text()
    assert not CardField.select().where(CardField.key == "height").exists()
    # retire the demo's employment field from the list: Ctrl+R
    dialog.table.setFocus()
    dialog.table.setCurrentCell(next(i for i, f in enumerate(dialog.fields) if f["key"] == "employment"), 0)
    qtbot.keyClick(focused(), Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert CardField.get(CardField.key == "employment").retired
    assert "已停用“就业状况”" in dialog.feedback.text()
    dialog.close()


@pytest.fixture
def form(community_db, qtbot):
    community = Community.get()
    cardfields.retire(community, "employment")
    cardfields.add(community, "person", {"key": "check_due", "label": "孕检到期", "kind": "date",
                                         "condition": "性别=女；年龄=15-49"})
    drafts.discard(drafts.ENTRY)
    w = CardEntryForm()
    w.resize(1600, 900)
    show_active(qtbot, w)
    w.card_no.setFocus()
    return w


def _key_head(qtbot, form, card_no: str, head_id: str, room: str):
    type_on(qtbot, card_no)
    qtbot.keyClick(form.grid, Qt.Key.Key_Down)
    qtbot.keyClick(form.grid, Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    type_on(qtbot, "2026-11-20")
    type_on(qtbot, "键盘户主")
    type_on(qtbot, head_id)
    type_on(qtbot, "设计楼1栋")
    type_on(qtbot, "1")
    type_on(qtbot, room)
    answer(qtbot, form, Qt.Key.Key_F7, "新建楼栋")
    assert focused() is form.head.phone
    type_on(qtbot, "13912345678")
    for _ in range(4):  # status, inflow reason, the head's and the household's categories
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert focused() is form.extra_inputs.widgets["area"]
    type_on(qtbot, "８５")
    assert focused() is form.head.extra.widgets["insurance"]
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # 职工医保
    qtbot.keyClick(focused(), Qt.Key.Key_Return)


def test_a_field_defined_is_keyed_where_its_condition_holds_and_skipped_where_not(form, qtbot):
    woman = new_id(dt.date(1995, 6, 1), 22)
    _key_head(qtbot, form, "D8001", woman, "301")
    assert "employment" not in form.head.extra.widgets  # retired: no longer asked
    assert focused() is form.head.extra.widgets["check_due"]  # a woman of 31: asked
    type_on(qtbot, "2026-12-01", enter=False)
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    card = Card.get(Card.card_no == "D8001")
    head = Person.get(Person.household == card.household, Person.relation == "户主")
    assert json.loads(head.extra) == {"check_due": "2026-12-01", "insurance": "职工医保"}
    assert json.loads(card.household.extra) == {"area": 85}
    assert card.design_version == cardfields.version(Community.get().id) == "0.2"

    man = new_id(dt.date(1980, 6, 1), 11)
    qtbot.waitUntil(lambda: focused() is form.card_no, timeout=3000)
    _key_head(qtbot, form, "D8002", man, "302")
    assert form.head.extra.widgets["check_due"].isHidden()  # a man: the field is not asked …
    assert focused() is not form.head.extra.widgets["check_due"]  # … and Tab skips it
    qtbot.keyClick(focused(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    row = form.rows[0]
    assert list(row.extra.widgets) == ["insurance", "check_due"]
    type_on(qtbot, "键盘配偶")
    type_on(qtbot, new_id(dt.date(1990, 3, 4), 44))
    type_text(qtbot, focused(), "配偶")
    for _ in range(5):  # relation, phone, status, reason, categories
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not row.extra.widgets["check_due"].isHidden(), timeout=3000)
    assert focused() is row.extra.widgets["check_due"]
    type_on(qtbot, "2027/1/5", enter=False)
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    card = Card.get(Card.card_no == "D8002")
    people = {p.relation: json.loads(p.extra) for p in Person.select().where(Person.household == card.household)}
    assert people == {"户主": {"insurance": "职工医保"}, "配偶": {"check_due": "2027-01-05", "insurance": "职工医保"}}
    assert QApplication.focusWidget() is form.card_no


def test_a_card_keyed_under_an_older_design_reopens_with_its_fields_and_moves_to_the_new_one(form, qtbot):
    man = new_id(dt.date(1980, 6, 1), 11)
    _key_head(qtbot, form, "D8101", man, "311")
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    card = Card.get(Card.card_no == "D8101")
    keyed = card.design_version
    community = Community.get()
    cardfields.retire(community, "insurance")
    cardfields.add(community, "household", {"key": "pets", "label": "饲养宠物", "kind": "bool"})
    current = cardfields.version(community.id)

    qtbot.waitUntil(lambda: focused() is form.card_no, timeout=3000)
    type_on(qtbot, "D8101")  # reopened by its number
    qtbot.waitUntil(lambda: form.head.name.text() == "键盘户主", timeout=3000)
    assert not form.design_bar.isHidden() and f"设计版本 {keyed}" in form.design_note.text()
    assert "饲养宠物" in form.design_note.text() and "医保" in form.design_note.text()
    assert "pets" not in form.extra_inputs.widgets  # added since: not asked on this card
    insurance = form.head.extra.widgets["insurance"]  # retired since: shown with its value, editable
    assert insurance.currentText() == "职工医保" and insurance.isEnabled()
    assert "（已停用）" in form.extra_layout.labelForField(insurance).text()

    form.head.name.setFocus()
    qtbot.keyClick(focused(), Qt.Key.Key_F8)  # 按新版登记卡补录
    assert "pets" in form.extra_inputs.widgets and "insurance" not in form.head.extra.widgets
    assert form.design_bar.isHidden() and form.head.name.text() == "键盘户主"
    assert focused() is form.extra_inputs.widgets["area"]
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is form.extra_inputs.widgets["pets"]
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # 是
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    card = Card.get_by_id(card.id)
    assert card.design_version == current != keyed, form.status.text()
    assert json.loads(card.household.extra) == {"area": 85, "pets": True}
    head = Person.get(Person.household == card.household, Person.relation == "户主")
    assert json.loads(head.extra) == {"insurance": "职工医保"}  # a retired field's value stays stored


def test_the_street_defaults_load_from_the_designer_at_the_street_office_only(street_db, qtbot, tmp_path):
    dialog = CardDesignerDialog()
    show_active(qtbot, dialog)
    assert not dialog.defaults.isHidden()
    qtbot.keyClick(focused(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # 载入全街道默认项
    qtbot.waitUntil(lambda: "已载入" in dialog.feedback.text(), timeout=3000)  # a mnemonic clicks a moment later
    assert CardField.select().where(CardField.community.is_null()).count() == 5
    assert dialog.table.rowCount() == 5 and "已载入全街道默认补充项 5 项" in dialog.feedback.text()
    dialog.grab().save("/tmp/design-designer.png")
    qtbot.keyClick(focused(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # again: nothing added
    qtbot.waitUntil(lambda: "没有新增" in dialog.feedback.text(), timeout=3000)
    assert CardField.select().count() == 5
    dialog.close()


def test_the_street_defaults_are_asked_on_the_entry_form(community_db, qtbot):
    from gridapp.services import cardbook

    designer = CardDesignerDialog()
    qtbot.addWidget(designer)
    assert designer.defaults.isHidden()  # a community office: no such button
    cardfields.add_missing(None, cardbook.street_defaults(), "同步自街道")  # as the street's fields come in
    drafts.discard(drafts.ENTRY)
    form = CardEntryForm()
    show_active(qtbot, form)
    form.grid.setCurrentIndex(1)
    assert "civil_aid" in form.extra_inputs.widgets
    assert {"party_relation", "medical_insurance", "pension", "children"} <= set(form.head.extra.widgets)
    assert form.extra_layout.labelForField(form.extra_inputs.widgets["civil_aid"]).text() == "民政救助"
