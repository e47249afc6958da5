"""The filing register: the director types or scans archive numbers in a row to tick
paper cards filed; the table shows every card by grid and binder, missing ones in red."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from forms.cards.rows import RowsModel, table
from forms.cards.widgets import labelled
from gridapp import cardlife
from gridapp.errors import UserError
from gridapp.models import Grid
from gridapp.models.cards import STATES
from gridapp.services import filing
from gridapp.services.scope import grid_choices
from reports.filing_register import export_register

COLUMNS = [("档案号", "archive_no"), ("网格", "grid"), ("卡号", "card_no"), ("地址", "address"), ("户主", "head"),
           ("人数", "members"), ("采集日期", "collected_on"), ("录入", "keyed"), ("状态", "state_label"),
           ("归档", "filed")]
FILTERS = {"all": "全部", "unfiled": "未归档", "filed": "已归档", "missing": "缺失"}


class FilingRegister(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.scan = QLineEdit()
        self.scan.setPlaceholderText("输入或扫描档案号（如 03-02-047），Enter 登记归档")
        self.feedback = QLabel()
        self.grid = QComboBox()
        self.state = QComboBox()
        for code, label in FILTERS.items():
            self.state.addItem(label, code)
        self.model = RowsModel(COLUMNS, lambda r: "#c62828" if r["missing"] else None)
        self.view = table(self.model, [90, 90, 80, 220, 80, 50, 100, 130, 70])
        self.count = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(labelled("网格(&G)", self.grid))
        filters.addWidget(self.grid)
        filters.addWidget(labelled("状态(&Z)", self.state))
        filters.addWidget(self.state)
        filters.addStretch(1)
        filters.addWidget(QLabel("Ctrl+E：导出登记表 XLSX"))
        layout = QVBoxLayout(self)
        layout.addWidget(labelled("归档登记(&R)", self.scan))
        layout.addWidget(self.scan)
        layout.addWidget(self.feedback)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        self.scan.returnPressed.connect(self.tick)
        self.grid.currentIndexChanged.connect(self.refresh)
        self.state.currentIndexChanged.connect(self.refresh)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self.export,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.load_grids()

    def load_grids(self) -> None:
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.addItem("全部网格", None)
        grids = grid_choices()
        for name, g in grids:
            self.grid.addItem(name, g.id)
        self.grid.setCurrentIndex(1 if grids else 0)  # one grid opens at once; 全部网格 is a choice away
        self.grid.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        gid = self.grid.currentData()
        rows = filing.register(grid=Grid.get_by_id(gid) if gid else None)
        which = self.state.currentData()
        shown = []
        for r in rows:
            if which == "unfiled" and r.state == cardlife.FILED or which == "filed" and r.state != cardlife.FILED \
                    or which == "missing" and not r.missing:
                continue
            shown.append({**r.__dict__, "state_label": "缺失" if r.missing else STATES.get(r.state, r.state),
                          "keyed": f"{r.keyed_at:%Y-%m-%d %H:%M}" if r.keyed_at else "",
                          "filed": f"{r.filed_by} {r.filed_at:%m-%d}" if r.filed_at else ""})
        self.model.set_rows(shown)
        missing = sum(1 for r in rows if r.missing)
        unfiled = sum(1 for r in rows if r.state != cardlife.FILED)
        self.count.setText(f"共 {len(rows)} 张：已归档 {len(rows) - unfiled}，未归档 {unfiled}，其中缺失 {missing}")

    def tick(self) -> None:
        text = self.scan.text()
        self.scan.clear()
        try:
            result = filing.file_cards([text])
        except UserError as exc:
            self._say(str(exc), ok=False)
            return
        if result.filed:
            self._say(f"已归档 {result.filed[0]}", ok=True)
        elif result.already:
            self._say(f"{result.already[0]} 此前已归档", ok=True)
        elif result.not_keyed:
            self._say(f"{result.not_keyed[0]} 尚未录入", ok=False)
        else:
            self._say(f"没有档案号 {result.unknown[0]}", ok=False)
        self.refresh()

    def _say(self, text: str, ok: bool) -> None:
        self.feedback.setStyleSheet("color: #2e7d32;" if ok else "color: #b00020;")
        self.feedback.setText(text)

    def export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "导出归档登记表", str(Path.home() / "归档登记表.xlsx"),
                                              "Excel 工作簿 (*.xlsx)")
        if name:
            gid = self.grid.currentData()
            try:
                count = export_register(name, grid=Grid.get_by_id(gid) if gid else None)
            except UserError as exc:
                self._say(str(exc), ok=False)
                return
            self._say(f"已导出 {count} 张到 {name}", ok=True)
