"""设置: every option the core declares, grouped, for the whole street or one community.

The widgets are made from the declarations in ``gridapp.settings`` (a new option shows up
here by itself); values are checked and written by the core, all together or not at all.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp import settings
from gridapp.errors import UserError
from gridapp.services import browse

LONG_TEXT = 40  # characters: a default longer than this gets a box of several lines


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("设置")
        self.resize(640, 560)
        self.scope = QComboBox()
        self.scope.addItem("全街道（各社区未单独设置时用）", None)
        for c in browse.communities():
            self.scope.addItem(c["name"], c["id"])
        if self.scope.count() == 2:  # a community office: its own community first
            self.scope.setCurrentIndex(1)
        scope_label = QLabel("适用于(&W)：")
        scope_label.setBuddy(self.scope)
        top = QHBoxLayout()
        top.addWidget(scope_label)
        top.addWidget(self.scope, 1)

        self.tabs = QTabWidget()
        self.editors: dict[str, QWidget] = {}
        self.origins: dict[str, QLabel] = {}
        forms: dict[str, QFormLayout] = {}
        for opt in settings.OPTIONS.values():
            group = settings.group_of(opt)
            if group not in forms:
                page = QWidget()
                forms[group] = QFormLayout(page)
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(page)
                self.tabs.addTab(scroll, f"{group}(&{len(forms)})")
            editor = self._editor(opt)
            editor.setToolTip(opt.help)
            self.editors[opt.key] = editor
            self.origins[opt.key] = origin = QLabel()
            origin.setStyleSheet("color: gray")
            row = QHBoxLayout()
            row.addWidget(editor, 1)
            row.addWidget(origin)
            label = "" if opt.type is bool else f"{opt.label}："
            forms[group].addRow(label, row)

        self.status = QLabel()
        buttons = QDialogButtonBox()
        buttons.addButton("保存(&S)", QDialogButtonBox.ButtonRole.AcceptRole).setDefault(True)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)  # as on the card entry form
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.scope.currentIndexChanged.connect(self.load)
        self.load()

    @staticmethod
    def _editor(opt: settings.Option) -> QWidget:
        if opt.type is bool:
            return QCheckBox(opt.label)
        if opt.type is int:
            box = QSpinBox()
            box.setRange(0, 100_000)
            return box
        if opt.type is str and len(str(opt.default)) > LONG_TEXT:
            box = QPlainTextEdit()
            box.setTabChangesFocus(True)
            box.setFixedHeight(box.fontMetrics().lineSpacing() * 4 + 12)
            return box
        return QLineEdit()

    def community(self):
        return self.scope.currentData()

    def load(self) -> None:
        """Show the values in force where the scope box points, and where each comes from."""
        self.shown = {}
        for row in settings.overview(self.community()):
            key, value = row["key"], row["value"]
            self.shown[key] = value
            editor = self.editors[key]
            if isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, QSpinBox):
                editor.setValue(int(value))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(str(value))
            else:
                editor.setText(settings.show(value))
            self.origins[key].setText(row["origin"])
        self.status.clear()

    def _value(self, key: str):
        editor = self.editors[key]
        if isinstance(editor, QCheckBox):
            return editor.isChecked()
        if isinstance(editor, QSpinBox):
            return editor.value()
        if isinstance(editor, QPlainTextEdit):
            return settings.parse(key, editor.toPlainText())
        return settings.parse(key, editor.text())

    def changes(self) -> dict:
        """The options whose value differs from the one shown when the scope was chosen."""
        out = {}
        for key in self.editors:
            value = self._value(key)
            if value != self.shown[key]:
                out[key] = value
        return out

    def save(self) -> None:
        try:
            settings.put_many(self.changes(), self.community())  # this computer's own ones included
        except UserError as exc:
            QMessageBox.warning(self, "设置", f"没有保存：{exc}")
            return
        self.accept()
