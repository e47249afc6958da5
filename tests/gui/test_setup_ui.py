"""A new office's first minutes, by keyboard: no grids yet, so the window offers the street's
structure (org file, enrolment file) or grids and buildings typed in; first start from the
enrolment file."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

import cli
from forms.dialogs import FirstStartDialog
from forms.mainwindow import MainWindow
from forms.opening import create_new
from forms.setup import NewGridDialog, RebuildDialog
from gridapp import db
from gridapp.models import Building, Grid, House
from gridapp.services import site
from tests.gui.conftest import PASSPHRASE
from tests.gui.test_dialogs import type_chinese
from tests.test_org_import import DATA

CODE = "WXYZ-2345-ABCD-6789"


def _focused(qtbot, widget):
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


@pytest.fixture
def empty_window(tmp_path, qtbot, closes_database):
    """The main window on a community database just made at first start (by name)."""
    path = tmp_path / "new.db"
    db.open_database(path, PASSPHRASE, create=True)
    site.initialise("community", "和平社区")
    w = MainWindow(path)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=3000)
    return w


@pytest.fixture
def enrolment_file(tmp_path, monkeypatch):
    monkeypatch.setenv(db.PASSPHRASE_ENV, PASSPHRASE)
    hub, file = tmp_path / "hub.db", tmp_path / "aihe.enrol"
    assert cli.main(["init", "--site-type", "street", "--name", "滨江街道", "--db", str(hub)]) == 0
    assert cli.main(["org", "import", str(DATA), "--db", str(hub)]) == 0
    assert cli.main(["sync", "enrol", "--community", "爱和社区", "--out", str(file), "--code", CODE,
                     "--db", str(hub)]) == 0
    return file


def test_grids_and_buildings_are_typed_in_when_there_are_none(empty_window, qtbot, when_shown):
    w = empty_window
    assert w.setup.strip.isVisible() and w.setup.rebuild_button.isVisible()
    shown = []

    def type_grids(dialog):
        _focused(qtbot, dialog.name)
        shown.append((dialog.name.text(), dialog.name.selectedText()))
        qtbot.keyClick(dialog.name, Qt.Key.Key_Tab)
        qtbot.keyClick(dialog.number, Qt.Key.Key_Tab)
        _focused(qtbot, dialog.buildings)
        type_chinese(dialog.buildings, "1-2栋 3层 1单元 2户 和平路1号")
        qtbot.keyClick(dialog.buildings, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        shown.append(dialog.error.text())
        _focused(qtbot, dialog.name)
        shown.append(dialog.name.text())  # ready for the next grid
        type_chinese(dialog.buildings, "9栋 0层")
        qtbot.keyClick(dialog.buildings, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        shown.append(dialog.error.text())
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)

    when_shown(NewGridDialog, type_grids)
    qtbot.keyClick(w.pages.currentWidget(), Qt.Key.Key_G,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: len(shown) == 4, timeout=5000)
    assert shown[0] == ("第一网格", "第一网格")
    assert shown[1].startswith("已新建第一网格（编号 1）：2 栋楼，12 套房屋")
    assert shown[2] == "第二网格"
    assert "“floors” 须为 1–200 的整数" in shown[3]
    assert [g.name for g in Grid.select()] == ["第一网格"]
    assert sorted(b.name for b in Building.select()) == ["1栋", "2栋"]
    assert {b.address for b in Building.select()} == {"和平路1号"}
    assert House.select().count() == 12
    qtbot.waitUntil(lambda: not w.setup.strip.isVisible(), timeout=3000)
    assert "已新建：第一网格" in w.statusBar().currentMessage()


def test_the_street_org_file_is_imported_from_the_strip(empty_window, qtbot, monkeypatch, tmp_path):
    w = empty_window
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    bad = tmp_path / "bad.json"
    bad.write_text('{"street": "滨江街道", "communities": [{"name": "和平社区", "grids": [{"name": 3}]}]}',
                   encoding="utf-8")
    for path in (bad, DATA):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, path=path, **k: (str(path), ""))
        qtbot.keyClick(w.pages.currentWidget(), Qt.Key.Key_O,
                       Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        if path == bad:
            assert len(warnings) == 1 and "缺少“name”或不是文字" in warnings[0]
            assert site.is_empty() and w.setup.strip.isVisible()
    assert not warnings[1:]
    assert Grid.select().count() == 3  # the street's file: its communities and their grids
    assert not w.setup.strip.isVisible()
    assert w.statusBar().currentMessage().startswith("已导入组织结构。新建：")


def test_a_database_started_by_name_is_rebuilt_from_the_enrolment_file(enrolment_file, empty_window, qtbot,
                                                                     when_shown):
    w = empty_window

    def answer(dialog):
        _focused(qtbot, dialog.file)
        qtbot.keyClicks(dialog.file, str(enrolment_file))
        qtbot.keyClick(dialog.file, Qt.Key.Key_Tab)  # 浏览…
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        _focused(qtbot, dialog.code)
        qtbot.keyClicks(dialog.code, CODE)
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)

    when_shown(RebuildDialog, answer)
    qtbot.keyClick(w.pages.currentWidget(), Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)  # the strip's button
    qtbot.waitUntil(lambda: site.describe()["name"] == "爱和社区", timeout=5000)
    assert Grid.select().count() == 3  # the street's grids, as the enrolment brings them
    assert w.windowTitle().endswith("爱和社区")
    assert not w.setup.strip.isVisible() and not w.setup.actions["rebuild"].isEnabled()


def test_first_start_from_the_enrolment_file(tmp_path, enrolment_file, qtbot, when_shown, closes_database):
    path = tmp_path / "aihe.db"
    errors = []

    def answer(dialog: FirstStartDialog):
        _focused(qtbot, dialog.site_type)
        qtbot.keyClick(dialog.site_type, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.site_type, Qt.Key.Key_Down)
        assert dialog.site_type.currentText() == "社区（用街道办给的登记文件）"
        assert dialog.name.isHidden() and not dialog.file.isHidden()
        qtbot.keyClick(dialog.site_type, Qt.Key.Key_Tab)
        _focused(qtbot, dialog.file)
        qtbot.keyClicks(dialog.file, str(enrolment_file))
        qtbot.keyClick(dialog.file, Qt.Key.Key_Tab)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.code, "AAAA-BBBB-CCCC-DDDD")
        qtbot.keyClick(dialog.code, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Tab)
        qtbot.keyClicks(dialog.again, PASSPHRASE)
        qtbot.keyClick(dialog.again, Qt.Key.Key_Return)
        errors.append(dialog.error.text())
        assert not path.exists()  # a wrong code makes no database
        _focused(qtbot, dialog.code)
        qtbot.keyClicks(dialog.code, CODE)
        qtbot.keyClick(dialog.code, Qt.Key.Key_Return)

    when_shown(FirstStartDialog, answer)
    assert create_new(path)
    assert errors == ["登记码不对，或登记文件已损坏。"]
    assert site.describe()["name"] == "爱和社区" and Grid.select().count() == 3
