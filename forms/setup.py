"""Setting up a new office: while it has no grids, a strip above the pages offers to bring in
the street's structure (the org file, or the enrolment file the street office gives) or to make
grids and buildings by hand; the 文件 menu offers the same at any time."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from forms.dialogs import _AttemptDialog, enrolment_rows
from gridapp.errors import UserError
from gridapp.models import Community
from gridapp.services import grids, reenrol, site
from gridapp.services.org import import_org_file

IMPORT_KEYS, GRID_KEYS = "Ctrl+Shift+O", "Ctrl+Shift+G"
BUILDINGS_HINT = ("每行一栋：名称、层数、单元数、每层户数、地址，如\n"
                  "  1栋 6层 2单元 2户 爱和路1号\n"
                  "  3-8栋 18层 1单元 4户   （3栋到8栋）\n"
                  "层、单元、户不写时为 1。房屋按单元、楼层、户自动生成（3 层第 2 户为 302）。")


class NewGridDialog(_AttemptDialog):
    """A grid (named after the next number, e.g. 第三网格) and its buildings. It stays open for
    the next grid; ``made`` lists what was created."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("新建网格和楼栋", "创建", parent)
        self.buttons.button(self.buttons.StandardButton.Cancel).setText("关闭")
        self.made: list[dict] = []
        self.community = QComboBox()
        for c in Community.live().order_by(Community.name):
            self.community.addItem(c.name, c.id)
        self.name, self.number = QLineEdit(), QSpinBox()
        self.number.setRange(1, 999)
        self.buildings = QPlainTextEdit()
        self.buildings.setTabChangesFocus(True)
        self.buildings.setPlaceholderText("1栋 6层 2单元 2户")
        self.buildings.setMinimumHeight(110)
        hint = QLabel(BUILDINGS_HINT + "\nCtrl+Enter 创建；创建后可接着新建下一个网格。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        if self.community.count() > 1:
            self.form.addRow("社区(&M)：", self.community)
        else:
            self.community.hide()
        self.form.addRow("网格名称(&N)：", self.name)
        self.form.addRow("网格编号(&B)：", self.number)
        self.form.addRow("楼栋(&L)：", self.buildings)
        self.form.addRow(hint)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)
        self.community.currentIndexChanged.connect(self._suggest)
        self._retry: QWidget = self.name
        self._suggest()

    def _chosen(self) -> Community:
        return Community.get_by_id(self.community.currentData())

    def _suggest(self) -> None:
        """The next grid's number and name, the name selected so typing replaces it."""
        if self.community.currentData() is None:
            return
        number, name = grids.next_grid_name(self._chosen())
        self.name.setText(name)
        self.number.setValue(number)
        self.buildings.clear()
        self.name.selectAll()

    def attempt(self) -> None:
        self._retry = self.buildings
        buildings = grids.parse_buildings(self.buildings.toPlainText())
        self._retry = self.name
        if self.community.currentData() is None:
            raise UserError("数据库中还没有社区：请先导入组织结构。")
        self.made.append(grids.add_grid(self._chosen(), self.name.text(), buildings, self.number.value()))

    def accept(self) -> None:
        """Create, say so, and offer the next grid (Esc or 关闭 ends)."""
        before = len(self.made)
        self._create()
        if len(self.made) > before:
            m = self.made[-1]
            self.error.setStyleSheet("color: #2e7d32;")
            self.error.setText(f"已新建{m['grid']}（编号 {m['number']}）：{len(m['buildings'])} 栋楼，"
                               f"{m['houses']} 套房屋。可接着新建下一个网格，或按 Esc 关闭。")
            self.error.show()
            self._suggest()
            self.name.setFocus()

    def _create(self) -> None:
        try:
            self.attempt()
        except UserError as exc:
            self.error.setStyleSheet("color: #c0392b;")
            self.show_error(str(exc), self.retry_field())

    def show_error(self, message: str, focus) -> None:
        self.error.setText(message)
        self.error.show()
        if isinstance(focus, QLineEdit):
            focus.selectAll()
        focus.setFocus()

    def retry_field(self):
        return self._retry


class RebuildDialog(_AttemptDialog):
    """用登记文件重建数据库: the enrolment file and its code."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("用登记文件重建数据库", "重建", parent)
        note = QLabel("用街道办给的登记文件重建本数据库：现有内容（组织结构、设置）全部换成登记文件中的，"
                      "办公室口令和用户帐户不变。只在还没有录入住户、人员和登记卡时可以重建。")
        note.setWordWrap(True)
        self.form.addRow(note)
        self.file, self.code = enrolment_rows(self.form, self)
        self.result_row: dict = {}
        self._retry = self.file

    def attempt(self) -> None:
        self._retry = self.file
        if not self.file.text().strip():
            raise UserError("请选择登记文件。")
        self._retry = self.code
        self.result_row = reenrol.rebuild(self.file.text().strip(), self.code.text())

    def retry_field(self):
        return self._retry


class SetUp:
    """The strip and the 文件 menu's set-up actions of the main window."""

    def __init__(self, window: QMainWindow, on_changed):
        self.window = window
        self.on_changed = on_changed
        self.strip = QFrame()
        self.strip.setObjectName("setupStrip")
        self.strip.setStyleSheet("#setupStrip { background: #fff8e1; border: 1px solid #f0c36d; border-radius: 4px; }")
        title = QLabel("<b>还没有网格。</b>请先建立组织结构（网格、楼栋、房屋），然后才能接收和录入登记卡：")
        title.setWordWrap(True)
        detail = QLabel("组织结构文件（.json）由街道办提供；登记文件由街道办为社区生成，登记码另行告知。"
                        "都没有时，可以在这里直接新建网格和楼栋，以后再导入。")
        detail.setWordWrap(True)
        self.import_button = QPushButton(f"导入组织结构文件(&I)…  {IMPORT_KEYS}")
        self.rebuild_button = QPushButton("用登记文件重建数据库(&R)…")
        self.grid_button = QPushButton(f"新建网格和楼栋(&G)…  {GRID_KEYS}")
        buttons = QHBoxLayout()
        for button, slot in ((self.import_button, self.import_org), (self.rebuild_button, self.rebuild),
                             (self.grid_button, self.new_grid)):
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.strip)
        layout.addWidget(title)
        layout.addWidget(detail)
        layout.addLayout(buttons)
        self._wrap_central()
        self.actions = self._add_menu_actions()
        self.refresh()

    def _wrap_central(self) -> None:
        """The strip above whatever the window shows."""
        pages = self.window.takeCentralWidget()
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.strip)
        layout.addWidget(pages, 1)
        box.setFocusProxy(pages)
        self.window.setCentralWidget(box)

    def _add_menu_actions(self) -> dict[str, QAction]:
        menu = next(a.menu() for a in self.window.menuBar().actions() if a.text().startswith("文件"))
        first = menu.actions()[1] if len(menu.actions()) > 1 else None  # after 打开数据库
        actions = {}
        for key, text, keys, slot in (("import", "导入组织结构文件(&I)…", IMPORT_KEYS, self.import_org),
                                      ("rebuild", "用登记文件重建数据库(&R)…", "", self.rebuild),
                                      ("grid", "新建网格和楼栋(&G)…", GRID_KEYS, self.new_grid)):
            action = QAction(text, self.window)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            menu.insertAction(first, action)
            actions[key] = action
        menu.insertSeparator(first)
        return actions

    def refresh(self) -> None:
        """The strip while there are no grids; 重建 while the database may be rebuilt."""
        allowed = reenrol.refusal() is None
        self.rebuild_button.setVisible(allowed)
        self.actions["rebuild"].setEnabled(allowed)
        self.strip.setVisible(site.is_empty())

    def import_org(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self.window, "导入组织结构文件", str(Path.home()),
                                              "组织结构文件 (*.json);;所有文件 (*)")
        if not name:
            return
        try:
            result = import_org_file(name)
        except UserError as exc:
            QMessageBox.warning(self.window, "组织结构文件有误", str(exc))
            return
        made = "，".join(f"{LABELS.get(k, k)} {v}" for k, v in result.created.items()) or "无"
        changed = "，".join(f"{LABELS.get(k, k)} {v}" for k, v in result.updated.items()) or "无"
        self.on_changed()
        self.window.statusBar().showMessage(f"已导入组织结构。新建：{made}；更新：{changed}", 15000)

    def new_grid(self) -> None:
        dialog = NewGridDialog(self.window)
        dialog.exec()
        if dialog.made:
            self.on_changed()
            self.window.statusBar().showMessage(
                "已新建：" + "、".join(m["grid"] for m in dialog.made), 15000)

    def rebuild(self) -> None:
        why = reenrol.refusal()
        if why:
            QMessageBox.information(self.window, "不能重建", why)
            return
        dialog = RebuildDialog(self.window)
        if dialog.exec():
            self.on_changed()
            sync = getattr(self.window, "sync", None)
            if sync is not None:  # the street office is now this office's peer
                sync.apply_settings()
                sync.refresh()
            self.window.statusBar().showMessage(f"已用登记文件重建：{dialog.result_row['name']}", 15000)


LABELS = {"streets": "街道", "communities": "社区", "grid_groups": "网格大组", "grids": "网格", "buildings": "楼栋",
          "houses": "房屋", "staff": "工作人员", "assignments": "岗位"}


def install_setup(window: QMainWindow, on_changed) -> SetUp:
    return SetUp(window, on_changed)
