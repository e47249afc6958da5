"""The stacks just received, in the intake dialog: correct one logged wrongly (Enter or F2) or
remove it (Delete), by keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.dialogs import _AttemptDialog
from gridapp.errors import UserError
from gridapp.models import Staff
from gridapp.services import stacks
from gridapp.services.checks import parse_date
from gridapp.services.intake import default_worker, expand_numbers
from gridapp.services.scope import grid_workers

COLUMNS = (("numbers", "卡号"), ("grid", "网格"), ("worker", "网格员"), ("collected_on", "采集日期"),
           ("count", "张数"), ("keyed", "已录入"))
RECENT = 10


def fill_workers(combo: QComboBox, grid_id, chosen_id=None) -> None:
    """The grid's staff, post A first; ``chosen_id`` (else the post-A grid worker) selected."""
    combo.clear()
    if not grid_id:
        return
    staff = grid_workers(grid_id)
    ids: list = []
    for s in staff:
        if s.id not in ids:  # one serving on both posts is listed once
            ids.append(s.id)
            combo.addItem(s.name, s.id)
    if chosen_id is None:
        worker = default_worker(grid_id)
        chosen_id = worker.id if worker else None
    index = ids.index(chosen_id) if chosen_id in ids else -1
    if index < 0 and chosen_id is not None:
        combo.addItem(Staff.get_by_id(chosen_id).name, chosen_id)  # no longer serving the grid
        index = len(ids)
    combo.setCurrentIndex(max(index, 0))


class RecentStacks(QWidget):
    """The last stacks received, newest first, with 更正 and 删除."""

    changed = Signal(str)  # what was done, for the dialog's message line

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []
        self.view = QTableWidget(0, len(COLUMNS))
        self.view.setHorizontalHeaderLabels([label for _, label in COLUMNS])
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setTabKeyNavigation(False)
        label = QLabel("最近接收(&L)：选中一叠按 Enter 或 F2 更正，按 Delete 删除（卡都未录入时）")
        label.setBuddy(self.view)
        fix_button, remove_button = QPushButton("更正(&E)…"), QPushButton("删除(&D)")
        for button, slot in ((fix_button, self.fix), (remove_button, self.remove)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
        for keys, slot in (("Return", self.fix), ("Enter", self.fix), ("F2", self.fix), ("Delete", self.remove)):
            QShortcut(QKeySequence(keys), self.view, activated=slot, context=Qt.ShortcutContext.WidgetShortcut)
        row = QHBoxLayout()
        row.addWidget(label, 1)
        row.addWidget(fix_button)
        row.addWidget(remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.view)
        self.reload()

    def reload(self) -> None:
        self.rows = stacks.recent(limit=RECENT)
        self.view.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            for c, (key, _) in enumerate(COLUMNS):
                self.view.setItem(r, c, QTableWidgetItem(str(row[key])))
        self.view.resizeColumnsToContents()
        if self.rows:
            self.view.selectRow(0)

    def _chosen(self) -> dict | None:
        row = self.view.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def fix(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        dialog = StackFixDialog(stacks.of_listed(chosen), self)
        if dialog.exec():
            self.reload()
            self.changed.emit(f"已更正：{dialog.result_row['numbers']}，{dialog.result_row['worker']}，"
                              f"采集 {dialog.result_row['collected_on']}，共 {dialog.result_row['count']} 张。")
        self.view.setFocus()

    def remove(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        answer = QMessageBox.question(
            self, "删除这一叠", f"删除接收记录 {chosen['numbers']}（{chosen['grid']}，{chosen['worker']}，"
            f"{chosen['count']} 张）？\n删除后这些卡号可以重新接收。")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            gone = stacks.remove(stacks.of_listed(chosen))
        except UserError as exc:
            QMessageBox.warning(self, "不能删除", str(exc))
            return
        self.reload()
        self.changed.emit(f"已删除：{gone['numbers']}（{gone['count']} 张）。")
        self.view.setFocus()


class StackFixDialog(_AttemptDialog):
    """Correct one stack: worker, collection date, its card numbers or its count."""

    def __init__(self, cards, parent=None):
        super().__init__("更正接收记录", "更正", parent)
        self.cards = cards
        self.result_row: dict = {}
        now = stacks.describe(cards)
        self.form.addRow(QLabel(f"{now['community']} {now['grid']}：{now['numbers']}，"
                                f"接收于 {now['received_at'].replace('T', ' ')}"))
        self.worker = QComboBox()
        fill_workers(self.worker, cards[0].grid_id, cards[0].collected_by_id)
        self.collected_on = QLineEdit(now["collected_on"].isoformat())
        self.numbers = QLineEdit(now["numbers"])
        self.count = QSpinBox()
        self.count.setRange(1, 1000)
        self.count.setValue(now["count"])
        self.form.addRow("网格员(&W)：", self.worker)
        self.form.addRow("采集日期(&T)：", self.collected_on)
        self.form.addRow("卡号(&N)：", self.numbers)
        self.form.addRow("张数(&C)：", self.count)
        if now["keyed"]:
            note = QLabel(f"其中 {now['keyed']} 张已录入：这些卡不能从这一叠中去掉。")
            note.setWordWrap(True)
            self.form.addRow(note)
        self._before = now
        self._retry: QWidget = self.collected_on

    def attempt(self) -> None:
        self._retry = self.collected_on
        day, issues = parse_date(self.collected_on.text(), "collected_on", "采集日期")
        if issues or day is None:
            raise UserError(issues[0].message if issues else "请填写采集日期")
        self._retry = self.numbers
        numbers = None
        if self.numbers.text().strip() != self._before["numbers"]:
            numbers = expand_numbers(self.numbers.text())
        elif self.count.value() != self._before["count"]:
            numbers = stacks.resized(self.cards, self.count.value())
        worker = Staff.get_by_id(self.worker.currentData()) if self.worker.currentData() else None
        self.result_row = stacks.fix(self.cards, worker, day, numbers)

    def retry_field(self):
        return self._retry
