"""The passphrase and first-start dialogs, typed into as a user would."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog

from forms.dialogs import FirstStartDialog, PassphraseDialog
from forms.opening import create_site, open_existing
from gridapp import db, keyring
from gridapp.errors import WrongPassphrase
from gridapp.services import site


def type_chinese(field, text):
    """Chinese arrives from the input method as a committed string (QTest types ASCII only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def type_and_enter(qtbot, field, text):
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.fixture
def no_passphrase_env(monkeypatch):
    monkeypatch.delenv(db.PASSPHRASE_ENV, raising=False)


def test_a_wrong_passphrase_is_said_in_the_dialog(db_path, passphrase, qtbot, closes_database):
    dialog = PassphraseDialog(db_path, lambda p: db.open_database(db_path, p))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    assert not dialog.error.isVisible()

    type_and_enter(qtbot, dialog.passphrase, "not-the-passphrase")
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert dialog.error.text() == str(WrongPassphrase())
    assert dialog.passphrase.echoMode() == dialog.passphrase.EchoMode.Password
    assert dialog.passphrase.selectedText() == "not-the-passphrase"  # typing replaces it

    type_and_enter(qtbot, dialog.passphrase, passphrase)
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert site.is_initialised()


def test_repeated_wrong_passphrases_make_the_dialog_wait(db_path, passphrase, qtbot, monkeypatch,
                                                        closes_database):
    now = [1_000_000.0]
    monkeypatch.setattr(keyring, "clock", lambda: now[0], raising=False)
    dialog = PassphraseDialog(db_path, lambda p: db.open_database(db_path, p))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    for _ in range(keyring.FREE_TRIES):
        type_and_enter(qtbot, dialog.passphrase, "not-the-passphrase")
        assert dialog.error.text() == str(WrongPassphrase())
    type_and_enter(qtbot, dialog.passphrase, passphrase)
    assert dialog.isVisible() and "请在 2 秒后再试" in dialog.error.text()
    now[0] += 2
    type_and_enter(qtbot, dialog.passphrase, passphrase)
    assert dialog.result() == QDialog.DialogCode.Accepted and site.is_initialised()


def test_the_environment_passphrase_skips_the_dialog(db_path, passphrase, monkeypatch, closes_database):
    monkeypatch.setenv(db.PASSPHRASE_ENV, passphrase)
    monkeypatch.setattr(PassphraseDialog, "exec", lambda self: pytest.fail("the dialog was shown"))
    assert open_existing(db_path)
    assert site.is_initialised()


def test_a_wrong_environment_passphrase_asks(db_path, passphrase, monkeypatch, qtbot, when_shown,
                                            closes_database):
    monkeypatch.setenv(db.PASSPHRASE_ENV, "stale-passphrase")
    seen = {}

    def answer(dialog):
        seen["error"] = dialog.error.text()
        type_and_enter(qtbot, dialog.passphrase, passphrase)

    when_shown(PassphraseDialog, answer)
    assert open_existing(db_path)
    assert seen["error"] == str(WrongPassphrase())


def test_giving_up_on_the_passphrase(db_path, no_passphrase_env, qtbot, when_shown):
    when_shown(PassphraseDialog, lambda dialog: qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Escape))
    assert not open_existing(db_path)


def test_first_start_creates_the_database(tmp_path, qtbot, closes_database):
    path = tmp_path / "new.db"
    dialog = FirstStartDialog(path, lambda t, n, p: create_site(path, t, n, p))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    qtbot.keyClick(dialog.site_type, Qt.Key.Key_Down)  # 社区 → 街道
    assert dialog.site_type.currentText() == "街道"
    type_chinese(dialog.name, "滨江街道")
    qtbot.keyClicks(dialog.passphrase, "short")
    type_and_enter(qtbot, dialog.again, "shorter")
    assert dialog.error.text() == "两次输入的口令不一致。"
    assert not path.exists()

    dialog.passphrase.clear()
    dialog.again.clear()
    qtbot.keyClicks(dialog.passphrase, "short")
    type_and_enter(qtbot, dialog.again, "short")
    assert dialog.error.text() == "口令至少 8 个字符。"
    assert dialog.isVisible() and not path.exists()

    dialog.passphrase.clear()
    dialog.again.clear()
    qtbot.keyClicks(dialog.passphrase, "correct horse")
    type_and_enter(qtbot, dialog.again, "correct horse")
    assert not dialog.isVisible()
    assert site.describe()["site_type"] == "street" and site.describe()["name"] == "滨江街道"
    db.close_database()
    db.open_database(path, "correct horse")
    assert site.describe()["name"] == "滨江街道"


def test_first_start_needs_a_name(tmp_path, qtbot):
    path = tmp_path / "new.db"
    dialog = FirstStartDialog(path, lambda t, n, p: create_site(path, t, n, p))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.passphrase, "correct horse")
    type_and_enter(qtbot, dialog.again, "correct horse")
    assert dialog.isVisible()
    assert dialog.error.text() == "请填写社区或街道的名称。"
    assert dialog.focusWidget() is dialog.name
    assert not path.exists()


def _focused(qtbot, widget):
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def test_first_start_opens_in_the_first_field_and_tabs_in_reading_order(tmp_path, qtbot):
    dialog = FirstStartDialog(tmp_path / "new.db", lambda t, n, p: None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    _focused(qtbot, dialog.site_type)
    create = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    seen = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [dialog.name, dialog.passphrase, dialog.again, create, cancel, dialog.site_type]
