"""The 考评 page (Ctrl+8) and menu: the monthly meeting, the visit log, the year."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow, QWidget

from forms.screens import add_page_with_menu


def _screen() -> QWidget:
    from forms.appraisal.screen import AppraisalScreen
    return AppraisalScreen()


def add_appraisal(window: QMainWindow, pages) -> int:
    """Add the page after the others and the 考评 menu; return the page's index."""
    return add_page_with_menu(window, pages, _screen, lambda w: w.view, "考评(&8)", "考评(&K)", (
        ("月度考评(&M)", "Ctrl+8", lambda page: page),
        ("走访日志(&V)…", None, lambda page: page.visit_log()),
        ("年度考评(&Y)…", None, lambda page: page.year()),
        ("打印考评表(&P)…", None, lambda page: page.print_sheets()),
        ("导出考评模板(&E)…", None, lambda page: page.export_template()),
        ("导入考评模板(&I)…", None, lambda page: page.import_template())))
