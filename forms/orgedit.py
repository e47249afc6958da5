"""Buildings and rooms edited in the 住户 tree, keyboard first: Insert on a grid (or on one of its
buildings) adds a building, F2 on a building edits it, F7 lists its rooms (add, rename, remove,
mark vacant), F8 its vacant flats; the context menu (the Menu key or Shift+F10) offers the same.
The tree reads the changed grid again and selects the building."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu

from forms.orgdialogs import BuildingDialog, RoomsDialog
from gridapp.store import roles

NO_RIGHT = "当前角色不能增改楼栋和房屋（网格长、社区主任、街道干部、管理员可以）。"


class TreeEditing:
    def __init__(self, window):
        self.window = window
        self.tree = window.tree
        self.model = window.tree_model
        for key, slot in (("Ins", self.add_building), ("F2", self.edit_building), ("F7", self.rooms),
                          ("Shift+F10", self.menu_here)):
            QShortcut(QKeySequence(key), self.tree, activated=slot, context=Qt.ShortcutContext.WidgetShortcut)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self.menu)
        self.tree.setToolTip("Insert：在网格中新建楼栋　F2：修改楼栋　F7：楼栋的房屋　F8：空置房屋　"
                             "菜单键或 Shift+F10：以上操作")

    def _node(self) -> dict | None:
        return self.model.node(self.tree.currentIndex())

    def _tell(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 6000)

    def _allowed(self) -> bool:
        if not roles.allowed("buildings.edit"):
            self._tell(NO_RIGHT)
            return False
        return True

    def _building(self) -> dict | None:
        node = self._node()
        if not node or node["kind"] != "building":
            self._tell("请先在左侧选中一栋楼。")
            return None
        return node

    def actions(self) -> list[QAction]:
        """What can be done on the selected node, as menu actions."""
        node = self._node()
        kind = node["kind"] if node else None
        wanted = []
        if kind in ("grid", "building"):
            wanted.append(("新建楼栋(&N)…", "Ins", self.add_building))
        if kind == "building":
            wanted += [("修改楼栋(&E)…", "F2", self.edit_building), ("房屋(&R)…", "F7", self.rooms),
                       ("空置房屋(&V)…", "F8", self.window.vacancy)]
        found = []
        for text, key, slot in wanted:
            action = QAction(f"{text}\t{key}", self.tree)
            action.triggered.connect(slot)
            found.append(action)
        return found

    def menu(self, at: QPoint) -> None:
        actions = self.actions()
        if not actions:
            self._tell("选中网格或楼栋后可新建、修改楼栋。")
            return
        menu = QMenu(self.tree)
        menu.addActions(actions)
        menu.setActiveAction(actions[0])
        menu.exec(self.tree.viewport().mapToGlobal(at))

    def menu_here(self) -> None:
        self.menu(self.tree.visualRect(self.tree.currentIndex()).center())

    def add_building(self) -> None:
        node = self._node()
        if not node or node["kind"] not in ("grid", "building"):
            self._tell("请先在左侧选中一个网格，再按 Insert 新建楼栋。")
            return
        if not self._allowed():
            return
        grid_id = node["id"] if node["kind"] == "grid" else node["parent"]
        dialog = BuildingDialog(grid_id=grid_id, parent=self.window)
        if dialog.exec() and dialog.saved:
            self.show_building(*dialog.saved, grid_id)
            self._tell("已新建楼栋：按 F7 可查看、增删它的房屋。")

    def edit_building(self) -> None:
        node = self._building()
        if node is None or not self._allowed():
            return
        dialog = BuildingDialog(building_id=node["id"], parent=self.window)
        if dialog.exec() and dialog.saved:
            self.show_building(*dialog.saved, node["parent"])

    def rooms(self) -> None:
        node = self._building()
        if node is None or not self._allowed():
            return
        dialog = RoomsDialog(node["id"], self.window)
        dialog.exec()
        if dialog.changed:
            self.window.refresh_node()

    def show_building(self, building_id, grid_id, old_grid_id) -> None:
        """The grids the building left and joined read again; the building selected."""
        for gid in dict.fromkeys((old_grid_id, grid_id)):
            index = self.model.find("grid", gid)
            if index.isValid():
                self.model.refresh(index)
        grid = self.model.find("grid", grid_id)
        if grid.isValid():
            self.tree.expand(grid)
        index = self.model.find("building", building_id)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        self.window.refresh_node()
        self.tree.setFocus()
