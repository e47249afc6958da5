"""The organisation tree (street → community → grid → building), loaded one level at a time.

A node's children are queried when the view first expands it (``canFetchMore``/``fetchMore``),
so a street with thousands of buildings opens as fast as a single community.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from gridapp.services import browse

Index = QModelIndex | QPersistentModelIndex

LEAF_KIND = "building"


class _Node:
    __slots__ = ("kind", "id", "name", "tip", "parent", "row", "children")

    def __init__(self, kind: str | None, node_id=None, name: str = "", tip: str = "",
                 parent: "_Node | None" = None, row: int = 0):
        self.kind = kind
        self.id = node_id
        self.name = name
        self.tip = tip
        self.parent = parent
        self.row = row
        self.children: list[_Node] | None = [] if kind == LEAF_KIND else None

    def load(self) -> list["_Node"]:
        return [_Node(r["kind"], r["id"], r["name"], r.get("address", ""), self, i)
                for i, r in enumerate(browse.children(self.kind, self.id))]


class OrgTreeModel(QAbstractItemModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._root = _Node(None)
        self._root.children = self._root.load()

    def reload(self) -> None:
        """Forget every loaded level and read the top level again (another database was opened)."""
        self.beginResetModel()
        self._root = _Node(None)
        self._root.children = self._root.load()
        self.endResetModel()

    def node(self, index: Index) -> dict | None:
        """The node at ``index`` as kind, id and name; None for the invisible root."""
        if not index.isValid():
            return None
        n = self._node(index)
        return {"kind": n.kind, "id": n.id, "name": n.name, "parent": n.parent.id if n.parent else None}

    def find(self, kind: str, node_id) -> QModelIndex:
        """The index of a loaded node (an invalid index when it is not loaded)."""
        pending = list(self._root.children or [])
        while pending:
            n = pending.pop()
            if n.kind == kind and n.id == node_id:
                return self.createIndex(n.row, 0, n)
            pending += n.children or []
        return QModelIndex()

    def refresh(self, parent: Index) -> None:
        """Read a node's children again (a building was added, renamed or moved); a node not
        yet expanded reads them when it is."""
        node = self._node(parent)
        if node.children is None or node.kind == LEAF_KIND:
            return
        if node.children:
            self.beginRemoveRows(parent, 0, len(node.children) - 1)
            node.children = []
            self.endRemoveRows()
        children = node.load()
        if children:
            self.beginInsertRows(parent, 0, len(children) - 1)
            node.children = children
            self.endInsertRows()

    def _node(self, index: Index) -> _Node:
        return index.internalPointer() if index.isValid() else self._root

    # --- QAbstractItemModel ------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        children = self._node(parent).children or []
        if column != 0 or not 0 <= row < len(children):
            return QModelIndex()
        return self.createIndex(row, 0, children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        up = self._node(index).parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.column() > 0:
            return 0
        return len(self._node(parent).children or [])

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        if parent.column() > 0:
            return False
        children = self._node(parent).children
        return children is None or len(children) > 0

    def canFetchMore(self, parent: Index) -> bool:
        return parent.column() <= 0 and self._node(parent).children is None

    def fetchMore(self, parent: Index) -> None:
        node = self._node(parent)
        if node.children is not None:
            return
        children = node.load()
        if not children:
            node.children = []
            return
        self.beginInsertRows(parent, 0, len(children) - 1)
        node.children = children
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self._node(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return node.name
        if role == Qt.ItemDataRole.ToolTipRole and node.tip:
            return node.tip
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
