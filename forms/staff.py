"""The staff screen (文件 → 工作人员, Ctrl+Shift+W): the community's grid team — name, post, 一格三员
kind, phone (masked unless asked for, by role), grids on post A or B, task group, on post or
离岗 — with keyboard-only adding, editing, retiring and bringing back, posting to grids, the
photo for the notice board (shown beside the list) and the task group. Every change is a call
to ``gridapp.services.staffing``; a form's typing is kept as a draft when closed by Esc."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from forms.accounts.dialogs import button_row
from forms.dialogs import _AttemptDialog
from gridapp import vocab
from gridapp.errors import UserError, ValidationError
from gridapp.privacy import sees_full, shows_full
from gridapp.services import drafts, staffing, tasks
from gridapp.services.scope import grid_choices

SHORTCUT = "Ctrl+Shift+W"
COLUMNS = ("姓名", "岗位", "一格三员", "电话", "网格（A/B岗）", "任务小组", "状态", "照片")
DRAFT = "staff:"  # + the worker's id, or "new:" + the community's
NO_GRID, NO_GROUP = "（不分配）", "（无）"


def _combo(items) -> QComboBox:
    box = QComboBox()
    for text, data in items:
        box.addItem(text, data)
    return box


class WorkerDialog(_AttemptDialog):
    """A worker added or edited: name, post, 一格三员 kind, phone, a grid on post A or B (when
    added), the task group. Typing is kept as a draft until saved (Esc keeps it)."""

    def __init__(self, community, worker: dict | None = None, parent: QWidget | None = None):
        super().__init__("修改工作人员" if worker else f"添加工作人员（{community.name}）", "保存", parent)
        self.community, self.worker = community, worker
        self.key = f"{DRAFT}{worker['id']}" if worker else f"{DRAFT}new:{community.id}"
        self.name, self.phone = QLineEdit(), QLineEdit()
        self.phone.setPlaceholderText("手机号，可带空格或短横")
        self.role = _combo((v, k) for k, v in vocab.STAFF_ROLE.items())
        self.kind = _combo((v, k) for k, v in vocab.STAFF_KIND.items())
        self.group = _combo([(NO_GROUP, "")] + [(g, g) for g in tasks.group_names(community)])
        self.form.addRow("姓名(&N)：", self.name)
        self.form.addRow("岗位(&R)：", self.role)
        self.form.addRow("一格三员(&Y)：", self.kind)
        self.form.addRow("电话(&D)：", self.phone)
        self.grid = _combo([(NO_GRID, None)] + grid_choices(community.id))
        self.post = _combo((v, k) for k, v in vocab.POST.items())
        if worker is None:
            self.form.addRow("负责网格(&W)：", self.grid)
            self.form.addRow("A/B岗(&B)：", self.post)
        self.form.addRow("任务小组(&G)：", self.group)
        if worker is None:
            self._kind_follows_role()
        else:
            staff = staffing.by_id(worker["id"])
            self.name.setText(staff.name)
            self.phone.setText(staff.phone)
            self._choose(self.role, staff.role)
            self._choose(self.kind, staff.kind)
            self._choose(self.group, worker["task_group"])
        self.restore()
        for edit in (self.name, self.phone):
            edit.textChanged.connect(self.keep)
        for box in (self.role, self.kind, self.group, self.grid, self.post):
            box.currentIndexChanged.connect(self.keep)
        self.role.currentIndexChanged.connect(self._kind_follows_role)

    @staticmethod
    def _choose(box: QComboBox, data) -> None:
        index = box.findData(data)
        if index >= 0:
            box.setCurrentIndex(index)

    def _kind_follows_role(self) -> None:
        if self.worker is None:  # a new grid leader is most often a community cadre
            self._choose(self.kind, vocab.staff_kind_for(self.role.currentData()))

    def raw(self) -> dict:
        return {"name": self.name.text(), "phone": self.phone.text(), "role": self.role.currentData(),
                "kind": self.kind.currentData(), "group": self.group.currentData(), "grid": self.grid.currentText(),
                "post": self.post.currentData()}

    def keep(self, *_args) -> None:
        drafts.save(self.key, self.raw())

    def restore(self) -> None:
        data = drafts.load(self.key)
        if not data:
            return
        self.name.setText(str(data.get("name") or ""))
        self.phone.setText(str(data.get("phone") or ""))
        for box, key in ((self.role, "role"), (self.kind, "kind"), (self.group, "group"), (self.post, "post")):
            self._choose(box, data.get(key))
        index = self.grid.findText(str(data.get("grid") or ""))
        if index >= 0:
            self.grid.setCurrentIndex(index)
        self.error.setText("已恢复上次未保存的输入。")
        self.error.show()

    def attempt(self) -> None:
        staff = staffing.by_id(self.worker["id"]) if self.worker else None
        self.refused_at = ""
        try:
            self.saved = staffing.save_worker(
                self.community, staff, name=self.name.text(), role=self.role.currentData(),
                kind=self.kind.currentData(), phone=self.phone.text(),
                grid=self.grid.currentData() if staff is None else None, post=self.post.currentData(),
                task_group=self.group.currentData())
        except ValidationError as exc:
            self.refused_at = exc.where
            raise
        drafts.discard(self.key)

    def retry_field(self) -> QLineEdit:
        """Back to the field the refusal names: the phone, else the name."""
        return self.phone if getattr(self, "refused_at", "") == staffing.PHONE else self.name


class PostsDialog(QDialog):
    """A worker's grids: choose a grid, then 分配 on post A or B, or 不再负责."""

    def __init__(self, community, worker: dict, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"{worker['name']} 负责的网格")
        self.worker_id = worker["id"]
        self.grid = _combo(grid_choices(community.id))
        self.post = _combo((v, k) for k, v in vocab.POST.items())
        self.serving = QLabel()
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("网格(&W)：", self.grid)
        form.addRow("A/B岗(&B)：", self.post)
        layout = QVBoxLayout(self)
        layout.addWidget(self.serving)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addLayout(button_row(("分配(&A)", self.assign), ("不再负责(&R)", self.unassign),
                                    ("关闭(&L)", self.accept)))
        self.changed = False
        self._show()
        self.grid.setFocus()

    def _show(self) -> None:
        shown = staffing.describe_staff(staffing.by_id(self.worker_id))
        self.serving.setText("现负责：" + ("、".join(f"{g['grid']}（{g['post']}岗）" for g in shown["grids"]) or "无"))

    def _do(self, work, said: str) -> None:
        try:
            work(staffing.by_id(self.worker_id), self.grid.currentData())
        except UserError as exc:
            self.note.setStyleSheet("color: #c0392b;")
            self.note.setText(str(exc))
            return
        self.changed = True
        self.note.setStyleSheet("color: #2e7d32;")
        self.note.setText(said.format(grid=self.grid.currentText(), post=self.post.currentText()))
        self._show()

    def assign(self) -> None:
        self._do(lambda staff, grid: staffing.assign(staff, grid, self.post.currentData()), "已分配：{grid} {post}")

    def unassign(self) -> None:
        self._do(staffing.unassign, "{grid}：已不再负责")


class StaffDialog(QDialog):
    """工作人员: the list of a community's staff and what can be done with each."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("工作人员（一格三员）")
        self.communities = staffing.communities_to_edit()
        self.community = _combo((c.name, c.id) for c in self.communities)
        self.full = QCheckBox("显示完整电话(&Q)")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(COLUMNS.index("网格（A/B岗）"), QHeaderView.ResizeMode.Stretch)
        self.photo = QLabel("无照片")
        self.photo.setFixedSize(150, 200)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setStyleSheet("border: 1px solid #bbb; color: #777;")
        self.teams = QLabel()
        self.teams.setWordWrap(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        label = QLabel("社区(&M)：")
        label.setBuddy(self.community)
        top.addWidget(label)
        top.addWidget(self.community, 1)
        top.addWidget(self.full)
        self.full.setHidden(not sees_full())
        if len(self.communities) < 2:
            label.hide()
            self.community.hide()
        listed = QLabel("人员(&N)：")
        listed.setBuddy(self.table)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(listed)
        layout.addLayout(middle, 1)
        layout.addWidget(self.teams)
        layout.addWidget(self.note)
        layout.addLayout(button_row(
            ("添加(&A)…", self.add), ("修改(&E)…", self.edit), ("离岗(&R)", self.retire),
            ("回到岗位(&B)", self.bring_back), ("网格(&G)…", self.posts), ("设置照片(&I)…", self.set_photo),
            ("去掉照片(&X)", self.clear_photo), ("关闭(&L)", self.accept)))
        hint = QLabel("↑↓ 选择人员 · Enter 修改 · Alt+带下划线的字母 · Esc 关闭")
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        for keys in ("Return", "Enter"):
            QShortcut(QKeySequence(keys), self.table, activated=self.edit, context=Qt.ShortcutContext.WidgetShortcut)
        self.rows: list[dict] = []
        self.community.currentIndexChanged.connect(lambda _i: self.reload())
        self.full.toggled.connect(lambda _on: self.reload())
        self.table.currentCellChanged.connect(lambda *_a: self._show_photo())
        self.resize(980, 520)
        self.reload()
        self.table.setFocus()
        if not self.communities:
            self.note.setText("当前角色不能修改工作人员（社区主任限本社区，街道干部和管理员可修改各社区的）。")

    # -- showing -------------------------------------------------------------
    def chosen_community(self):
        index = self.community.currentIndex()
        return self.communities[index] if index >= 0 else None

    def reload(self, keep: str | None = None) -> None:
        community = self.chosen_community()
        keep = keep or (self.current() or {}).get("id")
        self.rows = staffing.listed(community, everyone=True, full=shows_full(self.full.isChecked())) \
            if community is not None else []
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            grids = "、".join(f"{g['grid']}（{g['post']}岗）" for g in r["grids"]) or "—"
            cells = (r["name"], r["role_label"], r["kind_label"], r["phone"], grids, r["task_group"] or "—",
                     "在岗" if r["active"] else "离岗", "有" if r["photo"] else "—")
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not r["active"]:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        at = next((i for i, r in enumerate(self.rows) if r["id"] == keep), 0)
        if self.rows:
            self.table.setCurrentCell(at, 0)
        self._show_teams(community)
        self._show_photo()

    def _show_teams(self, community) -> None:
        if community is None:
            self.teams.setText("")
            return
        self.teams.setText("一格三员：" + (staffing.lacking(staffing.grid_teams(community)) or "各网格均已配齐"))

    def current(self) -> dict | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _show_photo(self) -> None:
        worker = self.current()
        picture = staffing.by_id(worker["id"]).photo if worker and worker["photo"] else None
        if not picture:
            self.photo.setPixmap(QPixmap())
            self.photo.setText("无照片" if worker else "")
            return
        pixmap = QPixmap()
        pixmap.loadFromData(bytes(picture))
        self.photo.setPixmap(pixmap.scaled(self.photo.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))

    def _say(self, text: str, error: bool = False) -> None:
        self.note.setStyleSheet(f"color: {'#c0392b' if error else '#2e7d32'};")
        self.note.setText(text)

    # -- doing ---------------------------------------------------------------
    def chosen_worker(self) -> dict | None:
        """The worker chosen in the list, or None (and the user told to choose one)."""
        worker = self.current()
        if worker is None:
            self._say("请先在列表中选中一位人员。", True)
        return worker

    def _on_current(self, work, said: str) -> None:
        """``work(staff)`` on the chosen worker; the list follows; a refusal is said, not raised."""
        worker = self.chosen_worker()
        if worker is None:
            return
        try:
            work(staffing.by_id(worker["id"]))
        except UserError as exc:
            self._say(str(exc), True)
            return
        self._say(said.format(name=worker["name"]))
        self.reload(worker["id"])
        self.table.setFocus()

    def _form(self, worker: dict | None) -> None:
        """The form for a new worker (``worker`` None) or the chosen one."""
        community = self.chosen_community()
        if community is None:
            self._say("没有可以添加人员的社区。", True)
            return
        dialog = WorkerDialog(community, worker, self)
        if dialog.exec():
            self._say(f"{'已修改' if worker else '已添加'}：{dialog.saved.name}")
            self.reload(str(dialog.saved.id))
        self.table.setFocus()

    def add(self) -> None:
        self._form(None)

    def edit(self) -> None:
        worker = self.chosen_worker()
        if worker is not None:
            self._form(worker)

    def retire(self) -> None:
        self._on_current(lambda staff: staffing.edit(staff, active=False), "{name} 已离岗：负责的网格和任务小组已释放。")

    def bring_back(self) -> None:
        self._on_current(lambda staff: staffing.edit(staff, active=True), "{name} 已回到岗位：请用“网格”分配负责的网格。")

    def posts(self) -> None:
        worker = self.chosen_worker()
        if worker is None:
            return
        dialog = PostsDialog(self.chosen_community(), worker, self)
        dialog.exec()
        if dialog.changed:
            self.reload(worker["id"])
        self.table.setFocus()

    def set_photo(self) -> None:
        if self.chosen_worker() is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, "选择照片（按公示牌 3:4 裁切）", str(Path.home()),
                                              "图片 (*.jpg *.jpeg *.png *.bmp *.gif);;所有文件 (*)")
        if name:
            self._on_current(lambda staff: staffing.set_photo(staff, name), "{name} 的照片已设置（已按 3:4 裁切）。")

    def clear_photo(self) -> None:
        self._on_current(lambda staff: staffing.set_photo(staff, None), "{name} 的照片已去掉。")
