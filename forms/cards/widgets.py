"""Small keyboard-first widgets the card screens share."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp import categories as cats

_MEMBER_PREFIX = re.compile(r"^第 \d+ 名成员(“[^”]*”)?[：的]?")  # the row already says whose it is
ERROR_STYLE = "color: #b00020;"
WARNING_STYLE = "color: #a15c00;"
OK_STYLE = "color: #2e7d32;"


class EnterMovesOn(QObject):
    """Enter in a line edit or combo box moves to the next field, as on a census keying screen."""

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() and isinstance(obj, (QLineEdit, QComboBox)):
            combo = obj if isinstance(obj, QComboBox) else None
            if combo is not None and combo.view().isVisible():
                return False
            obj.focusNextChild()
            return True
        return False


class Feedback(QLabel):
    """The message next to a field: red for an error, amber for a warning."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.level = ""

    def show_issues(self, issues) -> None:
        errors = [i for i in issues if i.level == "error"]
        shown = errors or list(issues)
        self.level = "error" if errors else ("warning" if shown else "")
        self.setStyleSheet(ERROR_STYLE if errors else WARNING_STYLE)
        self.setText("；".join(dict.fromkeys(_MEMBER_PREFIX.sub("", i.message) for i in shown)))

    def note(self, text: str) -> None:
        self.level = ""
        self.setStyleSheet(OK_STYLE)
        self.setText(text)


def combo(items: dict[str, str], blank: str | None = None) -> QComboBox:
    """A combo box of code → label; typing the first characters selects."""
    box = QComboBox()
    if blank is not None:
        box.addItem(blank, "")
    for code, label in items.items():
        box.addItem(label, code)
    return box


def set_code(box: QComboBox, code: str) -> None:
    index = box.findData(code or "")
    box.setCurrentIndex(max(index, 0))


class _Checklist(QDialog):
    """Number keys toggle, Enter or Esc closes."""

    def __init__(self, options: tuple, chosen: set[str], parent=None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.options = options
        self.chosen = set(chosen)
        self.list = QListWidget()
        for i, cat in enumerate(options):
            item = QListWidgetItem(f"{(i + 1) % 10 if i < 10 else chr(ord('a') + i - 10)}  {cat.symbol} {retired_label(cat)}")
            item.setCheckState(Qt.CheckState.Checked if cat.code in chosen else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.list)
        self.list.setCurrentRow(0)
        self.list.installEventFilter(self)

    def _toggle(self, row: int) -> None:
        item = self.list.item(row)
        code = self.options[row].code
        if code in self.chosen:
            self.chosen.discard(code)
            item.setCheckState(Qt.CheckState.Unchecked)
        else:
            self.chosen.add(code)
            item.setCheckState(Qt.CheckState.Checked)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.KeyPress:
            key, text = event.key(), event.text()
            if text.isdigit():
                row = (int(text) - 1) % 10
                if row < len(self.options):
                    self._toggle(row)
                return True
            if text and "a" <= text <= "z" and ord(text) - ord("a") + 10 < len(self.options):
                self._toggle(ord(text) - ord("a") + 10)
                return True
            if key == Qt.Key.Key_Space:
                self._toggle(self.list.currentRow())
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
                self.accept()
                return True
        return False


def retired_label(cat: cats.Category) -> str:
    return f"{cat.label}（已停用）" if cat.code in cats.RETIRED else cat.label


class CategoryPicker(QLineEdit):
    """Shows the chosen categories; Space opens a list where number keys toggle them."""

    changed = Signal()

    def __init__(self, level: str, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.level = level
        self.codes: list[str] = []
        self.kept: tuple[cats.Category, ...] = ()  # retired own categories the card loaded: kept unless unticked
        self.setPlaceholderText("空格选择")

    @property
    def options(self) -> tuple[cats.Category, ...]:
        """The categories in force now (an own category added meanwhile is offered at once), then
        the retired ones the card still marks, shown as （已停用）."""
        return cats.of_level(self.level) + self.kept

    @property
    def removed(self) -> list[str]:
        """The marks of retired categories the clerk unticked (the service removes only these)."""
        return [c.code for c in self.kept if c.code not in self.codes]

    def load(self, codes) -> None:
        """The card's categories, retired ones included (offered only on this card, to keep or remove)."""
        codes = set(codes or ())
        self.kept = tuple(c for c in cats.retired_of_level(self.level) if c.code in codes)
        self.set_codes(codes)

    def set_codes(self, codes) -> None:
        self.codes = [c.code for c in self.options if c.code in set(codes or ())]
        self.setText("、".join(retired_label(c) for c in self.options if c.code in self.codes))
        self.changed.emit()

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_Space:
            self.open_list()
            return
        super().keyPressEvent(event)

    def open_list(self) -> None:
        popup = _Checklist(self.options, set(self.codes), self)
        popup.move(self.mapToGlobal(self.rect().bottomLeft()))
        popup.resize(max(self.width(), 180), min(28 * len(self.options) + 8, 360))
        popup.exec()
        self.set_codes(popup.chosen)


def labelled(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class Choices(QDialog):
    """A question and its numbered answers: a number key picks one (or the arrows, then Enter);
    Esc goes back. ``chosen``: the index picked, or None."""

    def __init__(self, question: str, answers: list[str], parent=None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.chosen: int | None = None
        self.question = QLabel(question)
        self.question.setWordWrap(True)
        self.list = QListWidget()
        for i, text in enumerate(answers[:9]):
            self.list.addItem(f"{i + 1}  {text}")
        hint = QLabel(f"按数字键 1–{min(len(answers), 9)} 选择，Esc 返回")
        hint.setStyleSheet("color: gray;")
        layout = QVBoxLayout(self)
        for w in (self.question, self.list, hint):
            layout.addWidget(w)
        self.list.setCurrentRow(-1)  # Enter alone picks nothing: the choice is a deliberate key
        self.list.setMinimumWidth(560)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * self.list.count() + 8)
        self.list.installEventFilter(self)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.KeyPress:
            text, key = event.text(), event.key()
            if text.isdigit() and 1 <= int(text) <= self.list.count():
                self.chosen = int(text) - 1
                self.accept()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.list.currentRow() >= 0:
                    self.chosen = self.list.currentRow()
                    self.accept()
                return True
            if key == Qt.Key.Key_Escape:
                self.reject()
                return True
        return False


def choose(question: str, answers: list[str], under: QWidget) -> int | None:
    """Ask with ``Choices`` just below a field; the index picked, or None."""
    focus = QApplication.focusWidget()
    popup = Choices(question, answers, under)
    popup.move(under.mapToGlobal(under.rect().bottomLeft()))
    popup.exec()
    under.window().activateWindow()  # the keys go back where they were
    if focus is not None:
        focus.setFocus()
    return popup.chosen


def pane(label: QLabel, view: QWidget) -> QWidget:
    """A list with its heading above it, as the main window's panes show them."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 4, 0, 0)
    layout.addWidget(label)
    layout.addWidget(view)
    return box
