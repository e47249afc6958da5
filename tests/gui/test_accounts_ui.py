"""Logging in and locking, by keyboard; the audit screen."""

import pytest
from PySide6.QtCore import Qt

from forms.accounts.dialogs import LockDialog, LoginDialog
from forms.opening import open_existing
from gridapp import db, keyring
from gridapp.models import AuditEntry, Person
from gridapp.services import accounts
from gridapp.store import roles, session
from tests.gui.conftest import PASSPHRASE

CLERK_PW, DIRECTOR_PW = "clerk-pass-1", "director-pass-1"


@pytest.fixture
def office(db_path, monkeypatch, closes_database):
    """The community demo with an administrator, a clerk and a director; closed."""
    monkeypatch.setenv(keyring.SCRYPT_N_ENV, "1024")
    monkeypatch.delenv("GRIDAPP_USER", raising=False)
    monkeypatch.delenv("GRIDAPP_PASSWORD", raising=False)
    db.open_database(db_path, PASSPHRASE)
    accounts.add_user("admin", "admin", "admin-pass-1")
    accounts.add_user("li", "clerk", CLERK_PW, "李丽")
    accounts.add_user("wang", "director", DIRECTOR_PW, "王芳")
    db.close_database()
    return db_path


def test_logging_in_by_keyboard_after_a_wrong_password(office, qtbot, when_shown):
    tries = []

    def answer(dialog):
        qtbot.keyClicks(dialog.user, "li")
        qtbot.keyClicks(dialog.password, "not-it")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        tries.append(dialog.error.text())
        assert dialog.isVisible()  # still open for another try, the password selected
        qtbot.keyClicks(dialog.password, CLERK_PW)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    when_shown(LoginDialog, answer)
    assert open_existing(office)
    assert tries == ["用户名或密码错误。"]
    assert (session.current_user(), roles.current_role()) == ("li", "clerk")


def test_the_office_passphrase_still_opens_from_the_log_in_dialog(office, qtbot, when_shown):
    def answer(dialog):
        qtbot.keyClicks(dialog.password, PASSPHRASE)  # no user name: the office passphrase
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    when_shown(LoginDialog, answer)
    assert open_existing(office)
    assert session.account() is None and roles.current_role() == "admin"


def test_ctrl_l_locks_the_window_and_the_password_unlocks_it(office, qtbot, when_shown):
    from forms.mainwindow import MainWindow
    from tests.cards.helpers import show_active

    db.open_database(office, user="li", password=CLERK_PW)
    window = MainWindow(office)
    show_active(qtbot, window)
    seen = []

    def unlock(dialog):
        seen.append((window.centralWidget().isVisible(), window.menuBar().isEnabled()))
        qtbot.keyClicks(dialog.password, "wrong-password")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.error.text() == "用户名或密码错误。"
        dialog.password.clear()
        qtbot.keyClicks(dialog.password, CLERK_PW)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    idle = window.accounts.idle
    assert idle.isActive() and idle.interval() == 15 * 60_000  # locks by itself after 15 idle minutes
    when_shown(LockDialog, unlock)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert seen == [(False, False)]  # nothing of the data shows while locked
    assert window.centralWidget().isVisible() and session.current_user() == "li" and idle.isActive()


def test_the_director_filters_the_audit_trail_by_person(office, qtbot):
    from forms.accounts.audit import AuditDialog

    db.open_database(office, user="wang", password=DIRECTOR_PW)
    person = Person.select().where(Person.phone != "", Person.id_number.is_null(False)).first()
    person.phone = "13600000000"
    person.save()
    dialog = AuditDialog()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.person, person.id_number)  # the person by ID number
    qtbot.keyClick(dialog.person, Qt.Key.Key_Return)
    cells = [[dialog.table.item(r, c).text() for c in range(dialog.table.columnCount())]
             for r in range(dialog.table.rowCount())]
    assert any(row[1] == "wang" and row[2] == "修改" and row[5] == "联系电话" and row[7] == "13600000000"
               for row in cells)


def test_backup_and_restore_from_the_backups_screen(office, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from forms.accounts.backups import BackupsDialog
    from gridapp import settings

    db.open_database(office, user="wang", password=DIRECTOR_PW)
    settings.put("backup.folder", str(tmp_path / "usb"))
    (tmp_path / "usb").mkdir()
    dialog = BackupsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    monkeypatch.setattr("forms.accounts.backups.run_with_progress", lambda parent, title, fn: fn(None))
    dialog.back_up()
    assert dialog.list.count() == 1
    person = Person.select().first()
    saved_name = person.name
    person.name = "改过的名字"
    person.save()
    told, asked = [], []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text: asked.append(text) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    qtbot.keyClick(dialog.list, Qt.Key.Key_Home)
    dialog.restore_chosen()
    assert dialog.restored and "原数据库保留在" in told[0] and "同步" in told[0]
    assert "不是本站点" not in asked[0]
    assert Person.get_by_id(person.id).name == saved_name and session.current_user() == "wang"
    assert AuditEntry.select().where(AuditEntry.action == "restore", AuditEntry.user == "wang").count() == 1


def test_restoring_another_sites_backup_asks_plainly_and_no_changes_nothing(db_path, closes_database, qtbot,
                                                                            monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from forms.accounts.backups import BackupsDialog
    from gridapp.services import backup, site

    other = tmp_path / "other.db"
    db.open_database(other, PASSPHRASE, create=True)
    site.initialise("street", "滨江街道")
    made = backup.backup(tmp_path / "usb")
    db.close_database()
    db.open_database(db_path, PASSPHRASE)  # the same passphrase: the backup opens with it
    count = Person.select().count()
    dialog = BackupsDialog()
    qtbot.addWidget(dialog)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text: asked.append(text) or QMessageBox.StandardButton.No)
    dialog._restore(made.path)
    assert "是街道“滨江街道”的，不是本站点的" in asked[0]
    assert Person.select().count() == count and not list(db_path.parent.glob("*.before-restore-*"))


def test_back_up_now_from_the_backups_screen_is_in_the_audit_trail(office, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox, QPushButton

    from forms.accounts.backups import BackupsDialog
    from gridapp import settings
    from gridapp.services import audittrail

    db.open_database(office, user="wang", password=DIRECTOR_PW)
    settings.put("backup.folder", str(tmp_path / "usb"))
    monkeypatch.setattr("forms.accounts.backups.run_with_progress", lambda parent, title, fn: fn(None))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: pytest.fail(text))
    dialog = BackupsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isActiveWindow(), timeout=3000)
    button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "立即备份(&B)")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert dialog.list.count() == 1
    (entry,) = audittrail.query(action="backup")
    assert entry["user"] == "wang" and entry["note"].startswith("备份 ")


def test_the_first_administrator_dialog_says_it_may_be_skipped(tmp_path, qtbot, when_shown, closes_database):
    from PySide6.QtWidgets import QApplication

    from forms.accounts import offer_first_admin
    from forms.accounts.dialogs import NewUserDialog
    from gridapp.models import Account
    from gridapp.services import site

    db.open_database(tmp_path / "new.db", PASSPHRASE, create=True)
    site.initialise("community", "和平社区")
    notes = []

    def answer(dialog):
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.name, timeout=3000)
        notes.append(" ".join(label.text() for label in dialog.findChildren(type(dialog.error))))
        skip = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
        notes.append(skip.text())
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)

    when_shown(NewUserDialog, answer)
    assert not offer_first_admin()
    text, button = notes
    assert "可以跳过" in text and "办公室口令" in text and "管理员" in text and "和平社区" in text
    assert button == "跳过(&S)"
    assert Account.select().count() == 0
