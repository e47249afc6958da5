"""Own categories (自定义类别): the street's and the community's own person and household
categories listed, added and edited (name, marker character, colour, privacy level) and
retired or restored; leader roles only (``gridapp.services.owncategories`` decides). People
and households are marked on the card entry form (Ctrl+2), beside the fixed categories. What
is typed is kept as a draft when it is closed by Esc."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from forms.ledgers.screen import buddy
from gridapp.errors import UserError
from gridapp.services import drafts, owncategories
from gridapp.services.scope import resolve
from gridapp.store.roles import allowed

DRAFT = "own-category"
HEADERS = ["层级", "名称", "标记", "颜色", "公开程度", "范围", "状态"]


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class OwnCategoriesDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("自定义类别（Ctrl+N 新建，Ctrl+S 保存，Esc 关闭，已输入的内容会保留）")
        self.community = resolve().community
        self.editing: str | None = None  # the code of the category on the form; None: a new one
        self.restoring = False
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.level = QComboBox()
        for code in ("person", "household"):
            self.level.addItem(f"{owncategories.LEVELS[code]}类别", code)
        self.label = QLineEdit()
        self.label.setPlaceholderText("如 重点人口、低保户、优抚对象（至多 12 个字）")
        self.label.setMaxLength(12)
        self.code = QLineEdit()
        self.code.setPlaceholderText("可不填：按名称的拼音首字母")
        self.symbol = QLineEdit()
        self.symbol.setMaxLength(1)
        self.symbol.setPlaceholderText("公示栏上的一个字，默认名称的第一个字")
        self.colour = QComboBox()
        for value, name in owncategories.NAMED_COLOURS.items():
            self.colour.addItem(_swatch(value), f"{name}（{value}）", value)
        self.pick_button = QPushButton("自选颜色(&E)…")
        self.privacy = QComboBox()
        for code, text in owncategories.PRIVACY.items():
            self.privacy.addItem(text, code)
        self.new_button = QPushButton("新建(&A)")
        self.save_button = QPushButton("保存(&W)")
        self.retire_button = QPushButton("停用或恢复(&X)")
        self.entry_button = QPushButton("去登记卡录入(&I)")  # where persons and households are marked
        self.to_entry = False
        self.mode = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c00000")

        form = QFormLayout()
        colour_row = QHBoxLayout()
        colour_row.addWidget(self.colour, 1)
        colour_row.addWidget(self.pick_button)
        for text, widget, row in (("层级(&V)", self.level, None), ("名称(&N)", self.label, None),
                                  ("代码(&D)", self.code, None), ("标记字(&M)", self.symbol, None),
                                  ("颜色(&R)", self.colour, colour_row), ("公开程度(&G)", self.privacy, None)):
            form.addRow(buddy(text, widget), row if row is not None else widget)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.save_button, self.retire_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.entry_button)
        layout = QVBoxLayout(self)
        layout.addWidget(buddy("类别(&L)", self.table))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.mode)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("给人员或户标记类别：在登记卡录入页（Ctrl+2，或按“去登记卡录入”）的“类别”中"
                                "按空格勾选，与固定类别相同。仅内部的类别不上公示栏。"))

        self.table.itemSelectionChanged.connect(self._picked)
        self.pick_button.clicked.connect(self.pick_colour)
        self.new_button.clicked.connect(self.new)
        self.save_button.clicked.connect(self.save)
        self.retire_button.clicked.connect(self.retire)
        self.entry_button.clicked.connect(self.go_to_entry)
        self.label.textEdited.connect(self._suggest_code)
        for keys, slot in (("Ctrl+N", self.new), ("Ctrl+S", self.save)):
            QShortcut(QKeySequence(keys), self, activated=slot)
        for signal in (self.label.textChanged, self.code.textChanged, self.symbol.textChanged,
                       self.colour.currentIndexChanged, self.privacy.currentIndexChanged,
                       self.level.currentIndexChanged):
            signal.connect(self.keep)
        self._fill()
        self.new()
        self.restore()
        if not allowed("templates.edit"):
            self.message.setText("当前用户的角色无权添加或修改自定义类别：只能查看（社区主任、街道干部、管理员可以）。")
        self.resize(760, 560)
        QTimer.singleShot(0, self.label.setFocus)

    # the list
    def _fill(self, current: str | None = None) -> None:
        self.rows = owncategories.listed(self.community.id if self.community else None, retired=True)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.rows))
        for r, c in enumerate(self.rows):
            cells = [owncategories.LEVELS[c["level"]], c["label"], c["symbol"], c["colour"],
                     owncategories.PRIVACY[c["privacy"]], c["scope"], "已停用" if c["retired"] else "使用中"]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2:
                    item.setForeground(QColor(c["colour"]))
                if col == 3:
                    item.setIcon(_swatch(c["colour"]))
                self.table.setItem(r, col, item)
        self.table.resizeColumnsToContents()
        self.table.blockSignals(False)
        found = next((i for i, c in enumerate(self.rows) if c["code"] == current), -1)
        if found >= 0:
            self.table.selectRow(found)

    def _picked(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows) and self.table.selectionModel().hasSelection():
            self.show_category(self.rows[row])

    # the form
    def show_category(self, c: dict) -> None:
        self.restoring = True
        self.editing = c["code"]
        self.level.setCurrentIndex(max(self.level.findData(c["level"]), 0))
        self.label.setText(c["label"])
        self.code.setText(c["code"])
        self.symbol.setText(c["symbol"])
        self._set_colour(c["colour"])
        self.privacy.setCurrentIndex(max(self.privacy.findData(c["privacy"]), 0))
        self.level.setEnabled(False)
        self.code.setEnabled(False)
        self.mode.setText(f"修改“{c['label']}”{'（已停用）' if c['retired'] else ''}：")
        self.restoring = False

    def new(self) -> None:
        self.restoring = True
        self.editing = None
        self.table.clearSelection()
        for edit in (self.label, self.code, self.symbol):
            edit.clear()
        self.colour.setCurrentIndex(0)
        self.privacy.setCurrentIndex(0)
        self.level.setEnabled(True)
        self.code.setEnabled(True)
        self.mode.setText("新的类别：")
        self.restoring = False
        self.label.setFocus()

    def _set_colour(self, value: str) -> None:
        index = self.colour.findData(value.lower())
        if index < 0:
            self.colour.addItem(_swatch(value), f"自选（{value}）", value.lower())
            index = self.colour.count() - 1
        self.colour.setCurrentIndex(index)

    def pick_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.colour.currentData()), self, "标记颜色")
        if chosen.isValid():
            self._set_colour(chosen.name())

    def _suggest_code(self, text: str) -> None:
        if self.editing is None and text.strip():
            self.code.setPlaceholderText(f"可不填：{owncategories.suggest_code(text.strip())}")

    def values(self) -> dict:
        return {"label": self.label.text(), "symbol": self.symbol.text(), "colour": self.colour.currentData(),
                "privacy": self.privacy.currentData()}

    # drafts
    def keep(self, *_args) -> None:
        if not self.restoring:
            drafts.save(DRAFT, {"editing": self.editing, "level": self.level.currentData(), "code": self.code.text(),
                                **self.values()})

    def restore(self) -> None:
        data = drafts.load(DRAFT)
        if not data:
            return
        editing = next((c for c in self.rows if c["code"] == data.get("editing")), None)
        if editing is not None:
            self.show_category(editing)
        self.restoring = True
        if editing is None:
            self.level.setCurrentIndex(max(self.level.findData(data.get("level")), 0))
            self.code.setText(str(data.get("code") or ""))
        self.label.setText(str(data.get("label") or ""))
        self.symbol.setText(str(data.get("symbol") or ""))
        if data.get("colour"):
            self._set_colour(str(data["colour"]))
        self.privacy.setCurrentIndex(max(self.privacy.findData(data.get("privacy")), 0))
        self.restoring = False
        self.message.setText("已恢复上次未保存的输入。")

    def go_to_entry(self) -> None:
        self.to_entry = True
        self.accept()

    # saving
    def save(self) -> None:
        values = self.values()
        try:
            if self.editing is None:
                code = self.code.text().strip() or owncategories.suggest_code(values["label"])
                row = owncategories.add(self.community, self.level.currentData(), code, values["label"],
                                        values["symbol"], values["colour"], values["privacy"])
            else:
                row = owncategories.change(self.editing, **{k: v for k, v in values.items()
                                                            if k != "symbol" or v.strip()})
        except UserError as exc:
            self.message.setText(str(exc))
            return
        drafts.discard(DRAFT)
        self._fill(row.code)
        self.message.setText(f"已保存类别“{row.label}”（{row.symbol}）。")

    def retire(self) -> None:
        c = next((c for c in self.rows if c["code"] == self.editing), None)
        if c is None:
            self.message.setText("先在上面的列表中选一个类别。")
            return
        try:
            owncategories.change(c["code"], retired=not c["retired"])
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self._fill(c["code"])
        self.message.setText(f"类别“{c['label']}”已{'恢复使用' if c['retired'] else '停用（已标记的人员和户保留标记）'}。")
