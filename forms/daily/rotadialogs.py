"""The duty rota's changes, keyed without the mouse: setting up the rota (start date, groups in
turn with their members ticked from the community's grid staff), swapping two days' groups, and a
stand-in on a day. What the service refuses is shown in its words and nothing is changed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.cards.widgets import ERROR_STYLE
from forms.daily.common import date_edit
from gridapp.errors import UserError
from gridapp.services import rota

NUMBERS = "一二三四五六七八九十"
NAME = Qt.ItemDataRole.UserRole


def _buttons(dialog: "_RotaDialog", save_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Save).setText(save_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    box.accepted.connect(dialog.save)
    box.rejected.connect(dialog.reject)
    QShortcut(QKeySequence("Ctrl+S"), dialog, activated=dialog.save)
    return box


class _RotaDialog(QDialog):
    """A rota dialog: a status line for the service's refusals; ``save`` calls ``write``."""

    def __init__(self, community, title: str, parent=None):
        super().__init__(parent)
        self.community = community
        self.setWindowTitle(title)
        self.status = QLabel()
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setWordWrap(True)
        self.done_text = ""

    def write(self) -> str:
        raise NotImplementedError

    def save(self) -> None:
        try:
            self.done_text = self.write()
        except UserError as exc:
            self.status.setText(f"未保存：{exc}")
            return
        self.accept()


class RotaSetupDialog(_RotaDialog):
    """Start date; a group's name (Enter goes to its members), its members ticked with Space in the
    list (Enter adds the group); the groups in turn, Delete takes the chosen one out; Ctrl+S saves."""

    def __init__(self, community, name: str, start: dt.date, parent=None):
        super().__init__(community, f"设置值班表：{name}", parent)
        self.resize(520, 520)
        self.start = date_edit(start)
        self.groups = QListWidget()
        self.name = QLineEdit()
        self.name.setPlaceholderText("组名，如 第一组；Enter 选组员")
        self.people = QListWidget()
        self.add_button = QPushButton("加入这一组(&A)")
        self.added: list[dict] = []
        self.grids = dict(rota.candidates(community))
        form = QFormLayout()
        form.addRow("开始日期(&D)", self.start)
        form.addRow("值班组（按轮值顺序）(&Z)", self.groups)
        form.addRow("组名(&N)", self.name)
        form.addRow("组员（空格勾选）(&M)", self.people)
        form.addRow("", self.add_button)
        hint = QLabel("组名 Enter → 空格勾选组员 → Enter 加入这一组；Delete 删去所选的组；Ctrl+S 保存")
        hint.setStyleSheet("color: gray;")
        box = _buttons(self, "保存 (Ctrl+S)")
        for button in box.buttons() + [self.add_button]:
            button.setAutoDefault(False)  # Enter belongs to the fields
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.status)
        layout.addWidget(box)
        order = [self.start, self.name, self.people, self.add_button, self.groups]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)
        self.add_button.clicked.connect(self.add_group)
        for keys in ("Return", "Enter"):  # Enter moves on here; it never saves (Ctrl+S does)
            for field, slot in ((self.start, self.name.setFocus), (self.name, self.people.setFocus),
                                (self.people, self.add_group)):
                QShortcut(QKeySequence(keys), field, activated=slot, context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Delete"), self.groups, activated=self.remove_group,
                  context=Qt.ShortcutContext.WidgetShortcut)
        for g in rota.current_groups(community, start):
            self.added.append({"name": g["name"], "staff": [n for n in g["staff"] if n]})
        self._show()
        self.start.setFocus()

    def _next_name(self) -> str:
        n = len(self.added) + 1
        return f"第{NUMBERS[n - 1] if n <= len(NUMBERS) else n}组"

    def _show(self) -> None:
        self.groups.clear()
        for g in self.added:
            self.groups.addItem(f"{g['name']}：{'、'.join(g['staff'])}")
        taken = {n: g["name"] for g in self.added for n in g["staff"]}
        self.people.clear()
        for name, grids in self.grids.items():
            item = QListWidgetItem(f"{name}　{grids}" + (f"（在{taken[name]}）" if name in taken else ""))
            item.setData(NAME, name)
            if name in taken:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            self.people.addItem(item)
        first = next((i for i in range(self.people.count()) if self.people.item(i).flags() & Qt.ItemFlag.ItemIsEnabled),
                     None)
        if first is not None:
            self.people.setCurrentRow(first)
        self.name.setText(self._next_name())
        self.name.selectAll()

    def add_group(self) -> None:
        members = [self.people.item(i).data(NAME) for i in range(self.people.count())
                   if self.people.item(i).checkState() == Qt.CheckState.Checked]
        name = self.name.text().strip() or self._next_name()
        if not members:
            self.status.setText(f"“{name}”还没有组员：在组员列表里用方向键选人，空格勾选。")
            self.people.setFocus()
            return
        if any(g["name"] == name for g in self.added):
            self.status.setText(f"已有“{name}”：请换一个组名。")
            self.name.setFocus()
            return
        self.added.append({"name": name, "staff": members})
        self.status.clear()
        self._show()
        self.name.setFocus()

    def remove_group(self) -> None:
        row = self.groups.currentRow()
        if 0 <= row < len(self.added):
            del self.added[row]
            self._show()
            self.groups.setCurrentRow(min(row, len(self.added) - 1))

    def write(self) -> str:
        start = self.start.date().toPython()
        rota.set_rota(self.community, start, self.added)
        return f"已设置值班表：自 {start} 起 {len(self.added)} 个组轮流值班，节假日顺延"


class SwapDialog(_RotaDialog):
    """Two working days trade their groups: the date, the other date, the reason; Enter saves."""

    def __init__(self, community, day: dt.date, parent=None):
        super().__init__(community, "调班：两天的值班组互换", parent)
        self.day = date_edit(day)
        self.other = date_edit(day + dt.timedelta(days=1))
        self.reason = QLineEdit()
        self.preview = QLabel()
        form = QFormLayout(self)
        form.addRow("日期(&D)", self.day)
        form.addRow("与哪天调换(&W)", self.other)
        form.addRow("事由(&R)", self.reason)
        form.addRow(self.preview)
        form.addRow(self.status)
        form.addRow(_buttons(self, "调换 (Enter)"))
        for edit in (self.day, self.other):
            edit.dateChanged.connect(self._preview)
        self._preview()
        self.day.setFocus()

    def _preview(self, *_args) -> None:
        self.preview.setText("　".join(f"{d}：" + (f"{duty.group}（{'、'.join(duty.staff)}）" if duty else rota.no_duty(self.community, d))
                                      for d in (self.day.date().toPython(), self.other.date().toPython())
                                      for duty in [rota.on(self.community, d)]))

    def write(self) -> str:
        day, other = self.day.date().toPython(), self.other.date().toPython()
        rota.swap(self.community, day, other, self.reason.text())
        return f"已调班：{day} 与 {other} 的值班组互换"


class StandInDialog(_RotaDialog):
    """On a day, one worker is on duty in place of another: the date, who is away (of that day's
    group), who stands in, the reason; Enter saves."""

    def __init__(self, community, day: dt.date, parent=None):
        super().__init__(community, "替班", parent)
        self.day = date_edit(day)
        self.absent = QComboBox()
        self.standin = QComboBox()
        for name, grids in rota.candidates(community):
            self.standin.addItem(f"{name}　{grids}", name)
        self.reason = QLineEdit()
        self.duty = QLabel()
        form = QFormLayout(self)
        form.addRow("日期(&D)", self.day)
        form.addRow(self.duty)
        form.addRow("原值班人(&A)", self.absent)
        form.addRow("替班人(&I)", self.standin)
        form.addRow("事由(&R)", self.reason)
        form.addRow(self.status)
        form.addRow(_buttons(self, "保存 (Enter)"))
        self.day.dateChanged.connect(self._load_duty)
        self._load_duty()
        self.day.setFocus()

    def _load_duty(self, *_args) -> None:
        day = self.day.date().toPython()
        duty = rota.on(self.community, day)
        self.duty.setText(f"{day}：{duty.group} 值班（{'、'.join(duty.staff)}）" if duty else f"{day} {rota.no_duty(self.community, day)}")
        self.absent.clear()
        for name in duty.staff if duty else []:
            self.absent.addItem(name, name)

    def write(self) -> str:
        day = self.day.date().toPython()
        rota.stand_in(self.community, day, self.absent.currentData() or "", self.standin.currentData() or "",
                      self.reason.text())
        return f"已替班：{day} 由 {self.standin.currentData()} 替 {self.absent.currentData()} 值班"
