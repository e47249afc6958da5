"""The duty rota tab (值班表): the month's duty days of the chosen community (PgUp/PgDn for the
month before or after), today's duty and the cards received today, which the worker on duty
handles; Ctrl+P prints the month."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QFileDialog, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from forms.cards.rows import RowsModel, table
from gridapp import settings
from gridapp.models import Community
from gridapp.services import rota

DUTY_COLUMNS = [("日期", "date"), ("星期", "weekday"), ("值班组", "group"), ("值班人员", "people"), ("调换", "changed")]
INTAKE_COLUMNS = [("卡号", "card_no"), ("网格", "grid"), ("网格员", "worker"), ("接收时间", "received_at"),
                  ("状态", "state")]


class RotaTab(QWidget):
    def __init__(self, parent=None, today: dt.date | None = None):
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.year, self.month = self.today.year, self.today.month
        self.community = QComboBox()
        for c in Community.live().order_by(Community.name):
            self.community.addItem(c.name, c.id)
        self.title = QLabel()
        self.duty_today = QLabel()
        self.duty_today.setTextFormat(Qt.TextFormat.RichText)
        self.model = RowsModel(DUTY_COLUMNS, lambda r: "#1e5aa8" if r["date"] == self.today.isoformat() else None)
        self.view = table(self.model, [100, 50, 80, 200])
        self.intake_model = RowsModel(INTAKE_COLUMNS)
        self.intake_view = table(self.intake_model, [80, 100, 80, 70])
        top = QHBoxLayout()
        label = QLabel("社区(&Q)")
        label.setBuddy(self.community)
        top.addWidget(label)
        top.addWidget(self.community, 1)
        top.addWidget(self.title, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.duty_today)
        box.addWidget(QLabel("今日接收的登记卡（值班人员办理）"))
        box.addWidget(self.intake_view, 1)
        split.addWidget(right)
        hint = QLabel("PgUp/PgDn：上月/下月　Ctrl+P：打印本月值班表　调班、替班：命令 rota swap / rota standin")
        hint.setStyleSheet("color: gray;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(hint)
        self.community.currentIndexChanged.connect(self.reload)
        for keys, slot in (("PgUp", lambda: self.shift(-1)), ("PgDown", lambda: self.shift(1)),
                           ("Ctrl+P", self.print_month)):
            QShortcut(QKeySequence(keys), self, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.community)
        self.warning = ""
        self.reload()

    def shift(self, months: int) -> None:
        n = self.year * 12 + self.month - 1 + months
        self.year, self.month = n // 12, n % 12 + 1
        self.reload()

    def reload(self, *_args) -> None:
        cid = self.community.currentData()
        if cid is None:
            return
        duties, self.warning = rota.month(cid, self.year, self.month)
        self.rows = [d.as_json() for d in duties]
        self.model.set_rows([{**r, "people": "、".join(r["staff"])} for r in self.rows])
        self.title.setText(f"{self.year}年{self.month}月值班表　{len(self.rows)} 个值班日" +
                           (f"　（{self.warning}）" if self.warning else ""))
        duty = rota.on(cid, self.today)
        self.duty_today.setText(f"<b>今天（{self.today:%m-%d}）</b>：" +
                                (f"{duty.group} 值班：<b>{'、'.join(duty.staff)}</b>" if duty else "不是值班日"))
        self.intake_model.set_rows(rota.intake(cid, self.today))

    def print_month(self) -> None:
        cid = self.community.currentData()
        if cid is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "保存值班表", str(Path.home() / f"{self.year}年{self.month}月值班表.pdf"),
                                              "PDF 文件 (*.pdf)")
        if not name:
            return
        from reports.rota_pdf import write_month

        write_month(self.community.currentText(), self.year, self.month, self.rows, name, self.warning,
                    settings.get("boards.contact", cid))
        rota.record_month_print(self.year, self.month)
        self.title.setText(f"值班表已保存：{name}")
