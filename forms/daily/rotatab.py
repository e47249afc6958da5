"""The duty rota tab (值班表): the month's duty days of the chosen community (PgUp/PgDn for the
month before or after), today's duty (今日值班) and the cards received today, which the worker on
duty handles; Ctrl+P prints the month. Alt+E sets the rota up, Alt+W swaps two days, Alt+I puts a
stand-in on a day (the day chosen in the month, else today); the month shows the change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from forms.cards.rows import RowsModel, table
from forms.daily.common import keys_back
from gridapp import settings
from gridapp.models import Community
from gridapp.services import rota

DUTY_COLUMNS = [("日期", "date"), ("星期", "weekday"), ("值班组", "group"), ("值班人员", "people"), ("调换", "changed")]
INTAKE_COLUMNS = [("卡号", "card_no"), ("网格", "grid"), ("网格员", "worker"), ("接收时间", "received_at"),
                  ("状态", "state_label")]


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
        self.setup_button = QPushButton("设置值班表(&E)…")
        self.swap_button = QPushButton("调班(&W)…")
        self.standin_button = QPushButton("替班(&I)…")
        for button, slot in ((self.setup_button, self.set_up), (self.swap_button, self.swap),
                             (self.standin_button, self.stand_in)):
            button.clicked.connect(slot)
            top.addWidget(button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        right = QWidget()
        box = QVBoxLayout(right)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.duty_today)
        box.addWidget(QLabel("今日接收的登记卡（值班人员办理）："))
        box.addWidget(self.intake_view, 1)
        split.addWidget(right)
        split.setSizes([620, 460])  # the month with its 调换 column in view
        self.status = QLabel()
        self.status.setWordWrap(True)
        box.addWidget(self.status)
        hint = QLabel("PgUp/PgDn：上月/下月　Ctrl+P：打印本月值班表　Alt+E 设置值班表　Alt+W 调班　Alt+I 替班（所选日期）")
        hint.setStyleSheet("color: gray;")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(hint)
        order = [self.community, self.view, self.intake_view, self.setup_button, self.swap_button, self.standin_button]
        for a, b in zip(order, order[1:]):  # from the community to its month, then today's cards
            QWidget.setTabOrder(a, b)
        self.community.currentIndexChanged.connect(self.reload)
        for keys, slot in (("PgUp", lambda: self.shift(-1)), ("PgDown", lambda: self.shift(1)),
                           ("Ctrl+P", self.print_month)):
            QShortcut(QKeySequence(keys), self, activated=slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.setFocusProxy(self.community)
        self.warning = ""
        self.rows: list[dict] = []
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
        cards = rota.intake(cid, self.today)
        self.duty_today.setText(f"<b>今日值班（{self.today:%m-%d}）</b>：" +
                                (f"{duty.group}，<b>{'、'.join(duty.staff)}</b>" if duty else "今天" + rota.no_duty(cid, self.today)) +
                                f"　今日接收登记卡 <b>{len(cards)}</b> 张")
        self.intake_model.set_rows(cards)

    def chosen_day(self) -> dt.date:
        """The day chosen in the month, else today."""
        index = self.view.currentIndex()
        return dt.date.fromisoformat(self.rows[index.row()]["date"]) if index.isValid() else self.today

    def _change(self, dialog: QDialog) -> None:
        if keys_back(dialog.exec):
            self.status.setText(getattr(dialog, "done_text", ""))
            self.reload()

    def set_up(self) -> None:
        from forms.daily.rotadialogs import RotaSetupDialog

        cid = self.community.currentData()
        if cid is not None:
            self._change(RotaSetupDialog(cid, self.community.currentText(), self.chosen_day(), self))

    def swap(self) -> None:
        from forms.daily.rotadialogs import SwapDialog

        cid = self.community.currentData()
        if cid is not None:
            self._change(SwapDialog(cid, self.chosen_day(), self))

    def stand_in(self) -> None:
        from forms.daily.rotadialogs import StandInDialog

        cid = self.community.currentData()
        if cid is not None:
            self._change(StandInDialog(cid, self.chosen_day(), self))

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
