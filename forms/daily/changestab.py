"""The population change tab (人口变动): this or last week or month, or any range, for all the
communities, one community or one grid; the figures by grid (arrivals, departures, moves,
new households, cards collected) with the totals, counted off the GUI thread. Ctrl+P or
Alt+D exports the PDF, Alt+X the Excel workbook, through the report the command line
``changes --out`` writes (recorded in the audit trail; names masked unless the role may
print them in full)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from forms.cards.rows import RowsModel, table
from forms.daily.common import DailyTab, date_edit, keys_back
from forms.tasks import run_in_background, run_with_progress
from gridapp.errors import Cancelled, UserError
from gridapp.models import Community
from gridapp.services import changes
from gridapp.services.scope import grid_choices
from gridapp.store.roles import allowed

FIGURES = (*changes.COLUMNS, "net")
COLUMNS = [("社区", "community"), ("网格", "grid")] + [(changes.LABELS[k], k) for k in FIGURES]
CUSTOM = "custom"
DEBOUNCE_MS = 250


class ChangesTab(DailyTab):
    def __init__(self, parent=None, today: dt.date | None = None):
        super().__init__(parent)
        self._today = today
        self.period = QComboBox()
        for code, label in changes.PERIODS.items():
            self.period.addItem(label, code)
        self.period.addItem("自定义", CUSTOM)
        self.start, self.end = date_edit(self.today), date_edit(self.today)
        self.community = QComboBox()
        self.community.addItem("全部社区", None)
        for c in Community.live().order_by(Community.name):
            self.community.addItem(c.name, c.id)
        if self.community.count() == 2:  # the office's own community
            self.community.setCurrentIndex(1)
        self.grid = QComboBox()
        self.masked = QCheckBox("导出时遮蔽姓名(&M)")
        self.masked.setChecked(True)
        self.masked.setEnabled(allowed("export.full"))
        self.count_button = QPushButton("统计(&N)")
        self.pdf_button = QPushButton("导出 PDF(&D)")
        self.xlsx_button = QPushButton("导出 Excel(&X)")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.model = RowsModel(COLUMNS, lambda r: "#1e5aa8" if r["community"] == "合计" else None)
        self.view = table(self.model, [90, 90] + [72] * len(FIGURES))

        dates = QHBoxLayout()
        dates.addWidget(self.start)
        to = QLabel("至(&Z)")
        to.setBuddy(self.end)
        dates.addWidget(to)
        dates.addWidget(self.end)
        dates.addStretch(1)
        form = QFormLayout()
        form.addRow("期间(&E)", self.period)
        start = QLabel("日期(&A)")
        start.setBuddy(self.start)
        form.addRow(start, dates)
        place = QHBoxLayout()
        place.addWidget(self.community, 1)
        grid = QLabel("网格(&W)")
        grid.setBuddy(self.grid)
        place.addWidget(grid)
        place.addWidget(self.grid, 1)
        community = QLabel("社区(&Q)")
        community.setBuddy(self.community)
        form.addRow(community, place)
        buttons = QHBoxLayout()
        for w in (self.count_button, self.pdf_button, self.xlsx_button, self.masked):
            buttons.addWidget(w)
        buttons.addStretch(1)
        hint = QLabel("↑↓ 选期间　F5：重新统计　Ctrl+P：导出 PDF　按网格统计迁入、迁出、内部迁移、新立户和采集登记卡")
        hint.setStyleSheet("color: gray;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        order = [self.period, self.start, self.end, self.community, self.grid, self.count_button, self.pdf_button,
                 self.xlsx_button, self.masked, self.view]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)

        self.data: dict | None = None
        self._stale = True  # counted when first shown
        self._asked = 0  # the latest count asked for; older answers are dropped
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self.reload)
        self._setting_dates = False
        self._grid_places: dict = {}
        self.period.currentIndexChanged.connect(self._period_chosen)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(self._dates_typed)
        self.community.currentIndexChanged.connect(self._load_grids)
        self.grid.currentIndexChanged.connect(lambda _n: self._timer.start())
        self.count_button.clicked.connect(self.reload)
        self.pdf_button.clicked.connect(lambda: self.export(".pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export(".xlsx"))
        for keys, slot in (("F5", self.reload), ("Ctrl+P", lambda: self.export(".pdf"))):
            QShortcut(QKeySequence(keys), self, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.period)
        self._load_grids()
        self._period_chosen()

    # what is asked
    def _period_chosen(self, *_args) -> None:
        code = self.period.currentData()
        if code == CUSTOM:
            return
        self._setting_dates = True
        for edit, day in zip((self.start, self.end), changes.period(code, self.today)):
            edit.setDate(QDate(day.year, day.month, day.day))
        self._setting_dates = False
        self._timer.start()

    def _dates_typed(self, *_args) -> None:
        if self._setting_dates:
            return
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData(CUSTOM))
        self.period.blockSignals(False)
        self._timer.start()

    def _load_grids(self, *_args) -> None:
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.addItem("全部网格", None)
        for label, g in grid_choices(self.community.currentData()):
            self.grid.addItem(label, g.id)
            self._grid_places[g.id] = f"{g.community.name} {g.name}"
        self.grid.blockSignals(False)
        self._timer.start()

    def asked(self) -> tuple[dt.date, dt.date, list | None, list | None]:
        cid, gid = self.community.currentData(), self.grid.currentData()
        return (self.start.date().toPython(), self.end.date().toPython(), [cid] if cid else None,
                [gid] if gid else None)

    def place(self) -> str:
        return self._grid_places.get(self.grid.currentData()) or self.community.currentText()

    # counting
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self, *_args) -> None:
        """Count what is asked, off the GUI thread; while the tab is hidden, when it is next shown."""
        self._timer.stop()
        self._stale = not self.isVisible()
        if self._stale:
            return
        self._asked += 1
        asked, args, place = self._asked, self.asked(), self.place()
        self._say("正在统计…")
        run_in_background(lambda _progress: changes.report(*args),
                          lambda data: self._show(asked, data, place), lambda exc: self._failed(asked, exc))

    def _answered(self, asked: int) -> bool:
        """Whether an answer is the latest asked for, and the tab still there to show it."""
        return isValid(self) and asked == self._asked

    def _show(self, asked: int, data: dict, place: str) -> None:
        if not self._answered(asked):
            return
        self.data = data
        totals = {"community": "合计", "grid": f"{len(data['grids'])} 个网格", **data["totals"]}
        self.model.set_rows(data["grids"] + [totals])
        t = data["totals"]
        self._say(f"{place} {data['start']} 至 {data['end']}：迁入 {t['arrivals']} 人，迁出 {t['departures']} 人，"
                  f"内部迁移 {t['moved_in']} 人，新立户 {t['new_households']} 户，采集登记卡 {t['new_cards']} 张，"
                  f"净增 {t['net']} 人" if data["grids"] else
                  f"{place} {data['start']} 至 {data['end']}：没有人口变动，也没有采集登记卡。")

    def _failed(self, asked: int, exc: BaseException) -> None:
        if not self._answered(asked):
            return
        self.data = None
        self.model.set_rows([])
        self._say(f"未统计：{exc}" if isinstance(exc, UserError) else f"统计失败：{exc}", True)

    # exporting
    def export(self, suffix: str) -> None:
        start, end, communities, grids = self.asked()
        if end < start:
            self._say(f"未导出：结束日期 {end} 早于开始日期 {start}", True)
            return
        kind = "PDF 文件 (*.pdf)" if suffix == ".pdf" else "Excel 工作簿 (*.xlsx)"
        name, _ = QFileDialog.getSaveFileName(self, "导出人口变动", str(Path.home() / f"人口变动{start}至{end}{suffix}"),
                                              kind)
        if not name:
            return
        out = Path(name) if Path(name).suffix.lower() == suffix else Path(name + suffix)
        place, masked = self.place(), self.masked.isChecked() or not allowed("export.full")
        from reports import changes_report

        def write(_progress) -> Path:
            return changes_report.export(changes.report(start, end, communities, grids), place, out, masked)

        try:
            keys_back(lambda: run_with_progress(self, "正在导出人口变动…", write))
        except Cancelled:
            self._say("已取消导出。", True)
            return
        except (UserError, OSError) as exc:
            self._say(f"未导出：{exc}", True)
            return
        self._say(f"人口变动已导出：{out}")
