"""The meeting table: one row per worker, one column per item, section subtotals, total,
yearly bonus points and marks. Typed like a spreadsheet: a digit starts editing, Tab moves
to the next cell that takes a score, Enter goes down to the next worker in the column
where the row was begun."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QStyledItemDelegate, QTableView

from gridapp.services.appraisal import rank_shown, ranking_order
from gridapp.services.apptemplates import NOT_APPLICABLE

Role = Qt.ItemDataRole
TYPED = ("self", "leader")  # sources typed at the meeting (deductions are typed by the leader too)
SYSTEM_BG, LOCKED_BG = QColor("#eef3fa"), QColor("#f2f2f2")


def _lines(name: str, width: int = 4) -> str:
    """A column title broken every few characters: the columns stay narrow."""
    return "\n".join(name[i:i + width] for i in range(0, len(name), width))


def columns_of(body: dict) -> list[dict]:
    """What each column shows: {"kind", "key", "title", "item"}."""
    cols = [{"kind": "rank", "title": "名次"}, {"kind": "name", "title": "网格员"}]
    for section in body["sections"]:
        for item in section["items"]:
            cols.append({"kind": "item", "key": item["key"], "item": item,
                         "title": _lines(item["name"]) + (f"\n（{item['max']:g}）" if item["max"] else "")})
    cols += [{"kind": "section", "key": s["key"], "title": f"{s['name']}\n小计"} for s in body["sections"]]
    cols.append({"kind": "total", "title": "总分"})
    cols += [{"kind": "bonus", "key": b["key"], "item": dict(b, source="bonus"),
              "title": f"{_lines(b['name'])}\n（加分）"} for b in body.get("bonus", [])]
    cols.append({"kind": "marks", "title": "星级 / 约谈"})
    return cols


def _num(value) -> str:
    return "" if value is None else f"{value:.1f}"


class MeetingModel(QAbstractTableModel):
    def __init__(self, on_edit: Callable[[dict, dict, float | None], bool], parent=None):
        super().__init__(parent)
        self.on_edit = on_edit
        self.data_: dict | None = None
        self.cols: list[dict] = []

    def show(self, data: dict | None) -> None:
        """New data: same workers and template as before → cells updated in place (the cursor stays)."""
        same = self.data_ is not None and data is not None and \
            sorted(map(str, (w["staff"] for w in self.data_["workers"]))) == \
            sorted(map(str, (w["staff"] for w in data["workers"]))) and self.data_["template"] == data["template"]
        if data is not None:  # by rank as the month opens; kept in place while scores are typed
            by_staff = {w["staff"]: w for w in data["workers"]}
            data = {**data, "workers": [by_staff[w["staff"]] for w in self.data_["workers"]] if same else
                    ranking_order(data["workers"])}
        if same:
            self.data_ = data
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self.data_ = data
        self.cols = columns_of(data["body"]) if data else []
        self.endResetModel()

    def worker(self, row: int) -> dict:
        return self.data_["workers"][row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or not self.data_ else len(self.data_["workers"])

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cols)

    def headerData(self, section, orientation, role=Role.DisplayRole):
        if role == Role.DisplayRole:
            return self.cols[section]["title"] if orientation == Qt.Orientation.Horizontal else None
        return None

    def editable(self, index: QModelIndex) -> bool:
        col = self.cols[index.column()] if index.isValid() else {}
        return col.get("kind") == "bonus" or (col.get("kind") == "item" and col["item"]["source"] in TYPED)

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if self.editable(index) else base

    def value(self, index: QModelIndex):
        w, col = self.worker(index.row()), self.cols[index.column()]
        kind = col["kind"]
        if kind == "rank":
            return rank_shown(w)  # nothing recorded: not ranked
        if kind == "name":
            return w["name"]
        if kind == "item":
            if w["empty"].get(col["key"]) == "not_applicable":
                return NOT_APPLICABLE
            return w["points"].get(col["key"])
        if kind == "section":
            return w["sections"][col["key"]]
        if kind == "total":
            return w["total"]
        if kind == "bonus":
            return w["bonus"].get(col["key"])
        return "　".join(filter(None, ("★" if w["star"] else "", "约谈" if w["talk"] else "")))

    def data(self, index, role=Role.DisplayRole):
        if not index.isValid():
            return None
        kind = self.cols[index.column()]["kind"]
        if role in (Role.DisplayRole, Role.EditRole):
            v = self.value(index)
            return _num(v) if isinstance(v, float) or v is None else str(v)
        if role == Role.TextAlignmentRole and kind not in ("name", "marks"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Role.BackgroundRole:
            if kind == "item" and self.cols[index.column()]["item"]["source"] == "system":
                return QBrush(SYSTEM_BG)
            if self.data_["locked"] and self.editable(index):
                return QBrush(LOCKED_BG)
        if role == Role.ForegroundRole and kind == "marks" and self.worker(index.row())["talk"]:
            return QBrush(QColor("#b00020"))
        if role == Role.ForegroundRole and self.value(index) == NOT_APPLICABLE:
            return QBrush(QColor("#777777"))
        if role == Role.ToolTipRole and kind == "item":
            return self.worker(index.row())["evidence"].get(self.cols[index.column()]["key"])
        return None

    def setData(self, index, value, role=Role.EditRole):
        if role != Role.EditRole or not self.editable(index):
            return False
        text = str(value).strip().replace("－", "-")
        try:
            points = float(text) if text else None
        except ValueError:
            return False
        if points == self.value(index):
            return False
        return self.on_edit(self.worker(index.row()), self.cols[index.column()], points)


class _Delegate(QStyledItemDelegate):
    """Notes an Enter in the editor: the editor closes later (queued) without saying why."""

    def eventFilter(self, editor, event):
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.parent().entered = True
        return super().eventFilter(editor, event)


class MeetingView(QTableView):
    """Spreadsheet keys: Tab / Shift+Tab to the next or previous cell that takes a score,
    Enter down to the next worker (in the column where Tab started)."""

    def __init__(self, model: MeetingModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setItemDelegate(_Delegate(self))
        self.entered = False
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self._row_start: int | None = None
        self.horizontalHeader().setDefaultSectionSize(self.fontMetrics().horizontalAdvance("两日录入") + 14)
        model.modelReset.connect(self._widths)

    def _widths(self) -> None:
        narrow = self.fontMetrics().horizontalAdvance("名次") + 16
        for n, col in enumerate(self.model().cols):
            if col["kind"] == "rank":
                self.setColumnWidth(n, narrow)
            elif col["kind"] in ("name", "marks"):
                self.setColumnWidth(n, self.fontMetrics().horizontalAdvance("欧阳建国国") + 16)

    def _editable_after(self, index: QModelIndex, step: int) -> QModelIndex:
        m = self.model()
        cols, rows = m.columnCount(), m.rowCount()
        n = index.row() * cols + index.column()
        for k in range(n + step, n + step * rows * cols, step):
            if not 0 <= k < rows * cols:
                break
            candidate = m.index(k // cols, k % cols)
            if m.editable(candidate):
                return candidate
        return index

    def moveCursor(self, action, modifiers):
        current = self.currentIndex()
        if action in (QAbstractItemView.CursorAction.MoveNext, QAbstractItemView.CursorAction.MovePrevious) \
                and current.isValid():
            if self._row_start is None:
                self._row_start = current.column()
            return self._editable_after(current, 1 if action == QAbstractItemView.CursorAction.MoveNext else -1)
        return super().moveCursor(action, modifiers)

    def _down(self) -> None:
        current = self.currentIndex()
        column = self._row_start if self._row_start is not None else current.column()
        self._row_start = None
        if current.row() + 1 < self.model().rowCount():
            self.setCurrentIndex(self.model().index(current.row() + 1, column))

    def closeEditor(self, editor, hint):
        super().closeEditor(editor, hint)
        if self.entered or hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self.entered = False
            self._down()

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.state() != self.State.EditingState:
            self._down()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.model().editable(self.currentIndex()):
            self.model().setData(self.currentIndex(), "")
            return
        super().keyPressEvent(event)
