"""The 事项 page: lists of matters (open, mine, overdue, awaiting call-back, all) filtered by
grid, business line, state and kind, paged from SQL; the chosen matter's timeline with the
keys of its next steps (A 分派, P 办理, D 办理完毕, V 回访, C 办结, R 上报); its photos (Alt+I, Enter to
view one). Overdue in red."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from forms.cards.rows import RowsModel, table
from forms.ledgers.screen import buddy
from gridapp.errors import UserError
from gridapp.models import Grid, Matter
from gridapp.services import matterlist, matters
from gridapp.services.matterinput import KINDS, known_lines
from gridapp.services.scope import resolve

PAGE = 200
RED = "#c00000"
COLUMNS = [("编号", "number"), ("类型", "kind"), ("网格", "grid"), ("地点", "place"), ("业务口", "line"),
           ("状态", "state"), ("承诺办结", "promised_on"), ("逾期", "late"), ("内容", "description")]
VIEW_ORDER = ("open", "mine", "overdue", "check", "all")
KEYS = {"assign": "A", "progress": "P", "done": "D", "check": "V", "close": "C", "refer": "R"}


class PagedModel(RowsModel):
    """Rows fetched a page at a time as the view scrolls."""

    def __init__(self, parent=None):
        super().__init__(COLUMNS, lambda r: RED if r["overdue"] else None, parent)
        self.filter: matterlist.Filter | None = None
        self.total = 0

    def load(self, f: matterlist.Filter) -> None:
        self.filter = f
        self.total = matterlist.count(f)
        self.set_rows(self._page(0))

    def _page(self, offset: int) -> list[dict]:
        rows = matterlist.page(self.filter, offset, PAGE)
        for r in rows:
            r["late"] = f"{r['days_late']} 天" if r["overdue"] else ""
            r["description"] = r["description"].replace("\n", " ")
        return rows

    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and self.filter is not None and len(self.rows) < self.total

    def fetchMore(self, parent=QModelIndex()) -> None:
        more = self._page(len(self.rows))
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows += more
            self.endInsertRows()


def _combo(items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    for text, data in items:
        box.addItem(text, data)
    return box


class MattersScreen(QWidget):
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.community = resolve().community
        self.view_box = _combo([(matterlist.VIEWS[v], v) for v in VIEW_ORDER])
        grids = Grid.live().order_by(Grid.community, Grid.number)
        if self.community is not None:
            grids = grids.where(Grid.community == self.community)
        self.grid_box = _combo([("全部网格", None)] + [(g.name, g.id) for g in grids])
        self.line_box = _combo([("全部业务口", "")] + [(x, x) for x in known_lines(self.community)])
        self.state_box = _combo([("全部状态", "")] + [(v, k) for k, v in matters.STATES.items()])
        self.kind_box = _combo([("全部类型", "")] + [(v, k) for k, v in KINDS.items()])
        self.model = PagedModel(self)
        self.view = table(self.model, [90, 70, 80, 140, 80, 80, 90, 60])
        self.timeline = QTextBrowser()
        self.timeline.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.photo_list = QListWidget()
        self.photo_list.setMaximumHeight(90)
        self.photo_list.activated.connect(lambda index: self.view_photo(index.row()))
        self.count = QLabel()

        top = QHBoxLayout()
        for text, box in (("列表(&L)", self.view_box), ("网格(&G)", self.grid_box), ("业务口(&B)", self.line_box),
                          ("状态(&Z)", self.state_box), ("类型(&X)", self.kind_box)):
            top.addWidget(buddy(text, box))
            top.addWidget(box)
            box.currentIndexChanged.connect(self.refresh)
        top.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        side = QWidget()
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.timeline, 1)
        column.addWidget(buddy("照片(&I)（Enter 查看）", self.photo_list))
        column.addWidget(self.photo_list)
        split.addWidget(side)
        split.setSizes([700, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.count)
        for box in (self.view_box, self.grid_box, self.line_box, self.state_box):
            QWidget.setTabOrder(box, self.grid_box if box is self.view_box else self.line_box
                                if box is self.grid_box else self.state_box if box is self.line_box else self.kind_box)
        QWidget.setTabOrder(self.kind_box, self.view)
        QWidget.setTabOrder(self.view, self.photo_list)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_current())
        for action, key in KEYS.items():
            QShortcut(QKeySequence(key), self.view, activated=lambda action=action: self.step(action),
                      context=Qt.ShortcutContext.WidgetShortcut)
        self.setFocusProxy(self.view)
        self.refresh()

    def current_filter(self) -> matterlist.Filter:
        return matterlist.Filter(view=self.view_box.currentData(), community=self.community,
                                 grid=self.grid_box.currentData(), line=self.line_box.currentData(),
                                 state=self.state_box.currentData(), kind=self.kind_box.currentData())

    def refresh(self, select: str | None = None) -> None:
        """Read the list again, keeping the matter chosen (``select``: a matter's id or number)."""
        keep = select or self.current_id()
        self.model.load(self.current_filter())
        row = next((i for i, r in enumerate(self.model.rows) if keep in (r["id"], r["number"])), 0)
        if self.model.rows:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self.show_current()
        overdue = sum(1 for r in self.model.rows if r["overdue"])
        self.count.setText(f"共 {self.model.total} 个事项" + (f"，本页逾期 {overdue} 个（红色）" if overdue else "")
                           + "。Ctrl+Shift+E 登记新事项；选中事项后按下一步的键办理。")

    def _current(self, key: str) -> str | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()][key] if index.isValid() and self.model.rows else None

    def current_number(self) -> str | None:
        return self._current("number")

    def current_id(self) -> str | None:
        return self._current("id")

    def show_current(self) -> None:
        matter_id = self.current_id()
        self.photo_list.clear()
        if matter_id is None:
            self.timeline.setHtml("<p>没有事项。</p>")
            return
        data = matterlist.detail(Matter.get_by_id(matter_id))
        e = html.escape
        colour = f' style="color:{RED}"' if data["overdue"] else ""
        lines = [f"<h3>事项 {e(data['number'])}　{e(data['kind'])}（{e(data['urgency'])}）</h3>",
                 f"<p>{e(data['grid'])} {e(data['place'])}　{e(data['contact_name'])} {e(data['contact_phone'])}</p>",
                 f"<p>{e(data['description'])}</p>",
                 f"<p{colour}>状态：{e(data['state'])}　业务口：{e(data['line'] or '未定')}　"
                 f"承诺 {data['promised_on']} 前办结" + (f"，逾期 {data['days_late']} 天" if data["overdue"] else "")
                 + "</p>", "<ol>"]
        for s in data["steps"]:
            extra = " ".join(x for x in (s["line"], s["assignee"], s["note"],
                                         {True: "满意", False: "不满意"}.get(s["satisfied"], "")) if x)
            where = "（街道）" if s["where"] == "street" else ""
            lines.append(f"<li>{s['at']:%Y-%m-%d %H:%M} <b>{e(s['label'])}</b>{where} {e(s['user'])}：{e(extra)}</li>")
        lines.append("</ol>")
        if data["photos"]:
            lines.append(f"<p>照片 {len(data['photos'])} 张：Alt+I 选择，Enter 查看</p>")
        self.photo_list.addItems([f"{p['name']}（{max(1, p['bytes'] // 1024)} KB）" for p in data["photos"]])
        if data["photos"]:
            self.photo_list.setCurrentRow(0)
        if data["next"]:
            lines.append("<p>下一步：" + "　".join(f"<b>{KEYS[a]}</b> {matters.STEPS[a]}" for a in data["next"]) + "</p>")
        self.timeline.setHtml("".join(lines))

    def view_photo(self, row: int) -> None:
        """The ``row``-th photo of the chosen matter, scaled in a dialog (if this user sees the matter)."""
        from forms.matters.photo import PhotoDialog

        matter_id = self.current_id()
        if matter_id is None or row < 0:
            return
        matter = Matter.get_by_id(matter_id)
        try:
            shots = matters.photo_files(matter)
        except UserError as exc:
            self.count.setText(str(exc))
            return
        if shots:
            PhotoDialog(matter.number, shots, min(row, len(shots) - 1), self).exec()
        self.window().activateWindow()
        self.photo_list.setFocus()

    def step(self, action: str) -> None:
        from forms.matters.step import StepDialog

        number, matter_id = self.current_number(), self.current_id()
        if matter_id is None:
            return
        matter = Matter.get_by_id(matter_id)
        if action not in matters.next_steps(matter):
            self.count.setText(f"事项 {number} 当前为“{matters.STATES[matter.state]}”，不能{matters.STEPS[action]}。")
            return
        if StepDialog(matter, action, self).exec():
            self.refresh(select=matter_id)
            if self.current_id() != matter_id:
                self.count.setText(f"事项 {number} 已{matters.STEPS[action]}，现为“{matters.STATES[matter.state]}”，"
                                   "不在当前列表中（列表选“全部”可见）。")
            self.changed.emit()
        self.window().activateWindow()
        self.view.setFocus()
