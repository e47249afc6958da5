"""What the 日常工作 tabs share: the day they are seen on (given in tests), a status line that
says what was done or refused, and a date field typed as yyyy-MM-dd."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QDateEdit, QLabel, QWidget
from shiboken6 import isValid

from forms.cards.widgets import ERROR_STYLE, OK_STYLE


def date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def keys_back(run):
    """Run ``run()`` (a modal dialog or progress) and give the keyboard back to the window and
    the field it was on; ``run``'s result."""
    focused = QApplication.focusWidget()
    try:
        return run()
    finally:
        if focused is not None and isValid(focused):
            focused.window().activateWindow()
            focused.setFocus()


class DailyTab(QWidget):
    _today: dt.date | None = None
    status: QLabel

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.status.setText(text)
