"""The main window's pages: the two-day board first, then card entry, households and filing."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from forms.pages import BOARD, ENTRY, FILING


def test_pages_switch_from_the_keyboard_and_the_board_opens_a_card(window, qtbot):
    pages = window.pages
    qtbot.keyClick(window.tree, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert pages.currentIndex() == BOARD
    assert QApplication.focusWidget() is pages.board.open_view
    waiting = pages.board.open_model.rows
    assert waiting, "the demo has stacks waiting to be keyed"
    pages.board.open_view.selectRow(0)
    qtbot.keyClick(pages.board.open_view, Qt.Key.Key_Return)
    assert pages.currentIndex() == ENTRY
    assert pages.entry.card_no.text() == waiting[0]["card_no"]
    assert "应于" in pages.entry.header_note.text()
    assert pages.entry.grid.currentText() == waiting[0]["grid"]  # the intake's grid, not the first one
    assert QApplication.focusWidget() is pages.entry.head.name
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert pages.currentIndex() == FILING and QApplication.focusWidget() is pages.filing.scan
