"""空置房屋 (F8 on a building in the 住户 tree): the building's flats, each ticked when it is known
to be empty. Arrow keys move, Space ticks or unticks, Enter saves; a flat where a household
lives cannot be ticked. Statistics count 空置 from these marks alone."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QMessageBox, QVBoxLayout

from gridapp.errors import UserError
from gridapp.models import Building
from gridapp.services import vacancy

Check = Qt.CheckState


class VacancyDialog(QDialog):
    def __init__(self, building_id, parent=None):
        super().__init__(parent)
        self.building = Building.get_by_id(building_id)
        self.setWindowTitle(f"空置房屋 — {self.building.name}")
        self.flats = vacancy.flats(self.building)
        self.list = QListWidget()
        for flat in self.flats:
            lived = f"（{flat.households} 户居住）" if flat.households else ""
            item = QListWidgetItem(f"{flat.label}{lived}")
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
            if not flat.households or flat.vacant:  # where someone lives it cannot be ticked
                flags |= Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)
            item.setCheckState(Check.Checked if flat.vacant else Check.Unchecked)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("勾选确知无人居住的房屋（空格键勾选，回车保存）。没有登记卡的房屋不算空置，只是“未登记”。"))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.list.setCurrentRow(0)
        self.list.setFocus()

    def ticked(self) -> list:
        return [f.id for n, f in enumerate(self.flats) if self.list.item(n).checkState() == Check.Checked]

    def accept(self) -> None:
        try:
            vacancy.mark_exactly(self.building, self.ticked())
        except UserError as exc:
            QMessageBox.warning(self, "空置房屋", str(exc))
            return
        super().accept()
