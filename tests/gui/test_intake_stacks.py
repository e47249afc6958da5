"""Ctrl+R: the grid's post-A worker by default, and a stack logged wrongly corrected or removed by keyboard."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from forms.cards.intake import IntakeDialog
from forms.cards.stacks import StackFixDialog
from gridapp.models import AuditEntry, Card, Grid
from tests.cards.helpers import grid_and_worker, show_active

GRID = "第十二网格"

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")


def _live(prefix="8") -> list[str]:
    return sorted(c.card_no for c in Card.live().where(Card.card_no.startswith(prefix)))


def _choose_grid(qtbot, dialog, name):
    wanted = Grid.get(Grid.name == name).id
    dialog.grid.setCurrentIndex(next(i for i in range(dialog.grid.count()) if dialog.grid.itemData(i) == wanted))


def test_the_worker_defaults_to_the_grids_post_a_worker(community_db, qtbot):
    dialog = IntakeDialog()
    show_active(qtbot, dialog)
    for name in ("第三网格", GRID):
        _choose_grid(qtbot, dialog, name)
        assert dialog.worker.currentText() == grid_and_worker(name)[1].name


def test_a_stack_is_corrected_then_removed_from_the_list_by_keyboard(community_db, qtbot, when_shown, monkeypatch):
    dialog = IntakeDialog()
    show_active(qtbot, dialog)
    _choose_grid(qtbot, dialog, GRID)
    worker = dialog.worker.currentText()
    dialog.numbers.setFocus()
    qtbot.keyClicks(dialog.numbers, "8801-8805")
    qtbot.keyClick(dialog.numbers, Qt.Key.Key_Return)
    assert _live() == ["8801", "8802", "8803", "8804", "8805"]
    assert dialog.recent.rows[0]["numbers"] == "8801–8805"

    qtbot.keyClick(dialog, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)  # 最近接收(&L)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.recent.view, timeout=3000)
    other = dialog.worker.itemText(1 if dialog.worker.itemText(0) == worker else 0)

    def correct(fix):
        qtbot.waitUntil(lambda: QApplication.focusWidget() is fix.worker, timeout=3000)
        fix.worker.setCurrentIndex(fix.worker.findText(other))
        qtbot.keyClick(fix.worker, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is fix.collected_on
        fix.collected_on.selectAll()
        qtbot.keyClicks(fix.collected_on, (dt.date.today() - dt.timedelta(days=1)).isoformat())
        qtbot.keyClick(fix.collected_on, Qt.Key.Key_Tab)
        qtbot.keyClick(fix.numbers, Qt.Key.Key_Tab)
        fix.count.selectAll()
        qtbot.keyClicks(fix.count, "3")
        qtbot.keyClick(fix.count, Qt.Key.Key_Return)

    when_shown(StackFixDialog, correct)
    qtbot.keyClick(dialog.recent.view, Qt.Key.Key_Return)
    assert _live() == ["8801", "8802", "8803"]
    cards = list(Card.live().where(Card.card_no.startswith("88")))
    assert {c.collected_by.name for c in cards} == {other}
    assert {c.collected_on for c in cards} == {dt.date.today() - dt.timedelta(days=1)}
    assert "已更正：8801–8803" in dialog.message.text()

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.activateWindow()  # as the window manager does when a modal dialog closes
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.recent.view, timeout=3000)
    assert dialog.recent.rows[dialog.recent.view.currentRow()]["numbers"] == "8801–8803"
    qtbot.keyClick(dialog.recent.view, Qt.Key.Key_Delete)
    assert _live() == [] and "已删除：8801–8803" in dialog.message.text()
    assert AuditEntry.select().where(AuditEntry.action == "stack.remove").count() == 1
    assert dialog.isVisible()
