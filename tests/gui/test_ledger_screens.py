"""The ledger, statistics and affairs screens driven from the keyboard."""


import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QFileDialog

from gridapp.models import AuditEntry, Person


@pytest.fixture
def saved_to(monkeypatch, tmp_path):
    asked = []

    def ask(parent, caption, suggested, filters):
        asked.append(suggested)
        return str(tmp_path / "saved"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    return asked


def type_chinese(field, text):
    """Chinese arrives from the input method as a committed string (QTest types ASCII only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def choose(qtbot, combo, data):
    """Pick an item of a focused combo box with Home and Down, as a user would."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key_Home)
    for _ in range(combo.findData(data)):
        qtbot.keyClick(combo, Qt.Key_Down)
    assert combo.currentData() == data


def _wait(qtbot, model):
    qtbot.waitUntil(lambda: not model.loading, timeout=20000)


@pytest.fixture
def ledger(opened_db, qtbot):
    from forms.ledgers.screen import LedgerScreen

    screen = LedgerScreen("population")
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    qtbot.waitExposed(screen)
    _wait(qtbot, screen.model)
    return screen


def test_filter_by_typing_sort_by_keyboard_and_export(ledger, qtbot, saved_to, tmp_path):
    everyone = Person.select().where(Person.departed_on.is_null()).count()
    assert len(ledger.model.keys) == everyone and ledger.model.rowCount() < everyone  # read a page at a time
    ledger.view.scrollToBottom()
    qtbot.waitUntil(lambda: ledger.model.fetched() > 200)

    ledger.text.setFocus()
    type_chinese(ledger.text, "王")
    qtbot.waitUntil(lambda: ledger.count.text().startswith("共") and len(ledger.model.keys) < everyone,
                    timeout=20000)
    name, head, address = (ledger.ledger.columns.index(ledger.ledger.column(k)) for k in ("name", "head", "address"))
    shown = [ledger.model.row(i) for i in range(ledger.model.rowCount())]
    assert shown and all("王" in r[name] or "王" in r[head] or "王" in r[address] for r in shown)

    qtbot.keyClick(ledger.text, Qt.Key_R, Qt.AltModifier)  # 排序(&R)
    assert ledger.sort_box.hasFocus()
    choose(qtbot, ledger.sort_box, "age")
    qtbot.keyClick(ledger.sort_box, Qt.Key_Tab)
    qtbot.keyClick(ledger.descending, Qt.Key_Space)  # 降序
    qtbot.waitUntil(lambda: ledger.model.query.sort == (("age", True),) and not ledger.model.loading, timeout=20000)
    age = ledger.ledger.columns.index(ledger.ledger.column("age"))
    ages = [int(ledger.model.row(i)[age]) for i in range(ledger.model.rowCount())]
    assert ages == sorted(ages, reverse=True)
    oldest = Person.select().where(Person.name.contains("王"), Person.departed_on.is_null()) \
        .order_by(Person.birth_date).first()
    assert ledger.model.row(0)[name] == oldest.name or ages[0] == ages[1]

    qtbot.keyClick(ledger.view, Qt.Key_E, Qt.ControlModifier)
    qtbot.waitUntil(lambda: "已导出" in ledger.count.text(), timeout=20000)
    rows = list(load_workbook(tmp_path / "saved.xlsx").active.iter_rows(values_only=True))
    assert rows[0][name] == "姓名" and len(rows) - 1 == len(ledger.model.keys)
    assert [r[age] for r in rows[1:]] == sorted((r[age] for r in rows[1:]), reverse=True)
    assert AuditEntry.select().where(AuditEntry.action == "export", AuditEntry.row_id == "population").count() == 1


def test_choose_another_ledger_and_a_filter_by_keyboard(ledger, qtbot):
    qtbot.keyClick(ledger.text, Qt.Key_L, Qt.AltModifier)  # 台账(&L)
    assert ledger.ledger_box.hasFocus()
    choose(qtbot, ledger.ledger_box, "floating")
    _wait(qtbot, ledger.model)
    assert ledger.ledger.name == "floating"
    assert len(ledger.model.keys) == Person.select().where(Person.status == "inflow").count()
    choose(qtbot, ledger.filter_boxes["state"], "gone")
    _wait(qtbot, ledger.model)
    assert ledger.model.keys == []


def test_statistics_screen_shows_grids_side_by_side_and_charts(opened_db, qtbot, saved_to, tmp_path):
    from forms.stats.screen import StatsScreen

    screen = StatsScreen()
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    qtbot.waitUntil(lambda: screen.data is not None, timeout=20000)
    assert screen.grids.rowCount() == 14
    assert screen.grids.item(0, 1).text() == "第一网格"
    assert "第一网格" in screen.bars.toolTip() and "85+ 岁" in screen.pyramid.toolTip()
    qtbot.keyClick(screen.tabs, Qt.Key_B, Qt.AltModifier)  # 图表(&B)
    assert screen.tabs.currentIndex() == 2
    choose(qtbot, screen.measure, "must_visit")
    assert screen.bars.title == "每个网格的必访人数"
    qtbot.keyClick(screen.measure, Qt.Key_E, Qt.ControlModifier)
    qtbot.waitUntil(lambda: "已保存" in screen.status.text(), timeout=20000)
    sheet = load_workbook(tmp_path / "saved.xlsx")["分网格"]
    assert sheet.max_row == 17 and sheet["B3"].value == "第一网格"  # date and place, header, 14 grids, total


def test_affairs_screen_finds_by_initials_and_common_names(opened_db, qtbot):
    from forms.affairs import AffairsScreen

    screen = AffairsScreen()
    qtbot.addWidget(screen)
    screen.show()
    assert not screen.import_button.isVisible()  # a community reads the street's list
    screen.search.setFocus()
    type_chinese(screen.search, "低保")
    qtbot.keyClick(screen.search, Qt.Key_Return)
    assert screen.model.rows[0]["name"] == "最低生活保障申请"
    assert "社会救助暂行办法" in screen.detail.toPlainText()
    screen.search.clear()
    qtbot.keyClicks(screen.search, "jzz")
    qtbot.keyClick(screen.search, Qt.Key_Return)
    assert [r["name"] for r in screen.model.rows] == ["居住证办理"]
    assert "尚待街道办核实" in screen.detail.toPlainText()


def test_main_window_opens_a_ledger_for_the_trees_grid(window, qtbot):
    from forms.screens import LazyPage

    window.activateWindow()
    qtbot.waitActive(window)
    tree = window.tree
    tree.setFocus()
    community = tree.currentIndex()
    tree.expand(community)
    qtbot.waitUntil(lambda: window.tree_model.rowCount(community) > 0)
    qtbot.keyClick(tree, Qt.Key_Down)
    qtbot.keyClick(tree, Qt.Key_Down)  # 第二网格
    assert window.tree_model.node(tree.currentIndex())["name"] == "第二网格"
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "统计台账(&T)")
    must_visit = next(a for a in menu.actions() if a.text().startswith("必访人员名单"))
    must_visit.trigger()
    page = window.pages.currentWidget()
    assert isinstance(page, LazyPage) and page.content is not None
    screen = page.content
    _wait(qtbot, screen.model)
    assert screen.ledger.name == "must-visit" and screen.places.grid.currentText() == "第二网格"
    grid = screen.ledger.columns.index(screen.ledger.column("grid"))
    assert screen.model.rowCount() and {screen.model.row(i)[grid] for i in range(screen.model.rowCount())} == {"第二网格"}
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_5, Qt.ControlModifier)
    assert window.pages.currentWidget().content.__class__.__name__ == "StatsScreen"
    qtbot.waitUntil(lambda: window.pages.currentWidget().content.data is not None, timeout=20000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_7, Qt.ControlModifier)
    assert QApplication.focusWidget() is window.pages.currentWidget().content.search
