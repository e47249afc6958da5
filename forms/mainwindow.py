"""The main window: the organisation tree, the households of the chosen node, one household's members."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTreeView,
    QWidget,
)

from forms.accounts import install_accounts
from forms.appraisal import add_appraisal
from forms.boards import open_boards_dialog
from forms.cards.rows import table
from forms.cards.widgets import pane
from forms.daily import add_daily
from forms.matters import add_matters
from forms.opening import switch_to
from forms.orgedit import TreeEditing
from forms.orgtree import OrgTreeModel
from forms.pages import BOARD, Pages, add_card_menu
from forms.screens import add_data_menu, add_pages
from forms.setup import install_setup
from forms.staff import SHORTCUT as STAFF_SHORTCUT
from forms.sync import install_sync
from forms.tables import HouseholdsModel, MembersModel
from forms.tasks import run_in_background
from gridapp import __version__, vocab
from gridapp.services import browse, site

TITLE = "gridapp 社区网格化管理"

# column widths as sample text: wide enough for typical content without measuring every row
HOUSEHOLD_SAMPLES = ("幸福里小区12栋 2单元 1203室", "欧阳建国", "在册人数", "党员家庭、空巢老人")
MEMBER_SAMPLES = ("欧阳建国", "与户主关系", "性别", "1990-01-01", "110101********1234",
                  "13800000000", "已迁出 2024-01-01", "经商务工", "老年人、党员")


def _table(model, samples: tuple[str, ...]) -> QTableView:
    view = table(model)
    view.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for column, sample in enumerate(samples):
        view.setColumnWidth(column, view.fontMetrics().horizontalAdvance(sample) + 24)
    return view


class MainWindow(QMainWindow):
    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.tree_model = OrgTreeModel(self)
        self.households_model = HouseholdsModel(self)
        self.members_model = MembersModel(self)

        self.tree = QTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.households = _table(self.households_model, HOUSEHOLD_SAMPLES)
        self.members = _table(self.members_model, MEMBER_SAMPLES)
        self.households_label = QLabel()
        self.members_label = QLabel()
        self.counts_label = QLabel()
        self.site_label = QLabel()

        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(pane(self.households_label, self.households))
        right.addWidget(pane(self.members_label, self.members))
        right.setStretchFactor(0, 1)
        right.setSizes([480, 220])
        tree_label = QLabel("组织结构(&Z)")
        tree_label.setBuddy(self.tree)  # Alt+Z: back to the tree from any list of the page
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(pane(tree_label, self.tree))
        main.addWidget(right)
        main.setStretchFactor(1, 1)
        main.setSizes([260, 940])
        main.setFocusProxy(self.tree)
        self.pages = Pages(main)
        self.data_pages = add_pages(self.pages)
        self.setCentralWidget(self.pages)
        self.resize(1200, 760)
        QWidget.setTabOrder(self.tree, self.households)
        QWidget.setTabOrder(self.households, self.members)

        self._build_menus()
        self.statusBar().addWidget(self.counts_label, 1)  # hidden, not lost, under menu hints
        self.sync = install_sync(self, on_changed=self.refresh)
        self.accounts = install_accounts(self, on_changed=self.refresh)
        self.setup = install_setup(self, on_changed=self.refresh)
        self.statusBar().addPermanentWidget(self.site_label)
        QShortcut(QKeySequence("F8"), self.tree, activated=self.vacancy,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self.tree_editing = TreeEditing(self)
        self.tree.selectionModel().currentChanged.connect(self._show_node)
        self.households.selectionModel().currentRowChanged.connect(self._show_household)
        self.pages.changed.connect(self._saved_here)
        self._start()
        self.pages.show_page(BOARD)  # the clerk's first screen

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        open_action = QAction("打开数据库(&O)…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self._open_other)
        settings_action = QAction("设置(&S)…", self)
        settings_action.setShortcut(QKeySequence("Ctrl+,"))
        settings_action.triggered.connect(self._settings)
        staff_action = QAction("工作人员(&W)…", self)
        staff_action.setShortcut(QKeySequence(STAFF_SHORTCUT))
        staff_action.triggered.connect(self._staff)
        quit_action = QAction("退出(&Q)", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(open_action)
        file_menu.addAction(settings_action)
        file_menu.addAction(staff_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        add_card_menu(self, self.pages)
        add_data_menu(self, self.pages, self.data_pages)
        add_appraisal(self, self.pages)
        add_matters(self, self.pages)
        add_daily(self, self.pages)
        print_menu = self.menuBar().addMenu("打印(&P)")
        for text, kind in (("楼栋信息栏(&B)…", "wall"), ("网格员公示牌(&G)…", "notice")):
            action = QAction(text, self)
            action.triggered.connect(lambda _=False, kind=kind: self._print_boards(kind))
            print_menu.addAction(action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about_action = QAction("关于(&A)", self)
        about_action.triggered.connect(self._about)
        help_menu.addAction(about_action)

    def vacancy(self) -> None:
        """F8 on a building: which of its flats are known to be empty."""
        from forms.vacancy import VacancyDialog

        node = self.tree_model.node(self.tree.currentIndex())
        if not node or node["kind"] != "building":
            self.statusBar().showMessage("请先在左侧选中一栋楼，再按 F8 标记空置房屋。", 5000)
            return
        VacancyDialog(node["id"], self).exec()

    def _settings(self) -> None:
        from forms.settingsdialog import SettingsDialog

        if SettingsDialog(self).exec():
            self.refresh()

    def _staff(self) -> None:
        """工作人员: the grid team of the community (the entry form's worker list follows on its next grid)."""
        from forms.staff import StaffDialog

        StaffDialog(self).exec()

    def _print_boards(self, kind: str) -> None:
        """The boards dialog, starting from the community, grid or building chosen in the tree."""
        open_boards_dialog(self, self.tree_model.node(self.tree.currentIndex()), kind)

    def _start(self) -> None:
        """Show the open database: title, counts, and the first community selected."""
        info = site.describe()
        self.setWindowTitle(f"{TITLE} — {info['name']}")
        self.site_label.setText(f"{info['name']}（{vocab.SITE_TYPE.get(info['site_type'], '')}）")
        index = self.tree_model.index(0, 0)
        while index.isValid() and self.tree_model.node(index)["kind"] == "street":
            self.tree_model.fetchMore(index)
            self.tree.expand(index)
            index = self.tree_model.index(0, 0, index)
        if index.isValid():
            self.tree.setCurrentIndex(index)
        else:
            self._show_node(QModelIndex())
        self.counts_label.setText("正在统计…")
        self._count()

    def _count(self) -> None:
        run_in_background(lambda progress: browse.summary(), self._show_counts, self._counts_failed)

    def _saved_here(self) -> None:
        """A card was saved (or someone moved out): the counts and the households shown follow."""
        self._count()
        self.refresh_node()

    def refresh_node(self) -> None:
        """The households of the node chosen in the tree read again (its buildings or rooms changed)."""
        self._show_node(self.tree.currentIndex())

    def _show_counts(self, counts: dict) -> None:
        self.counts_label.setText(f"{counts['communities']} 个社区 · {counts['grids']} 个网格 · "
                                  f"{counts['households']} 户 · {counts['persons']} 人")

    def _counts_failed(self, error: BaseException) -> None:
        self.counts_label.setText(f"统计失败：{error}")

    def _show_node(self, current: QModelIndex) -> None:
        node = self.tree_model.node(current)
        if node is None:
            self.households_model.show_node(None)
            self.households_label.setText("户")
        else:
            self.households_model.show_node(node["kind"], node["id"])
            self.households_label.setText(f"{node['name']}：共 {self.households_model.total} 户")
        if self.households_model.rowCount():
            self.households.setCurrentIndex(self.households_model.index(0, 0))
        else:
            self._show_household(QModelIndex())

    def _show_household(self, current: QModelIndex) -> None:
        if not current.isValid():
            self.members_model.show_household(None)
            self.members_label.setText("家庭成员")
            return
        household = self.households_model.row(current.row())
        self.members_model.show_household(household["id"])
        self.members_label.setText(f"家庭成员：{household['address']}")

    def refresh(self) -> None:
        """Everything read again: data arrived by sync, households were imported, or another database was opened."""
        self.tree_model.reload()
        self._start()
        self.pages.reload()
        self.setup.refresh()

    def _open_other(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "打开数据库", str(Path(self.path).parent),
                                              "gridapp 数据库 (*.db);;所有文件 (*)")
        if name and switch_to(Path(name), self):
            self.path = Path(name)
            self.refresh()
            self.sync.apply_settings()
            self.sync.refresh()
            self.pages.show_page(BOARD)

    def _about(self) -> None:
        QMessageBox.about(self, "关于 gridapp",
                          f"<p><b>{TITLE}</b> {__version__}</p>"
                          "<p>离线优先的社区网格化管理：组织结构、住户与人员、统计。</p>"
                          f"<p>数据库：{self.path}</p>")
