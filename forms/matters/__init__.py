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
    menu = window.menuBar().addMenu("事项(&J)")

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

    for text, keys, slot in (("事项列表(&L)", PAGE_KEY, show), ("登记事项(&N)…", INTAKE_KEY, intake),
                             ("事项月报(&R)…", None, lambda: month_report(window))):
        action = QAction(text, window)
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(lambda _=False, slot=slot: slot())
        menu.addAction(action)
    _household_matters(window)
    return index


def month_report(window: QMainWindow) -> str | None:
    """Ask for a month and a file; write the month's matters report (PDF or XLSX) for this office."""
    import datetime as dt
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    from gridapp.errors import UserError
    from gridapp.services.matterstats import month_report as figures
    from gridapp.services.scope import resolve
    from gridapp.store.session import current_user
    from reports.matters_report import write_pdf, write_xlsx

    last = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")
    month, ok = QInputDialog.getText(window, "事项月报", "月份（YYYY-MM）：", text=last)
    if not ok:
        return None
    name, _ = QFileDialog.getSaveFileName(window, "保存事项月报", str(Path.home() / f"事项月报{month.strip()}.pdf"),
                                          "PDF 文件 (*.pdf);;Excel 文件 (*.xlsx)")
    if not name:
        return None
    try:
        data = figures(month.strip(), resolve())
        (write_xlsx if name.lower().endswith(".xlsx") else write_pdf)(data, name, made_by=current_user())
    except (UserError, OSError) as exc:
        QMessageBox.information(window, "事项月报", str(exc))
        return None
    window.statusBar().showMessage(f"事项月报已保存：{name}", 8000)
    return name


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
        from forms.cards.widgets import pane

        splitter.addWidget(pane(label, view))
        QWidget.setTabOrder(window.members, view)
    window.household_matters, window.household_matters_view = model, view

    def show(current, _previous=None) -> None:
        if not current.isValid():
            model.set_rows([])
            label.setText("本户事项")
            return
        rows = matterlist.of_household(window.households_model.row(current.row())["id"])
        model.set_rows(rows)
        label.setText(f"本户事项：{len(rows)} 个")

    window.households.selectionModel().currentRowChanged.connect(show)
