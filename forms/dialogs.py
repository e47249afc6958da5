"""The dialogs before the main window: the passphrase and the first start.

Each is given the function that does the work; a ``UserError`` it raises is shown in
the dialog, which stays open for another try.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractButton, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QVBoxLayout, QWidget)

from gridapp import vocab
from gridapp.db import MIN_PASSPHRASE
from gridapp.errors import UserError


class _AttemptDialog(QDialog):
    """A form, an error line and 确定/取消; ``accept`` runs ``attempt`` and closes only if it succeeds."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def attempt(self) -> None:
        raise NotImplementedError

    def fields(self) -> list[QWidget]:
        """The form's fields that take the keyboard, top to bottom."""
        return focus_chain(self.form)

    def showEvent(self, event) -> None:
        """Tab in reading order (the fields, then the buttons), the cursor in the first field
        unless a field was already chosen (say, the one an error is about)."""
        order_tabs(self.fields() + self.buttons.buttons())
        focused = self.focusWidget()
        shown = [w for w in self.fields() if not w.isHidden()]
        if (focused is None or isinstance(focused, QAbstractButton)) and shown:
            shown[0].setFocus()
        super().showEvent(event)

    def show_error(self, message: str, focus: QLineEdit) -> None:
        self.error.setText(message)
        self.error.show()
        focus.selectAll()
        focus.setFocus()

    def accept(self) -> None:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.attempt()
        except UserError as exc:
            self.show_error(str(exc), self.retry_field())
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        super().accept()

    def retry_field(self) -> QLineEdit:
        raise NotImplementedError


def focus_chain(form: QFormLayout) -> list[QWidget]:
    """The widgets of ``form`` that take the keyboard, in reading order (row by row)."""
    found = []
    for row in range(form.rowCount()):
        for role in (QFormLayout.ItemRole.FieldRole, QFormLayout.ItemRole.SpanningRole):
            item = form.itemAt(row, role)
            widget = item.widget() if item is not None else None
            if widget is not None and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                found.append(widget)
            elif item is not None and item.layout() is not None:
                layout = item.layout()
                found += [w for w in (layout.itemAt(i).widget() for i in range(layout.count()))
                          if w is not None and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    return found


def order_tabs(widgets: list[QWidget]) -> None:
    """Tab goes through ``widgets`` in the order given."""
    for first, second in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(first, second)


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class PassphraseDialog(_AttemptDialog):
    """Asks the passphrase of an existing database; ``opener(passphrase)`` opens it."""

    def __init__(self, path: Path, opener: Callable[[str], object], error: str = "",
                 parent: QWidget | None = None):
        super().__init__("打开数据库", "打开", parent)
        self._opener = opener
        self.passphrase = _password_field()
        path_label = QLabel(str(path))
        path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.form.addRow("数据库：", path_label)
        self.form.addRow("口令：", self.passphrase)
        if error:
            self.show_error(error, self.passphrase)
        self.passphrase.setFocus()

    def attempt(self) -> None:
        self._opener(self.passphrase.text())

    def retry_field(self) -> QLineEdit:
        return self.passphrase


class FirstStartDialog(_AttemptDialog):
    """First start: a community or a street office, its name, and the passphrase twice.

    ``creator(site_type, name, passphrase)`` makes the database.
    """

    def __init__(self, path: Path, creator: Callable[[str, str, str], object],
                 parent: QWidget | None = None):
        super().__init__("首次使用：创建数据库", "创建", parent)
        self._creator = creator
        intro = QLabel(f"还没有数据库。将在下面的位置创建一个加密的数据库：\n{path}")
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.site_type = QComboBox()
        for code in ("community", "street"):
            self.site_type.addItem(vocab.SITE_TYPE[code], code)
        self.name = QLineEdit()
        self.name.setPlaceholderText("例如：幸福社区、滨江街道")
        self.passphrase = _password_field()
        self.again = _password_field()
        hint = QLabel(f"口令用于加密数据库，至少 {MIN_PASSPHRASE} 个字符。口令遗失后数据无法恢复，请妥善保管。")
        hint.setWordWrap(True)
        self.form.addRow("本单位是：", self.site_type)
        self.form.addRow("名称：", self.name)
        self.form.addRow("口令：", self.passphrase)
        self.form.addRow("再输入一次：", self.again)
        self.form.addRow(hint)
        self._retry = self.name

    def attempt(self) -> None:
        if not self.name.text().strip():
            self._retry = self.name
            raise UserError("请填写社区或街道的名称。")
        self._retry = self.passphrase
        if self.passphrase.text() != self.again.text():
            raise UserError("两次输入的口令不一致。")
        self._creator(self.site_type.currentData(), self.name.text().strip(), self.passphrase.text())

    def retry_field(self) -> QLineEdit:
        return self._retry
