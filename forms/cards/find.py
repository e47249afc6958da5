"""Find a person or household by what the clerk remembers; open it, or record a move-out.

Enter opens the household in the entry form; F6 records that the selected person moved
out, F7 that the whole household did (人走有注销).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from forms.cards.rows import RowsModel, table
from gridapp.errors import UserError
from gridapp.models import Household, Person
from gridapp.services import moves
from gridapp.services.checks import parse_date
from gridapp.services.search import search

CHILDREN = Qt.ShortcutContext.WidgetWithChildrenShortcut
COLUMNS = [("姓名", "name"), ("与户主关系", "relation"), ("身份证号", "id_number"), ("地址", "address"),
           ("匹配", "why")]


class DepartDialog(QDialog):
    """Date and destination of a move-out."""

    def __init__(self, what: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"迁出：{what}")
        self.day = QLineEdit(dt.date.today().isoformat())
        self.destination = QLineEdit()
        self.message = QLabel()
        form = QFormLayout(self)
        form.addRow("迁出日期(&D)", self.day)
        form.addRow("迁往(&T)", self.destination)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.destination.setFocus()

    def _check(self) -> None:
        day, issues = parse_date(self.day.text(), "day", "迁出日期")
        if issues or day is None or not self.destination.text().strip():
            self.message.setText(issues[0].message if issues else "请填写迁出日期和迁往地")
            return
        self.value = (day, self.destination.text().strip())
        self.accept()


class FindDialog(QDialog):
    open_household = Signal(object)  # Household

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("查找住户和人员")
        self.resize(900, 520)
        self.query = QLineEdit()
        self.query.setPlaceholderText("身份证号或尾号、姓名、拼音首字母（如 zsf）、地址（如 1栋2单元302）、卡号")
        self.departed = QCheckBox("包括已迁出(&A)")
        self.model = RowsModel(COLUMNS, lambda r: "#888888" if r["departed"] else None)
        self.view = table(self.model, [90, 80, 170, 330])
        self.message = QLabel("Enter：打开该户　F6：此人迁出　F7：整户迁出")
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.departed)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        self._timer = QTimer(self, singleShot=True, interval=150)
        self._timer.timeout.connect(self.run)
        self.query.textChanged.connect(lambda _: self._timer.start())
        self.departed.toggled.connect(lambda _: self.run())
        self.query.returnPressed.connect(self._enter_from_query)
        self.view.activated.connect(lambda index: self._open(index.row()))
        QShortcut(QKeySequence("F6"), self, activated=self.depart_person, context=CHILDREN)
        QShortcut(QKeySequence("F7"), self, activated=self.depart_household, context=CHILDREN)
        self.query.setFocus()

    def run(self) -> None:
        hits = search(self.query.text(), include_departed=self.departed.isChecked())
        self.model.set_rows([h.__dict__ for h in hits])
        if hits:
            self.view.selectRow(0)
        self.message.setText(f"找到 {len(hits)} 人" + ("（只显示前 50 人）" if len(hits) >= 50 else "") +
                             "　Enter：打开该户　F6：此人迁出　F7：整户迁出")

    def _current(self) -> dict | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() and self.model.rows else None

    def _enter_from_query(self) -> None:
        self._timer.stop()
        self.run()
        if self.model.rows:
            self.view.setFocus()

    def _open(self, row: int) -> None:
        self.open_household.emit(Household.get_by_id(self.model.rows[row]["household_id"]))
        self.accept()

    def depart_person(self) -> None:
        hit = self._current()
        if hit is None or hit["departed"]:
            return
        dialog = DepartDialog(hit["name"], self)
        if dialog.exec():
            try:
                moves.depart_person(Person.get_by_id(hit["person_id"]), *dialog.value)
            except UserError as exc:
                self.message.setText(str(exc))
                return
            self.run()
            self.message.setText(f"已登记 {hit['name']} 迁出。")

    def depart_household(self) -> None:
        hit = self._current()
        if hit is None:
            return
        dialog = DepartDialog(f"{hit['address']} 全户", self)
        if dialog.exec():
            moves.depart_household(Household.get_by_id(hit["household_id"]), *dialog.value)
            self.run()
            self.message.setText(f"已登记 {hit['address']} 全户迁出。")
