"""One step of a matter, keyed: the fields the step needs, Enter to record it, Esc to leave."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from gridapp.errors import UserError
from gridapp.services import matters
from gridapp.services.matterinput import known_lines


class StepDialog(QDialog):
    def __init__(self, matter, action: str, parent=None):
        super().__init__(parent)
        self.matter, self.action = matter, action
        self.setWindowTitle(f"事项 {matter.number}：{matters.STEPS[action]}")
        form = QFormLayout()
        self.line = self.assignee = self.answer = None
        if action == "assign":
            self.line = QComboBox()
            self.line.addItems(known_lines(matter.community_id))
            if matter.line:
                self.line.setCurrentText(matter.line)
            self.assignee = QLineEdit(matter.assignee)
            form.addRow("业务口(&B)", self.line)
            form.addRow("分管委员(&W)", self.assignee)
        if action == "check":
            self.answer = QComboBox()
            self.answer.addItems(["满意", "不满意"])
            form.addRow("居民意见(&Y)", self.answer)
        labels = {"progress": "办理情况(&N)", "done": "办理结果(&N)", "check": "回访情况(&N)", "refer": "上报理由(&N)"}
        self.note = QLineEdit()
        form.addRow(labels.get(action, "说明(&N)"), self.note)
        self.error = QLabel()
        self.error.setStyleSheet("color: #c00000")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(f"{matters.STEPS[action]}（Enter）")
        buttons.accepted.connect(self.record)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        first = self.line or self.answer or self.note
        QTimer.singleShot(0, first.setFocus)

    def record(self) -> None:
        note = self.note.text()
        try:
            if self.action == "assign":
                matters.assign(self.matter, self.line.currentText(), self.assignee.text(), note)
            elif self.action == "progress":
                matters.progress(self.matter, note)
            elif self.action == "done":
                matters.done(self.matter, note)
            elif self.action == "check":
                matters.check(self.matter, self.answer.currentIndex() == 0, note)
            else:
                matters.ACTIONS[self.action](self.matter, note)
        except UserError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
