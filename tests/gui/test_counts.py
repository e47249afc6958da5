"""The status bar's counts follow a card saved in the entry form, without a restart."""

import datetime as dt
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from forms.pages import ENTRY
from tests.cards.helpers import new_id
from tests.cards.test_entry_form import key_card
from tests.gui.test_mnemonics import OFFSCREEN_MENUS


def counts(window) -> tuple[int, int]:
    found = re.search(r"(\d+) 户 · (\d+) 人", window.counts_label.text())
    return (int(found[1]), int(found[2])) if found else (-1, -1)


@OFFSCREEN_MENUS
def test_saving_a_card_updates_the_status_bar(window, qtbot):
    qtbot.waitUntil(lambda: counts(window) != (-1, -1), timeout=20000)
    households, persons = counts(window)
    window.pages.show_page(ENTRY)
    entry = window.pages.entry
    qtbot.waitUntil(lambda: QApplication.focusWidget() is entry.card_no, timeout=3000)
    key_card(qtbot, entry, "K9001", "601", new_id(dt.date(1971, 1, 2), 11), new_id(dt.date(1973, 3, 4), 22))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "档案号" in entry.result.text()
    qtbot.waitUntil(lambda: counts(window) == (households + 1, persons + 2), timeout=20000)
