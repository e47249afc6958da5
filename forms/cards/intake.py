"""Logging a stack of cards as a grid worker hands it in: worker, grid, date, numbers."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
)

from gridapp.errors import UserError
from gridapp.models import Grid, Staff, StaffGrid
from gridapp.services import browse, intake
from gridapp.services.checks import parse_date
from gridapp.services.workdays import due_date


class IntakeDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("接收登记卡")
        self.received = []
        self.grid = QComboBox()
        grids = browse.all_grids()
        several = len({g.community_id for g in grids}) > 1
        for g in grids:
            self.grid.addItem(f"{g.community.name} {g.name}" if several else g.name, g.id)
        self.worker = QComboBox()
        self.collected_on = QLineEdit(dt.date.today().isoformat())
        self.numbers = QLineEdit()
        self.numbers.setPlaceholderText("如 0101-0150 或 0101,0105；留空则按张数自动编号")
        self.count = QSpinBox()
        self.count.setRange(0, 500)
        self.message = QLabel()
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("网格(&G)", self.grid)
        form.addRow("网格员(&W)", self.worker)
        form.addRow("采集日期(&T)", self.collected_on)
        form.addRow("卡号(&N)", self.numbers)
        form.addRow("张数(&C)", self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("接收")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        buttons.accepted.connect(self.receive)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.grid.currentIndexChanged.connect(self._grid_changed)
        self._grid_changed()

    def _grid_changed(self) -> None:
        self.worker.clear()
        gid = self.grid.currentData()
        if not gid:
            return
        staff = (Staff.live().join(StaffGrid, on=(StaffGrid.staff == Staff.id))
                 .where(StaffGrid.grid == gid, StaffGrid.deleted == False)  # noqa: E712
                 .order_by(StaffGrid.post, Staff.name))
        for s in staff:
            self.worker.addItem(s.name, s.id)

    def receive(self) -> None:
        """Log the stack; the dialog stays open for the next worker's stack."""
        try:
            day, issues = parse_date(self.collected_on.text(), "collected_on", "采集日期")
            if issues or day is None:
                raise UserError(issues[0].message if issues else "请填写采集日期")
            grid = Grid.get_by_id(self.grid.currentData())
            worker = Staff.get_by_id(self.worker.currentData())
            cards = intake.receive(grid, worker, day, intake.expand_numbers(self.numbers.text()),
                                   count=self.count.value())
        except UserError as exc:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(str(exc))
            return
        self.received += cards
        due = due_date(day, grid.community_id)
        self.message.setStyleSheet("color: #2e7d32;")
        self.message.setText(f"已接收 {len(cards)} 张（{cards[0].card_no}–{cards[-1].card_no}），"
                             f"应于 {cards[0].due_on} 前录入。" + (f"\n{due.warning}" if due.warning else ""))
        self.numbers.clear()
        self.count.setValue(0)
        self.numbers.setFocus()
