"""The 考评 page: the month's meeting on one laptop. Choose the community and month; the
system items are counted off the GUI thread; the three evaluations are typed into the
table; totals, ranking, stars and talk flags follow each score. F1 explains the current
cell; closing the month locks it, and a later change is an amendment with its reason."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from forms.appraisal.dialogs import AmendDialog, SurveyDialog, VisitDialog, YearDialog
from forms.appraisal.table import MeetingModel, MeetingView
from forms.ledgers.screen import buddy
from forms.tasks import run_in_background
from gridapp.errors import UserError
from gridapp.services import appraisal, apptemplates, site
from gridapp.services import appraisal_system as system
from gridapp.services.apptemplates import SOURCES


def last_month(today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    return system.shift_month(f"{today:%Y-%m}", -1)


class AppraisalScreen(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.ev: dict = {}
        self.history = None
        self.loading = False
        self.community = QComboBox()
        for c in appraisal.find_community(None):
            self.community.addItem(c.name, c.id)
        self.month = QLineEdit(last_month())
        self.month.setInputMask("9999-99")
        self.month.setMaximumWidth(90)
        self.state = QLabel()
        self.model = MeetingModel(self._edit, self)
        self.view = MeetingView(self.model)
        self.explain = QTextBrowser()
        self.explain.setOpenLinks(False)
        buttons = [("群众测评(&R)…", "Ctrl+U", self.survey), ("走访日志(&G)…", "Ctrl+G", self.visit_log),
                   ("锁定本月(&L)…", "Ctrl+Shift+L", self.lock), ("年度(&Y)…", "Ctrl+Y", self.year),
                   ("打印考评表(&D)…", "Ctrl+P", self.print_sheets)]
        top = QHBoxLayout()
        top.addWidget(buddy("社区(&Q)", self.community))
        top.addWidget(self.community)
        top.addWidget(buddy("月份(&M)", self.month))
        top.addWidget(self.month)
        top.addWidget(self.state, 1)
        for text, keys, slot in buttons:
            b = QPushButton(text)
            b.clicked.connect(slot)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            top.addWidget(b)
            QShortcut(QKeySequence(keys), self, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("F1"), self, activated=self.toggle_explain,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.explain)
        split.setSizes([1000, 260])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(QLabel("输入数字即记分；Tab 到下一项，Enter 到下一位网格员；Delete 清除；F1 显示或隐藏计分依据。"))
        self.setFocusProxy(self.view)
        self.community.currentIndexChanged.connect(self.load)
        self.month.editingFinished.connect(self.load)
        self.view.selectionModel().currentChanged.connect(self._explain)
        self.load()

    # loading -------------------------------------------------------------------------
    def community_id(self):
        return self.community.currentData()

    def load(self) -> None:
        """Count the system items (and who was last before) off the GUI thread, then show the sheet."""
        month, community = self.month.text(), self.community_id()
        if community is None:
            return
        try:
            system.month_range(month)
        except UserError as exc:
            self.state.setText(str(exc))
            return
        self.loading = True
        self.state.setText("正在按记录计算系统评分…")
        today = dt.date.today()

        def count(progress):
            sheet = appraisal.sheet_of(community, month)
            if sheet is not None and sheet.locked:
                return {}, None  # a locked month shows what was stored when it closed
            evidence_of = system.counter([community], today)
            return evidence_of(month), appraisal.talk_history(community, month, today, evidence_of)
        run_in_background(count, lambda result: self._loaded(month, community, result), self._failed)

    def _loaded(self, month, community, result) -> None:
        if (month, community) != (self.month.text(), self.community_id()):
            return  # the user moved on meanwhile
        self.ev, self.history = result
        self.loading = False
        self.refresh()
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            first = next((c for c in range(self.model.columnCount()) if self.model.editable(self.model.index(0, c))), 0)
            self.view.setCurrentIndex(self.model.index(0, first))

    def _failed(self, error: BaseException) -> None:
        self.loading = False
        self.state.setText(f"计算失败：{error}")

    def refresh(self) -> None:
        """Totals, ranking and flags again from the stored scores (the counted evidence is kept)."""
        data = appraisal.month_sheet(self.community_id(), self.month.text(), talks=False, _ev=self.ev)
        appraisal.apply_talks(data, self.history)
        self.model.show(data)
        t = data["template"]
        lock = f"已锁定（{data['locked_by']} {data['locked_at']:%Y-%m-%d %H:%M}），更改须作更正" if data["locked"] else "未锁定"
        self.state.setText(f"{t['name']} 第 {t['version']} 版　{len(data['workers'])} 名网格员　{lock}")
        self._explain(self.view.currentIndex())

    def sheet(self):
        return appraisal.open_month(self.community_id(), self.month.text())

    # editing -------------------------------------------------------------------------
    def _edit(self, worker: dict, col: dict, points: float | None) -> bool:
        item = col["item"]
        try:
            sheet = self.sheet()
            if sheet.locked:
                old = worker["bonus"].get(col["key"]) if col["kind"] == "bonus" else worker["points"].get(col["key"])
                dialog = AmendDialog(worker["name"], item["name"], old, points, self)
                if not dialog.exec():
                    return False
                appraisal.amend(sheet, worker["staff"], col["key"], float(dialog.points.text()), dialog.reason.text())
            else:
                appraisal.set_score(sheet, worker["staff"], col["key"], points)
        except UserError as exc:
            QMessageBox.warning(self, "考评", str(exc))
            return False
        self.refresh()
        return True

    def survey(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        sheet = self.sheet()
        if sheet.locked:
            QMessageBox.information(self, "群众测评", "本月已锁定：群众评分请在表中作更正。")
            return
        if SurveyDialog(sheet, self.model.worker(index.row()), self).exec():
            self.refresh()

    def lock(self) -> None:
        sheet = self.sheet()
        if sheet.locked:
            QMessageBox.information(self, "锁定", f"{sheet.month} 已经锁定。")
            return
        answer = QMessageBox.question(
            self, "锁定本月", f"锁定 {self.community.currentText()} {sheet.month} 的考评？\n"
            "锁定后系统评分按现在的记录固定，此后的更改须作为更正记录（说明原因）。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            appraisal.lock(sheet)
        except UserError as exc:
            QMessageBox.warning(self, "锁定本月", str(exc))
            return
        self.refresh()

    # the other views -----------------------------------------------------------------
    def visit_log(self) -> None:
        dialog = VisitDialog(self.community_id(), self.month.text(), self)
        dialog.exec()
        if dialog.saved:
            self.load()

    def year(self) -> None:
        YearDialog(self.community_id(), int(self.month.text()[:4]), self).exec()

    def print_sheets(self) -> None:
        from reports.appraisal_pdf import build_month
        from reports.appraisal_xlsx import write_month

        name, chosen = QFileDialog.getSaveFileName(self, "保存考评表", f"考评表-{self.month.text()}.pdf",
                                                   "PDF (*.pdf);;Excel (*.xlsx)")
        if not name:
            return
        path = Path(name)
        data = [self.model.data_]
        if path.suffix.lower() == ".xlsx" or "xlsx" in chosen and path.suffix.lower() != ".pdf":
            write_month(data, path.with_suffix(".xlsx"))
        else:
            build_month(data, path.with_suffix(".pdf"))
        self.state.setText(f"已保存 {path.name}")

    def template_owner(self):
        """The street office's template is street-wide; a community office edits its own."""
        return None if site.describe()["site_type"] == "street" else self.community_id()

    def export_template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "导出考评模板", "考评模板.json", "JSON (*.json)")
        if name:
            t = apptemplates.export(Path(name), self.template_owner())
            self.state.setText(f"已导出考评模板第 {t.version} 版：{Path(name).name}")

    def import_template(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "导入考评模板", "", "JSON (*.json)")
        if not name:
            return
        try:
            t = apptemplates.import_file(Path(name), self.template_owner())
        except UserError as exc:
            QMessageBox.warning(self, "导入考评模板", str(exc))
            return
        QMessageBox.information(self, "导入考评模板", f"已导入“{t.name}”第 {t.version} 版。\n"
                                "新开的月份按此版考评；已开的月份仍按原来的版本。")
        self.load()

    def toggle_explain(self) -> None:
        self.explain.setVisible(not self.explain.isVisible())

    def _explain(self, index) -> None:
        if not index.isValid() or self.model.data_ is None:
            self.explain.setHtml("")
            return
        w, col = self.model.worker(index.row()), self.model.cols[index.column()]
        parts = [f"<h3>{html.escape(w['name'])}</h3>"]
        if col["kind"] in ("item", "bonus"):
            item = col["item"]
            parts.append(f"<p><b>{html.escape(item['name'])}</b>（{SOURCES.get(item['source'], '年度加分')}，满分 "
                         f"{item['max']:g}）</p>")
            if item["source"] == "system":
                parts.append(f"<p>{html.escape(w['evidence'].get(item['key'], ''))}</p>"
                             f"<p>{html.escape(appraisal.empty_note(w, item))}</p>"
                             f"<p>{html.escape(system.formula_text(item))}</p>")
            elif item["source"] == "residents":
                tallies = "<br>".join(f"{appraisal.SURVEY_SOURCES.get(t['source'], t['source'])}：满意 "
                                      f"{t['satisfied']}，基本满意 {t['basic']}，不满意 {t['dissatisfied']}"
                                      for t in w["surveys"]) or "尚未录入群众测评（Ctrl+U）"
                parts.append(f"<p>{tallies}</p>")
        parts.append(f"<p>{html.escape(appraisal.total_line(w))}，{appraisal.place_text(w)}{'，星级' if w['star'] else ''}"
                     f"{'，连续三个月末位，须约谈' if w['talk'] else ''}</p>")
        for a in w["amendments"]:
            old = "—" if a["old"] is None else f"{a['old']:g}"
            parts.append(f"<p>更正：{a['at']:%m-%d %H:%M} {html.escape(a['user'])} {a['name']} "
                         f"{old} → {a['new']:g}，{html.escape(a['reason'])}</p>")
        self.explain.setHtml("".join(parts))
