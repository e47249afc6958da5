"""The 日常工作 page (Ctrl+0): the grid team's daily work in tabs, the work diary first, then
the must-visit follow-up, the duty rota, meetings and tasks, and the population changes; Alt+R,
Alt+G, Alt+B, Alt+L, Alt+Y (or Ctrl+Tab) switch tabs, and the 日常工作 menu's items take the same
letters as their tabs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow, QTabWidget, QWidget

from forms.screens import add_page_with_menu

# (title with its Alt+letter, the page's attribute, shortcut): the tabs and the menu's items alike
TABS = (("民情日记(&R)", "diary", "Ctrl+0"), ("五必访跟踪(&G)", "followup", None), ("值班表(&B)", "rota", None),
        ("例会与任务(&L)", "tasks", None), ("人口变动(&Y)", "changes", None))


class DailyWorkScreen(QTabWidget):
    def __init__(self, parent=None):
        from forms.daily.changestab import ChangesTab
        from forms.daily.diarytab import DiaryTab
        from forms.daily.followuptab import FollowUpTab
        from forms.daily.rotatab import RotaTab
        from forms.daily.taskstab import TasksTab

        super().__init__(parent)
        self.diary = DiaryTab()
        self.followup = FollowUpTab()
        self.rota = RotaTab()
        self.tasks = TasksTab()
        self.changes = ChangesTab()
        for title, name, _keys in TABS:
            self.addTab(getattr(self, name), title)
        self.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.currentChanged.connect(lambda _n: self.currentWidget().setFocus())

    def show_tab(self, page: QWidget) -> None:
        self.setCurrentWidget(page)
        page.setFocus()


def add_daily(window: QMainWindow, pages) -> int:
    """Add the page after the others and its menu; return the page's index."""
    return add_page_with_menu(window, pages, DailyWorkScreen, lambda w: w.diary, "日常工作(&0)", "日常工作(&O)", tuple(
        (title, keys, lambda page, name=name: page.show_tab(getattr(page, name))) for title, name, keys in TABS))
