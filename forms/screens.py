"""Statistics, ledgers and the community affairs list as pages of the main window (built
when first shown), and the 统计台账 menu: each ledger for the tree's current community or
grid (Ctrl+5 statistics, Ctrl+6 ledgers, Ctrl+7 affairs), the list builder (Ctrl+Shift+B), the
own categories (Ctrl+Shift+K) and the Excel import wizard."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QVBoxLayout, QWidget

from gridapp.models import Building, Grid
from gridapp.services.ledgers import LEDGERS


class LazyPage(QWidget):
    """A page whose content is built the first time it is shown (and again after ``reset``)."""

    def __init__(self, build: Callable[[], QWidget], focus: Callable[[QWidget], QWidget], parent=None):
        super().__init__(parent)
        self._build, self._focus = build, focus
        self.content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.content is None:
            self.content = self._build()
            self._layout.addWidget(self.content)
            self.setFocusProxy(self._focus(self.content))
        return self.content

    def showEvent(self, event) -> None:
        self.ensure()
        super().showEvent(event)

    def reset(self) -> None:
        """Another database was opened: build afresh when next shown."""
        if self.content is not None:
            self.setFocusProxy(None)
            self.content.deleteLater()
            self.content = None
            if self.isVisible():
                self.ensure()


def add_page_with_menu(window: QMainWindow, pages, build: Callable[[], QWidget], focus: Callable[[QWidget], QWidget],
                       tab_title: str, menu_title: str, actions) -> int:
    """A page built when first shown, added after the others, and its menu: ``actions`` are
    (text, shortcut or None, slot taking the page's content). Returns the page's index."""
    index = pages.addTab(LazyPage(build, focus), tab_title)
    menu = window.menuBar().addMenu(menu_title)

    def show() -> QWidget:
        pages.show_page(index)
        return pages.widget(index).ensure()

    for text, keys, slot in actions:
        action = QAction(text, window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _=False, slot=slot: slot(show()))
        menu.addAction(action)
    return index


def _stats() -> QWidget:
    from forms.stats.screen import StatsScreen
    return StatsScreen()


def _ledgers() -> QWidget:
    from forms.ledgers.screen import LedgerScreen
    return LedgerScreen()


def _affairs() -> QWidget:
    from forms.affairs import AffairsScreen
    return AffairsScreen()


def add_pages(pages) -> dict[str, int]:
    """Add the three pages after the card pages; return their indexes by name."""
    added = {}
    for name, title, build, focus in (
            ("stats", "统计(&5)", _stats, lambda w: w.places.community),
            ("ledgers", "台账(&6)", _ledgers, lambda w: w.text),
            ("affairs", "社区事务(&7)", _affairs, lambda w: w.search)):
        added[name] = pages.addTab(LazyPage(build, focus), title)
    return added


def _where(node: dict | None) -> tuple[object, object]:
    """(community id, grid id) of a tree node; a building stands for its grid."""
    if not node:
        return None, None
    if node["kind"] == "community":
        return node["id"], None
    grid_id = node["id"] if node["kind"] == "grid" else \
        Building.get_by_id(node["id"]).grid_id if node["kind"] == "building" else None
    if grid_id is None:
        return None, None
    return Grid.get_by_id(grid_id).community_id, grid_id


def add_data_menu(window: QMainWindow, pages, indexes: dict[str, int]) -> None:
    menu = window.menuBar().addMenu("统计台账(&T)")

    def action(target, text: str, keys: str | None, slot) -> None:
        a = QAction(text, window)
        if keys:
            a.setShortcut(QKeySequence(keys))
        a.triggered.connect(slot)
        target.addAction(a)

    def show(name: str) -> QWidget:
        pages.show_page(indexes[name])
        return pages.widget(indexes[name]).ensure()

    def ledger(code: str) -> None:
        community_id, grid_id = _where(window.tree_model.node(window.tree.currentIndex()))
        show("ledgers").show_ledger(code, community_id, grid_id)

    def import_excel() -> None:
        from forms.importwizard import ImportWizard

        wizard = ImportWizard(window)
        if wizard.exec() and wizard.result is not None and wizard.result.imported:
            window.refresh()

    def build_list() -> None:
        from forms.ledgers.builder import ListBuilderDialog

        ListBuilderDialog(window).exec()
        shown = pages.widget(indexes["ledgers"]).content
        if shown is not None:
            shown.reload_lists()

    def own_categories() -> None:
        from forms.cards.owncategories import OwnCategoriesDialog
        from forms.pages import ENTRY

        dialog = OwnCategoriesDialog(window)
        dialog.exec()
        if dialog.to_entry:
            pages.show_page(ENTRY)

    action(menu, "统计报表(&S)", "Ctrl+5", lambda: show("stats"))
    action(menu, "台账(&L)", "Ctrl+6", lambda: show("ledgers"))
    action(menu, "社区事务清单(&A)", "Ctrl+7", lambda: show("affairs"))
    menu.addSeparator()
    for code, led in LEDGERS.items():
        action(menu, f"{led.title}（所选社区或网格）", None, lambda _=False, code=code: ledger(code))
    action(menu, "按需名单(&N)…", "Ctrl+Shift+B", build_list)
    action(menu, "自定义类别(&Y)…", "Ctrl+Shift+K", own_categories)
    menu.addSeparator()
    action(menu, "导入 Excel 旧台账(&I)…", "Ctrl+Shift+I", import_excel)
