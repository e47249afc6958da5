"""The 帐户 menu of the main window (lock, password, users, audit trail, backups), the lock after
idle minutes, and the automatic backups (on closing and daily)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from forms.accounts.dialogs import LockDialog, NewUserDialog, PasswordDialog, UsersDialog
from forms.tasks import run_in_background
from gridapp import settings
from gridapp.errors import UserError
from gridapp.models import database
from gridapp.services import accounts, backup
from gridapp.store import roles, session

LOCK_SHORTCUT = "Ctrl+L"
DAILY_CHECK_MS = 3_600_000  # an hour: whether a day has passed since the last backup
INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class AccountsController(QObject):
    def __init__(self, window: QMainWindow, on_changed=None):
        super().__init__(window)
        self.window = window
        self.on_changed = on_changed
        self.locked = False
        self.backing_up = False
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self.lock)
        self.daily = QTimer(self)
        self.daily.timeout.connect(self.back_up_if_due)
        self.daily.start(DAILY_CHECK_MS)
        QTimer.singleShot(60_000, self, self.back_up_if_due)  # once a day, whenever the program runs
        self._build_menu()
        window.installEventFilter(self)
        QApplication.instance().installEventFilter(self)
        self.apply_settings()

    def _build_menu(self) -> None:
        bar = self.window.menuBar()
        menu = bar.addMenu("帐户(&U)")
        help_menu = next((a for a in bar.actions() if a.text().startswith("帮助")), None)
        if help_menu is not None:  # before 帮助, which stays last
            bar.insertAction(help_menu, menu.menuAction())
        for text, slot, shortcut in (("锁定(&L)", self.lock, LOCK_SHORTCUT), ("修改密码(&P)…", self.change_password, ""),
                                     ("用户管理(&U)…", self.manage_users, ""), ("操作记录(&A)…", self.show_audit, ""),
                                     ("备份与恢复(&B)…", self.show_backups, "")):
            action = QAction(text, self.window)
            if shortcut:
                action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            menu.addAction(action)
        self.menu = menu

    def apply_settings(self) -> None:
        """The idle lock runs only when someone is logged in."""
        minutes = settings.get("security.lock_minutes") if database.obj is not None else 0
        if session.account() is not None and minutes > 0:
            self.idle.start(minutes * 60_000)
        else:
            self.idle.stop()

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in INPUT_EVENTS and self.idle.isActive():
            self.idle.start()  # restarted: the lock counts from the last key or mouse move
        elif watched is self.window and kind == QEvent.Type.Close:
            self.idle.stop()
            self.daily.stop()
            self.back_up_on_close()
        return False

    # -- lock ---------------------------------------------------------------
    def lock(self) -> None:
        if self.locked:
            return
        if session.account() is None:
            self.window.statusBar().showMessage("没有登录的用户：请先在 帐户 → 用户管理 中创建用户。", 8000)
            return
        self.locked = True
        self.idle.stop()
        central = self.window.centralWidget()
        central.hide()  # nothing of the residents' data shows behind the lock
        self.window.menuBar().setEnabled(False)
        self.dialog = LockDialog(self.window)
        unlocked = self.dialog.exec()
        self.locked = False
        central.show()
        self.window.menuBar().setEnabled(True)
        if not unlocked:
            self.window.close()
            return
        self.apply_settings()
        if self.on_changed is not None:
            self.on_changed()  # another user may have unlocked: what they may see differs

    # -- dialogs ------------------------------------------------------------
    def change_password(self) -> None:
        if session.account() is None:
            QMessageBox.information(self.window, "修改密码", "当前以办公室口令打开，没有登录的用户。")
            return
        if PasswordDialog(self.window).exec():
            self.window.statusBar().showMessage("密码已修改。", 8000)

    def manage_users(self) -> None:
        if not roles.allowed("users.manage"):
            QMessageBox.warning(self.window, "用户管理", "只有管理员可以管理用户。")
            return
        if not accounts.has_accounts():
            if not NewUserDialog(self.window, first=True).exec():
                return
        UsersDialog(self.window).exec()

    def show_audit(self) -> None:
        from forms.accounts.audit import AuditDialog

        try:
            dialog = AuditDialog(self.window)
        except UserError as exc:
            QMessageBox.warning(self.window, "操作记录", str(exc))
            return
        dialog.exec()

    def show_backups(self) -> None:
        from forms.accounts.backups import BackupsDialog

        dialog = BackupsDialog(self.window)
        dialog.exec()
        if dialog.restored and self.on_changed is not None:
            self.on_changed()

    # -- automatic backups --------------------------------------------------
    def back_up_on_close(self) -> None:
        if self.backing_up or database.obj is None or database.obj.is_closed() \
                or not backup.applies() or not settings.get("backup.on_close"):
            return  # a second close while the backup runs waits for the first one
        from forms.tasks import Cancelled, run_with_progress

        self.backing_up = True
        try:
            run_with_progress(self.window, "正在备份…", lambda progress: backup.backup(progress=progress))
        except Cancelled:
            pass
        except UserError as exc:
            QMessageBox.warning(self.window, "备份", f"退出前未能备份：{exc}")
        finally:
            self.backing_up = False

    def back_up_if_due(self) -> None:
        if database.obj is not None and backup.due():
            run_in_background(lambda progress: backup.backup(), lambda made: self.window.statusBar().showMessage(
                f"已自动备份到 {made.path}", 8000), lambda exc: self.window.statusBar().showMessage(
                f"自动备份未完成：{exc}", 15000))


def install_accounts(window: QMainWindow, on_changed=None) -> AccountsController:
    return AccountsController(window, on_changed)


def offer_first_admin(parent=None) -> bool:
    """After a new database is made: create the administrator now (or later from 帐户 → 用户管理)."""
    return bool(NewUserDialog(parent, first=True).exec())
