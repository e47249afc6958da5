"""The list builder and the own categories, driven by the keyboard alone; what they save is
read back from the database."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from gridapp import categories as cats
from gridapp.models import Household, OwnCategory, Person
from gridapp.services import listbuilder
from gridapp.services.checks import age_on
from gridapp.services.ledgerquery import keys
from tests.gui.test_ledger_screens import saved_to, type_chinese  # noqa: F401 (a fixture)
from tests.gui.test_mnemonics import shown_keys, twice

MENU_KEYS = set("FCTKJOPSUH")
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _alt(qtbot, key):
    qtbot.keyClick(QApplication.focusWidget(), key, ALT)
    qtbot.wait(160)  # a button's Alt+key clicks it after a short press on screen


def _down_to(qtbot, widget, count):
    qtbot.keyClick(widget, Qt.Key.Key_Home)
    for _ in range(count):
        qtbot.keyClick(widget, Qt.Key.Key_Down)


def _shown(qtbot, dialog):
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
    found = shown_keys(dialog)
    assert found and twice(found) == {} and not {k for k, _t in found} & MENU_KEYS


def _opened(qtbot, name, body):
    """The builder on a list saved beforehand, opened from 已保存的名单 by keyboard."""
    from forms.ledgers.builder import ListBuilderDialog

    listbuilder.save(name, body)
    dialog = ListBuilderDialog()
    qtbot.addWidget(dialog)
    _shown(qtbot, dialog)
    _alt(qtbot, Qt.Key.Key_L)
    _down_to(qtbot, dialog.saved, dialog.saved.findData(name))
    _alt(qtbot, Qt.Key.Key_D)
    return dialog


def test_a_list_is_built_and_saved_by_keyboard_only(opened_db, qtbot):
    from forms.ledgers.builder import ListBuilderDialog

    dialog = ListBuilderDialog()
    qtbot.addWidget(dialog)
    _shown(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.name
    type_chinese(dialog.name, "老年妇女")
    # a condition: 性别 = 女 (the first, empty row stays empty and is left out)
    _alt(qtbot, Qt.Key.Key_A)
    row = dialog.rows[-1]
    assert QApplication.focusWidget() is row.subject
    _down_to(qtbot, row.subject, row.subject.findData("gender"))
    qtbot.keyClick(row.subject, Qt.Key.Key_Tab)
    qtbot.keyClick(row.operator, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is row.value
    _down_to(qtbot, row.value, row.value.findText("女"))
    # and 年龄 >= 60
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, CTRL)
    row = dialog.rows[-1]
    _down_to(qtbot, row.subject, row.subject.findData("age"))
    qtbot.keyClick(row.subject, Qt.Key.Key_Tab)
    _down_to(qtbot, row.operator, row.operator.findData(">="))
    qtbot.keyClick(row.operator, Qt.Key.Key_Tab)
    type_chinese(row.value.lineEdit(), "６０")  # full-width digits are taken
    # a column: 身份证号 after the default ones, then 姓名 moved first
    _alt(qtbot, Qt.Key.Key_1)
    assert QApplication.focusWidget() is dialog.available
    headers = [dialog.available.item(i).text() for i in range(dialog.available.count())]
    _down_to(qtbot, dialog.available, headers.index("身份证号"))
    _alt(qtbot, Qt.Key.Key_G)
    _alt(qtbot, Qt.Key.Key_2)
    shown = [dialog.shown.item(i).text() for i in range(dialog.shown.count())]
    _down_to(qtbot, dialog.shown, shown.index("姓名"))
    for _ in range(shown.index("姓名")):
        _alt(qtbot, Qt.Key.Key_8)
    # a preview, in the background
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "共" in dialog.count.text(), timeout=20000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    assert "已保存名单“老年妇女”" in dialog.message.text()

    saved = listbuilder.saved_body("老年妇女")
    assert saved["conditions"] == ["性别=女", "年龄>=60"]
    assert saved["columns"][0] == "name" and "id_number" in saved["columns"]
    today = dt.date.today()
    expected = {p.id for p in Person.select().join(Household).where(
        Person.deleted == False, Person.departed_on.is_null(), Household.deleted == False,  # noqa: E712
        Household.departed_on.is_null(), Person.gender == "F", Person.birth_date.is_null(False))
        if age_on(p.birth_date, today) >= 60}
    found = keys(listbuilder.query("老年妇女"))
    assert len(found) == len(expected) > 0
    assert f"共 {len(expected)} 行" in dialog.count.text()
    assert dialog.table.horizontalHeaderItem(0).text() == "姓名"


def test_the_builder_keeps_its_draft_on_esc_and_opens_renames_a_saved_list(opened_db, qtbot):
    from forms.ledgers.builder import ListBuilderDialog

    dialog = _opened(qtbot, "党员", {"conditions": ["类别=党员"], "columns": ["name"]})
    assert dialog.name.text() == "党员" and dialog.rows[0].parts() == ("category", "=", "党员")
    _alt(qtbot, Qt.Key.Key_M)
    dialog.name.selectAll()
    type_chinese(dialog.name, "全部党员")
    _alt(qtbot, Qt.Key.Key_R)
    assert listbuilder.find("全部党员") is not None and listbuilder.find("党员") is None
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    again = ListBuilderDialog()
    qtbot.addWidget(again)
    _shown(qtbot, again)
    assert again.name.text() == "全部党员" and "已恢复" in again.message.text()


def test_a_list_with_condition_groups_opens_to_preview_only_and_keeps_its_groups(opened_db, qtbot, saved_to,
                                                                                  tmp_path):
    body = {"conditions": ["性别=女", {"match": "any", "conditions": ["年龄<18", "年龄>=80"]}], "columns": ["name"]}
    dialog = _opened(qtbot, "女童或高龄妇女", body)  # as ``lists add --group`` saves it
    stored = listbuilder.find("女童或高龄妇女").body
    assert "嵌套的条件组" in dialog.message.text() and "命令行" in dialog.message.text()
    assert not dialog.save_button.isEnabled() and not dialog.rename_button.isEnabled()
    assert not dialog.add_button.isEnabled() and not dialog.rows[0].isEnabled()  # 性别=女 shown, not editable
    qtbot.waitUntil(lambda: "共" in dialog.count.text(), timeout=20000)  # the preview counts the groups too
    assert f"共 {len(keys(listbuilder.query('女童或高龄妇女')))} 行" in dialog.count.text()
    assert "（年龄<18 或 年龄>=80）" in dialog.count.text()
    _alt(qtbot, Qt.Key.Key_M)
    type_chinese(dialog.name, "二")
    for key in (Qt.Key.Key_S, Qt.Key.Key_N):  # Ctrl+S, Ctrl+N: refused, said why
        dialog.message.clear()
        qtbot.keyClick(QApplication.focusWidget(), key, CTRL)
        assert "嵌套的条件组" in dialog.message.text()
    _alt(qtbot, Qt.Key.Key_R)
    assert listbuilder.find("女童或高龄妇女").body == stored and listbuilder.find("女童或高龄妇女二") is None
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, CTRL)  # exported with its groups
    qtbot.waitUntil(lambda: "已导出" in dialog.message.text(), timeout=20000)
    assert f"已导出 {len(keys(listbuilder.query('女童或高龄妇女')))} 行" in dialog.message.text()
    listbuilder.save("女性", {"conditions": ["性别=女"], "columns": ["name"]})
    dialog._fill_saved()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
    _alt(qtbot, Qt.Key.Key_L)
    _down_to(qtbot, dialog.saved, dialog.saved.findData("女性"))
    _alt(qtbot, Qt.Key.Key_D)  # a flat list opens to edit again
    assert dialog.save_button.isEnabled() and dialog.rows[0].isEnabled() and "嵌套" not in dialog.message.text()


def test_the_menu_opens_both_with_their_own_shortcuts(window):
    actions = {a.text(): a for m in window.menuBar().actions() for a in m.menu().actions()}
    assert actions["按需名单(&N)…"].shortcut() == QKeySequence("Ctrl+Shift+B")
    assert actions["自定义类别(&Y)…"].shortcut() == QKeySequence("Ctrl+Shift+K")
    every = [a.shortcut().toString() for m in window.menuBar().actions() for a in m.menu().actions()
             if not a.shortcut().isEmpty()]
    assert len(every) == len(set(every))


def test_an_own_category_is_added_by_keyboard_only(opened_db, qtbot):
    from forms.cards.owncategories import OwnCategoriesDialog

    try:
        dialog = OwnCategoriesDialog()
        qtbot.addWidget(dialog)
        _shown(qtbot, dialog)
        assert QApplication.focusWidget() is dialog.label
        type_chinese(dialog.label, "重点人口")
        _alt(qtbot, Qt.Key.Key_M)
        type_chinese(dialog.symbol, "重")
        _alt(qtbot, Qt.Key.Key_R)
        _down_to(qtbot, dialog.colour, 4)
        _alt(qtbot, Qt.Key.Key_G)
        _down_to(qtbot, dialog.privacy, 1)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
        assert "已保存类别“重点人口”" in dialog.message.text()
        row = OwnCategory.get(OwnCategory.label == "重点人口")
        assert (row.code, row.level, row.symbol, row.colour, row.privacy) == \
            ("zdrk", "person", "重", "#1e6fd9", "public")
        assert cats.BY_LABEL["重点人口"].own and dialog.table.rowCount() == 1
        from forms.cards.widgets import CategoryPicker

        picker = CategoryPicker("person")  # the entry form offers it at once
        qtbot.addWidget(picker)
        assert "重点人口" in [c.label for c in picker.options]
        # edited, then retired, from the list
        _alt(qtbot, Qt.Key.Key_L)
        _down_to(qtbot, dialog.table, 0)
        _alt(qtbot, Qt.Key.Key_N)
        dialog.label.selectAll()
        type_chinese(dialog.label, "重点关注")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
        _alt(qtbot, Qt.Key.Key_X)
        row = OwnCategory.get_by_id(row.id)
        assert row.label == "重点关注" and row.retired and "重点关注" not in cats.BY_LABEL
        # a new one half typed is kept on Esc
        _alt(qtbot, Qt.Key.Key_A)
        type_chinese(dialog.label, "低保户")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
        again = OwnCategoriesDialog()
        qtbot.addWidget(again)
        _shown(qtbot, again)
        assert again.label.text() == "低保户" and again.editing is None
    finally:
        cats.set_own(())


def test_the_list_as_it_stands_is_exported_masked_and_audited(opened_db, qtbot, saved_to, tmp_path):
    from openpyxl import load_workbook

    from gridapp.models import AuditEntry

    dialog = _opened(qtbot, "党员", {"conditions": ["类别=党员"], "columns": ["name", "id_number"]})
    _alt(qtbot, Qt.Key.Key_Q)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # Tab reaches the conditions after 条件组合
    assert QApplication.focusWidget() is dialog.rows[0].subject
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: "已导出" in dialog.message.text(), timeout=20000)
    rows = list(load_workbook(tmp_path / "saved.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:2] == ("姓名", "身份证号") and len(rows) - 1 == len(keys(listbuilder.query("党员")))
    assert all("*" in r[1] for r in rows[1:] if r[1])
    assert AuditEntry.select().where(AuditEntry.action == "export", AuditEntry.row_id == "党员").count() == 1


def test_the_statistics_show_supplementary_fields_under_their_own_tab(opened_db, qtbot):
    from forms.stats.screen import StatsScreen

    screen = StatsScreen()
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.data is not None, timeout=30000)
    qtbot.keyClick(screen.places.community, Qt.Key.Key_Y, ALT)
    assert screen.tabs.currentWidget() is screen.extra
    items = [screen.extra.item(r, 1).text() for r in range(screen.extra.rowCount())]
    first = screen.data["fields"][0]
    assert screen.extra.item(0, 0).text() == f"{first['label']}（{'人' if first['counts'] == 'persons' else '户'}）"
    assert [v["value"] for v in first["values"]] == items[1:1 + len(first["values"])]
    assert int(screen.extra.item(1, 2).text()) == first["values"][0]["total"]


def test_the_ledger_screen_takes_a_list_saved_meanwhile(opened_db, qtbot):
    from forms.ledgers.screen import LedgerScreen

    screen = LedgerScreen("population")
    qtbot.addWidget(screen)
    listbuilder.save("新名单", {"conditions": ["性别=女"], "columns": ["name"]})
    screen.reload_lists()
    assert screen.ledger_box.findData("新名单") >= 0 and screen.ledger_box.currentData() == "population"
    listbuilder.remove("新名单")
    screen.reload_lists()
    assert screen.ledger_box.findData("新名单") < 0


def test_a_clerk_sees_the_own_categories_but_cannot_add_one(opened_db, qtbot, monkeypatch):
    from forms.cards.owncategories import OwnCategoriesDialog

    monkeypatch.setattr("gridapp.store.roles.current_role", lambda: "clerk")
    dialog = OwnCategoriesDialog()
    qtbot.addWidget(dialog)
    _shown(qtbot, dialog)
    assert "无权" in dialog.message.text()
    type_chinese(dialog.label, "某类")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)
    assert "权" in dialog.message.text() and OwnCategory.select().count() == 0
