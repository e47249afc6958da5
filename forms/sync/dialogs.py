"""The sync dialogs: settings (folder and interval), the status of every stream, and the
conflict list where a person keeps the current value or swaps to the other."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp import settings
from gridapp.errors import UserError
from gridapp.services import conflicts


def _buttons(dialog: QDialog, ok: str | None = "确定") -> QDialogButtonBox:
    box = QDialogButtonBox()
    if ok:
        box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole).setDefault(True)
    box.addButton("关闭" if not ok else "取消", QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(str(text)))


class SyncSettingsDialog(QDialog):
    """同步文件夹 and 自动同步间隔, local to this computer."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("同步设置")
        self.folder = QLineEdit(settings.get("sync.folder"))
        self.folder.setPlaceholderText("U 盘或共享文件夹，例如 E:\\同步")
        browse = QPushButton("浏览(&B)…")
        browse.setAutoDefault(False)  # Enter saves the settings; Alt+B browses
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.interval = QSpinBox()
        self.interval.setRange(0, 24 * 60)
        self.interval.setSuffix(" 分钟")
        self.interval.setSpecialValueText("不自动同步")
        self.interval.setValue(settings.get("sync.interval"))
        self.error = QLabel()
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()
        form = QFormLayout()
        form.addRow("同步文件夹(&F)：", row)
        form.itemAt(0, QFormLayout.ItemRole.LabelRole).widget().setBuddy(self.folder)
        form.addRow("自动同步间隔(&I)：", self.interval)
        form.itemAt(1, QFormLayout.ItemRole.LabelRole).widget().setBuddy(self.interval)
        note = QLabel(settings.option("sync.folder").help + "。退出程序时总会导出一次。")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(_buttons(self))
        self.setMinimumWidth(480)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择同步文件夹", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def accept(self) -> None:
        from pathlib import Path

        path = self.folder.text().strip()
        if path and not Path(path).is_dir():
            self.error.setText(f"文件夹 {path} 不存在（U 盘是否已插好？）")
            self.error.show()
            self.folder.setFocus()
            return
        settings.put("sync.folder", path)
        settings.put("sync.interval", self.interval.value())
        super().accept()


class SyncStatusDialog(QDialog):
    """Every stream: last package received and sent, acknowledged, pending, missing."""

    def __init__(self, data: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("同步状态")
        layout = QVBoxLayout(self)
        last = (data["last_sync"] or "从未同步").replace("T", " ")
        lines = [f"本站：{data['site']['name']}　上次同步：{last}　待发送：{data['pending']} 条"]
        if data["conflicts"]:
            lines.append(f"待处理冲突：{data['conflicts']} 条（同步 → 冲突列表）")
        if data.get("duplicate_id_numbers"):
            lines.append(f"同一身份证号出现在两个社区：{data['duplicate_id_numbers']} 个（见冲突列表）")
        lines += data["missing"]
        summary = QLabel("\n".join(lines))
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        layout.addWidget(summary)
        self.table = _table(["站点", "收到至", "收到时间", "发出至", "对方已确认", "待发送", "缺失"])
        _fill(self.table, [[p["name"], f"第 {p['last_package_received']} 号", (p["received_at"] or "").replace("T", " "),
                            f"第 {p['last_package_sent']} 号", f"第 {p['acknowledged_package']} 号", p["pending"],
                            "、".join(f"第 {n} 号" for n in p["missing"]) or "无"] for p in data["peers"]])
        layout.addWidget(self.table)
        layout.addWidget(_buttons(self, ok=None))
        self.resize(760, 320)


class ConflictsDialog(QDialog):
    """The conflict list: K keeps the current value, W swaps to the other one."""

    HEADERS = ["记录", "项目", "当前值", "当前值来自", "另一值", "另一值来自"]

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("冲突列表")
        self.note = QLabel("两处同时改了同一项：较新的修改已在各处生效，另一值列在这里。"
                           "K 保留当前值，W 改用另一值（会同步到各处）。")
        self.note.setWordWrap(True)
        self.table = _table(self.HEADERS)
        self.keep_button = QPushButton("保留当前值(&K)")
        self.swap_button = QPushButton("改用另一值(&W)")
        for button in (self.keep_button, self.swap_button):
            button.setAutoDefault(False)
        self.keep_button.clicked.connect(lambda: self._act(conflicts.keep))
        self.swap_button.clicked.connect(lambda: self._act(conflicts.swap))
        QShortcut(QKeySequence("K"), self.table, lambda: self._act(conflicts.keep))
        QShortcut(QKeySequence("W"), self.table, lambda: self._act(conflicts.swap))
        actions = QHBoxLayout()
        actions.addWidget(self.keep_button)
        actions.addWidget(self.swap_button)
        actions.addStretch(1)
        self.dupes = QLabel()
        self.dupes.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table)
        layout.addLayout(actions)
        layout.addWidget(self.dupes)
        layout.addWidget(_buttons(self, ok=None))
        self.resize(900, 420)
        self.reload()
        self.table.setFocus()

    def reload(self) -> None:
        self.items = conflicts.conflicts()
        _fill(self.table, [[f"{c['table_label']}“{c['record']}”", c["field_label"], c["current"],
                            f"{c['current_by']} {c['current_at']}", c["other"], f"{c['other_by']} {c['other_at']}"]
                           for c in self.items])
        if self.items:
            self.table.selectRow(0)
        for button in (self.keep_button, self.swap_button):
            button.setEnabled(bool(self.items))
        dupes = conflicts.duplicate_id_numbers()
        self.dupes.setText("同一身份证号出现在多个社区，请核实：\n" + "\n".join(
            f"{d['id_number']}：{'、'.join(d['communities'])}" for d in dupes) if dupes else "")

    def _act(self, action) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.items):
            return
        try:
            action(self.items[row]["id"])
        except UserError as exc:
            QMessageBox.warning(self, "冲突列表", str(exc))
        self.reload()
        self.table.selectRow(min(row, len(self.items) - 1))
