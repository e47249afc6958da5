"""Sync from the main window, by keyboard: settings, 立即同步 (F9), the conflict list, export on closing."""

from __future__ import annotations

import errno
import os
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from forms.sync.dialogs import ConflictsDialog, SyncSettingsDialog
from gridapp import db, settings
from gridapp.models import House, Household, Person, Staff
from gridapp.services import org, site
from gridapp.sync import enrol, export, importer
from tests.gui.conftest import PASSPHRASE, SMALL_STREET

CODE = "GUIT-ESTC-ODE2-3456"


@pytest.fixture(scope="module")
def offices(tmp_path_factory):
    """A street office and its enrolled 和平社区 with one household."""
    folder = tmp_path_factory.mktemp("offices")
    db.open_database(folder / "hub.db", PASSPHRASE, create=True)
    site.initialise("street", "滨江街道")
    org.import_org(SMALL_STREET)
    enrol.enrol("和平社区", folder / "heping.enrol", code=CODE)
    db.close_database()
    db.open_database(folder / "heping.db", PASSPHRASE, create=True)
    enrol.initialise_from(enrol.read(folder / "heping.enrol", CODE))
    household = Household.create(house=House.select().order_by(House.id).first())
    Person.create(household=household, name="张建国", phone="13800000001", relation="户主")
    db.close_database()
    return folder


@pytest.fixture
def offices_copy(offices, tmp_path, closes_database):
    for name in ("hub.db", "heping.db"):
        shutil.copy(offices / name, tmp_path / name)
    (tmp_path / "stick").mkdir()
    return tmp_path


def at(path, work):
    """Do ``work`` in another office's database (before the window opens)."""
    db.open_database(path, PASSPHRASE)
    try:
        return work()
    finally:
        db.close_database()


def open_window(path, qtbot):
    from forms.mainwindow import MainWindow

    db.open_database(path, PASSPHRASE)
    window = MainWindow(path)
    qtbot.addWidget(window)
    with qtbot.waitActive(window):  # shortcuts work in the active window
        window.show()
    return window


def test_first_sync_asks_for_the_folder_then_sends_the_households(offices_copy, qtbot, when_shown):
    stick = offices_copy / "stick"
    window = open_window(offices_copy / "heping.db", qtbot)
    qtbot.waitUntil(lambda: window.sync.label.text().startswith("上次同步 从未 · 待发送 2"), timeout=5000)

    def fill(dialog):
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        assert QApplication.focusWidget() is dialog.folder
        qtbot.keyClicks(dialog.folder, str(stick))
        qtbot.keyClick(dialog.folder, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # 自动同步间隔(&I)
        assert QApplication.focusWidget() is dialog.interval
        qtbot.keyClick(dialog.interval, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(dialog.interval, "15")
        qtbot.keyClick(dialog.interval, Qt.Key.Key_Return)

    when_shown(SyncSettingsDialog, fill)
    qtbot.keyClick(window.tree, Qt.Key.Key_F9)
    assert settings.get("sync.folder") == str(stick) and settings.get("sync.interval") == 15
    assert window.sync.timer.interval() == 15 * 60_000
    assert len(list(stick.glob("*.gsp"))) == 1
    qtbot.waitUntil(lambda: "待发送 0" in window.sync.label.text(), timeout=5000)
    window.close()
    assert at(offices_copy / "hub.db", lambda: importer.import_from(stick).applied) == 1
    assert at(offices_copy / "hub.db", lambda: Person.get().name) == "张建国"


def test_f9_brings_in_the_street_offices_change(offices_copy, qtbot):
    stick = offices_copy / "stick"

    def street_edits():
        staff = Staff.get(Staff.name == "王芳") if Staff.select().where(Staff.name == "王芳").exists() \
            else Staff.create(name="王芳", role="grid_worker", phone="13900000000")
        staff.phone = "13911112222"
        staff.save()
        return export.export(stick)

    at(offices_copy / "hub.db", street_edits)
    at(offices_copy / "heping.db", lambda: settings.put("sync.folder", str(stick)))
    window = open_window(offices_copy / "heping.db", qtbot)
    qtbot.keyClick(window.tree, Qt.Key.Key_F9)
    assert Staff.get(Staff.name == "王芳").phone == "13911112222"
    assert "导入 1 个数据包" in window.statusBar().currentMessage()


def test_a_conflict_is_reviewed_and_swapped_by_keyboard(offices_copy, qtbot, when_shown):
    stick = offices_copy / "stick"
    hub, heping = offices_copy / "hub.db", offices_copy / "heping.db"

    def set_phone(phone):
        def work():
            person = Person.get()
            person.phone = phone
            person.save()
        return work

    at(heping, lambda: export.export(stick))
    at(hub, lambda: importer.import_from(stick))
    at(hub, set_phone("13900000002"))
    at(hub, lambda: export.export(stick))
    at(heping, set_phone("13700000003"))
    at(heping, lambda: settings.put("sync.folder", str(stick)))
    window = open_window(heping, qtbot)
    qtbot.keyClick(window.tree, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: "冲突 1" in window.sync.label.text(), timeout=5000)
    winner = Person.get().phone
    other = ({"13900000002", "13700000003"} - {winner}).pop()

    seen = []

    def swap(dialog):
        try:
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
            seen.append([dialog.table.item(0, c).text() for c in (0, 2, 4)])
            qtbot.keyClick(dialog.table, Qt.Key.Key_W)
            seen.append(dialog.table.rowCount())
        finally:
            qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)

    when_shown(ConflictsDialog, swap)
    next(a for a in window.sync.menu.actions() if a.text() == "冲突列表(&C)…").trigger()
    assert seen == [["人员“张建国”", winner, other], 0]
    assert Person.get().phone == other
    qtbot.waitUntil(lambda: window.sync.label.text() and "冲突" not in window.sync.label.text(), timeout=5000)


def test_closing_the_window_exports_what_is_new(offices_copy, qtbot):
    stick = offices_copy / "stick"
    at(offices_copy / "heping.db", lambda: settings.put("sync.folder", str(stick)))
    window = open_window(offices_copy / "heping.db", qtbot)
    assert not list(stick.glob("*.gsp"))
    window.close()
    assert len(list(stick.glob("*.gsp"))) == 1


def test_f9_onto_a_full_stick_says_so_and_leaves_nothing(offices_copy, qtbot, monkeypatch):
    stick = offices_copy / "stick"
    at(offices_copy / "heping.db", lambda: settings.put("sync.folder", str(stick)))
    window = open_window(offices_copy / "heping.db", qtbot)
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: told.append(text))

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    qtbot.keyClick(window.tree, Qt.Key.Key_F9)
    assert len(told) == 1 and "磁盘已满" in told[0] and str(stick) in told[0]
    assert list(stick.iterdir()) == []
    monkeypatch.undo()
    window.close()  # the changes are still to be sent: closing exports them
    assert at(offices_copy / "hub.db", lambda: importer.import_from(stick).applied) == 1
    assert at(offices_copy / "hub.db", lambda: Person.get().name) == "张建国"
