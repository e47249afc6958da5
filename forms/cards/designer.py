"""登记卡设计: the supplementary fields of the street or of one community, added, edited,
ordered and retired from the keyboard (leader roles; the core refuses the others).

The list shows the scope's fields in the form's order; the form below edits the selected one
or, after Ctrl+N, a new one. Ctrl+S saves, Ctrl+↑/↓ move, Ctrl+R retires or restores,
Ctrl+E exports and Ctrl+I imports the XLSForm-like workbook."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.cards.widgets import Feedback, combo, labelled, set_code
from gridapp.errors import UserError
from gridapp.services import browse, cardbook, cardfields
from gridapp.store.roles import allowed

COLUMNS = ("层级", "键名", "名称", "类型", "必填", "显示条件", "状态")
KEYS = "Ctrl+N 新建  Ctrl+S 保存  Ctrl+↑/↓ 调整顺序  Ctrl+R 停用/恢复  Ctrl+E 导出  Ctrl+I 导入  Esc 关闭"


class CardDesignerDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("登记卡设计")
        self.resize(960, 640)
        self.scope = QComboBox()
        self.scope.addItem("全街道（各社区通用）", None)
        for c in browse.communities():
            self.scope.addItem(c["name"], c["id"])
        if self.scope.count() == 2:  # a community office: its own community first
            self.scope.setCurrentIndex(1)
        self.version = QLabel()
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)

        self.key = QLineEdit()
        self.key.setPlaceholderText("小写字母开头，如 insurance")
        self.label = QLineEdit()
        self.level = combo(cardfields.LEVELS)
        self.kind = combo(cardfields.KINDS)
        self.choices = QLineEdit()
        self.choices.setPlaceholderText("单选、多选的可选值，用顿号分隔")
        self.required = QCheckBox("必填(&Q)")
        self.help = QLineEdit()
        self.condition = QLineEdit()
        self.condition.setPlaceholderText("如 居住状态=流入，或 性别=女；年龄=15-49（空为总是填写）")
        self.low, self.high = QLineEdit(), QLineEdit()
        bounds = QHBoxLayout()
        for w in (self.low, QLabel("–"), self.high):
            bounds.addWidget(w)
        form = QFormLayout()
        for text, w in (("键名(&K)：", self.key), ("名称(&L)：", self.label), ("层级(&V)：", self.level),
                        ("类型(&T)：", self.kind), ("可选值(&O)：", self.choices), ("", self.required),
                        ("填写说明(&H)：", self.help), ("显示条件(&C)：", self.condition)):
            form.addRow(labelled(text, w) if text else QLabel(), w)
        form.addRow(labelled("范围(&G)：", self.low), bounds)
        self.feedback = Feedback()
        hint = QLabel(KEYS)
        hint.setStyleSheet("color: gray;")

        top = QHBoxLayout()
        top.addWidget(labelled("范围(&W)：", self.scope))
        top.addWidget(self.scope, 1)
        top.addWidget(self.version)
        self.defaults = QPushButton("载入全街道默认项(&D)")
        self.defaults.setToolTip("随软件提供的全街道通用补充项（党建、计生、民政、医保、社保）：已有的不重复添加")
        self.defaults.clicked.connect(self.load_defaults)
        top.addWidget(self.defaults)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.feedback)
        layout.addWidget(hint)
        chain = [self.key, self.label, self.level, self.kind, self.choices, self.required, self.help,
                 self.condition, self.low, self.high, self.table, self.scope]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)
        for keys, slot in (("Ctrl+N", self.new), ("Ctrl+S", self.save), ("Ctrl+Up", lambda: self.move(-1)),
                           ("Ctrl+Down", lambda: self.move(1)), ("Ctrl+R", self.retire),
                           ("Ctrl+E", self.export), ("Ctrl+I", self.import_book)):
            QShortcut(QKeySequence(keys), self, activated=slot)
        self.scope.currentIndexChanged.connect(lambda _: self.refresh())
        self.table.currentCellChanged.connect(lambda row, *_: self._show(row))
        self.editing: str | None = None
        self.fields: list[dict] = []
        self.refresh()
        self.defaults.setVisible(cardbook.may_load_street_defaults())  # street officers and administrators, at the street office
        if not allowed("templates.edit"):
            self.feedback.show_issues([_issue("当前用户的角色无权修改登记卡设计：只能查看")])
        self.new()

    # --- the list ----------------------------------------------------------------------------
    def community_id(self):
        return self.scope.currentData()

    def refresh(self, select: str | None = None) -> None:
        cid = self.community_id()
        self.fields = [cardfields.describe_field(f) for f in cardfields.scope_fields(cid)]
        self.version.setText(f"设计版本 {cardfields.version(cid)}")
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.fields))
        for r, f in enumerate(self.fields):
            kind = cardfields.KINDS[f["kind"]] + (f"（{'、'.join(f['choices'])}）" if f["choices"] else "")
            for c, text in enumerate((cardfields.LEVELS[f["level"]], f["key"], f["label"], kind,
                                      "是" if f["required"] else "", f["condition"], "已停用" if f["retired"] else "")):
                item = QTableWidgetItem(text)
                if f["retired"]:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()
        if select is not None:
            row = next((i for i, f in enumerate(self.fields) if f["key"] == select), -1)
            self.table.setCurrentCell(row, 0)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.fields):
            return
        f = self.fields[row]
        self.editing = f["key"]
        self.key.setText(f["key"])
        self.key.setReadOnly(True)
        self.label.setText(f["label"])
        set_code(self.level, f["level"])
        self.level.setEnabled(False)
        set_code(self.kind, f["kind"])
        self.choices.setText("、".join(f["choices"]))
        self.required.setChecked(f["required"])
        self.help.setText(f["help"])
        self.condition.setText(f["condition"])
        self.low.setText("" if f["min"] is None else str(f["min"]))
        self.high.setText("" if f["max"] is None else str(f["max"]))

    # --- changes -------------------------------------------------------------------------------
    def new(self) -> None:
        self.editing = None
        self.table.clearSelection()
        for w in (self.key, self.label, self.choices, self.help, self.condition, self.low, self.high):
            w.clear()
        self.key.setReadOnly(False)
        self.level.setEnabled(True)
        self.kind.setCurrentIndex(0)
        self.required.setChecked(False)
        self.key.setFocus()

    def spec(self) -> dict:
        return {"key": self.key.text().strip(), "label": self.label.text(), "kind": self.kind.currentData(),
                "choices": [c for c in cardfields._SEPARATORS.split(self.choices.text().strip()) if c],
                "required": self.required.isChecked(), "help": self.help.text(),
                "condition": self.condition.text(), "min": self.low.text().strip() or None,
                "max": self.high.text().strip() or None}

    def _do(self, change, said: str) -> bool:
        try:
            row = change()
        except UserError as exc:
            self.feedback.show_issues([_issue(str(exc))])
            return False
        self.refresh(select=row.key)
        self.feedback.note(said.format(label=row.label, version=cardfields.version(self.community_id())))
        return True

    def save(self) -> None:
        spec = self.spec()
        if self.editing is None:
            if self._do(lambda: cardfields.add(self.community_id(), self.level.currentData(), spec),
                        "已添加“{label}”，设计版本 {version}。Ctrl+N 再添加一项"):
                self.new()
                self.feedback.note(f"已添加“{spec['label'].strip()}”，设计版本 {cardfields.version(self.community_id())}")
        else:
            self._do(lambda: cardfields.edit(self.community_id(), self.editing, spec, self.level.currentData()),
                     "已保存“{label}”，设计版本 {version}")

    def move(self, step: int) -> None:
        row = self.table.currentRow()
        if self.editing is None or row < 0:
            return
        level = self.fields[row]["level"]
        same = [f for f in self.fields if f["level"] == level]
        at = next(i for i, f in enumerate(same) if f["key"] == self.editing) + 1 + step
        if 1 <= at <= len(same):
            self._do(lambda: cardfields.move(self.community_id(), self.editing, at, level), "已调整“{label}”的顺序")
        self.table.setFocus()

    def retire(self) -> None:
        row = self.table.currentRow()
        if self.editing is None or row < 0:
            return
        back = self.fields[row]["retired"]
        self._do(lambda: cardfields.retire(self.community_id(), self.editing, self.fields[row]["level"], back=back),
                 "已恢复“{label}”" if back else "已停用“{label}”（已录入的值保留）")

    def export(self) -> None:
        from reports.cardfields_xlsx import export_design

        name, _ = QFileDialog.getSaveFileName(self, "导出登记卡设计", str(Path.home() / "登记卡设计.xlsx"),
                                              "Excel 表格 (*.xlsx)")
        if name:
            path, count = export_design(self.community_id(), name)
            self.feedback.note(f"已导出 {count} 项到 {path}")

    def load_defaults(self) -> None:
        """The shipped street-wide default fields, added to the street's design (all or nothing)."""
        try:
            summary = cardbook.load_street_defaults()
        except UserError as exc:
            self.feedback.show_issues([_issue(f"未载入：{exc}")])
            return
        self.scope.setCurrentIndex(0)  # the street's fields, where they were added
        self.refresh()
        if summary["added"]:
            self.feedback.note(f"已载入全街道默认补充项 {len(summary['added'])} 项，全街道设计第 {summary['version']} 版")
        else:
            self.feedback.note("全街道默认补充项都已载入，没有新增")

    def import_book(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "导入登记卡设计", str(Path.home()), "Excel 表格 (*.xlsx)")
        if not name:
            return
        try:
            summary = cardbook.import_design(name, self.community_id())
        except UserError as exc:
            self.feedback.show_issues([_issue(f"未导入：{exc}")])
            return
        self.refresh()
        self.feedback.note(f"已导入：新增 {len(summary['added'])} 项，修改 {len(summary['changed'])} 项，"
                           f"停用 {len(summary['retired'])} 项")


def _issue(text: str):
    from gridapp.services.checks import ERROR, Issue

    return Issue(ERROR, "", text)
