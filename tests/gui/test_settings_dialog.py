"""设置 from the keyboard: a community's own value is written, the street-wide one stays."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gridapp import settings
from gridapp.models import Community
from tests.cards.helpers import show_active


def test_a_community_changes_its_deadline_and_a_board_switch(opened_db, qtbot):
    from forms.settingsdialog import SettingsDialog

    community = Community.live().get()
    dialog = SettingsDialog()
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    assert dialog.scope.currentData() == community.id  # a community office starts at its own community
    due = dialog.editors["cards.due_days"]
    due.setFocus()
    qtbot.keyClick(due, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(due, "3")
    qtbot.keyClick(dialog, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)  # the 公示栏 tab
    assert dialog.tabs.currentIndex() == 3
    pregnant = dialog.editors["boards.show.pregnant"]
    assert not pregnant.isChecked()  # health categories stay off public boards unless switched on
    pregnant.setFocus()
    qtbot.keyClick(pregnant, Qt.Key.Key_Space)
    assert pregnant.isChecked(), QApplication.focusWidget()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert settings.get("cards.due_days", community) == 3
    assert settings.get("boards.show.pregnant", community) is True
    assert settings.get("cards.due_days") == 2  # street-wide: unchanged
