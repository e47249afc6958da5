"""Buildings and rooms added and edited in the 住户 tree by keyboard only, checked in the database."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from forms.orgdialogs import BuildingDialog, RoomDialog, RoomsDialog
from forms.pages import ENTRY
from gridapp.models import Building, Grid, House
from tests.gui.test_dialogs import type_chinese
from tests.gui.test_mnemonics import shown_keys, twice

MENUS = set("FCTKJOPSUH")


def to_first_grid(window, qtbot):
    """From the first community (selected at start) down to its first grid."""
    for _ in range(2):
        qtbot.keyClick(window.tree, Qt.Key.Key_Right)
    assert window.tree_model.node(window.tree.currentIndex())["kind"] == "grid"
    return Grid.get_by_id(window.tree_model.node(window.tree.currentIndex())["id"])


def focused(qtbot, dialog):
    """The widget of ``dialog`` that has the cursor, once the dialog has it."""
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and dialog.isAncestorOf(QApplication.focusWidget()),
                    timeout=3000)
    return QApplication.focusWidget()


def put(qtbot, dialog, text: str) -> None:
    """Type into the field with the cursor: ASCII as keys, Chinese as the input method commits it."""
    if text.isascii():
        qtbot.keyClicks(focused(qtbot, dialog), text)
    else:
        type_chinese(focused(qtbot, dialog), text)


def type_fields(qtbot, dialog, *texts):
    """Type each text into the field that has the cursor, Tab to the next (not after the last)."""
    for n, text in enumerate(texts):
        if n:
            qtbot.keyClick(focused(qtbot, dialog), Qt.Key.Key_Tab)
        put(qtbot, dialog, text)


def back_in_tree(window, qtbot) -> None:
    """A dialog closed: the main window active again (offscreen, Qt does not do it), the cursor in the tree."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.tree, timeout=3000)


def no_clash(dialog) -> None:
    keys = shown_keys(dialog)
    assert twice(keys) == {} and not {k for k, _ in keys} & MENUS, keys


def test_a_building_and_a_room_added_by_keyboard(street_window, qtbot, when_shown, qtmodeltester):
    window = street_window
    grid = to_first_grid(window, qtbot)

    def add_building(dialog):
        no_clash(dialog)
        type_fields(qtbot, dialog, "３", "和平路5号", "4", "2", "3")
        qtbot.keyClick(focused(qtbot, dialog), Qt.Key.Key_Return)
    when_shown(BuildingDialog, add_building)
    qtbot.keyClick(window.tree, Qt.Key.Key_Insert)
    b = Building.get(Building.grid == grid, Building.name == "3栋")
    assert (b.address, b.floors, b.units, b.rooms_per_floor) == ("和平路5号", 4, 2, 3)
    assert House.live().where(House.building == b).count() == 24
    assert window.tree_model.node(window.tree.currentIndex())["name"] == "3栋"  # the tree shows and selects it
    qtmodeltester.check(window.tree_model)  # read again, the tree is still a sound Qt model

    def add_room(dialog):
        no_clash(dialog)
        type_fields(qtbot, dialog, "门面1", "1", "1")
        qtbot.keyClick(focused(qtbot, dialog), Qt.Key.Key_Return)

    def rooms(dialog):
        no_clash(dialog)
        assert focused(qtbot, dialog) is dialog.view
        assert dialog.model.rowCount() == 24
        when_shown(RoomDialog, add_room)
        qtbot.keyClick(dialog.view, Qt.Key.Key_Insert)
        assert "已新增 1单元门面1" in dialog.status.text()
        dialog.activateWindow()  # offscreen, Qt does not give the window back by itself
        assert focused(qtbot, dialog) is dialog.view
        qtbot.keyClick(dialog.view, Qt.Key.Key_Space)  # the new room, chosen: vacant
        qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    when_shown(RoomsDialog, rooms)
    back_in_tree(window, qtbot)
    qtbot.keyClick(window.tree, Qt.Key.Key_F7)
    shop = House.get(House.building == b, House.room == "门面1", House.deleted == False)  # noqa: E712
    assert (shop.unit, shop.floor, shop.vacant) == (1, 1, True)

    window.pages.show_page(ENTRY)
    entry = window.pages.entry
    assert entry.current_grid().id == grid.id
    assert "3栋" in entry.building.completer().model().stringList()


def test_a_building_edited_keeps_its_draft_on_esc_and_refuses_a_shrink_over_households(street_window, qtbot,
                                                                                         when_shown):
    window = street_window
    node = to_first_building(window, qtbot)  # 3 floors, 2 units, 2 a floor
    assert node["name"] == "1栋"

    def leave(dialog):
        no_clash(dialog)
        put(qtbot, dialog, "和平一栋")
        qtbot.keyClick(focused(qtbot, dialog), Qt.Key.Key_Escape)
    when_shown(BuildingDialog, leave)
    qtbot.keyClick(window.tree, Qt.Key.Key_F2)
    assert Building.get_by_id(node["id"]).name == "1栋"

    def come_back(dialog):
        assert dialog.edits["name"].text() == "和平一栋" and "已恢复" in dialog.error.text()
        type_fields(qtbot, dialog, "和平一栋", "", "", "1")  # to one floor: families live upstairs
        qtbot.keyClick(focused(qtbot, dialog), Qt.Key.Key_Return)
        assert "有住户登记" in dialog.error.text() and dialog.isVisible()
        assert focused(qtbot, dialog) is dialog.edits["floors"]
        qtbot.keyClick(focused(qtbot, dialog), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(focused(qtbot, dialog), "3")
        qtbot.keyClick(focused(qtbot, dialog), Qt.Key.Key_Return)
    when_shown(BuildingDialog, come_back)
    back_in_tree(window, qtbot)
    qtbot.keyClick(window.tree, Qt.Key.Key_F2)
    b = Building.get_by_id(node["id"])
    assert (b.name, b.floors) == ("和平一栋", 3)
    assert window.tree_model.node(window.tree.currentIndex())["name"] == "和平一栋"


def test_the_dialogs_drawn(street_window, qtbot, tmp_path):
    """Rendered offscreen, to look at (the files stay in the test's folder)."""
    window = street_window
    grid = to_first_grid(window, qtbot)
    b = Building.get(Building.grid == grid, Building.name == "1栋")
    for name, dialog in (("building", BuildingDialog(building_id=b.id, parent=window)),
                         ("rooms", RoomsDialog(b.id, window)), ("room", RoomDialog(b.id, parent=window))):
        dialog.show()
        qtbot.waitExposed(dialog)
        assert dialog.grab().save(str(tmp_path / f"{name}.png"))
        dialog.reject()


def to_first_building(window, qtbot) -> dict:
    to_first_grid(window, qtbot)
    qtbot.keyClick(window.tree, Qt.Key.Key_Right)
    qtbot.keyClick(window.tree, Qt.Key.Key_Down)  # 1栋: families in 1单元101, 102 and 201
    return window.tree_model.node(window.tree.currentIndex())


def test_rooms_are_renamed_and_removed_only_when_empty(street_window, qtbot, when_shown):
    window = street_window
    node = to_first_building(window, qtbot)

    def rename(dialog):
        type_fields(qtbot, dialog, "202A")
        qtbot.keyClick(focused(qtbot, dialog), Qt.Key.Key_Return)

    def rooms(dialog):
        assert focused(qtbot, dialog) is dialog.view
        for _ in range(2):
            qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)  # 1单元101: a family lives there
        assert "有住户登记" in dialog.status.text()
        for _ in range(3):
            qtbot.keyClick(dialog.view, Qt.Key.Key_Down)
        assert dialog.current()["label"] == "1单元202"
        when_shown(RoomDialog, rename)
        qtbot.keyClick(dialog.view, Qt.Key.Key_F2)
        assert "已改为 1单元202A" in dialog.status.text()
        dialog.activateWindow()
        assert focused(qtbot, dialog) is dialog.view
        qtbot.keyClick(dialog.view, Qt.Key.Key_Down)  # 1单元301
        qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
        assert "再按一次 Delete 删除 1单元301" in dialog.status.text()
        qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
        assert "已删除 1单元301" in dialog.status.text()
        qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    when_shown(RoomsDialog, rooms)
    qtbot.keyClick(window.tree, Qt.Key.Key_F7)
    live = {h.room for h in House.live().where(House.building == node["id"], House.unit == 1)}
    assert live == {"101", "102", "201", "202A", "302"}


@pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")
def test_the_context_menu_offers_the_same_by_keyboard(street_window, qtbot, when_shown):
    window = street_window
    to_first_building(window, qtbot)
    texts = [a.text() for a in window.tree_editing.actions()]
    assert texts == ["新建楼栋(&N)…\tIns", "修改楼栋(&E)…\tF2", "房屋(&R)…\tF7", "空置房屋(&V)…\tF8"]

    def add(dialog):
        type_fields(qtbot, dialog, "9", "", "2", "1", "1")
        qtbot.keyClick(focused(qtbot, dialog), Qt.Key.Key_Return)

    def choose(menu):
        when_shown(BuildingDialog, add)
        qtbot.keyClick(menu, Qt.Key.Key_Return)  # the first action, 新建楼栋, is chosen
    when_shown(QMenu, choose)
    qtbot.keyClick(window.tree, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    b = Building.get(Building.name == "9栋")
    assert House.live().where(House.building == b).count() == 2
