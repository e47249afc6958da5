"""The community affairs list (社区事务清单): type a word or pinyin initials (低保, jzz) to
find a service item, read its legal basis, procedure, documents and promised time.
The street office imports and exports the list; communities read what it sends."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
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

from forms.cards.rows import RowsModel, table
from forms.ledgers.screen import buddy
from gridapp.errors import UserError
from gridapp.services import affairs
from gridapp.store.session import current_user

COLUMNS = [("事项", "name"), ("类别", "category"), ("承诺时限", "days"), ("办理窗口", "office")]


def days_text(days: int | None) -> str:
    return "" if days is None else "即时办结" if days == 0 else f"{days} 个工作日"


class AffairsScreen(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: list = []
        self.search = QLineEdit()
        self.search.setPlaceholderText("事项名称、俗称、材料或拼音首字母，如 低保、准生证、jzz")
        self.search.setClearButtonEnabled(True)
        self.model = RowsModel(COLUMNS, lambda r: None if r["verified"] else "#8a6d00")
        self.view = table(self.model, [260, 120, 90])
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.count = QLabel()
        self.import_button = QPushButton("导入 Excel(&I)…")
        self.starter_button = QPushButton("载入示例清单")
        self.export_button = QPushButton("导出 Excel(&E)…")
        street = affairs.authored_here()
        self.import_button.setVisible(street)
        self.starter_button.setVisible(street)

        top = QHBoxLayout()
        top.addWidget(buddy("查找(&Z)", self.search))
        top.addWidget(self.search, 1)
        top.addWidget(self.import_button)
        top.addWidget(self.starter_button)
        top.addWidget(self.export_button)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setSizes([520, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.count)

        self.typing = QTimer(self, singleShot=True, interval=150)
        self.typing.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self.typing.start())
        self.search.returnPressed.connect(lambda: (self.refresh(), self.view.setFocus()))
        self.view.selectionModel().currentRowChanged.connect(self._show)
        self.import_button.clicked.connect(self.import_file)
        self.starter_button.clicked.connect(self.load_starter)
        self.export_button.clicked.connect(self.export)
        QShortcut(QKeySequence("Ctrl+E"), self, activated=self.export,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh()

    def refresh(self) -> None:
        self.typing.stop()
        self.items = affairs.find(self.search.text())
        self.model.set_rows([{"name": a.name, "category": a.category, "days": days_text(a.promised_days),
                              "office": a.office, "verified": a.verified} for a in self.items])
        unverified = sum(1 for a in self.items if not a.verified)
        note = f"；{unverified} 项尚待街道核实（黄色）" if unverified else ""
        self.count.setText(f"共 {len(self.items)} 项{note}" if self.items or self.search.text()
                           else "清单是空的：由街道办导入后随同步下发。")
        self.starter_button.setVisible(affairs.authored_here() and not self.items and not self.search.text())
        if self.items:
            self.view.setCurrentIndex(self.model.index(0, 0))
        else:
            self.detail.clear()

    def _show(self, current) -> None:
        if not current.isValid() or current.row() >= len(self.items):
            self.detail.clear()
            return
        a = self.items[current.row()]
        parts = [f"<h3>{html.escape(a.name)}</h3>"]
        if not a.verified:
            parts.append("<p style='color:#8a6d00'>本项尚待街道办核实，内容仅供参考。</p>")
        for label, value in (("事项编号", a.code), ("俗称", a.keywords), ("类别", a.category),
                             ("法律依据", a.legal_basis), ("办理流程", a.procedure), ("所需材料", a.documents),
                             ("承诺时限", days_text(a.promised_days)), ("办理窗口", a.office), ("备注", a.note)):
            if value:
                text = html.escape(str(value)).replace("；", "；<br>").replace("\n", "<br>")
                parts.append(f"<p><b>{label}</b><br>{text}</p>")
        self.detail.setHtml("".join(parts))

    def _run(self, title: str, fn) -> None:
        try:
            counts = fn()
        except UserError as exc:
            QMessageBox.warning(self, title, str(exc))
            return
        self.refresh()
        self.count.setText(f"{title}：新增 {counts.created} 项，更新 {counts.updated} 项，未变 {counts.unchanged} 项")

    def import_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "导入社区事务清单", str(Path.home()), "Excel 表格 (*.xlsx *.xls)")
        if name:
            self._run("导入", lambda: affairs.import_file(name))

    def load_starter(self) -> None:
        notice, _items = affairs.starter_items()
        if QMessageBox.question(self, "载入示例清单", notice + "\n\n现在载入？") == QMessageBox.StandardButton.Yes:
            self._run("载入示例清单", affairs.load_starter)

    def export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "导出社区事务清单", str(Path.home() / "社区事务清单.xlsx"),
                                              "Excel 表格 (*.xlsx)")
        if not name:
            return
        from reports.affairs_xlsx import write_affairs

        shown = self.items if self.search.text().strip() else None  # what was found, or the whole list
        n = write_affairs(name if name.lower().endswith(".xlsx") else name + ".xlsx", shown, made_by=current_user())
        self.count.setText(f"已导出 {n} 项到 {name}")
