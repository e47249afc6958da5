"""The 日常工作 page (Ctrl+0): the grid team's daily work in tabs, the work diary first, then
the must-visit follow-up, the duty rota, meetings and tasks; Alt+R, Alt+G, Alt+B, Alt+L (or
Ctrl+Tab) switch tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from forms.screens import add_page_with_menu


class DailyWorkScreen(QTabWidget):
    def __init__(self, parent=None):
        from forms.daily.diarytab import DiaryTab
        from forms.daily.followuptab import FollowUpTab
        from forms.daily.rotatab import RotaTab
        from forms.daily.taskstab import TasksTab

        super().__init__(parent)
        self.diary = DiaryTab()
        self.followup = FollowUpTab()
        self.addTab(self.diary, "民情日记(&R)")
        self.addTab(self.followup, "五必访跟踪(&G)")
        self.rota = RotaTab()
        self.addTab(self.rota, "值班表(&B)")
        self.tasks = TasksTab()
        self.addTab(self.tasks, "例会与任务(&L)")
        self.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.currentChanged.connect(lambda _n: self.currentWidget().setFocus())

    def show_tab(self, page: QWidget) -> None:
        self.setCurrentWidget(page)
        page.setFocus()


def add_daily(window: QMainWindow, pages) -> int:
    """Add the page after the others and its menu; return the page's index."""
    return add_page_with_menu(window, pages, DailyWorkScreen, lambda w: w.diary, "日常工作(&0)", "日常工作(&O)", (
        ("民情日记(&J)", "Ctrl+0", lambda page: page.show_tab(page.diary)),
        ("五必访跟踪(&F)", None, lambda page: page.show_tab(page.followup)),
        ("值班表(&D)", None, lambda page: page.show_tab(page.rota)),
        ("例会与任务(&L)", None, lambda page: page.show_tab(page.tasks))))
