"""The main window driven from the keyboard, checked against the database."""

import gc
import sys
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from forms import tables
from gridapp.models import Building, Community, Grid, House, Household, Person


def present_households(*where):
    """Household ids under a place, straight from the models (not through the browse service)."""
    q = (Household.select(Household.id).join(House).join(Building).join(Grid).join(Community)
         .where(Household.deleted == False, Household.departed_on.is_null(), *where))  # noqa: E712
    return {h.id for h in q}


def shown_households(window, qtbot):
    """Every household the table lists: Tab into it, Ctrl+End until no more pages come, Shift+Tab back."""
    model = window.households_model
    qtbot.keyClick(window.tree, Qt.Key.Key_Tab)
    rows = -1
    while rows != model.rowCount():
        rows = model.rowCount()
        qtbot.keyClick(window.households, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window.households, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert window.focusWidget() is window.tree
    return {model.row(r)["id"] for r in range(model.rowCount())}


def current_text(window):
    return window.tree.currentIndex().data()


def first_community():
    return Community.select().where(Community.deleted == False).order_by(Community.name).first()  # noqa: E712


def test_the_households_page_opens_on_the_first_community_with_focus_in_the_tree(window):
    community = first_community()
    expected = present_households(Community.id == community.id)
    assert window.focusWidget() is window.tree
    assert current_text(window) == community.name
    assert f"共 {len(expected)} 户" in window.households_label.text()
    assert window.households_model.rowCount() == min(len(expected), tables.PAGE)
    assert window.members_model.rowCount() > 0


def test_arrow_keys_walk_to_a_grid_and_its_buildings(window, qtbot):
    community = first_community()
    grids = list(Grid.select().where(Grid.community == community, Grid.deleted == False)  # noqa: E712
                 .order_by(Grid.number, Grid.name))
    qtbot.keyClick(window.tree, Qt.Key.Key_Right)  # expand the community
    qtbot.keyClick(window.tree, Qt.Key.Key_Right)  # to its first grid
    assert current_text(window) == grids[0].name
    expected = present_households(Grid.id == grids[0].id)
    assert f"共 {len(expected)} 户" in window.households_label.text()
    assert shown_households(window, qtbot) == expected

    buildings = list(Building.select().where(Building.grid == grids[0], Building.deleted == False)  # noqa: E712
                     .order_by(Building.name))
    qtbot.keyClick(window.tree, Qt.Key.Key_Right)
    qtbot.keyClick(window.tree, Qt.Key.Key_Right)
    assert current_text(window) == buildings[0].name
    assert shown_households(window, qtbot) == present_households(Building.id == buildings[0].id)
    qtbot.keyClick(window.tree, Qt.Key.Key_Down)
    assert current_text(window) == buildings[1].name
    assert shown_households(window, qtbot) == present_households(Building.id == buildings[1].id)

    qtbot.keyClick(window.tree, Qt.Key.Key_Left)  # up to the grid
    qtbot.keyClick(window.tree, Qt.Key.Key_Left)  # collapse it
    qtbot.keyClick(window.tree, Qt.Key.Key_Down)  # the next grid
    if len(grids) > 1:
        assert current_text(window) == grids[1].name
        assert shown_households(window, qtbot) == present_households(Grid.id == grids[1].id)


def test_tab_moves_focus_tree_households_members(window, qtbot):
    qtbot.keyClick(window.tree, Qt.Key.Key_Tab)
    assert window.focusWidget() is window.households
    qtbot.keyClick(window.households, Qt.Key.Key_Tab)
    assert window.focusWidget() is window.members
    qtbot.keyClick(window.members, Qt.Key.Key_Tab)
    assert window.focusWidget() is window.household_matters_view  # the household's matters (事项)
    qtbot.keyClick(window.household_matters_view, Qt.Key.Key_Tab)
    assert window.focusWidget() is window.tree


def test_alt_z_takes_the_cursor_back_to_the_tree(window, qtbot):
    window.members.setFocus()
    qtbot.waitUntil(lambda: window.focusWidget() is window.members, timeout=3000)
    qtbot.keyClick(window.members, Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.focusWidget() is window.tree, timeout=3000)


def test_members_follow_the_current_household(window, qtbot):
    qtbot.keyClick(window.tree, Qt.Key.Key_Tab)
    for row in range(3):
        household_id = window.households_model.row(row)["id"]
        assert window.households.currentIndex().row() == row
        people = Person.select().where(Person.household == household_id, Person.deleted == False)  # noqa: E712
        shown = {window.members_model.index(r, 0).data() for r in range(window.members_model.rowCount())}
        assert shown == {p.name for p in people}
        assert window.households_model.row(row)["address"] in window.members_label.text()
        qtbot.keyClick(window.households, Qt.Key.Key_Down)


def test_departed_members_are_greyed_and_marked(window, qtbot):
    household_id = window.households_model.row(0)["id"]
    Person.create(household=household_id, name="张小明", relation="子", status="resident",
                  departed_on=date(2023, 9, 1), departed_to="北京市海淀区")
    qtbot.keyClick(window.tree, Qt.Key.Key_Tab)
    qtbot.keyClick(window.households, Qt.Key.Key_Down)
    qtbot.keyClick(window.households, Qt.Key.Key_Up)  # back to the first household: read again
    model = window.members_model
    assert model.index(model.rowCount() - 1, 0).data() == "张小明"  # departed members come last
    status = model.index(model.rowCount() - 1, model.HEADERS.index("居住状态"))
    assert status.data() == "已迁出 2023-09-01"
    grey = window.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
    assert status.data(Qt.ItemDataRole.ForegroundRole).color() == grey
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is None


def test_a_street_opens_with_its_first_community(street_window, qtbot):
    w = street_window
    community = first_community()
    assert w.windowTitle() == "gridapp 社区网格化管理 — 滨江街道"
    assert w.tree.isExpanded(w.tree.currentIndex().parent())
    assert current_text(w) == community.name
    expected = present_households(Community.id == community.id)
    assert f"共 {len(expected)} 户" in w.households_label.text()
    assert shown_households(w, qtbot) == expected
    assert "钱多多" not in {w.households_model.row(r)["head"] for r in range(w.households_model.rowCount())}
    qtbot.keyClick(w.tree, Qt.Key.Key_Up)  # the street itself: every household of the street
    assert current_text(w) == "滨江街道"
    assert shown_households(w, qtbot) == present_households()
    assert w.site_label.text() == "滨江街道（街道）"
    qtbot.waitUntil(lambda: w.counts_label.text() == "2 个社区 · 2 个网格 · 6 户 · 6 人")


def test_households_are_read_a_page_at_a_time(window, qtbot, monkeypatch):
    community = first_community()
    expected = present_households(Community.id == community.id)
    monkeypatch.setattr(tables, "PAGE", len(expected) // 3 + 1)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Left):  # to a grid and back: read afresh
        qtbot.keyClick(window.tree, key)
    assert current_text(window) == community.name
    assert window.households_model.rowCount() == tables.PAGE
    assert f"共 {len(expected)} 户" in window.households_label.text()
    qtbot.keyClick(window.tree, Qt.Key.Key_Tab)
    for pages in (2, 3):  # Ctrl+End goes to the last row read so far; the next page follows
        qtbot.keyClick(window.households, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
        assert window.households_model.rowCount() == min(pages * tables.PAGE, len(expected))
    model = window.households_model
    assert {model.row(r)["id"] for r in range(model.rowCount())} == expected


def test_drawing_the_window_keeps_python_sound(window, qtbot):
    """PySide6 on Python 3.11 loses a reference to None for each empty QVariant handed back to
    Python (e.g. by ``super().headerData``), some 200 per paint; the process aborts in minutes."""
    qtbot.waitUntil(lambda: window.counts_label.text() != "正在统计…")
    gc.collect()
    before = sys.getrefcount(None)
    for _ in range(20):
        window.grab()
    assert sys.getrefcount(None) > before - 500


def test_f8_on_a_building_marks_its_empty_flats_vacant(window, qtbot, when_shown):
    from forms.vacancy import VacancyDialog
    from gridapp.services import vacancy

    qtbot.keyClick(window.tree, Qt.Key.Key_F8)  # on the community: says what to do
    assert "选中一栋楼" in window.statusBar().currentMessage()
    for _ in range(4):  # the community's first grid, then its first building
        qtbot.keyClick(window.tree, Qt.Key.Key_Right)
    building = Building.get_by_id(window.tree_model.node(window.tree.currentIndex())["id"])
    flats = vacancy.flats(building)
    empty = next(n for n, f in enumerate(flats) if not f.households)
    lived_in = next(n for n, f in enumerate(flats) if f.households)

    def tick(dialog):
        for n in range(max(empty, lived_in) + 1):
            if n in (empty, lived_in):
                qtbot.keyClick(dialog.list, Qt.Key.Key_Space)  # the flat where people live cannot be ticked
            qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    when_shown(VacancyDialog, tick)
    qtbot.keyClick(window.tree, Qt.Key.Key_F8)
    marked = {h.id for h in House.live().where(House.building == building, House.vacant == True)}  # noqa: E712
    assert flats[empty].id in marked and flats[lived_in].id not in marked
