"""操作记录: the audit trail for the director, filtered by user, dates and person; to Excel."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.errors import UserError
from gridapp.services import audittrail
from gridapp.store.session import current_user

ALL_USERS = "（全部用户）"


def _date_edit(value: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class AuditDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("操作记录")
        today = dt.date.today()
        self.user = QComboBox()
        self.user.addItem(ALL_USERS)
        self.user.addItems(audittrail.users_in_trail())
        self.since, self.until = _date_edit(today - dt.timedelta(days=30)), _date_edit(today)
        self.person = QLineEdit()
        self.person.setPlaceholderText("姓名或身份证号")
        self.person.returnPressed.connect(self.search)
        find = QPushButton("查询(&Q)")
        find.clicked.connect(self.search)
        export = QPushButton("导出 Excel(&E)…")
        export.setAutoDefault(False)
        export.clicked.connect(self.export)
        filters = QHBoxLayout()
        for label, widget in (("用户(&U)", self.user), ("从(&S)", self.since), ("到(&T)", self.until),
                              ("人员(&P)", self.person)):
            text = QLabel(label)
            text.setBuddy(widget)
            filters.addWidget(text)
            filters.addWidget(widget)
        filters.addWidget(find)
        filters.addWidget(export)
        self.table = QTableWidget(0, len(audittrail.COLUMNS))
        self.table.setHorizontalHeaderLabels([c[0] for c in audittrail.COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.count = QLabel()
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        layout.addWidget(self.count)
        self.resize(1100, 620)
        self.entries: list[dict] = []
        self.search()

    def _filters(self) -> dict:
        user = self.user.currentText()
        return {"user": None if user == ALL_USERS else user, "since": self.since.date().toPython(),
                "until": self.until.date().toPython(), "person": self.person.text().strip() or None}

    def search(self) -> None:
        self.entries = audittrail.query(**self._filters())
        self.table.setRowCount(len(self.entries))
        for i, e in enumerate(self.entries):
            for j, value in enumerate(audittrail.as_cells(e)):
                self.table.setItem(i, j, QTableWidgetItem(str(value)))
        self.count.setText(f"共 {len(self.entries)} 条" + ("（最多显示 1000 条）" if len(self.entries) >= 1000 else ""))

    def export(self) -> None:
        from reports.audit_xlsx import write_audit

        name, _ = QFileDialog.getSaveFileName(self, "导出操作记录", "操作记录.xlsx", "Excel 文件 (*.xlsx)")
        if not name:
            return
        f = self._filters()
        # the person asked about stays out of the note, which travels with the trail
        described = "；".join(f"{k} {v}" for k, v in f.items() if v and k != "person") + \
            ("；按人员筛选" if f["person"] else "")
        try:
            entries = audittrail.query(**f, limit=None) if len(self.entries) >= 1000 else self.entries
            n = write_audit(entries, name, made_by=current_user(), described=described)
        except (UserError, OSError) as exc:
            QMessageBox.warning(self, "导出操作记录", f"未能导出：{exc}")
            return
        QMessageBox.information(self, "导出操作记录", f"已导出 {n} 条。")
