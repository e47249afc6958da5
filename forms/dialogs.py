"""The dialogs before the main window: the passphrase and the first start.

Each is given the function that does the work; a ``UserError`` it raises is shown in
the dialog, which stays open for another try.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

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


def enrolment_rows(form, parent: QWidget) -> tuple[QLineEdit, QLineEdit]:
    """The 登记文件 row (typed, or chosen with 浏览…) and the 登记码 row of ``form``."""
    file, code = QLineEdit(), QLineEdit()
    file.setPlaceholderText("街道办给的登记文件（.enrol）")
    code.setPlaceholderText("如 WXYZ-2345-ABCD-6789（与登记文件分开告知）")
    browse = QPushButton("浏览(&W)…")
    browse.setAutoDefault(False)

    def choose() -> None:
        name, _ = QFileDialog.getOpenFileName(parent, "选择登记文件", str(Path.home()),
                                              "登记文件 (*.enrol);;所有文件 (*)")
        if name:
            file.setText(name)
            code.setFocus()

    browse.clicked.connect(choose)
    row = QHBoxLayout()
    row.addWidget(file, 1)
    row.addWidget(browse)
    form.addRow("登记文件(&E)：", row)
    form.addRow("登记码(&D)：", code)
    label = form.labelForField(row)
    if isinstance(label, QLabel):
        label.setBuddy(file)
    return file, code


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
    """First start: a community or a street office, its name, and the passphrase twice; or a
    community started from the enrolment file the street office gives (file and code instead
    of the name).

    ``creator(site_type, name, passphrase)`` makes the database; for an enrolment file it is
    called as ``creator("community", "", passphrase, enrolment=(file, code))``.
    """

    def __init__(self, path: Path, creator: Callable[..., object],
                 parent: QWidget | None = None):
        super().__init__("首次使用：创建数据库", "创建", parent)
        self._creator = creator
        intro = QLabel(f"还没有数据库。将在下面的位置创建一个加密的数据库：\n{path}")
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.site_type = QComboBox()
        for code in ("community", "street"):
            self.site_type.addItem(vocab.SITE_TYPE[code], code)
        self.site_type.addItem(ENROLMENT_CHOICE, ENROLMENT)
        self.name = QLineEdit()
        self.name.setPlaceholderText("例如：幸福社区、滨江街道")
        self.passphrase = _password_field()
        self.again = _password_field()
        hint = QLabel(f"口令用于加密数据库，至少 {MIN_PASSPHRASE} 个字符。口令遗失后数据无法恢复，请妥善保管。")
        hint.setWordWrap(True)
        self.form.addRow("本单位是(&K)：", self.site_type)
        self.form.addRow("名称(&N)：", self.name)
        self.file, self.code = enrolment_rows(self.form, self)
        self.form.addRow("口令(&P)：", self.passphrase)
        self.form.addRow("再输入一次(&A)：", self.again)
        self.form.addRow(hint)
        self._retry = self.name
        self.site_type.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _by_enrolment(self) -> bool:
        return self.site_type.currentData() == ENROLMENT

    def _kind_changed(self) -> None:
        """The name, or the enrolment file and its code (the name comes from the file)."""
        enrolled = self._by_enrolment()
        self.form.setRowVisible(self.name, not enrolled)
        self.form.setRowVisible(_row_of(self.form, self.file), enrolled)
        self.form.setRowVisible(self.code, enrolled)

    def attempt(self) -> None:
        enrolled = self._by_enrolment()
        if enrolled and not self.file.text().strip():
            self._retry = self.file
            raise UserError("请选择街道办给的登记文件。")
        if not enrolled and not self.name.text().strip():
            self._retry = self.name
            raise UserError("请填写社区或街道的名称。")
        self._retry = self.passphrase
        if self.passphrase.text() != self.again.text():
            raise UserError("两次输入的口令不一致。")
        if enrolled:
            self._retry = self.code
            self._creator("community", "", self.passphrase.text(),
                          enrolment=(self.file.text().strip(), self.code.text()))
        else:
            self._creator(self.site_type.currentData(), self.name.text().strip(), self.passphrase.text())

    def retry_field(self) -> QLineEdit:
        return self._retry


ENROLMENT = "enrolment"
ENROLMENT_CHOICE = "社区（用街道办给的登记文件）"


def _row_of(form: QFormLayout, widget: QWidget) -> int:
    """The row of ``form`` holding ``widget`` (directly or in a row's layout)."""
    for row in range(form.rowCount()):
        item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if item is None:
            continue
        if item.widget() is widget:
            return row
        layout = item.layout()
        if layout is not None and any(layout.itemAt(i).widget() is widget for i in range(layout.count())):
            return row
    return -1
