"""The must-visit follow-up tab (五必访): the chosen worker's people due and overdue (or all of
them), Enter on a person opens their service-needs sheet (服务需求供给表), Ctrl+P prints the
sheets of the people listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from forms.cards.rows import RowsModel, table
from forms.cards.widgets import ERROR_STYLE
from forms.daily.common import DailyTab
from forms.tasks import Latest
from gridapp.errors import UserError
from gridapp.models import Person
from gridapp.services import drafts, followup, servicesheets
from gridapp.services.gridworkers import workers

COLUMNS = [("情况", "situation"), ("姓名", "name"), ("年龄", "age"), ("类别", "categories"), ("住址", "address"),
           ("上次走访", "last_visit"), ("应访日期", "next_due"), ("间隔", "interval"), ("网格员", "workers")]


DRAFT = "sheet:"  # a sheet's typing not yet saved, by the person's id


class SheetDialog(QDialog):
    """A person's service-needs sheet, every field typed; Ctrl+S or Enter on a line saves. What is
    typed is kept as a draft of this person's sheet until it is saved: Esc closes and keeps it, and
    the sheet opened again shows it."""

    def __init__(self, person: Person, parent=None):
        super().__init__(parent)
        self.person = person
        self.draft_key = f"{DRAFT}{person.id.hex}"
        data = servicesheets.view(person, full=True)
        self.setWindowTitle(f"服务需求供给表：{person.name}（{'、'.join(data['categories'])}）Esc 关闭，已输入的内容会保留")
        self.resize(560, 460)
        self.needs = QPlainTextEdit(data["needs"])
        self.needs.setTabChangesFocus(True)
        self.hospital = QLineEdit(data["hospital"])
        self.contacts = QPlainTextEdit("\n".join(f"{c['name']} {c['relation']} {c['phone']}".replace("  ", " ")
                                                 for c in data["contacts"]))
        self.contacts.setTabChangesFocus(True)
        self.contacts.setPlaceholderText("每行一人：姓名 关系 电话，如 孙小 儿子 138-0000-5555")
        self.entitlements = QLineEdit("、".join(data["entitlements"]))
        self.entitlements.setPlaceholderText("、".join(servicesheets.ENTITLEMENT_EXAMPLES[:3]))
        self.interval = QLineEdit("" if data["interval_days"] is None else str(data["interval_days"]))
        self.interval.setPlaceholderText("不填则按类别的走访间隔")
        self.note = QLineEdit(data["note"])
        self.status = QLabel()
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setWordWrap(True)
        form = QFormLayout()
        for label, widget in (("服务需求(&N)", self.needs), ("常去医院(&H)", self.hospital),
                              ("紧急联系人(&C)", self.contacts), ("享受待遇(&E)", self.entitlements),
                              ("走访间隔（天）(&I)", self.interval), ("备注(&R)", self.note)):
            form.addRow(label, widget)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Save).setText("保存 (Ctrl+S)")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(box)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        self.stored = self.typed()
        self.restore()
        for edit in (self.hospital, self.entitlements, self.interval, self.note):
            edit.textChanged.connect(self.keep)
        for text in (self.needs, self.contacts):
            text.textChanged.connect(self.keep)
        self.needs.setFocus()

    def typed(self) -> dict:
        return {"needs": self.needs.toPlainText(), "hospital": self.hospital.text(),
                "contacts": self.contacts.toPlainText(), "entitlements": self.entitlements.text(),
                "interval_days": self.interval.text(), "note": self.note.text()}

    def keep(self, *_args) -> None:
        typed = self.typed()
        if typed == self.stored:
            drafts.discard(self.draft_key)
        else:
            drafts.save(self.draft_key, typed)

    def restore(self) -> None:
        data = drafts.load(self.draft_key)
        if not data:
            return
        for key, edit in (("hospital", self.hospital), ("entitlements", self.entitlements),
                          ("interval_days", self.interval), ("note", self.note)):
            edit.setText(str(data.get(key) or ""))
        self.needs.setPlainText(str(data.get("needs") or ""))
        self.contacts.setPlainText(str(data.get("contacts") or ""))
        self.status.setText("已恢复上次未保存的输入（Ctrl+S 保存）。")

    def save(self) -> None:
        try:
            contacts = [servicesheets.parse_contact(line) for line in self.contacts.toPlainText().splitlines()
                        if line.strip()]
            servicesheets.save(self.person, {
                "needs": self.needs.toPlainText(), "hospital": self.hospital.text(), "contacts": contacts,
                "entitlements": self.entitlements.text(), "interval_days": self.interval.text(),
                "note": self.note.text()})
        except UserError as exc:
            self.status.setText(f"未保存：{exc}")
            return
        drafts.discard(self.draft_key)
        self.accept()


class FollowUpTab(DailyTab):
    def __init__(self, parent=None, today: dt.date | None = None):
        super().__init__(parent)
        self._today = today
        self.worker = QComboBox()
        self.worker.addItem("全部网格员", None)
        for w in workers():
            self.worker.addItem(f"{w.name}（{w.community}·{'、'.join(w.grid_names) or '无网格'}）", w.id)
        self.everyone = QCheckBox("显示按期的(&A)")
        self.summary = QLabel()
        self.model = RowsModel(COLUMNS, lambda r: "#c62828" if r["status"] == followup.OVERDUE else
                               "#a15c00" if r["status"] == followup.DUE else None)
        self.view = table(self.model, [80, 70, 40, 110, 180, 90, 90, 40])
        top = QHBoxLayout()
        label = QLabel("网格员(&W)")
        label.setBuddy(self.worker)
        top.addWidget(label)
        top.addWidget(self.worker, 1)
        top.addWidget(self.everyone)
        hint = QLabel("Enter：服务需求供给表　Ctrl+P：打印所列人员的服务需求供给表　F5：刷新")
        hint.setStyleSheet("color: gray;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(hint)
        self.worker.currentIndexChanged.connect(self.reload)
        self.everyone.toggled.connect(self.reload)
        self.view.activated.connect(self.open_sheet)
        for keys, slot in (("F5", self.reload), ("Ctrl+P", self.print_sheets)):
            QShortcut(QKeySequence(keys), self, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.worker)
        self.rows: list[followup.FollowUp] = []
        self._latest = Latest(self)
        self.reload()

    def reload(self, *_args) -> None:
        """The chosen worker's list, counted in the background; the rows are replaced when known
        (switching worker again meanwhile: only the last choice's rows come)."""
        today, worker, everyone = self.today, self.worker.currentData(), self.everyone.isChecked()
        self._show([])
        self.summary.setText("计算中…")
        self._latest.ask(lambda progress: followup.due_list(today, worker=worker, everyone=everyone),
                         self._counted, self._failed)

    def _show(self, rows: list) -> None:
        self.rows = rows
        self.model.set_rows([{**f.as_json(), "categories": "、".join(f.categories), "workers": "、".join(f.workers),
                              "age": "" if f.age is None else f.age, "last_visit": f.as_json()["last_visit"] or "—",
                              "next_due": f.as_json()["next_due"] or "尽快"} for f in self.rows])

    def _counted(self, rows: list) -> None:
        self._show(rows)
        overdue = sum(f.status == followup.OVERDUE for f in self.rows)
        due = sum(f.status == followup.DUE for f in self.rows)
        self.summary.setText(f"<b style='color:#c62828'>逾期 {overdue} 人</b>　·　待访 {due} 人　·　列出 {len(self.rows)} 人")

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(f"计算失败：{error}（按 F5 重试）")

    def open_sheet(self, index) -> None:
        person = Person.get_by_id(self.rows[index.row()].person_id)
        if SheetDialog(person, self).exec():
            self.reload()

    def print_sheets(self) -> None:
        if self._latest.busy:
            self.summary.setText("名单还在计算中，请稍候再打印。")
            return
        name, _ = QFileDialog.getSaveFileName(self, "保存服务需求供给表", str(Path.home() / "服务需求供给表.pdf"),
                                              "PDF 文件 (*.pdf)")
        if not name:
            return
        from reports.servicesheet_pdf import write_sheets

        write_sheets(servicesheets.for_print(self.rows), name, self.today)
        self.summary.setText(f"已保存 {len(self.rows)} 份服务需求供给表：{name}")

