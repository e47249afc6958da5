"""The 考评 page (Ctrl+8) and menu: the monthly meeting, the visit log, the year."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from forms.screens import LazyPage


def _screen() -> QWidget:
    from forms.appraisal.screen import AppraisalScreen
    return AppraisalScreen()


def add_appraisal(window: QMainWindow, pages) -> int:
    """Add the page after the others and the 考评 menu; return the page's index."""
    index = pages.addTab(LazyPage(_screen, lambda w: w.view), "考评(&8)")
    menu = window.menuBar().addMenu("考评(&K)")

    def show() -> QWidget:
        pages.show_page(index)
        return pages.widget(index).ensure()

    for text, keys, slot in (("月度考评(&M)", "Ctrl+8", show),
                             ("走访日志(&V)…", None, lambda: show().visit_log()),
                             ("年度考评(&Y)…", None, lambda: show().year()),
                             ("打印考评表(&P)…", None, lambda: show().print_sheets()),
                             ("导出考评模板(&E)…", None, lambda: show().export_template()),
                             ("导入考评模板(&I)…", None, lambda: show().import_template())):
        action = QAction(text, window)
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _=False, slot=slot: slot())
        menu.addAction(action)
    return index
