"""A ledger as a Qt table model that stays fast at street scale (135k rows).

Filtering and sorting happen in SQL (``ledgerquery.keys``, off the GUI thread); the
model holds the row keys in order and reads rows a page at a time as the view scrolls
(``canFetchMore``/``fetchMore``). No proxy model sorts Python data.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from forms.tasks import run_in_background
from gridapp import privacy
from gridapp.services import ledgerquery as lq

Index = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class LedgerModel(QAbstractTableModel):
    loaded = Signal(int)  # the rows a new query found
    failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.query: lq.Query | None = None
        self.keys: list[int] = []
        self._rows: list[list[str]] = []
        self._numeric: set[int] = set()
        self._asked = 0  # the latest query asked for; older answers are dropped
        self.loading = False
        self.full = False  # ID numbers and phones in full: asked for (gridapp.privacy.shows_full)

    # the query
    def ask(self, query: lq.Query) -> None:
        """Find the rows of ``query`` in the background; the table changes when they are known."""
        self._asked += 1
        asked = self._asked
        self.loading = True
        run_in_background(lambda progress: lq.keys(query),
                          lambda keys: self._found(asked, query, keys),
                          lambda exc: self._failed(asked, exc))

    def _found(self, asked: int, query: lq.Query, keys: list[int]) -> None:
        if asked != self._asked:
            return
        self.beginResetModel()
        self.query, self.keys, self._rows = query, keys, []
        self._numeric = {i for i, c in enumerate(query.ledger.columns) if c.kind == "int"}
        self.endResetModel()
        self.loading = False
        self.fetchMore(QModelIndex())
        self.loaded.emit(len(keys))

    def _failed(self, asked: int, exc: BaseException) -> None:
        if asked == self._asked:
            self.loading = False
            self.failed.emit(str(exc))

    def resort(self, key: str | None, descending: bool) -> None:
        if self.query is not None:
            self.ask(dataclasses.replace(self.query, sort=((key, descending),) if key else ()))

    # lazy rows
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self._rows) < len(self.keys)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if not self.canFetchMore(parent) or self.query is None:
            return
        start = len(self._rows)
        chunk = self.keys[start:start + lq.PAGE]
        found = lq.rows_by_key(self.query, chunk, mask=not privacy.shows_full(self.full))
        if len(found) < len(chunk):  # rows removed since the keys were read
            self.keys[start:start + lq.PAGE] = [k for k in chunk if k in found]
            if not found:
                return
        page = [found[k] for k in chunk if k in found]
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend([lq.display(v) for v in r] for r in page)
        self.endInsertRows()

    def fetched(self) -> int:
        return len(self._rows)

    def row(self, i: int) -> list[str]:
        return self._rows[i]

    # the table
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() or self.query is None else len(self.query.ledger.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Role.DisplayRole):
        if role != Role.DisplayRole or self.query is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.query.ledger.columns[section].header
        return section + 1

    def data(self, index: Index, role: int = Role.DisplayRole):
        if not index.isValid():
            return None
        if role == Role.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Role.TextAlignmentRole and index.column() in self._numeric:
            return RIGHT
        return None
