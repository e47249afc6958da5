"""Every Alt+letter on a page of the main window reaches one thing: a menu, or a field on the page."""

import re
from collections import Counter
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QTabBar, QTabWidget, QWidget

from forms.pages import ENTRY

OFFSCREEN_MENUS = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")

_MNEMONIC = re.compile(r"&([^&])")


def _key(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).upper() if found else None


def alt_keys(window) -> list[tuple[str, str]]:
    """(key, text) of each Alt+key among what the window shows: menus, labels, buttons, tabs."""
    return [(_key(a.text()), a.text()) for a in window.menuBar().actions()] + shown_keys(window.centralWidget())


def shown_keys(root: QWidget) -> list[tuple[str, str]]:
    """(key, text) of each Alt+key among the labels, buttons and tabs shown inside ``root``."""
    texts = []
    for w in root.findChildren(QWidget):
        if not w.isVisible():
            continue
        if isinstance(w, QLabel) and w.buddy() is not None:
            texts.append(w.text())
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count())]
    return [(k, t) for t in texts if (k := _key(t))]


def taken_twice(window) -> dict[str, list[str]]:
    return twice(alt_keys(window))


def twice(keys: list[tuple[str, str]]) -> dict[str, list[str]]:
    return {k: [t for key, t in keys if key == k] for k, count in Counter(k for k, _ in keys).items() if count > 1}


def each_tab(page: QWidget):
    """Show each tab of the page's tab widgets in turn (tabs inside tabs too); yield the tabs' names."""
    tabs = [t for t in page.findChildren(QTabWidget) if t.isVisible()]
    outer = [t for t in tabs if not any(o is not t and o.isAncestorOf(t) for o in tabs)]
    if not outer:
        yield ""
    for widget in outer:
        for i in range(widget.count()):
            widget.setCurrentIndex(i)
            QApplication.processEvents()
            for name in each_tab(widget.widget(i)):
                yield f"{widget.tabText(i)} {name}".strip()


def test_no_alt_key_is_taken_twice_on_any_page(window, qtbot):
    for n in range(window.pages.count()):
        window.pages.show_page(n)
        page = window.pages.widget(n)
        if hasattr(page, "content"):  # a page built when first shown: its fields show a moment later
            qtbot.waitUntil(lambda page=page: page.content is not None and page.content.isVisible())
        for tab in each_tab(page):
            assert taken_twice(window) == {}, f"page {window.pages.tabText(n)} {tab}"


@OFFSCREEN_MENUS
def test_each_menu_opens_with_its_alt_key_from_the_entry_form(window, qtbot):
    window.pages.show_page(ENTRY)
    entry = window.pages.entry
    for action in window.menuBar().actions():
        entry.card_no.setFocus()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is entry.card_no, timeout=3000)
        qtbot.keyClick(entry.card_no, getattr(Qt.Key, f"Key_{_key(action.text())}"), Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda action=action: QApplication.activePopupWidget() is action.menu(), timeout=3000)
        action.menu().close()
    for key, field in (("N", entry.card_no), ("M", entry.head.name), ("I", entry.head.id_number),
                       ("A", entry.building), ("E", entry.head.phone), ("D", entry.collected_on)):
        qtbot.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{key}"), Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is field, key


def test_statistics_tabs_switch_with_their_own_keys(window, qtbot):
    window.pages.show_page(window.data_pages["stats"])
    screen = window.pages.currentWidget().ensure()
    qtbot.waitUntil(lambda: screen.data is not None, timeout=20000)
    assert [screen.tabs.tabText(i) for i in range(3)] == ["汇总(&Z)", "分网格(&W)", "图表(&B)"]
    for key, index in ((Qt.Key.Key_B, 2), (Qt.Key.Key_W, 1), (Qt.Key.Key_Z, 0)):
        qtbot.keyClick(screen.places.community, key, Qt.KeyboardModifier.AltModifier)
        assert screen.tabs.currentIndex() == index
        assert window.pages.currentWidget().content is screen  # the main page stays


def test_no_alt_key_is_taken_twice_in_the_dialogs_of_matters_daily_work_and_staff(window, qtbot):
    from forms.appraisal.dialogs import VisitDialog
    from forms.daily.followuptab import SheetDialog
    from forms.daily.rotadialogs import RotaSetupDialog, StandInDialog, SwapDialog
    from forms.matters.intake import MatterIntakeDialog
    from forms.staff import PostsDialog, StaffDialog, WorkerDialog
    from gridapp.models import Community, Person, Staff

    community, worker = Community.select().first(), Staff.select().first()
    day = date(2026, 11, 2)
    for make in (lambda: MatterIntakeDialog(window), lambda: SheetDialog(Person.select().first(), window),
                 lambda: VisitDialog(community.id, "2026-11", window),
                 lambda: RotaSetupDialog(community.id, community.name, day, window),
                 lambda: SwapDialog(community.id, day, window), lambda: StandInDialog(community.id, day, window),
                 lambda: StaffDialog(window), lambda: WorkerDialog(community, None, window),
                 lambda: PostsDialog(community, {"id": worker.id, "name": worker.name}, window)):
        dialog = make()
        dialog.show()
        qtbot.waitUntil(dialog.isVisible)
        assert shown_keys(dialog) and twice(shown_keys(dialog)) == {}, dialog.windowTitle()
        dialog.reject()


def test_the_daily_work_menu_takes_the_letters_of_its_tabs(window, qtbot):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "日常工作(&O)")
    items = [a for a in menu.actions() if not a.isSeparator()]
    items[0].trigger()
    screen = window.pages.currentWidget().ensure()
    tabs = [screen.tabText(i) for i in range(screen.count())]
    assert [a.text() for a in items] == tabs  # the same names with the same letters, in the same order
    assert len({_key(t) for t in tabs}) == len(tabs)
    for n, action in enumerate(items):
        action.trigger()
        assert screen.currentIndex() == n, action.text()
    qtbot.waitUntil(lambda: screen.changes.data is not None, timeout=10000)  # the last tab has counted
    for n in reversed(range(len(tabs))):  # Alt+the tab's letter on the page reaches the same tab
        qtbot.waitUntil(lambda: screen.currentWidget().isAncestorOf(QApplication.focusWidget()), timeout=3000)
        qtbot.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{_key(tabs[n])}"),
                       Qt.KeyboardModifier.AltModifier)
        assert screen.currentIndex() == n, tabs[n]
