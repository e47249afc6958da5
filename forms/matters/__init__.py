"""The 事项 page (Ctrl+9), the intake form from anywhere (Ctrl+Shift+E), and a household's
matters under its members on the households page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QWidget

from forms.screens import LazyPage

PAGE_KEY = "Ctrl+9"
INTAKE_KEY = "Ctrl+Shift+E"


def _screen() -> QWidget:
    from forms.matters.screen import MattersScreen

    return MattersScreen()


def add_matters(window: QMainWindow, pages) -> int:
    """Add the page after the others and the 事项 menu; return the page's index."""
    index = pages.addTab(LazyPage(_screen, lambda w: w.view), "事项(&9)")
    menu = window.menuBar().addMenu("事项(&E)")

    def show() -> QWidget:
        pages.show_page(index)
        return pages.widget(index).ensure()

    def intake() -> None:
        from forms.matters.intake import MatterIntakeDialog

        dialog = MatterIntakeDialog(window)
        recorded: list[tuple[str, str]] = []
        dialog.recorded.connect(lambda matter_id, number: recorded.append((matter_id, number)))
        dialog.exec()
        if recorded:
            matter_id, number = recorded[0]
            screen = show()
            screen.refresh(select=matter_id)
            window.activateWindow()
            screen.view.setFocus()
            window.statusBar().showMessage(f"已登记事项 {number}", 8000)

    for text, keys, slot in (("事项列表(&L)", PAGE_KEY, show), ("登记事项(&N)…", INTAKE_KEY, intake)):
        action = QAction(text, window)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(lambda _=False, slot=slot: slot())
        menu.addAction(action)
    _household_matters(window)
    return index


def _household_matters(window: QMainWindow) -> None:
    """Under the selected household's members: its matters, newest first."""
    from forms.cards.rows import RowsModel, table
    from gridapp.services import matterlist

    model = RowsModel([("编号", "number"), ("类型", "kind"), ("状态", "state"), ("承诺办结", "promised_on"),
                       ("内容", "description")], lambda r: "#c00000" if r["overdue"] else None, window)
    view = table(model, [90, 70, 80, 90])
    label = QLabel("本户事项")
    splitter = window.members.parentWidget().parentWidget()
    if isinstance(splitter, QSplitter):
        from forms.mainwindow import _pane

        splitter.addWidget(_pane(label, view))
        QWidget.setTabOrder(window.members, view)
    window.household_matters = model

    def show(current, _previous=None) -> None:
        if not current.isValid():
            model.set_rows([])
            label.setText("本户事项")
            return
        rows = matterlist.of_household(window.households_model.row(current.row())["id"])
        model.set_rows(rows)
        label.setText(f"本户事项：{len(rows)} 个")

    window.households.selectionModel().currentRowChanged.connect(show)
