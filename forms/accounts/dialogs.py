"""Log-in, lock, password and users dialogs. Each calls a service; a ``UserError`` it raises is
shown in the dialog, which stays open for another try."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.dialogs import _AttemptDialog, _password_field
from gridapp.errors import UserError
from gridapp.services import accounts
from gridapp.store import roles, session


def button_row(*buttons) -> QHBoxLayout:
    """A row of push buttons from (text, slot) pairs; none is the default (Enter stays in the fields)."""
    row = QHBoxLayout()
    for text, slot in buttons:
        b = QPushButton(text)
        b.setAutoDefault(False)
        b.clicked.connect(slot)
        row.addWidget(b)
    return row


class LoginDialog(_AttemptDialog):
    """At start on a database with accounts: a user name and password, or (name left empty) the
    office passphrase. ``opener(user, secret)`` opens the database."""

    def __init__(self, path: Path, opener: Callable[[str, str], object], parent: QWidget | None = None,
                 user: str = ""):
        super().__init__("登录", "登录", parent)
        self._opener = opener
        self.user = QLineEdit(user)
        self.user.setPlaceholderText("留空则用办公室口令")
        self.password = _password_field()
        place = QLabel(str(path))
        place.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow("数据库：", place)
        self.form.addRow("用户名(&U)：", self.user)
        self.form.addRow("密码(&P)：", self.password)
        (self.password if user else self.user).setFocus()

    def attempt(self) -> None:
        self._opener(self.user.text().strip(), self.password.text())

    def retry_field(self) -> QLineEdit:
        return self.password


class LockDialog(_AttemptDialog):
    """The locked screen: the user's password (or another user's name and password) unlocks it;
    取消 quits the program."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("已锁定", "解锁", parent)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        note = QLabel("为保护居民信息，程序已锁定。请输入密码继续。")
        note.setWordWrap(True)
        self.user = QLineEdit(session.current_user())
        self.password = _password_field()
        self.form.addRow(note)
        self.form.addRow("用户名(&U)：", self.user)
        self.form.addRow("密码(&P)：", self.password)
        self.password.setFocus()

    def attempt(self) -> None:
        accounts.log_in(self.user.text().strip(), self.password.text())

    def retry_field(self) -> QLineEdit:
        return self.password


class PasswordDialog(_AttemptDialog):
    """The logged-in user changes their password (the old one first)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("修改密码", "修改", parent)
        self.old, self.new, self.again = _password_field(), _password_field(), _password_field()
        self.form.addRow("用户：", QLabel(session.current_user()))
        self.form.addRow("原密码(&O)：", self.old)
        self.form.addRow("新密码(&N)：", self.new)
        self.form.addRow("再输入一次(&A)：", self.again)
        self._retry = self.old

    def attempt(self) -> None:
        self._retry = self.new
        if self.new.text() != self.again.text():
            raise UserError("两次输入的新密码不一致。")
        self._retry = self.old
        accounts.change_password(session.current_user(), self.new.text(), self.old.text())

    def retry_field(self) -> QLineEdit:
        return self._retry


FIRST_ADMIN_NOTE = (
    "可以跳过，以后在 帐户 → 用户管理 中创建。\n"
    "跳过（不建帐户）时：知道办公室口令的人都能打开数据库，并拥有管理员的全部权限；"
    "操作记录和归档人显示为本单位（{office}），分不出是谁做的。\n"
    "创建管理员后：启动时须用户名和密码登录，各人的操作分别记录；"
    "办公室口令仍可打开数据库（命令行和管理员使用）。")


def _office_name() -> str:
    from gridapp.services import site

    try:
        return site.describe()["name"]
    except RuntimeError:  # no database open
        return "本单位"


class NewUserDialog(_AttemptDialog):
    """A new account: log-in name, name, role, password twice (the first is the administrator)."""

    def __init__(self, parent: QWidget | None = None, first: bool = False):
        super().__init__("创建管理员" if first else "添加用户", "创建", parent)
        if first:
            note = QLabel(FIRST_ADMIN_NOTE.format(office=_office_name()))
            note.setWordWrap(True)
            self.form.addRow(note)
            self.buttons.button(self.buttons.StandardButton.Cancel).setText("跳过(&S)")
        self.name, self.full_name = QLineEdit(), QLineEdit()
        self.role = QComboBox()
        for code, label in roles.ROLES.items():
            if not first or code == roles.ADMIN:
                self.role.addItem(label, code)
        self.password, self.again = _password_field(), _password_field()
        self.form.addRow("用户名(&U)：", self.name)
        self.form.addRow("姓名(&N)：", self.full_name)
        self.form.addRow("角色(&R)：", self.role)
        self.form.addRow("密码(&P)：", self.password)
        self.form.addRow("再输入一次(&A)：", self.again)
        self._retry = self.name

    def attempt(self) -> None:
        self._retry = self.password
        if self.password.text() != self.again.text():
            raise UserError("两次输入的密码不一致。")
        self._retry = self.name
        accounts.add_user(self.name.text(), self.role.currentData(), self.password.text(), self.full_name.text())

    def retry_field(self) -> QLineEdit:
        return self._retry


class UsersDialog(QDialog):
    """用户管理: the accounts with their roles; add, remove, reset a password."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("用户管理")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["用户名", "姓名", "角色"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        buttons = button_row(("添加(&A)…", self.add), ("删除(&D)", self.remove), ("重设密码(&R)…", self.reset),
                             ("关闭(&C)", self.accept))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.resize(520, 360)
        self.reload()

    def reload(self) -> None:
        rows = accounts.users()
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, key in enumerate(("name", "full_name", "role_label")):
                self.table.setItem(i, j, QTableWidgetItem(r[key]))
        self.table.resizeColumnsToContents()

    def _chosen(self) -> str | None:
        row = self.table.currentRow()
        return self.table.item(row, 0).text() if row >= 0 else None

    def add(self) -> None:
        if NewUserDialog(self, first=not accounts.has_accounts()).exec():
            self.reload()

    def remove(self) -> None:
        name = self._chosen()
        if name and QMessageBox.question(self, "删除用户", f"删除用户“{name}”？其密码从此不能打开数据库。") \
                == QMessageBox.StandardButton.Yes:
            try:
                accounts.remove_user(name)
            except UserError as exc:
                QMessageBox.warning(self, "删除用户", str(exc))
            self.reload()

    def reset(self) -> None:
        name = self._chosen()
        if not name:
            return
        dialog = _ResetDialog(name, self)
        dialog.exec()


class _ResetDialog(_AttemptDialog):
    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(f"重设“{name}”的密码", "重设", parent)
        self.name = name
        self.new, self.again = _password_field(), _password_field()
        self.form.addRow("新密码(&N)：", self.new)
        self.form.addRow("再输入一次(&A)：", self.again)

    def attempt(self) -> None:
        if self.new.text() != self.again.text():
            raise UserError("两次输入的新密码不一致。")
        accounts.change_password(self.name, self.new.text())

    def retry_field(self) -> QLineEdit:
        return self.new
