"""The main window's pages: the two-day board first (the clerk's first screen), card entry,
the households browser and the filing register; Ctrl+1…4 switch between them. The card
menu opens intake, find and verification and prints a grid's binder index."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QTabWidget, QWidget

from forms.cards.board import TwoDayBoard
from forms.cards.entry import CardEntryForm
from forms.cards.find import FindDialog
from forms.cards.intake import IntakeDialog
from forms.cards.verify import VerifyDialog
from forms.filing.register import FilingRegister
from forms.tasks import Cancelled as TaskCancelled
from forms.tasks import run_with_progress
from gridapp.errors import UserError
from gridapp.models import Grid
from gridapp.services import filing
from gridapp.services.scope import grid_choices

BOARD, ENTRY, HOUSEHOLDS, FILING = range(4)


class Pages(QTabWidget):
    changed = Signal()  # households or people were saved here: counts and lists elsewhere are stale

    def __init__(self, households: QWidget, parent=None):
        super().__init__(parent)
        self.board = TwoDayBoard(load=False)  # loaded when its page is shown
        self.entry = CardEntryForm()
        self.filing = FilingRegister()
        for page, title in ((self.board, "两日录入(&1)"), (self.entry, "录入登记卡(&2)"),
                            (households, "住户(&3)"), (self.filing, "归档(&4)")):
            self.addTab(page, title)
        for n in range(4):
            QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self, activated=lambda n=n: self.show_page(n),
                      context=Qt.ShortcutContext.WindowShortcut)
        self.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays within a page; Ctrl+1…4 switch
        self.board.key_card.connect(self.key_card)
        self.board.open_unfinished.connect(self.open_unfinished)
        self.entry.saved.connect(lambda _result: (self.board.refresh(), self.filing.refresh(), self.changed.emit()))
        self.currentChanged.connect(self._entered)

    def show_page(self, n: int) -> None:
        self.setCurrentIndex(n)
        self._entered(n)

    def _entered(self, n: int) -> None:
        page = self.widget(n)
        if page is self.board:
            self.board.restored = self.entry.restored
            self.board.refresh()
            self.board.open_view.setFocus()
        elif page is self.entry:
            self.entry.refresh_buildings()  # buildings added or renamed in the tree meanwhile
            self.entry.card_no.setFocus()
        elif page is self.filing:
            self.filing.scan.setFocus()
        else:
            page.setFocus()

    def key_card(self, card_no: str) -> None:
        """Open the entry form on a received card (what it held and had not saved is kept)."""
        self.show_page(ENTRY)
        self.entry.open_received(card_no)

    def open_unfinished(self, key: str) -> None:
        self.show_page(ENTRY)
        self.entry.open_unfinished(key)

    def edit_household(self, household) -> None:
        self.show_page(ENTRY)
        self.entry.edit_household(household)

    def reload(self) -> None:
        """Another database was opened."""
        self.entry.load_grids()
        self.filing.load_grids()
        self.board.refresh()
        for n in range(self.count()):  # pages built when first shown start afresh
            if hasattr(self.widget(n), "reset"):
                self.widget(n).reset()


def add_card_menu(window: QMainWindow, pages: Pages) -> None:
    menu = window.menuBar().addMenu("登记卡(&C)")

    def action(text: str, keys: str | None, slot) -> None:
        a = QAction(text, window)
        if keys:
            a.setShortcut(QKeySequence(keys))
        a.triggered.connect(slot)
        menu.addAction(a)

    def intake() -> None:
        dialog = IntakeDialog(window)
        dialog.exec()
        pages.board.refresh()

    def find() -> None:
        dialog = FindDialog(window)
        dialog.open_household.connect(pages.edit_household)
        dialog.exec()
        pages.board.refresh()
        pages.changed.emit()  # people may have moved out

    def verify() -> None:
        VerifyDialog(window).exec()
        pages.board.refresh()
        pages.changed.emit()

    action("接收登记卡(&R)…", "Ctrl+R", intake)
    action("查找住户和人员(&F)…", "Ctrl+F", find)
    action("复核录入(&V)…", "Ctrl+Shift+V", verify)

    def design() -> None:
        from forms.cards.designer import CardDesignerDialog

        CardDesignerDialog(window).exec()
        pages.entry._grid_changed()  # the form asks what the design now asks

    action("登记卡设计(&D)…", "Ctrl+Shift+D", design)
    menu.addSeparator()
    action("打印归档目录(&I)…", "Ctrl+Shift+P", lambda: print_binder_index(window, pages))


def print_binder_index(window: QMainWindow, pages: Pages) -> None:
    """The binder index of the grid chosen on the filing page (or the first grid), as a PDF."""
    from reports.filing_index import write_index

    gid = pages.filing.grid.currentData()
    grid = Grid.get_by_id(gid) if gid else next((g for _, g in grid_choices()), None)
    if grid is None:
        return
    name, _ = QFileDialog.getSaveFileName(window, "保存归档目录", str(Path.home() / f"{grid.name}归档目录.pdf"),
                                          "PDF 文件 (*.pdf)")
    if not name:
        return
    try:
        rows = filing.register(grid=grid)
        run_with_progress(window, "正在生成归档目录…", lambda progress: write_index(grid, rows, name, progress))
    except (TaskCancelled, UserError) as exc:
        QMessageBox.information(window, "归档目录", str(exc) or "已取消。")
        return
    window.statusBar().showMessage(f"归档目录已保存：{name}", 8000)
