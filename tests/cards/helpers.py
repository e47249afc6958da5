"""Cards for tests: a grid of the community demo, its worker, and card data."""

from __future__ import annotations

import datetime as dt

from gridapp import idnumber
from gridapp.models import Grid, Staff, StaffGrid


def grid_and_worker(name: str = "第三网格") -> tuple[Grid, Staff]:
    grid = Grid.get(Grid.name == name)
    worker = (Staff.select().join(StaffGrid).where(StaffGrid.grid == grid, StaffGrid.post == "A",
                                                    Staff.role == "grid_worker").get())
    return grid, worker


def new_id(birth: dt.date, seq: int, region: str = "340123") -> str:
    return idnumber.make(region, birth, seq)


def card(card_no: str, worker: Staff, room: str = "9901", members=None, collected_on="2026-11-20", **extra) -> dict:
    members = members if members is not None else [
        {"name": "测试户主", "id_number": new_id(dt.date(1970, 3, 4), 11), "relation": "户主",
         "phone": "13912345678", "status": "resident"},
        {"name": "测试配偶", "id_number": new_id(dt.date(1972, 5, 6), 22), "relation": "配偶",
         "phone": "", "status": "resident"},
        {"name": "测试之子", "id_number": new_id(dt.date(2000, 7, 8), 33), "relation": "子",
         "status": "registered_only"},
    ]
    data = {"card_no": card_no, "community": "爱和社区", "grid": "第三网格", "collected_by": worker.name,
            "collected_on": collected_on, "address": {"building": "新建测试楼1栋", "unit": 1, "room": room, "new": True},
            "household": {"categories": [], "extra": {"area": 90}}, "members": members}
    data.update(extra)
    return data


def changed(data: dict, path: str, value) -> dict:
    """A copy of ``data`` with one field replaced: ``members.0.name``, ``address``, ``staff.1.post`` …"""
    import copy

    data = copy.deepcopy(data)
    *keys, last = path.split(".")
    node = data
    for key in keys:
        node = node[int(key)] if key.isdigit() else node[key]
    node[int(last) if last.isdigit() else last] = value
    return data


def show_active(qtbot, widget) -> None:
    """Show a window and wait until it is the active one, so keyboard focus and shortcuts work."""
    from PySide6.QtWidgets import QApplication

    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=3000)
