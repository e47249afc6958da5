"""The one-screen intake form (Ctrl+Shift+E from anywhere): kind, grid, place, person, contact,
what happened, urgency, affairs item or business line, who found it and when. Tab moves on,
↑↓ choose in a list, Ctrl+S records the matter. What is typed is kept as a draft until it is
recorded, so a closed window or a crash loses nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from gridapp.errors import UserError
from gridapp.models import AffairItem, Grid
from gridapp.services import drafts, matters
from gridapp.services.matterinput import KINDS, URGENCY, known_lines
from gridapp.services.scope import resolve

DRAFT = "matter"
TEXTS = ("place", "person", "contact_name", "contact_phone", "affair", "found_by", "found_at")


class MatterIntakeDialog(QDialog):
    recorded = Signal(str, str)  # the new matter's id and number

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("登记事项（Ctrl+S 保存，Esc 关闭，已输入的内容会保留）")
        self.photos: list[str] = []
        community = resolve().community
        self.kind = QComboBox()
        for code, text in KINDS.items():
            self.kind.addItem(text, code)
        self.grid = QComboBox()
        grids = Grid.live().order_by(Grid.community, Grid.number)
        if community is not None:
            grids = grids.where(Grid.community == community)
        for g in grids:
            self.grid.addItem(g.name, g.community.name)
        self.edits = {k: QLineEdit() for k in TEXTS}
        self.edits["place"].setPlaceholderText("长安阁1栋2单元302，或 爱和路口")
        self.edits["person"].setPlaceholderText("身份证号，或该地址住户的姓名（可不填）")
        self.edits["found_at"].setPlaceholderText("默认现在；如 2026-11-02 09:30")
        self.edits["affair"].setPlaceholderText("事务清单的编号或名称：给出业务口和承诺时限")
        self.edits["affair"].setCompleter(QCompleter([a.name for a in AffairItem.live()], self))
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.urgency = QComboBox()
        for code, text in URGENCY.items():
            self.urgency.addItem(text, code)
        self.urgency.setCurrentIndex(1)
        self.line = QComboBox()
        self.line.addItem("（按事务清单）", "")
        for line in known_lines(community):
            self.line.addItem(line, line)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c00000")
        self.photo_label = QLabel("照片：无（Ctrl+P 添加）")

        form = QFormLayout()
        rows = [("类型(&T)", self.kind), ("网格(&G)", self.grid), ("地点(&D)", self.edits["place"]),
                ("当事人(&R)", self.edits["person"]), ("联系人(&N)", self.edits["contact_name"]),
                ("联系电话(&H)", self.edits["contact_phone"]), ("事项内容(&C)", self.description),
                ("紧急程度(&U)", self.urgency), ("事务清单事项(&A)", self.edits["affair"]), ("业务口(&B)", self.line),
                ("发现/受理人(&F)", self.edits["found_by"]), ("时间(&W)", self.edits["found_at"])]
        for text, widget in rows:
            form.addRow(text, widget)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.photo_label)
        layout.addWidget(self.error)
        layout.addWidget(QLabel("Tab 下一项 · ↑↓ 选择 · Ctrl+S 保存 · Ctrl+P 添加照片 · Esc 关闭（保留草稿）"))
        widgets = [w for _, w in rows]
        for a, b in zip(widgets, widgets[1:]):
            QWidget.setTabOrder(a, b)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.add_photo)
        self.restore()
        for edit in self.edits.values():
            edit.textChanged.connect(self.keep)
        self.description.textChanged.connect(self.keep)
        for box in (self.kind, self.grid, self.urgency, self.line):
            box.currentIndexChanged.connect(self.keep)
        self.resize(560, 520)
        QTimer.singleShot(0, self.kind.setFocus)

    def raw(self) -> dict:
        raw = {k: e.text() for k, e in self.edits.items() if e.text().strip()}
        raw.update(kind=self.kind.currentData(), urgency=self.urgency.currentData(),
                   description=self.description.toPlainText())
        if self.grid.currentIndex() >= 0:
            raw.update(grid=self.grid.currentText(), community=self.grid.currentData())
        if self.line.currentData():
            raw["line"] = self.line.currentData()
        if self.photos:
            raw["photos"] = list(self.photos)
        return raw

    def keep(self, *_args) -> None:
        drafts.save(DRAFT, self.raw())

    def restore(self) -> None:
        data = drafts.load(DRAFT)
        if not data:
            return
        for key, edit in self.edits.items():
            edit.setText(str(data.get(key) or ""))
        self.description.setPlainText(str(data.get("description") or ""))
        for box, key in ((self.kind, "kind"), (self.urgency, "urgency"), (self.line, "line")):
            index = box.findData(data.get(key))
            if index >= 0:
                box.setCurrentIndex(index)
        index = self.grid.findText(str(data.get("grid") or ""))
        if index >= 0:
            self.grid.setCurrentIndex(index)
        self.photos = [p for p in data.get("photos") or [] if isinstance(p, str)]
        self._show_photos()
        self.error.setText("已恢复上次未保存的输入。")

    def _show_photos(self) -> None:
        self.photo_label.setText("照片：" + ("、".join(Path(p).name for p in self.photos) or "无") + "（Ctrl+P 添加）")

    def add_photo(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "添加照片", str(Path.home()), "照片 (*.jpg *.jpeg *.png *.gif *.bmp)")
        self.photos += names
        self._show_photos()
        self.keep()

    def save(self) -> None:
        try:
            matter = matters.add(self.raw())
        except UserError as exc:
            self.error.setText(str(exc))
            return
        drafts.discard(DRAFT)
        self.recorded.emit(str(matter.id), matter.number)
        self.accept()
