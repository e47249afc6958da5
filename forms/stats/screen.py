"""Statistics for the street, a community or a grid: totals, every grid side by side, a
bar per grid and the population pyramid; the same as a printable PDF or XLSX."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from forms.charts import BarChart, Pyramid
from forms.ledgers.screen import buddy
from forms.scope import ScopeBoxes
from forms.tasks import Cancelled, run_in_background, run_with_progress
from gridapp.errors import UserError
from gridapp.services import statstable
from gridapp.services.stats import stats
from gridapp.store.session import current_user

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setTabKeyNavigation(False)
    t.setAlternatingRowColors(True)
    t.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    t.verticalHeader().setDefaultSectionSize(t.fontMetrics().height() + 8)
    t.verticalHeader().setVisible(False)
    return t


def _fill(table: QTableWidget, rows: list[list], bold_rows: set[int] = frozenset()) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if isinstance(value, int):
                item.setTextAlignment(RIGHT)
            if r in bold_rows:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            table.setItem(r, c, item)


class StatsScreen(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.data: dict | None = None
        self.loading = False
        self.places = ScopeBoxes(self)
        self.measure = QComboBox()
        for code, (label, _get) in statstable.BAR_MEASURES.items():
            self.measure.addItem(label, code)
        self.pdf_button = QPushButton("导出 PDF(&D)…")
        self.xlsx_button = QPushButton("导出 Excel(&E)…")
        self.status = QLabel()
        self.summary = _table(["类别", "项目", "数量"])
        self.grids = _table(statstable.grid_headers())
        self.extra = _table(["项目", "值", "合计"])  # own categories and supplementary fields, by grid
        self.bars = BarChart()
        self.pyramid = Pyramid()
        charts = QWidget()
        chart_layout = QHBoxLayout(charts)
        left = QVBoxLayout()
        pick = QHBoxLayout()
        pick.addWidget(buddy("每个网格的(&M)", self.measure))
        pick.addWidget(self.measure)
        pick.addStretch(1)
        left.addLayout(pick)
        left.addWidget(self.bars)
        left.addStretch(1)
        chart_layout.addLayout(left, 1)
        right = QVBoxLayout()
        right.addWidget(self.pyramid)
        right.addStretch(1)
        chart_layout.addLayout(right, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.summary, "汇总(&Z)")
        self.tabs.addTab(self.grids, "分网格(&W)")
        self.tabs.addTab(scroll, "图表(&B)")
        self.tabs.addTab(self.extra, "补充项与类别(&Y)")

        top = QHBoxLayout()
        for text, widget in (("社区(&Q)", self.places.community), ("网格(&G)", self.places.grid)):
            top.addWidget(buddy(text, widget))
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

        self.places.changed.connect(self.refresh)
        self.measure.currentIndexChanged.connect(self._draw_bars)
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        QShortcut(QKeySequence("Ctrl+P"), self, activated=lambda: self.export(".pdf"),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=lambda: self.export(".xlsx"),
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    def refresh(self) -> None:
        scope = self.places.scope()
        self.loading = True
        self.status.setText(f"正在统计{scope.label}…")
        run_in_background(lambda progress: stats(scope), self._show, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.status.setText(f"统计失败：{exc}")

    def _show(self, data: dict) -> None:
        self.data, self.loading = data, False
        rows, bold = [], set()
        for section, items in statstable.summary(data):
            bold.add(len(rows))
            rows.append([section, "", None])
            rows += [["", label, n] for label, n in items]
        _fill(self.summary, rows, bold)
        self.summary.resizeColumnsToContents()
        _fill(self.grids, statstable.grid_rows(data))
        self.grids.resizeColumnsToContents()
        headers = statstable.extra_headers(data)
        self.extra.setColumnCount(len(headers))
        self.extra.setHorizontalHeaderLabels(headers)
        rows, bold = [], set()
        for section, items in statstable.extra_sections(data):
            bold.add(len(rows))
            rows.append([section, "", None])
            rows += [["", item, total, *grids] for item, total, grids in items]
        _fill(self.extra, rows or [["（没有自定义类别，也没有单选、多选或是/否补充项）", "", None]], bold)
        self.extra.resizeColumnsToContents()
        self._draw_bars()
        self.pyramid.set_data(f"人口金字塔（{data['scope']}，在册 {data['persons']} 人）",
                              statstable.pyramid_rows(data))
        self.status.setText(f"{data['scope']}：截至 {data['as_of']}，{data['households']} 户，{data['persons']} 人")

    def _draw_bars(self) -> None:
        if self.data is not None:
            code = self.measure.currentData()
            self.bars.set_data(f"每个网格的{statstable.BAR_MEASURES[code][0]}", statstable.bars(self.data, code))

    def export(self, suffix: str) -> None:
        if self.data is None or self.loading:
            return
        data = self.data
        kind = "PDF 文件 (*.pdf)" if suffix == ".pdf" else "Excel 表格 (*.xlsx)"
        suggested = Path.home() / f"统计报表-{data['scope']}-{dt.date.today():%Y%m%d}{suffix}"
        name, _ = QFileDialog.getSaveFileName(self, "导出统计报表", str(suggested), kind)
        if not name:
            return
        if not name.lower().endswith(suffix):
            name += suffix
        if suffix == ".pdf":
            from reports.stats_pdf import write_stats
        else:
            from reports.stats_xlsx import write_stats
        try:
            run_with_progress(self, "正在生成统计报表…", lambda progress: write_stats(data, name, made_by=current_user()))
        except (Cancelled, UserError) as exc:
            QMessageBox.information(self, "统计报表", str(exc) or "已取消。")
            return
        self.status.setText(f"统计报表已保存：{name}")
