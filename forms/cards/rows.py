"""A read-only table of dict rows with a colour per row: for the short lists of the card screens."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

Role = Qt.ItemDataRole


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: list[tuple[str, str]], colour: Callable[[dict], str | None] | None = None,
                 parent=None):
        super().__init__(parent)
        self.headers = [h for h, _ in columns]
        self.keys = [k for _, k in columns]
        self.colour = colour
        self.rows: list[dict] = []

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.keys)

    def headerData(self, section, orientation, role=Role.DisplayRole):
        if role != Role.DisplayRole:
            return None
        return self.headers[section] if orientation == Qt.Orientation.Horizontal else section + 1

    def data(self, index, role=Role.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Role.DisplayRole:
            value = row.get(self.keys[index.column()])
            if isinstance(value, float):
                return f"{value:.0%}"
            return "" if value is None else str(value)
        if role == Role.ForegroundRole and self.colour is not None:
            colour = self.colour(row)
            return QColor(colour) if colour else None
        return None


def table(model: RowsModel, widths: list[int] | None = None) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setTabKeyNavigation(False)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    for i, w in enumerate(widths or []):
        view.setColumnWidth(i, w)
    return view
