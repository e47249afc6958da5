"""The work diary tab (民情日记): a worker's day keyed without the mouse. Reading order: worker,
date, time in the grid, the households visited (Enter records the line), a finding's kind, text
and place (Enter adds it), a note. Every line is saved as it is entered; the time and the note
are saved when the field is left (and with Ctrl+S). Ctrl+M hands the chosen finding on (a matter
when the events register exists, else it is flagged); Ctrl+P prints the week's summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from forms.cards.rows import RowsModel, table
from forms.daily.common import DailyTab
from gridapp.errors import UserError
from gridapp.models import DiaryFinding, Staff
from gridapp.services import diary, visits
from gridapp.services.gridworkers import workers

LINE_COLUMNS = [("", "mark"), ("类别", "kind"), ("内容", "text"), ("地点", "place")]


class DiaryTab(DailyTab):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.worker = QComboBox()
        for w in workers():
            self.worker.addItem(f"{w.name}（{w.community}·{'、'.join(w.grid_names) or '无网格'}）", w.id)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setMaximumDate(QDate.currentDate())
        self.hours = QLineEdit()
        self.hours.setPlaceholderText("小时，如 3.5")
        self.visit = QLineEdit()
        self.visit.setPlaceholderText("地址或档案号，多个用空格分隔：1栋2单元302 402；Enter 记下")
        self.kind = QComboBox()
        for code, label in diary.KINDS.items():
            self.kind.addItem(label, code)
        self.finding = QLineEdit()
        self.finding.setPlaceholderText("发现的需求、社情民意、隐患或矛盾；Enter 记下")
        self.place = QLineEdit()
        self.place.setPlaceholderText("地点（可不填）")
        self.note = QLineEdit()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.summary = QLabel()
        self.model = RowsModel(LINE_COLUMNS, lambda r: "#c62828" if r["mark"] == "★" else None)
        self.view = table(self.model, [30, 80, 420])
        form = QFormLayout()
        form.addRow("网格员(&W)", self.worker)
        form.addRow("日期(&D)", self.day)
        form.addRow("入格时长(&M)", self.hours)
        form.addRow("走访住户(&Z)", self.visit)
        finding = QHBoxLayout()
        finding.addWidget(self.kind)
        finding.addWidget(self.finding, 3)
        finding.addWidget(self.place, 1)
        label = QLabel("发现(&X)")
        label.setBuddy(self.kind)
        form.addRow(label, finding)
        form.addRow("备注(&N)", self.note)
        hint = QLabel("Enter：记下这一行　Ctrl+M：转为事件/标记待处理　Ctrl+S：保存时长和备注　Ctrl+P：打印日清周结")
        hint.setStyleSheet("color: gray;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        for a, b in ((self.worker, self.day), (self.day, self.hours), (self.hours, self.visit),
                     (self.visit, self.kind), (self.kind, self.finding), (self.finding, self.place),
                     (self.place, self.note), (self.note, self.view)):
            QWidget.setTabOrder(a, b)
        self.visit.returnPressed.connect(self.add_visit)
        self.finding.returnPressed.connect(self.add_finding)
        self.place.returnPressed.connect(self.add_finding)
        self.hours.editingFinished.connect(self.save_day)
        self.note.editingFinished.connect(self.save_day)
        self.worker.currentIndexChanged.connect(self.reload)
        self.day.dateChanged.connect(self.reload)
        for keys, slot in (("Ctrl+S", self.save_day), ("Ctrl+M", self.escalate), ("Ctrl+P", self.print_week)):
            QShortcut(QKeySequence(keys), self, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.worker)
        self.reload()

    # what is chosen
    def staff(self) -> Staff | None:
        wid = self.worker.currentData()
        return Staff.get_by_id(wid) if wid else None

    def date(self) -> dt.date:
        return self.day.date().toPython()

    def _try(self, action) -> bool:
        staff = self.staff()
        if staff is None:
            self._say("请先选择网格员。", True)
            return False
        try:
            action(staff)
        except UserError as exc:
            self._say(f"未保存：{exc}", True)
            return False
        return True

    # writing
    def add_visit(self) -> None:
        if not self.visit.text().strip():
            return
        if self._try(lambda s: visits.record(s, self.date(), self.visit.text())):
            self._say(f"已记走访：{self.visit.text().strip()}")
            self.visit.clear()
            self.reload()

    def add_finding(self) -> None:
        if not self.finding.text().strip():
            self.finding.setFocus()
            return
        if self._try(lambda s: diary.add_finding(s, self.date(), self.kind.currentData(), self.finding.text(),
                                                 self.place.text())):
            self._say(f"已记{self.kind.currentText()}：{self.finding.text().strip()}")
            self.finding.clear()
            self.place.clear()
            self.finding.setFocus()
            self.reload()

    def save_day(self) -> None:
        row = diary.day_row(self.staff(), self.date()) if self.staff() else None
        hours = self.hours.text().strip()
        if row is None and not hours and not self.note.text().strip():
            return
        if self._try(lambda s: diary.save_day(s, self.date(), hours or "", self.note.text())):
            self._say("已保存入格时长和备注。")
            self.reload(keep_fields=True)

    def escalate(self) -> None:
        index = self.view.currentIndex()
        rows = self.model.rows
        if not index.isValid() or not rows[index.row()].get("id"):
            self._say("请在下面的列表中选中一条发现（Tab 到列表，用方向键选）。", True)
            return
        finding = DiaryFinding.get_by_id(rows[index.row()]["id"])
        try:
            self._say(diary.escalate(finding))
        except UserError as exc:
            self._say(str(exc), True)
        self.reload(keep_fields=True)
        self.view.selectRow(index.row())

    def print_week(self) -> None:
        staff = self.staff()
        if staff is None:
            return
        data = diary.week(staff, self.date())
        name, _ = QFileDialog.getSaveFileName(self, "保存日清周结", str(Path.home() / f"日清周结{data['start']}.pdf"),
                                              "PDF 文件 (*.pdf)")
        if not name:
            return
        from reports.diary_pdf import write_week

        write_week(data, staff.community.name, name)
        diary.record_week_print(data)
        self._say(f"日清周结已保存：{name}")

    # reading
    def reload(self, *_args, keep_fields: bool = False) -> None:
        staff = self.staff()
        if staff is None:
            self.model.set_rows([])
            return
        d = diary.day_view(staff, self.date())
        if not keep_fields:
            self.hours.setText("" if d["hours"] is None else f"{d['hours']:g}")
            self.note.setText(d["note"])
        rows = [{"mark": "", "kind": "走访", "text": line, "place": ""} for line in d["lines"]]
        rows += [{"id": f["id"], "mark": "★" if f["flagged"] else "", "kind": f["kind_label"],
                  "text": f["text"] + (f"（已转事件 {f['matter']}）" if f["matter"] else ""), "place": f["place"]}
                 for f in d["findings"]]
        self.model.set_rows(rows)
        self.summary.setText(f"{d['date']}：走访 {d['households']} 户（{d['visits']} 户次），"
                             f"五必访对象 {d['must_visit']} 人次，发现 {len(d['findings'])} 条")
