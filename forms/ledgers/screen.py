"""The ledger screen: choose a ledger and where, narrow it by typing and by its filters,
sort by any column (from the keyboard: 排序 and 降序, or a header click), export
what is shown to XLSX (Ctrl+E). Everything runs in SQL, so the street's 135k people
sort and filter in seconds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from forms.ledgers.model import LedgerModel
from forms.scope import ScopeBoxes
from forms.tasks import Cancelled, run_with_progress
from gridapp import privacy
from gridapp.errors import UserError
from gridapp.services import listbuilder
from gridapp.services.ledgerquery import Query
from gridapp.services.ledgers import LEDGERS, in_force
from gridapp.services.listbuilder import ledger
from gridapp.store.session import current_user

TYPING_PAUSE_MS = 300  # the filter runs when typing pauses


def buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label


class LedgerScreen(QWidget):
    def __init__(self, name: str = "population", parent=None):
        super().__init__(parent)
        self.ledger_box = QComboBox()
        for code, led in LEDGERS.items():
            self.ledger_box.addItem(led.title, code)
        for saved in listbuilder.all_saved():  # lists on demand, beside the fixed ledgers
            self.ledger_box.addItem(f"{saved['name']}（按需名单）", saved["name"])
        self.places = ScopeBoxes(self)
        self.filters_row = QHBoxLayout()
        self.filter_boxes: dict[str, QComboBox] = {}
        self.text = QLineEdit()
        self.text.setPlaceholderText("姓名、拼音首字母、身份证号、电话、地址…")
        self.text.setClearButtonEnabled(True)
        self.sort_box = QComboBox()
        self.descending = QCheckBox("降序(&D)")
        self.full = QCheckBox("显示完整身份证号和电话(&V)")  # masked for every role until asked
        if not privacy.sees_full():  # (showing a widget before it has a parent would open it as a window)
            self.full.hide()
        self.full.setToolTip("查看将记入操作记录；导出也按此（无完整导出权限的角色仍导出遮蔽的号码）")
        self.model = LedgerModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setTabKeyNavigation(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        rows = self.view.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.description = QLabel()
        self.count = QLabel()
        self.export_button = QPushButton("导出 Excel(&E)…")

        top = QHBoxLayout()
        for text, widget in (("台账(&L)", self.ledger_box), ("社区(&Q)", self.places.community),
                             ("网格(&G)", self.places.grid)):
            top.addWidget(buddy(text, widget))
            top.addWidget(widget)
        top.addLayout(self.filters_row)
        top.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(buddy("筛选(&X)", self.text))
        second.addWidget(self.text, 1)
        second.addWidget(buddy("排序(&R)", self.sort_box))
        second.addWidget(self.sort_box)
        second.addWidget(self.descending)
        second.addWidget(self.full)
        second.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(self.description)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)

        self.typing = QTimer(self, singleShot=True, interval=TYPING_PAUSE_MS)
        self.typing.timeout.connect(self.refresh)
        self.text.textChanged.connect(lambda _t: self.typing.start())
        self.text.returnPressed.connect(self.refresh)
        self.ledger_box.currentIndexChanged.connect(self._ledger_changed)
        self.places.changed.connect(self.refresh)
        self.sort_box.currentIndexChanged.connect(self._sort_changed)
        self.descending.toggled.connect(self._sort_changed)
        self.full.toggled.connect(self._full_changed)
        header.sectionClicked.connect(self._header_clicked)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda message: self.count.setText(f"查询失败：{message}"))
        self.export_button.clicked.connect(self.export)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self.export,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.ledger_box.setCurrentIndex(max(self.ledger_box.findData(name), 0))
        self._ledger_changed()

    def reload_lists(self) -> None:
        """The saved lists on demand again (one was saved, renamed or deleted)."""
        current = self.ledger_box.currentData()
        self.ledger_box.blockSignals(True)
        while self.ledger_box.count() > len(LEDGERS):
            self.ledger_box.removeItem(len(LEDGERS))
        for saved in listbuilder.all_saved():
            self.ledger_box.addItem(f"{saved['name']}（按需名单）", saved["name"])
        found = self.ledger_box.findData(current)
        self.ledger_box.setCurrentIndex(max(found, 0))
        self.ledger_box.blockSignals(False)
        if found < 0:
            self._ledger_changed()

    @property
    def ledger(self):
        name = self.ledger_box.currentData()
        if getattr(self, "_in_force", None) is None or self._in_force.name != name:
            self._in_force = in_force(ledger(name))  # with the supplementary fields, read once per choice
        return self._in_force

    def show_ledger(self, name: str, community_id=None, grid_id=None) -> None:
        """Open on a ledger, optionally in a community or grid (e.g. the tree's current node)."""
        self.ledger_box.setCurrentIndex(max(self.ledger_box.findData(name), 0))
        if community_id is not None or grid_id is not None:
            self.places.choose(community_id, grid_id)

    def _ledger_changed(self) -> None:
        self._in_force = None  # the card design may have changed since
        led = self.ledger
        while self.filters_row.count():
            item = self.filters_row.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.filter_boxes = {}
        for f in led.filters:
            box = QComboBox()
            for code, choice in f.choices.items():
                box.addItem(choice.label, code)
            box.currentIndexChanged.connect(self.refresh)
            self.filters_row.addWidget(buddy(f.label, box))
            self.filters_row.addWidget(box)
            self.filter_boxes[f.key] = box
        self.sort_box.blockSignals(True)
        self.sort_box.clear()
        self.sort_box.addItem("默认顺序", None)
        for c in led.columns:
            self.sort_box.addItem(c.header, c.key)
        self.sort_box.blockSignals(False)
        self.description.setText(led.description)
        self.refresh()

    def query(self) -> Query:
        key = self.sort_box.currentData()
        return Query(self.ledger, self.places.scope(), self.text.text(),
                     {k: box.currentData() for k, box in self.filter_boxes.items()},
                     ((key, self.descending.isChecked()),) if key else (), dt.date.today())

    def refresh(self) -> None:
        self.typing.stop()
        self.count.setText("正在查询…")
        self.model.ask(self.query())

    def _full_changed(self, full: bool) -> None:
        self.model.full = full
        self.refresh()

    def _sort_changed(self) -> None:
        key = self.sort_box.currentData()
        column = next((i for i, c in enumerate(self.ledger.columns) if c.key == key), -1)
        order = Qt.SortOrder.DescendingOrder if self.descending.isChecked() else Qt.SortOrder.AscendingOrder
        self.view.horizontalHeader().setSortIndicator(column, order)
        self.refresh()

    def _header_clicked(self, column: int) -> None:
        key = self.ledger.columns[column].key
        descending = self.sort_box.currentData() == key and not self.descending.isChecked()
        self.descending.blockSignals(True)
        self.descending.setChecked(descending)
        self.descending.blockSignals(False)
        self.sort_box.setCurrentIndex(self.sort_box.findData(key))  # runs the query
        if self.sort_box.currentData() == key:
            self._sort_changed()

    def _loaded(self, total: int) -> None:
        led = self.ledger
        if self.model.query is not None and self.model.query.ledger is led:
            metrics = self.view.fontMetrics()
            for i, c in enumerate(led.columns):
                self.view.setColumnWidth(i, metrics.horizontalAdvance("0") * c.width + 16)
        self.count.setText(f"共 {total} 行")

    def export(self) -> None:
        if self.model.loading or self.model.query is None:
            return
        q, total = self.model.query, len(self.model.keys)
        suggested = Path.home() / f"{q.ledger.title}-{q.scope.label}-{dt.date.today():%Y%m%d}.xlsx"
        name, _ = QFileDialog.getSaveFileName(self, "导出台账", str(suggested), "Excel 表格 (*.xlsx)")
        if not name:
            return
        if not name.lower().endswith(".xlsx"):
            name += ".xlsx"
        from reports.ledger_xlsx import write_ledger

        try:
            n = run_with_progress(self, f"正在导出{q.ledger.title}…", lambda progress: write_ledger(
                q, name, made_by=current_user(), progress=progress, total=total,
                mask=not privacy.shows_full(self.full.isChecked())))
        except (Cancelled, UserError) as exc:
            QMessageBox.information(self, "导出台账", str(exc) or "已取消。")
            return
        self.count.setText(f"共 {total} 行；已导出 {n} 行到 {name}")
