"""The meetings and tasks tab (例会与任务): a meeting's record keyed in reading order (date,
attendees, minutes; Ctrl+S saves it), tasks handed out at it (title, due date, a group or a
worker; Enter adds one), and the task list, where Enter records progress reported by the
group leader. Overdue tasks are red."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from forms.cards.rows import RowsModel, table
from forms.cards.widgets import ERROR_STYLE
from forms.daily.common import DailyTab, date_edit
from gridapp.errors import UserError
from gridapp.models import Community, Meeting, Task
from gridapp.services import tasks

COLUMNS = [("情况", "state_label"), ("任务", "title"), ("承办", "assigned_to"), ("组长", "leader"), ("期限", "due"),
           ("进度", "progress")]


class ReportDialog(QDialog):
    """Progress on a task: who reports (the group leader), how far, what was done."""

    def __init__(self, task: Task, parent=None):
        super().__init__(parent)
        self.task = task
        self.setWindowTitle(f"汇报进度：{task.title}")
        self.by = QComboBox()
        for name in tasks.reporters(task):
            self.by.addItem(name, name)
        self.percent = QLineEdit(str(task.percent))
        self.percent.setPlaceholderText("0 到 100，100 为完成")
        self.text = QLineEdit()
        self.status = QLabel()
        self.status.setStyleSheet(ERROR_STYLE)
        form = QFormLayout(self)
        form.addRow("汇报人(&B)", self.by)
        form.addRow("进度 %(&P)", self.percent)
        form.addRow("情况说明(&T)", self.text)
        form.addRow(self.status)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Save).setText("保存 (Enter)")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        form.addRow(box)
        self.percent.selectAll()
        self.percent.setFocus()

    def save(self) -> None:
        try:
            tasks.report(self.task, self.by.currentData(), self.percent.text(), self.text.text())
        except UserError as exc:
            self.status.setText(f"未保存：{exc}")
            return
        self.accept()


class TasksTab(DailyTab):
    def __init__(self, parent=None, today: dt.date | None = None):
        super().__init__(parent)
        self._today = today
        self.community = QComboBox()
        for c in Community.live().order_by(Community.name):
            self.community.addItem(c.name, c.id)
        self.day = date_edit(self.today)
        self.attendees = QLineEdit()
        self.attendees.setPlaceholderText("姓名用顿号或空格分隔")
        self.minutes = QPlainTextEdit()
        self.minutes.setTabChangesFocus(True)
        self.minutes.setFixedHeight(70)
        self.title = QLineEdit()
        self.title.setPlaceholderText("任务名称；Enter 布置")
        self.due = date_edit(self.today + dt.timedelta(days=7))
        self.to = QComboBox()
        self.everyone = QCheckBox("显示已完成的(&A)")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.model = RowsModel(COLUMNS, lambda r: "#c62828" if r["state"] == "overdue" else
                               "#777777" if r["state"] == "done" else None)
        self.view = table(self.model, [80, 200, 90, 70, 90])
        form = QFormLayout()
        form.addRow("社区(&Q)", self.community)
        form.addRow("例会日期(&D)", self.day)
        form.addRow("参会人员(&E)", self.attendees)
        form.addRow("会议记录(&M)", self.minutes)
        row = QHBoxLayout()
        row.addWidget(self.title, 3)
        for text, field, stretch in (("期限(&I)", self.due, 0), ("交给(&V)", self.to, 1)):
            buddy = QLabel(text)
            buddy.setBuddy(field)
            row.addWidget(buddy)
            row.addWidget(field, stretch)
        label = QLabel("布置任务(&N)")
        label.setBuddy(self.title)
        form.addRow(label, row)
        hint = QLabel("Ctrl+S：保存例会记录　Enter（任务名称）：布置任务　Enter（任务列表）：汇报进度")
        hint.setStyleSheet("color: gray;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.everyone)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        for a, b in ((self.community, self.day), (self.day, self.attendees), (self.attendees, self.minutes),
                     (self.minutes, self.title), (self.title, self.due), (self.due, self.to),
                     (self.to, self.everyone), (self.everyone, self.view)):
            QWidget.setTabOrder(a, b)
        self.meeting: Meeting | None = None
        self.title.returnPressed.connect(self.add_task)
        self.community.currentIndexChanged.connect(self._load_people)
        self.everyone.toggled.connect(self.reload)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save_meeting,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.activated.connect(lambda _index: self.report())
        self.setFocusProxy(self.day)
        self._load_people()

    def showEvent(self, event) -> None:
        """Task groups and staff changed on the staff screen are offered when the tab is shown again."""
        super().showEvent(event)
        self._load_people()

    def _load_people(self, *_args) -> None:
        chosen = self.to.currentText()
        self.to.clear()
        for label, data in tasks.assignees(self.community.currentData()):
            self.to.addItem(label, data)
        self.to.setCurrentIndex(max(self.to.findText(chosen), 0))
        self.reload()

    def save_meeting(self) -> bool:
        names = [n for n in self.attendees.text().replace("、", " ").replace("，", " ").replace(",", " ").split() if n]
        try:
            if self.meeting is None:
                self.meeting = tasks.record_meeting(self.community.currentData(), self.day.date().toPython(), names,
                                                    self.minutes.toPlainText())
            else:
                self.meeting = tasks.update_meeting(self.meeting, self.day.date().toPython(), names,
                                                    self.minutes.toPlainText())
        except UserError as exc:
            self._say(f"未保存：{exc}", True)
            return False
        self._say(f"已保存 {self.meeting.day} 例会记录。")
        return True

    def add_task(self) -> None:
        if not self.title.text().strip():
            return
        if self.meeting is None and (self.attendees.text().strip() or self.minutes.toPlainText().strip()):
            if not self.save_meeting():
                return
        kind, name = self.to.currentData() or ("", "")
        try:
            t = tasks.assign(self.community.currentData(), self.title.text(), self.due.date().toPython(),
                             group=name if kind == "group" else None, worker=name if kind == "worker" else None,
                             meeting=self.meeting)
        except UserError as exc:
            self._say(f"未布置：{exc}", True)
            return
        self._say(f"已布置任务“{t.title}”给 {name}，期限 {t.due}。")
        self.title.clear()
        self.title.setFocus()
        self.reload()

    def report(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            self._say("请在下面的列表中选中一项任务（Tab 到列表，用方向键选）。", True)
            return
        task = Task.get_by_id(self.model.rows[index.row()]["id"])
        if ReportDialog(task, self).exec():
            self._say(f"已记录“{task.title}”的进度。")
            self.reload()

    def reload(self, *_args) -> None:
        cid = self.community.currentData()
        rows = tasks.listing([cid] if cid else None, self.today, open_only=not self.everyone.isChecked())
        self.model.set_rows([{**r, "progress": f"{r['percent']}%"} for r in rows])
