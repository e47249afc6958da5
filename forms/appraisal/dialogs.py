"""Dialogs of the appraisal page: an amendment to a locked month, resident survey tallies,
the visit log and the year's ranking. All work from the keyboard."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
)

from forms.cards.rows import RowsModel, table
from gridapp.errors import UserError
from gridapp.services import appraisal, visits
from gridapp.services.appraisal_system import month_range


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class AmendDialog(QDialog):
    """The month is locked: a change needs a reason and is recorded with who and when."""

    def __init__(self, worker: str, item: str, old, new, parent=None):
        super().__init__(parent)
        self.setWindowTitle("更正已锁定的考评")
        self.points = QLineEdit("" if new is None else f"{new:g}")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("必填，如：漏记防汛值班")
        form = QFormLayout(self)
        form.addRow(QLabel(f"{worker}　{item}：原为 {'—' if old is None else f'{old:g}'}"))
        form.addRow("更正为(&P)", self.points)
        form.addRow("原因(&R)", self.reason)
        form.addRow(_buttons(self))
        self.reason.setFocus()

    def accept(self) -> None:
        if not self.reason.text().strip():
            QMessageBox.warning(self, "更正", "请填写更正原因。")
            return
        try:
            float(self.points.text())
        except ValueError:
            QMessageBox.warning(self, "更正", "分数须为数字。")
            return
        super().accept()


class SurveyDialog(QDialog):
    """Resident evaluation of one worker: satisfied / basically / dissatisfied per source."""

    def __init__(self, sheet, worker: dict, parent=None):
        super().__init__(parent)
        self.sheet, self.worker = sheet, worker
        self.setWindowTitle(f"群众测评：{worker['name']}")
        self.source = QComboBox()
        for key, label in appraisal.SURVEY_SOURCES.items():
            self.source.addItem(label, key)
        self.counts = [QSpinBox() for _ in range(3)]
        for spin in self.counts:
            spin.setRange(0, 9999)
        form = QFormLayout(self)
        form.addRow("来源(&S)", self.source)
        for spin, label in zip(self.counts, ("满意(&1)", "基本满意(&2)", "不满意(&3)")):
            form.addRow(label, spin)
        form.addRow(_buttons(self))
        self.source.currentIndexChanged.connect(self._load)
        self._load()
        self.counts[0].setFocus()  # the usual source is the questionnaire: straight to the counts
        self.counts[0].selectAll()

    def _load(self) -> None:
        found = next((t for t in self.worker["surveys"] if t["source"] == self.source.currentData()), None)
        for spin, key in zip(self.counts, ("satisfied", "basic", "dissatisfied")):
            spin.setValue(found[key] if found else 0)

    def accept(self) -> None:
        try:
            appraisal.set_survey(self.sheet, self.worker["staff"], self.source.currentData(),
                                 *(s.value() for s in self.counts))
        except UserError as exc:
            QMessageBox.warning(self, "群众测评", str(exc))
            return
        super().accept()


VISIT_COLUMNS = [("日期", "day"), ("网格员", "worker"), ("户数", "visited"), ("必访对象", "must_visit"),
                 ("事由", "purpose"), ("住户", "typed"), ("备注", "note")]


class VisitDialog(QDialog):
    """The visit log: date, worker, households (several per line), purpose, note; Enter saves the
    line and leaves the date and worker for the next one."""

    def __init__(self, community, month: str, parent=None):
        super().__init__(parent)
        self.community, self.month = community, month
        self.setWindowTitle("走访日志")
        self.resize(900, 560)
        self.day = QDateEdit(QDate.currentDate())
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.setCalendarPopup(False)
        self.worker = QComboBox()
        self.worker.setEditable(True)
        self.worker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for w in appraisal.system.workers([getattr(community, "id", community)]):
            self.worker.addItem(f"{w.name}（{'、'.join(w.grid_names) or '无网格'}）", w.id)
        self.households = QLineEdit()
        self.households.setPlaceholderText("地址或档案号，多个用空格分隔：1栋2单元302 402 3单元101 03-01-047")
        self.purpose = QComboBox()
        self.purpose.addItems(list(visits.PURPOSES))
        self.note = QLineEdit()
        self.status = QLabel("填好后按 Enter 保存，可接着录下一条。")
        self.model = RowsModel(VISIT_COLUMNS)
        self.view = table(self.model, [90, 120, 50, 70, 80, 260])
        form = QFormLayout()
        form.addRow("日期(&D)", self.day)
        form.addRow("网格员(&W)", self.worker)
        form.addRow("走访住户(&H)", self.households)
        form.addRow("事由(&P)", self.purpose)
        form.addRow("备注(&N)", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        for field in (self.households, self.note):
            field.returnPressed.connect(self.save)
        self.saved = 0
        self._reload()
        self.households.setFocus()

    def _reload(self) -> None:
        start, end = month_range(self.month)
        today = dt.date.today()
        end = max(end, today.replace(day=1) + dt.timedelta(days=32))
        self.model.set_rows(visits.log(start, end, community=self.community))

    def save(self) -> None:
        if self.worker.currentIndex() < 0:
            self.status.setText("请选择网格员。")
            return
        try:
            entry = visits.record(self.worker.currentData(), self.day.date().toPython(), self.households.text(),
                                  self.purpose.currentText(), self.note.text())
        except UserError as exc:
            self.status.setText(f"未保存：{exc}")
            return
        self.saved += 1
        self.status.setText(f"已保存：{entry.day} {entry.visited} 户，五必访对象 {entry.must_visit} 人。")
        self.households.clear()
        self.note.clear()
        self.households.setFocus()
        self._reload()


YEAR_BASE = [("名次", "rank"), ("网格员", "name")]


class YearDialog(QDialog):
    def __init__(self, community, year: int, parent=None):
        super().__init__(parent)
        data = appraisal.year_view(community, year)
        self.setWindowTitle(f"{data['community']} {year} 年度考评")
        self.resize(900, 520)
        columns = YEAR_BASE + [(f"{int(m[5:])}月", m) for m in data["months"]] + \
            [("月均", "average"), ("加分", "bonus_total"), ("星级次数", "stars"), ("年度总分", "total")]
        rows = [{k: f"{v:.1f}" if isinstance(v, float) else v for k, v in dict(w, **w["months"]).items()}
                for w in data["workers"]]
        self.model = RowsModel(columns)
        self.model.set_rows(rows)
        self.view = table(self.model)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"已考评的月份：{'、'.join(data['months']) or '无'}；年度总分 = 月均 + 年度加分"))
        layout.addWidget(self.view, 1)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.view.setFocus()
