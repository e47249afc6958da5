"""The dialogs that add and edit buildings and rooms (opened from the 住户 tree, forms/orgedit.py).

Each keeps what is typed as a draft until it is saved: closed with Esc, it comes back the next
time the same dialog is opened. Enter saves; a refusal is shown in red above the buttons and the
dialog stays open.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.cards.rows import RowsModel, table
from forms.cards.widgets import ERROR_STYLE, OK_STYLE
from gridapp.errors import UserError
from gridapp.models import Building, Grid, House
from gridapp.services import browse, buildings, drafts, vacancy

DRAFT = "orgedit:"
RESTORED = "已恢复上次未保存的输入（Esc 关闭时保留）。"


class DraftDialog(QDialog):
    """A form of line edits whose text is kept under ``key`` until saved (``save`` does the work)."""

    def __init__(self, title: str, key: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.key = DRAFT + key
        self.edits: dict[str, QLineEdit] = {}
        self.form = QFormLayout()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存 (Enter)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消 (Esc)")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def field(self, key: str, label: str, value="", placeholder: str = "") -> QLineEdit:
        edit = QLineEdit("" if value is None else str(value))
        edit.setPlaceholderText(placeholder)
        self.edits[key] = edit
        self.form.addRow(label, edit)
        return edit

    def values(self) -> dict:
        return {k: e.text() for k, e in self.edits.items()}

    def restore(self, data: dict) -> None:
        for key, edit in self.edits.items():
            if key in data:
                edit.setText(str(data[key]))

    def start(self) -> None:
        """Bring back a draft kept earlier, then keep every change; the cursor in the first field."""
        data = drafts.load(self.key)
        if data:
            self.restore(data)
            self.error.setStyleSheet(OK_STYLE)
            self.error.setText(RESTORED)
        for edit in self.edits.values():
            edit.textEdited.connect(self.keep)
        first = next(iter(self.edits.values()))
        first.selectAll()
        first.setFocus()

    def keep(self, *_args) -> None:
        drafts.save(self.key, self.values())

    def save(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.save()
        except UserError as exc:
            self.error.setStyleSheet(ERROR_STYLE)
            self.error.setText(f"未保存：{exc}")
            return
        drafts.discard(self.key)
        super().accept()


class BuildingDialog(DraftDialog):
    """A new building in ``grid_id`` or, with ``building_id``, one edited (it may move to another
    grid of its community). ``saved`` is the building's id and its grid's after saving."""

    def __init__(self, grid_id=None, building_id=None, parent: QWidget | None = None):
        self.building = Building.get_by_id(building_id) if building_id else None
        grid = self.building.grid if self.building is not None else Grid.get_by_id(grid_id)
        self.grid = grid
        title = f"修改楼栋 — {self.building.name}" if self.building else f"新建楼栋 — {grid.name}"
        super().__init__(title, f"building:{building_id.hex}" if building_id else f"new-building:{grid.id.hex}",
                         parent)
        b = self.building
        self.field("name", "楼栋名称(&N)", b.name if b else "", "如 3栋（只写 3 即为 3栋）")
        self.field("address", "地址(&D)", b.address if b else "", "如 爱和路1号")
        self.grids = QComboBox()
        for g in browse.grids(grid.community_id):
            self.grids.addItem(g["name"], g["id"])
        self.grids.setCurrentIndex(max(0, self.grids.findData(grid.id)))
        if b is not None:
            self.form.addRow("所在网格(&G)", self.grids)
            self.grids.currentIndexChanged.connect(self.keep)
        self.field("floors", "层数(&L)", b.floors if b else 6)
        self.field("units", "单元数(&Y)", b.units if b else 1)
        self.field("rooms_per_floor", "每层户数(&R)", b.rooms_per_floor if b else 2, "每个单元每层几户")
        self.note.setText("房屋按 层数 × 单元数 × 每层户数 生成，如 3 层第 2 户为 302。" + (
            "减少层数、单元或户数会删去多出的空房屋；有住户登记的房屋不能删去。" if b else ""))
        self.saved: tuple | None = None
        self.start()

    def values(self) -> dict:
        return {**super().values(), "grid": self.grids.currentData().hex}

    def restore(self, data: dict) -> None:
        super().restore(data)
        index = next((i for i in range(self.grids.count()) if self.grids.itemData(i).hex == data.get("grid")), -1)
        if index >= 0:
            self.grids.setCurrentIndex(index)

    def save(self) -> None:
        v = super().values()
        if self.building is None:
            made = buildings.add_building(self.grid, v["name"], v["address"], v["floors"], v["units"],
                                          v["rooms_per_floor"])
        else:
            made = buildings.edit_building(self.building, name=v["name"], address=v["address"],
                                           grid=Grid.get_by_id(self.grids.currentData()), floors=v["floors"],
                                           units=v["units"], rooms_per_floor=v["rooms_per_floor"])
        building = Building.get_by_id(made["id"])
        self.saved = (building.id, building.grid_id)


class RoomDialog(DraftDialog):
    """One room added to a building (a 门面, a 地下室, a door number), or renamed."""

    def __init__(self, building_id=None, house_id=None, parent: QWidget | None = None):
        self.house = House.get_by_id(house_id) if house_id else None
        self.building = self.house.building if self.house is not None else Building.get_by_id(building_id)
        h = self.house
        title = f"房屋改名 — {self.building.name} {h.unit}单元{h.room}" if h else f"新增房屋 — {self.building.name}"
        super().__init__(title, f"room:{house_id.hex}" if house_id else f"new-room:{self.building.id.hex}", parent)
        self.field("room", "房号(&N)", h.room if h else "", "如 门面1、地下室、1205")
        if h is None:
            self.field("unit", "单元(&Y)", 1)
        self.field("floor", "楼层(&L)", h.floor if h else "", "不填：按房号（1205 在 12 层），其他 1 层；地下为 -1")
        self.saved = None
        self.start()

    def save(self) -> None:
        v = super().values()
        if self.house is None:
            self.saved = buildings.add_room(self.building, v["room"], v["unit"], v["floor"]).id
        else:
            self.saved = buildings.edit_room(self.house, v["room"], v["floor"]).id


COLUMNS = [("单元", "unit"), ("楼层", "floor"), ("房号", "room"), ("情况", "state")]


class RoomsDialog(QDialog):
    """A building's flats and rooms by unit and floor: Insert adds a room, F2 renames the chosen one,
    Delete (pressed twice) removes it when nobody is registered there, Space marks it vacant or not."""

    def __init__(self, building_id, parent: QWidget | None = None):
        super().__init__(parent)
        self.building = Building.get_by_id(building_id)
        self.setWindowTitle(f"房屋 — {self.building.name}")
        self.model = RowsModel(COLUMNS, lambda r: "#777777" if r["vacant"] else None)
        self.view = table(self.model, [60, 60, 110])
        self.status = QLabel()
        self.status.setWordWrap(True)
        label = QLabel("房屋列表(&M)：Insert 新增，F2 改名，Delete 删除（按两次），空格 标为空置或取消")
        label.setBuddy(self.view)
        label.setWordWrap(True)
        row = QHBoxLayout()
        for text, slot, key in (("新增(&A)…", self.add, "Ins"), ("改名(&E)…", self.rename, "F2"),
                                ("删除(&D)", self.remove, "Del"), ("空置(&V)", self.toggle_vacant, "Space")):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            row.addWidget(button)
            QShortcut(QKeySequence(key), self.view, activated=slot, context=Qt.ShortcutContext.WidgetShortcut)
        row.addStretch(1)
        close = QPushButton("关闭 (Esc)")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.view)
        layout.addWidget(self.status)
        layout.addLayout(row)
        self.resize(460, 520)
        self.changed = False
        self._armed = None  # the room a first Delete asked about
        self.load()
        self.view.setFocus()

    def load(self, select=None) -> None:
        rows = [{**buildings.room_dict(r), "id": r.id,
                 "state": "空置" if r.vacant else (f"{r.households} 户居住" if r.households else "")}
                for r in buildings.rooms(self.building)]
        before = self.view.currentIndex().row()
        self.model.set_rows(rows)
        at = next((i for i, r in enumerate(rows) if r["id"] == select), min(max(before, 0), len(rows) - 1))
        if rows:
            self.view.setCurrentIndex(self.model.index(at, 0))

    def current(self) -> dict | None:
        index = self.view.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.status.setText(text)

    def _done(self, house_id, text: str) -> None:
        self.changed = True
        self.load(house_id)
        self._say(text)
        self.view.setFocus()

    def add(self) -> None:
        dialog = RoomDialog(self.building.id, parent=self)
        if dialog.exec() and dialog.saved is not None:
            house = House.get_by_id(dialog.saved)
            self._done(house.id, f"已新增 {house.unit}单元{house.room}。")

    def rename(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = RoomDialog(house_id=row["id"], parent=self)
        if dialog.exec() and dialog.saved is not None:
            house = House.get_by_id(dialog.saved)
            self._done(house.id, f"{row['label']} 已改为 {house.unit}单元{house.room}。")

    def remove(self) -> None:
        row = self.current()
        if row is None:
            return
        if self._armed != row["id"]:
            self._armed = row["id"]
            self._say(f"再按一次 Delete 删除 {row['label']}（有住户登记的不能删除）。")
            return
        self._armed = None
        try:
            buildings.remove_room(House.get_by_id(row["id"]))
        except UserError as exc:
            self._say(str(exc), error=True)
            return
        self._done(None, f"已删除 {row['label']}。")

    def toggle_vacant(self) -> None:
        row = self.current()
        if row is None:
            return
        try:
            vacancy.set_vacant([row["id"]], not row["vacant"], self.building.name)
        except UserError as exc:
            self._say(str(exc), error=True)
            return
        self._done(row["id"], f"{row['label']} {'取消空置' if row['vacant'] else '已标为空置'}。")
