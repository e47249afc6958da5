"""The two-day board, the clerk's first screen: what is due today, what is late, what
waits at any step, the on-time rate per grid worker and per grid of a month chosen with
Alt+Y (this month first) and that month's late cards, and every card keyed and not yet
filed (the overdue ones red). Above them,
the cards typed and not yet saved (未完成的登记卡), and a line when a card the program was
closed on came back."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from forms.cards.rows import RowsModel, table
from forms.cards.widgets import WARNING_STYLE, labelled
from forms.tasks import Latest
from gridapp import cardlife
from gridapp.services import drafts, filing, followup, tasks, timeliness, verify

RED, AMBER = "#c62828", "#a15c00"
OPEN_COLUMNS = [("卡号", "card_no"), ("网格", "grid"), ("网格员", "worker"), ("采集日期", "collected_on"),
                ("应录日期", "due_on"), ("情况", "situation")]
RATE_COLUMNS = [("", "key"), ("本月卡数", "cards"), ("按时", "on_time"), ("逾期", "late"), ("未到期", "pending"),
                ("按时率", "rate")]
UNFINISHED_COLUMNS = [("卡号", "card_no"), ("网格", "grid"), ("户主", "head"), ("最后输入", "typed")]
FOLLOWUP_COLUMNS = [("网格员", "workers"), ("姓名", "name"), ("类别", "categories"), ("住址", "address"),
                    ("上次走访", "last_visit"), ("应访日期", "next_due"), ("情况", "situation")]
TASK_COLUMNS = [("任务", "title"), ("承办", "assigned_to"), ("期限", "due"), ("进度", "progress"), ("情况", "state_label")]
MISSING_COLUMNS = [("档案号", "archive_no"), ("网格", "grid"), ("卡号", "card_no"), ("户主", "head"),
                   ("录入日期", "keyed_on"), ("已过天数", "days"), ("情况", "situation")]
LATE_COLUMNS = [("卡号", "card_no"), ("网格", "grid"), ("网格员", "worker"), ("采集日期", "collected_on"),
                ("应录日期", "due_on"), ("录入日期", "keyed_on"), ("逾期天数", "days_late")]


def months(today: dt.date, count: int = 13) -> list[str]:
    """``YYYY-MM`` of this month and the ``count - 1`` before it, newest first."""
    year, month = today.year, today.month
    shown = []
    for _ in range(count):
        shown.append(f"{year:04d}-{month:02d}")
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return shown


def _situation(row: dict, today: dt.date) -> str:
    late = (today - dt.date.fromisoformat(row["due_on"])).days
    if late > 0:
        return f"逾期 {late} 天"
    return "今日到期" if late == 0 else f"还剩 {-late} 天"


class TwoDayBoard(QWidget):
    key_card = Signal(str)  # a card number to key now
    open_unfinished = Signal(str)  # the key of an unfinished card to go on with

    def __init__(self, parent=None, today: dt.date | None = None, load: bool = True):
        super().__init__(parent)
        self._today = today
        self.restored: str | None = None  # the card the program was closed on, back in the entry form
        self.restored_line = QLabel()
        self.restored_line.setWordWrap(True)
        self.restored_line.setStyleSheet(WARNING_STYLE)
        self.unfinished_model = RowsModel(UNFINISHED_COLUMNS, lambda r: AMBER)
        self.unfinished_view = table(self.unfinished_model, [90, 100, 90])
        self.unfinished_label = labelled("未完成的登记卡(&D)：输入过、尚未保存；Enter 打开继续录入",
                                         self.unfinished_view)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.open_model = RowsModel(OPEN_COLUMNS, self._colour)
        self.open_view = table(self.open_model, [90, 100, 90, 100, 100])
        self.worker_model = RowsModel([("网格员", "key")] + RATE_COLUMNS[1:])
        self.grid_model = RowsModel([("网格", "key")] + RATE_COLUMNS[1:])
        self.missing_model = RowsModel(MISSING_COLUMNS, lambda r: RED if r["overdue"] else None)
        self.late_model = RowsModel(LATE_COLUMNS, lambda r: RED)
        self.month = QComboBox()
        self.month.addItems(months(self.today))
        self.month.setItemText(1, f"{self.month.itemText(1)}（上月）")
        self.month.currentIndexChanged.connect(self._show_month)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.open_view, "待录入")
        self.tabs.addTab(table(self.worker_model, [120]), "按网格员")
        self.tabs.addTab(table(self.grid_model, [160]), "按网格")
        self.tabs.addTab(table(self.late_model, [90, 100, 90, 100, 100, 100]), "逾期的卡")
        self.tabs.addTab(table(self.missing_model, [100, 100, 90, 90, 100, 80]), "已录入未归档")
        self.month_label = labelled("月份(&Y)", self.month)
        self.month_note = QLabel()
        self.month_note.setStyleSheet("color: gray;")
        month_row = QHBoxLayout()
        for w in (self.month_label, self.month, self.month_note):
            month_row.addWidget(w)
        month_row.addStretch(1)
        daily_hint = QLabel("五必访待访、工作任务：Enter 打开服务需求供给表、汇报进度")
        daily_hint.setStyleSheet("color: gray;")
        month_row.addWidget(daily_hint)
        self.followup_model = RowsModel(FOLLOWUP_COLUMNS, lambda r: RED if r["status"] == followup.OVERDUE else AMBER)
        self.followup_view = table(self.followup_model, [110, 80, 110, 180, 90, 90])
        self.tabs.addTab(self.followup_view, "五必访待访")
        self._followup = Latest(self)  # the list of the last refresh, counted off the GUI thread
        self.tasks_model = RowsModel(TASK_COLUMNS, lambda r: RED if r["state"] == "overdue" else None)
        self.tasks_view = table(self.tasks_model, [200, 100, 90, 50])
        self.tabs.addTab(self.tasks_view, "工作任务")
        hint = QLabel("Enter：录入选中的卡　Alt+D：未完成的登记卡　Alt+Y：月份　Ctrl+Tab：切换列表　F5：刷新")
        hint.setStyleSheet("color: gray;")
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(hint)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.restored_line)
        layout.addWidget(self.unfinished_label)
        layout.addWidget(self.unfinished_view)
        layout.addLayout(month_row)
        layout.addWidget(self.tabs, 1)
        self.open_view.activated.connect(self._activated)
        self.followup_view.activated.connect(self._open_sheet)
        self.tasks_view.activated.connect(self._report_task)
        self.unfinished_view.activated.connect(
            lambda index: self.open_unfinished.emit(self.unfinished_model.rows[index.row()]["key"]))
        QShortcut(QKeySequence("F5"), self, activated=self.refresh,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if load:
            self.refresh()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def _colour(self, row: dict) -> str | None:
        late = (self.today - dt.date.fromisoformat(row["due_on"])).days
        return RED if late > 0 else AMBER if late == 0 else None

    def refresh(self) -> None:
        today = self.today
        self._show_unfinished()
        rows = timeliness.open_cards(today)
        for r in rows:
            r["situation"] = _situation(r, today) + ("（草稿）" if r["state"] == cardlife.DRAFT else "")
        self.open_model.set_rows(rows)
        self._show_month()
        keyed = filing.not_filed(today=today)
        self.missing_model.set_rows([{"archive_no": m.archive_no, "grid": m.grid, "card_no": m.card_no,
                                      "head": m.head, "keyed_on": m.keyed_at.date().isoformat() if m.keyed_at else "",
                                      "days": (today - m.keyed_at.date()).days if m.keyed_at else "",
                                      "overdue": m.missing, "situation": "超期未归档" if m.missing else ""}
                                     for m in keyed])
        missing = sum(1 for m in keyed if m.missing)
        self.tabs.setTabText(4, f"已录入未归档 {len(keyed)} 张（红色：超期 {missing} 张）")
        self._show_followup(today)
        self._show_tasks(today)
        overdue = sum(1 for r in rows if r["days_late"] > 0)
        due = sum(1 for r in rows if r["due_on"] == today.isoformat())
        unverified = verify.unverified().count()
        last_month = len(timeliness.late_cards(months(today, 2)[1], today))
        self.summary.setText(
            f"<b>今日到期 {due} 张</b>　·　<span style='color:{RED}'><b>逾期 {overdue} 张</b></span>　·　"
            f"待录入共 {len(rows)} 张　·　上月逾期 {last_month} 张　·　已录入未复核（含已归档）{unverified} 张　·　"
            f"已录入未归档 {len(keyed)} 张，<span style='color:{RED}'>其中超期 {missing} 张</span>"
            + (f"　·　<span style='color:{AMBER}'>未完成（未保存）{len(self.unfinished_model.rows)} 张</span>"
               if self.unfinished_model.rows else ""))

    def _show_month(self) -> None:
        """The chosen month's rates per worker and per grid, and its late cards."""
        today, month = self.today, self.month.currentText()[:7]
        self.worker_model.set_rows([{**r, "key": r["worker"]} for r in timeliness.timeliness(month, today)])
        self.grid_model.set_rows([{**r, "key": r["grid"]} for r in timeliness.timeliness(month, today, by="grid")])
        late = timeliness.late_cards(month, today)
        for r in late:
            r["keyed_on"] = r["keyed_on"] or "未录入"
        self.late_model.set_rows(late)
        self.tabs.setTabText(3, f"逾期的卡 {len(late)} 张")
        self.month_note.setText(f"按网格员、按网格、逾期的卡：{month} 采集的卡")

    def _show_followup(self, today: dt.date) -> None:
        """Each worker's must-visit people due or overdue (五必访待访), overdue first: counted
        in the background (a street's list takes a moment); the rows are replaced when known."""
        self.followup_model.set_rows([])
        self._followup_tab_text("五必访待访（计算中…）")
        self._followup.ask(lambda progress: followup.due_list(today), self._followup_counted, self._followup_failed)

    def _followup_counted(self, due: list) -> None:
        self.followup_model.set_rows([{"person_id": f.person_id, "workers": "、".join(f.workers), "name": f.name,
                                       "categories": "、".join(f.categories), "address": f.address,
                                       "last_visit": f.last_visit.isoformat() if f.last_visit else "—",
                                       "next_due": f.next_due.isoformat() if f.next_due else "尽快",
                                       "situation": f.situation, "status": f.status} for f in due])
        late = sum(1 for f in due if f.status == followup.OVERDUE)
        self._followup_tab_text(f"五必访待访 {len(due)}（逾期 {late}）")

    def _followup_failed(self, error: BaseException) -> None:
        self._followup_tab_text("五必访待访（计算失败，按 F5 重试）")
        self.followup_view.setToolTip(str(error))

    def _followup_tab_text(self, text: str) -> None:
        self.tabs.setTabText(self.tabs.indexOf(self.followup_view), text)

    def _show_tasks(self, today: dt.date) -> None:
        """Open tasks of the weekly meetings, overdue first."""
        rows = tasks.listing(today=today)
        self.tasks_model.set_rows([{**r, "progress": f"{r['percent']}%"} for r in rows])
        late = sum(1 for r in rows if r["state"] == "overdue")
        self.tabs.setTabText(self.tabs.indexOf(self.tasks_view), f"工作任务 {len(rows)}（逾期 {late}）")

    def _show_unfinished(self) -> None:
        kept = drafts.unfinished()
        self.unfinished_model.set_rows([{"key": u.key, "card_no": u.card_no or "（无卡号）", "grid": u.grid,
                                         "head": u.head, "typed": f"{u.typed_at:%m-%d %H:%M}"} for u in kept])
        rows = min(len(kept), 5)
        self.unfinished_view.setFixedHeight(self.unfinished_view.horizontalHeader().height() + 4
                                            + rows * self.unfinished_view.verticalHeader().defaultSectionSize())
        for w in (self.unfinished_label, self.unfinished_view):
            w.setVisible(bool(kept))
        self.restored_line.setText(f"程序上次关闭时有一张登记卡未保存，已恢复到“录入登记卡”页（{self.restored}）："
                                   "按 Ctrl+2 继续录入。" if self.restored else "")
        self.restored_line.setVisible(bool(self.restored))

    def _activated(self, index) -> None:
        self.key_card.emit(self.open_model.rows[index.row()]["card_no"])

    def _open_sheet(self, index) -> None:
        """Enter on a must-visit person: their service-needs sheet, as on the 五必访跟踪 tab."""
        from forms.daily.common import keys_back
        from forms.daily.followuptab import SheetDialog
        from gridapp.models import Person

        person = Person.get_by_id(self.followup_model.rows[index.row()]["person_id"])
        if keys_back(lambda: SheetDialog(person, self).exec()):
            self._show_followup(self.today)

    def _report_task(self, index) -> None:
        """Enter on a task: the group leader's progress, as on the 例会与任务 tab."""
        from forms.daily.common import keys_back
        from forms.daily.taskstab import ReportDialog
        from gridapp.models import Task

        task = Task.get_by_id(self.tasks_model.rows[index.row()]["id"])
        if keys_back(lambda: ReportDialog(task, self).exec()):
            self._show_tasks(self.today)
