"""The list builder (按需名单): conditions chosen from drop-downs (any field, category or
supplementary field; an operator; a value), combined with 且 or 或; columns chosen and ordered;
a sort; a preview of the count and first rows (found in the background); saved, opened, renamed
and deleted by name; exported to XLSX masked by role. Everything it decides is asked of
``gridapp.services.listbuilder``. What is typed is kept as a draft when it is closed by Esc."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.ledgers.screen import buddy
from forms.tasks import Cancelled, run_in_background, run_with_progress
from gridapp import privacy
from gridapp.errors import UserError
from gridapp.services import drafts, listbuilder
from gridapp.services.scope import resolve
from gridapp.store.session import current_user

DRAFT = "list-builder"
PREVIEW_ROWS = 20


class ConditionRow(QWidget):
    """One condition: the subject, the operator, the value (typed or picked)."""

    def __init__(self, subjects: list[dict], parent=None):
        super().__init__(parent)
        self.subjects = {s["key"]: s for s in subjects}
        self.subject = QComboBox()
        for s in subjects:
            self.subject.addItem(s["label"], s["key"])
        self.operator = QComboBox()
        for op, text in listbuilder.OPERATORS.items():
            self.operator.addItem(f"{op}  {text}", op)
        self.value = QComboBox()
        self.value.setEditable(True)
        self.value.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.value.lineEdit().setPlaceholderText("值，如 女、15-49、第一网格")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.subject, 2)
        layout.addWidget(self.operator, 1)
        layout.addWidget(self.value, 2)
        self.subject.currentIndexChanged.connect(self._offer_values)
        self._offer_values()

    def _offer_values(self) -> None:
        typed = self.value.currentText()
        self.value.blockSignals(True)
        self.value.clear()
        self.value.addItems(self.subjects[self.subject.currentData()]["values"])
        self.value.setEditText(typed)
        self.value.blockSignals(False)

    def set(self, key: str, op: str, value: str) -> None:
        self.subject.setCurrentIndex(max(self.subject.findData(key), 0))
        self.operator.setCurrentIndex(max(self.operator.findData(op), 0))
        self.value.setEditText(value)

    def parts(self) -> tuple[str, str, str]:
        return self.subject.currentData(), self.operator.currentData(), self.value.currentText()


class ListBuilderDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("按需名单（Ctrl+S 保存，F5 预览，Esc 关闭，已输入的内容会保留）")
        self.scope = resolve()
        self.rows: list[ConditionRow] = []
        self.grouped: dict | None = None  # a list with condition groups: shown to preview and export only
        self.restoring = True  # until the draft is back
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 第一网格育龄妇女")
        self.saved = QComboBox()
        self.open_button = QPushButton("打开(&D)")
        self.rename_button = QPushButton("改名(&R)")
        self.delete_button = QPushButton("删除名单(&X)")
        self.level = QComboBox()
        for code, text in listbuilder.LEVELS.items():
            self.level.addItem(f"按{text}列出", code)
        self.match = QComboBox()
        for code, text in listbuilder.MATCH.items():
            self.match.addItem(text, code)
        self.conditions = QWidget()
        self.conditions_layout = QVBoxLayout(self.conditions)
        self.conditions_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.conditions)
        scroll.setMinimumHeight(self.fontMetrics().height() * 7)
        self.add_button = QPushButton("添加条件(&A)")
        self.remove_button = QPushButton("删除条件(&Z)")
        self.available = QListWidget()
        self.shown = QListWidget()
        for lst in (self.available, self.shown):
            lst.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.take_button = QPushButton("加入 →(&G)")
        self.drop_button = QPushButton("← 移出(&Y)")
        self.up_button = QPushButton("上移(&8)")
        self.down_button = QPushButton("下移(&9)")
        self.sort = QComboBox()
        self.descending = QCheckBox("降序(&E)")
        self.full = QCheckBox("导出完整身份证号和电话(&V)")
        self.full.setToolTip("导出将记入操作记录；无完整导出权限的角色总是导出遮蔽的号码")
        self.preview_button = QPushButton("预览(&W)")
        self.save_button = QPushButton("保存名单(&N)")
        self.export_button = QPushButton("导出 Excel(&I)…")
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.count = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c00000")

        top = QGridLayout()
        top.addWidget(buddy("名单名称(&M)", self.name), 0, 0)
        top.addWidget(self.name, 0, 1)
        top.addWidget(buddy("已保存的名单(&L)", self.saved), 0, 2)
        top.addWidget(self.saved, 0, 3)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.rename_button, self.delete_button):
            buttons.addWidget(b)
        top.addLayout(buttons, 0, 4)
        top.addWidget(buddy("层级(&B)", self.level), 1, 0)
        top.addWidget(self.level, 1, 1)
        top.addWidget(buddy("条件组合(&Q)", self.match), 1, 2)
        top.addWidget(self.match, 1, 3)
        condition_buttons = QHBoxLayout()
        condition_buttons.addWidget(self.add_button)
        condition_buttons.addWidget(self.remove_button)
        condition_buttons.addStretch(1)
        columns = QGridLayout()
        columns.addWidget(buddy("可选的列(&1)", self.available), 0, 0)
        columns.addWidget(buddy("显示的列（按此顺序）(&2)", self.shown), 0, 2)
        columns.addWidget(self.available, 1, 0)
        moves = QVBoxLayout()
        for b in (self.take_button, self.drop_button, self.up_button, self.down_button):
            moves.addWidget(b)
        moves.addStretch(1)
        columns.addLayout(moves, 1, 1)
        columns.addWidget(self.shown, 1, 2)
        order = QHBoxLayout()
        order.addWidget(buddy("排序(&3)", self.sort))
        order.addWidget(self.sort, 1)
        order.addWidget(self.descending)
        order.addStretch(1)
        order.addWidget(self.full)
        order.addWidget(self.preview_button)
        order.addWidget(self.save_button)
        order.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel("条件（项目、运算、值；Ctrl+N 添加，Ctrl+Delete 删除所在的一条）："))
        layout.addWidget(scroll, 1)
        layout.addLayout(condition_buttons)
        layout.addLayout(columns, 1)
        layout.addLayout(order)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.message)
        if not privacy.sees_full():
            self.full.hide()

        self.level.currentIndexChanged.connect(self._level_changed)
        self.add_button.clicked.connect(self.new_condition)
        self.remove_button.clicked.connect(self.remove_condition)
        self.take_button.clicked.connect(self.take_column)
        self.drop_button.clicked.connect(self.drop_column)
        self.up_button.clicked.connect(lambda: self.move_column(-1))
        self.down_button.clicked.connect(lambda: self.move_column(1))
        self.available.itemActivated.connect(lambda _item: self.take_column())
        self.shown.itemActivated.connect(lambda _item: self.drop_column())
        self.open_button.clicked.connect(self.open_saved)
        self.rename_button.clicked.connect(self.rename_saved)
        self.delete_button.clicked.connect(self.delete_saved)
        self.preview_button.clicked.connect(self.preview)
        self.save_button.clicked.connect(self.save)
        self.export_button.clicked.connect(self.export)
        for keys, slot in (("Ctrl+S", self.save), ("F5", self.preview), ("Ctrl+E", self.export),
                           ("Ctrl+N", self.new_condition), ("Ctrl+Delete", self.remove_condition),
                           ("Ctrl+Up", lambda: self.move_column(-1)), ("Ctrl+Down", lambda: self.move_column(1))):
            QShortcut(QKeySequence(keys), self, activated=slot)
        for signal in (self.name.textChanged, self.match.currentIndexChanged, self.sort.currentIndexChanged,
                       self.descending.toggled):
            signal.connect(self.keep)
        self._fill_saved()
        self._level_changed()
        self.restoring = False
        self.restore()
        if not self.rows and self.grouped is None:
            self.add_condition()
        self.resize(1000, 760)
        QTimer.singleShot(0, self.name.setFocus)

    # what the list is
    def body(self) -> dict:
        if self.grouped is not None:  # as saved, its groups whole
            return dict(self.grouped)
        level = self.level.currentData()
        conditions = [listbuilder.clause(level, *row.parts()) for row in self.rows if row.parts()[2].strip()]
        key = self.sort.currentData()
        return {"level": level, "match": self.match.currentData(), "conditions": conditions,
                "columns": [self.shown.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.shown.count())],
                "sort": [("-" if self.descending.isChecked() else "") + key] if key else []}

    def show_body(self, name: str, body: dict) -> None:
        """Put a list's definition on the form (a saved one, or the draft)."""
        self.restoring = True
        self._hold(None)
        self.name.setText(name)
        self.level.setCurrentIndex(max(self.level.findData(body.get("level", "person")), 0))
        self._level_changed()
        self.match.setCurrentIndex(max(self.match.findData(body.get("match", "all")), 0))
        for row in list(self.rows):
            self._drop_row(row)
        skipped = []
        for text in body.get("conditions") or []:
            parts = listbuilder.clause_parts(body.get("level", "person"), text) if isinstance(text, str) else None
            if parts is None:
                skipped.append(str(text))
                continue
            self.add_condition().set(*parts)
        columns = body.get("columns") or []
        if columns:
            self.shown.clear()
            for key in columns:
                self._show_column(key)
            self._columns_changed()
        sort = (body.get("sort") or [""])[0]
        self.sort.setCurrentIndex(max(self.sort.findData(sort.lstrip("-")), 0))
        self.descending.setChecked(sort.startswith("-"))
        self.restoring = False
        if listbuilder.has_groups(body):  # the screen cannot show the groups: it must not lose them
            self._hold(body)
            self.message.setText(listbuilder.grouped_note(name, body))
        elif skipped:
            self.message.setText(f"这些条件无法在此显示，已略去：{'；'.join(skipped)}")

    def _hold(self, body: dict | None) -> None:
        """``body`` (a list with condition groups) kept as it is: what would change it is disabled."""
        self.grouped = body
        for w in (self.level, self.match, self.add_button, self.remove_button, self.available, self.shown,
                  self.take_button, self.drop_button, self.up_button, self.down_button, self.sort,
                  self.descending, self.save_button, self.rename_button, *self.rows):
            w.setEnabled(body is None)

    # drafts
    def keep(self, *_args) -> None:
        if not self.restoring and self.grouped is None:
            drafts.save(DRAFT, {"name": self.name.text(), "body": self.body()})

    def restore(self) -> None:
        data = drafts.load(DRAFT)
        if data and isinstance(data.get("body"), dict):
            self.show_body(str(data.get("name") or ""), data["body"])
            self.message.setText("已恢复上次未保存的输入。")

    # conditions
    def new_condition(self) -> None:
        """添加条件 and Ctrl+N: a condition row to fill in (none on a list with groups)."""
        if self.grouped is not None:
            self.message.setText(listbuilder.grouped_note(self.name.text(), self.grouped))
            return
        self.add_condition(focus=True)

    def add_condition(self, focus: bool = False) -> ConditionRow:
        row = ConditionRow(listbuilder.subject_choices(self.level.currentData()), self.conditions)
        self.conditions_layout.insertWidget(len(self.rows), row)
        chain = [self.rows[-1].value if self.rows else self.match, row.subject, row.operator, row.value]
        for a, b in zip(chain, chain[1:]):  # Tab goes through the conditions in their order
            QWidget.setTabOrder(a, b)
        self.rows.append(row)
        for signal in (row.subject.currentIndexChanged, row.operator.currentIndexChanged,
                       row.value.editTextChanged):
            signal.connect(self.keep)
        if focus:
            row.show()
            row.subject.setFocus()
            self.keep()
        return row

    def remove_condition(self) -> None:
        if not self.rows or self.grouped is not None:
            return
        row = next((r for r in self.rows if r.isAncestorOf(self.focusWidget())), self.rows[-1])
        index = self.rows.index(row)
        self._drop_row(row)
        if self.rows:
            self.rows[min(index, len(self.rows) - 1)].subject.setFocus()
        else:
            self.add_button.setFocus()
        self.keep()

    def _drop_row(self, row: ConditionRow) -> None:
        self.rows.remove(row)
        row.hide()
        row.deleteLater()

    # columns
    def _level_changed(self) -> None:
        level = self.level.currentData()
        self.catalogue = {c["key"]: c["header"] for c in listbuilder.columns_of(level)}
        self.shown.clear()
        for key in listbuilder.DEFAULT_COLUMNS[level]:
            self._show_column(key)
        for row in list(self.rows):
            self._drop_row(row)
        self._columns_changed()

    def _show_column(self, key: str) -> None:
        if key in self.catalogue:
            item = QListWidgetItem(self.catalogue[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.shown.addItem(item)

    def _columns_changed(self) -> None:
        shown = [self.shown.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.shown.count())]
        row = self.available.currentRow()
        self.available.clear()
        for key, header in self.catalogue.items():
            if key not in shown:
                item = QListWidgetItem(header)
                item.setData(Qt.ItemDataRole.UserRole, key)
                self.available.addItem(item)
        self.available.setCurrentRow(min(max(row, 0), self.available.count() - 1))
        if self.shown.currentRow() < 0 and self.shown.count():
            self.shown.setCurrentRow(0)
        sort = self.sort.currentData()
        self.sort.blockSignals(True)
        self.sort.clear()
        self.sort.addItem("默认顺序（网格、地址）", "")
        for key, header in self.catalogue.items():
            self.sort.addItem(header, key)
        self.sort.setCurrentIndex(max(self.sort.findData(sort), 0))
        self.sort.blockSignals(False)
        self.keep()

    def take_column(self) -> None:
        item = self.available.currentItem()
        if item is not None:
            self._show_column(item.data(Qt.ItemDataRole.UserRole))
            self.shown.setCurrentRow(self.shown.count() - 1)
            self._columns_changed()

    def drop_column(self) -> None:
        row = self.shown.currentRow()
        if row >= 0:
            self.shown.takeItem(row)
            self.shown.setCurrentRow(min(row, self.shown.count() - 1))
            self._columns_changed()

    def move_column(self, step: int) -> None:
        row = self.shown.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.shown.count() or self.grouped is not None:
            return
        item = self.shown.takeItem(row)
        self.shown.insertItem(target, item)
        self.shown.setCurrentRow(target)
        self._columns_changed()

    # preview, save, export
    def preview(self) -> None:
        body, scope = self.body(), self.scope
        self.count.setText("正在查询…")
        self.message.setText(listbuilder.grouped_note(self.name.text(), body) if self.grouped is not None else "")
        run_in_background(lambda progress: listbuilder.preview(body, scope, PREVIEW_ROWS), self._previewed,
                          self._failed)

    def _previewed(self, found: dict) -> None:
        self.table.clear()
        self.table.setColumnCount(len(found["headers"]))
        self.table.setHorizontalHeaderLabels(found["headers"])
        self.table.setRowCount(len(found["rows"]))
        for r, row in enumerate(found["rows"]):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        shown = f"，下面是前 {len(found['rows'])} 行" if found["count"] > len(found["rows"]) else ""
        self.count.setText(f"{self.scope.label}：共 {found['count']} 行{shown}（{found['description']}）")

    def _failed(self, exc: BaseException) -> None:
        self.count.clear()
        self.message.setText(str(exc))

    def save(self) -> None:
        if self.grouped is not None:
            self.message.setText(listbuilder.grouped_note(self.name.text(), self.grouped))
            return
        try:
            row = listbuilder.save(self.name.text(), self.body(), self.scope.community, flat_only=True)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        drafts.discard(DRAFT)
        self._fill_saved(row.name)
        self.message.setText(f"已保存名单“{row.name}”，可在台账（Ctrl+6）中查看。")

    def export(self) -> None:
        try:
            q = listbuilder.draft_query(self.body(), self.name.text(), self.scope)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        suggested = Path.home() / f"{q.ledger.title}-{q.scope.label}-{dt.date.today():%Y%m%d}.xlsx"
        name, _ = QFileDialog.getSaveFileName(self, "导出名单", str(suggested), "Excel 表格 (*.xlsx)")
        if not name:
            return
        if not name.lower().endswith(".xlsx"):
            name += ".xlsx"
        from reports.ledger_xlsx import write_ledger

        mask = not privacy.shows_full(self.full.isChecked())
        try:
            n = run_with_progress(self, f"正在导出{q.ledger.title}…", lambda progress: write_ledger(
                q, name, made_by=current_user(), progress=progress, mask=mask))
        except (Cancelled, UserError) as exc:
            QMessageBox.information(self, "导出名单", str(exc) or "已取消。")
            return
        self.message.setText(f"已导出 {n} 行到 {name}")

    # saved lists
    def _fill_saved(self, current: str = "") -> None:
        self.saved.clear()
        for saved in listbuilder.all_saved():
            self.saved.addItem(f"{saved['name']}（{saved['description']}）", saved["name"])
        self.saved.setCurrentIndex(max(self.saved.findData(current), 0))

    def open_saved(self) -> None:
        name = self.saved.currentData()
        if name:
            self.show_body(name, listbuilder.saved_body(name))
            self.keep()
            self.preview()

    def rename_saved(self) -> None:
        old, new = self.saved.currentData(), self.name.text()
        if not old:
            return
        if self.grouped is not None:
            self.message.setText(listbuilder.grouped_note(old, self.grouped))
            return
        try:
            row = listbuilder.rename(old, new)
        except UserError as exc:
            self.message.setText(f"{exc}（在“名单名称”中写新名称，再按改名）")
            return
        self._fill_saved(row.name)
        self.message.setText(f"名单“{old}”已改名为“{row.name}”。")

    def delete_saved(self) -> None:
        name = self.saved.currentData()
        if not name:
            return
        answer = QMessageBox.question(self, "删除名单", f"删除名单“{name}”？（只删除名单的定义，不影响任何人员和户）")
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            listbuilder.remove(name)
        except UserError as exc:
            self.message.setText(str(exc))
            return
        self._fill_saved()
        self.message.setText(f"已删除名单“{name}”。")
