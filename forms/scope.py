"""Choosing where a screen applies: a community and a grid, as two combo boxes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox

from gridapp.models import Community, Grid
from gridapp.services.scope import Scope, grid_choices
from gridapp.sortkeys import by_name


class ScopeBoxes(QObject):
    """``community`` and ``grid`` combo boxes; ``changed`` when the choice changes."""

    changed = Signal()

    def __init__(self, parent=None, all_grids: str = "全部网格"):
        super().__init__(parent)
        self.community = QComboBox()
        self.grid = QComboBox()
        self._all_grids = all_grids
        communities = by_name(Community.live())
        if len(communities) != 1:
            self.community.addItem("全部社区", None)
        for c in communities:
            self.community.addItem(c.name, str(c.id))  # text: Qt compares Python objects by identity
        self._fill_grids()
        self.community.currentIndexChanged.connect(self._community_changed)
        self.grid.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def _fill_grids(self) -> None:
        self.grid.blockSignals(True)
        self.grid.clear()
        self.grid.addItem(self._all_grids, None)
        cid = self.community.currentData()
        if cid is not None:
            for name, g in grid_choices(cid):
                self.grid.addItem(name, str(g.id))
        self.grid.blockSignals(False)

    def _community_changed(self) -> None:
        self._fill_grids()
        self.changed.emit()

    def choose(self, community_id=None, grid_id=None) -> None:
        """Select a community (and a grid in it) without emitting ``changed`` twice."""
        self.blockSignals(True)
        if community_id is not None:
            self.community.setCurrentIndex(max(self.community.findData(str(community_id)), 0))
        if grid_id is not None:
            self.grid.setCurrentIndex(max(self.grid.findData(str(grid_id)), 0))
        self.blockSignals(False)
        self.changed.emit()

    def scope(self) -> Scope:
        cid, gid = self.community.currentData(), self.grid.currentData()
        return Scope(Community.get_by_id(cid) if cid else None, Grid.get_by_id(gid) if gid else None)
