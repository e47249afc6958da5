"""Starting the application: the given database, the first start, the demo, errors."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton

from forms.accounts.dialogs import NewUserDialog
from forms.app import main, start
from forms.dialogs import FirstStartDialog
from forms.mainwindow import MainWindow
from gridapp import db
from gridapp.services import site


@pytest.fixture(autouse=True)
def no_passphrase_env(monkeypatch):
    monkeypatch.delenv(db.PASSPHRASE_ENV, raising=False)


def test_opens_the_database_with_the_environment_passphrase(db_path, passphrase, monkeypatch, qtbot,
                                                             closes_database):
    monkeypatch.setenv(db.PASSPHRASE_ENV, passphrase)
    window = start(["--db", str(db_path)])
    qtbot.addWidget(window)
    assert window.isVisible()
    assert window.windowTitle() == f"gridapp 社区网格化管理 — {site.describe()['name']}"
    assert window.households_model.rowCount() > 0


def test_first_start_asks_who_we_are(tmp_path, qtbot, when_shown, closes_database):
    def answer(dialog):
        event = QInputMethodEvent()
        event.setCommitString("幸福社区")
        QApplication.sendEvent(dialog.name, event)
        qtbot.keyClicks(dialog.passphrase, "correct horse")
        qtbot.keyClicks(dialog.again, "correct horse")
        qtbot.keyClick(dialog.again, Qt.Key.Key_Return)

    offered = []
    when_shown(FirstStartDialog, answer)
    when_shown(NewUserDialog, lambda dialog: offered.append(dialog.reject()))  # the administrator: later
    window = start(["--db", str(tmp_path / "office.db")])
    assert offered
    qtbot.addWidget(window)
    assert window.windowTitle() == "gridapp 社区网格化管理 — 幸福社区"
    assert window.tree.currentIndex().data() == "幸福社区"
    assert window.households_label.text() == "幸福社区：共 0 户"


def test_the_demo_is_generated_with_a_progress_dialog(tmp_path, qtbot, when_shown, closes_database,
                                                      sound_qt_binding):
    path = tmp_path / "demo.db"
    seen = []
    when_shown(QProgressDialog, lambda dialog: seen.append(dialog.windowTitle()))
    window = start(["--demo", "--db", str(path)])
    qtbot.addWidget(window)
    assert seen == ["正在生成演示数据…"]
    assert window.households_model.total > 1000
    db.close_database()
    db.open_database(path, db.DEMO_PASSPHRASE)  # the demo passphrase, as the command line uses


def test_cancelling_the_demo_leaves_nothing_behind(tmp_path, qtbot, when_shown):
    path = tmp_path / "demo.db"
    when_shown(QProgressDialog, lambda dialog: qtbot.mouseClick(dialog.findChild(QPushButton),
                                                                Qt.MouseButton.LeftButton))
    assert start(["--demo", "--db", str(path)]) is None
    assert list(tmp_path.iterdir()) == []


def test_a_database_that_is_not_set_up_is_refused(tmp_path, passphrase, monkeypatch, when_shown):
    path = tmp_path / "empty.db"
    db.open_database(path, passphrase, create=True)
    db.close_database()
    monkeypatch.setenv(db.PASSPHRASE_ENV, passphrase)
    said = []

    def read_and_close(box):
        said.append(box.text())
        box.accept()

    when_shown(QMessageBox, read_and_close)
    assert main(["--db", str(path)]) == 2
    assert "尚未初始化" in said[0]


def test_main_runs_until_the_window_is_closed(db_path, passphrase, monkeypatch, when_shown):
    monkeypatch.setenv(db.PASSPHRASE_ENV, passphrase)
    when_shown(MainWindow, lambda window: window.close())
    assert main(["--db", str(db_path)]) == 0
