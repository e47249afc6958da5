"""Table models behind the main window: households of a tree node (paged) and one household's members."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QPalette

from gridapp.services import browse
from gridapp.store.catalogue import labels

Index = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
PAGE = 200  # households read at a time: several screens, about 20 ms on a street database


class _Table(QAbstractTableModel):
    """Rows as dicts; ``HEADERS`` names the columns on screen, ``KEYS`` the dict keys."""

    HEADERS: tuple[str, ...] = ()
    KEYS: tuple[str, ...] = ()

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[dict] = []

    def row(self, row: int) -> dict:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole):
        # Not super().headerData(): PySide6 6.12 on Python 3.11 drops a reference to None each
        # time an empty QVariant comes back from C++ into Python, and the header asks often.
        if role != Role.DisplayRole:
            return None
        return self.HEADERS[section] if orientation == Qt.Orientation.Horizontal else section + 1

    def data(self, index: Index, role: int = Role.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Role.DisplayRole:
            return self.text(row, self.KEYS[index.column()])
        return self.extra(row, index.column(), role)

    def text(self, row: dict, key: str) -> str:
        value = row[key]
        if isinstance(value, list):
            return "、".join(value)
        return "" if value is None else str(value)

    def extra(self, row: dict, column: int, role: int):
        return None


class HouseholdsModel(_Table):
    """Present households under one tree node in address order, read a page at a time."""

    HEADERS = ("地址", "户主", "在册人数", "类别")
    KEYS = ("address", "head", "members", "categories")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._node: tuple[str, object] | None = None
        self.total = 0

    def show_node(self, kind: str | None, node_id=None) -> None:
        """Show the households under a node (``kind`` None: none at all)."""
        self.beginResetModel()
        self._node = (kind, node_id) if kind else None
        self.total = browse.household_total(kind, node_id) if kind else 0
        self._rows = browse.household_page(kind, node_id, 0, PAGE) if self.total else []
        self.endResetModel()

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self.total

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent) or self._node is None:
            return
        page = browse.household_page(*self._node, len(self._rows), PAGE)
        if not page:
            self.total = len(self._rows)  # someone else removed households meanwhile
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def extra(self, row: dict, column: int, role: int):
        if role == Role.TextAlignmentRole and self.KEYS[column] == "members":
            return RIGHT
        return None


class MembersModel(_Table):
    """One household's people, head first; departed members greyed and marked 已迁出."""

    KEYS = ("name", "relation", "gender", "birth_date", "id_number", "phone", "status",
            "inflow_reason", "categories")
    HEADERS = tuple(labels("person", *KEYS).values())

    def show_household(self, household_id=None) -> None:
        self.beginResetModel()
        self._rows = browse.members(household_id) if household_id is not None else []
        self.endResetModel()

    def text(self, row: dict, key: str) -> str:
        if key == "status" and row["departed_on"]:
            return f"已迁出 {row['departed_on']}"
        return super().text(row, key)

    def extra(self, row: dict, column: int, role: int):
        if not row["departed_on"]:
            return None
        if role == Role.ForegroundRole:
            return QGuiApplication.palette().brush(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Role.ToolTipRole and row["departed_to"]:
            return f"已迁往 {row['departed_to']}"
        return None
