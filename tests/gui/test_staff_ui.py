"""The staff screen, by keyboard only: a worker added with their 一格三员 kind, a grid on post B and
a task group, another retired and brought back, a typed form kept when closed by Esc, a photo
chosen from a file that ends on the notice board PDF; reached from the 文件 menu."""

import io

import pytest
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from forms.staff import PostsDialog, StaffDialog, WorkerDialog
from gridapp.models import Staff, StaffGrid, TaskGroup
from gridapp.services import boards, tasks
from reports.noticeboard import build_noticeboards
from tests import boards_data
from tests.gui.test_dialogs import type_chinese

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def screen(qtbot, street_db):
    made = boards_data.build()
    tasks.set_group(made["community"], "第一小组", "吴组长", ["孙网格"])
    d = StaffDialog()
    qtbot.addWidget(d)
    with qtbot.waitActive(d):
        d.show()
    return d


def alt(qtbot, widget, key, done=lambda: True) -> None:
    """Alt+key: a button's mnemonic clicks it a moment later (Qt animates the click)."""
    if QApplication.activeWindow() is not widget.window():  # offscreen, a closed dialog hands nothing back
        widget.window().activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window(), timeout=3000)
    qtbot.keyClick(widget, key, ALT)
    qtbot.waitUntil(lambda: bool(done()), timeout=3000)
    qtbot.wait(200)


@pytest.fixture
def on_dialog(when_shown, qtbot):
    """``when_shown``, the dialog closed afterwards whatever ``handle`` did (a failed check
    inside a modal dialog must not leave it open)."""
    def arrange(kind, handle):
        def safely(dialog):
            try:
                qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
                handle(dialog)
            finally:
                if dialog.isVisible():
                    dialog.reject()
        when_shown(kind, safely)
    return arrange


def names(screen) -> list[str]:
    return [screen.table.item(i, 0).text() for i in range(screen.table.rowCount())]


def choose_row(qtbot, screen, name: str) -> None:
    qtbot.keyClick(screen.table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(screen.table.rowCount()):
        if screen.current()["name"] == name:
            return
        qtbot.keyClick(screen.table, Qt.Key.Key_Down)
    assert screen.current()["name"] == name


def test_add_a_worker_with_kind_grid_and_group_and_retire_another_by_keyboard(qtbot, screen, on_dialog):
    assert sorted(names(screen)) == ["吴组长", "周备岗", "孙网格"] and screen.table.hasFocus()
    assert screen.teams.text() == ("一格三员：缺社区专职干部：第一网格、第二网格；缺居民小组长：第一网格、第二网格；"
                                   "缺专职网格员：第二网格")
    assert screen.table.item(0, 3).text().count("*") == 4  # phones masked unless asked for

    def fill(form: WorkerDialog):
        type_chinese(form.name, "钱新人")
        qtbot.keyClick(form.name, Qt.Key.Key_Tab)  # 岗位: 网格员
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        qtbot.keyClick(form.kind, Qt.Key.Key_Up)  # 专职网格员 → 居民小组长
        qtbot.keyClick(form.kind, Qt.Key.Key_Tab)
        type_chinese(form.phone, "139－0000－2222")  # as an input method types it
        qtbot.keyClick(form.phone, Qt.Key.Key_Tab)
        qtbot.keyClick(form.grid, Qt.Key.Key_Down)  # 第一网格
        qtbot.keyClick(form.grid, Qt.Key.Key_Tab)
        qtbot.keyClick(form.post, Qt.Key.Key_Down)  # B岗
        qtbot.keyClick(form.post, Qt.Key.Key_G, ALT)
        qtbot.keyClick(form.group, Qt.Key.Key_Down)  # 第一小组
        qtbot.keyClick(form.name, Qt.Key.Key_Return)

    on_dialog(WorkerDialog, fill)
    alt(qtbot, screen.table, Qt.Key.Key_A, lambda: Staff.select().where(Staff.name == "钱新人").exists())
    new = Staff.get(Staff.name == "钱新人")
    assert (new.kind, new.role, new.phone, new.active) == ("group_leader", "grid_worker", "13900002222", True)
    assert [(a.grid.name, a.post) for a in StaffGrid.live().where(StaffGrid.staff == new.id)] == [("第一网格", "B")]
    assert new.id.hex in TaskGroup.get(TaskGroup.name == "第一小组").members
    assert screen.current()["name"] == "钱新人" and "已添加：钱新人" in screen.note.text()
    assert "缺居民小组长：第二网格；" in screen.teams.text()  # 第一网格 has one now

    choose_row(qtbot, screen, "周备岗")
    alt(qtbot, screen.table, Qt.Key.Key_R, lambda: "离岗" in screen.note.text())
    gone = Staff.get(Staff.name == "周备岗")
    assert not gone.active and not StaffGrid.live().where(StaffGrid.staff == gone.id).exists()
    assert screen.table.item(screen.table.currentRow(), 6).text() == "离岗"
    alt(qtbot, screen.focusWidget(), Qt.Key.Key_B, lambda: "回到岗位" in screen.note.text())
    assert Staff.get_by_id(gone.id).active

    def post_b(dialog: PostsDialog):
        qtbot.keyClick(dialog.grid, Qt.Key.Key_Down)  # 第二网格
        qtbot.keyClick(dialog.grid, Qt.Key.Key_B, ALT)
        qtbot.keyClick(dialog.post, Qt.Key.Key_Down)
        alt(qtbot, dialog.post, Qt.Key.Key_A, lambda: "第二网格（B岗）" in dialog.serving.text())
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)

    on_dialog(PostsDialog, post_b)
    alt(qtbot, screen.table, Qt.Key.Key_G, lambda: StaffGrid.live().where(StaffGrid.staff == gone.id).exists())
    assert [(a.grid.name, a.post) for a in StaffGrid.live().where(StaffGrid.staff == gone.id)] == [("第二网格", "B")]
    assert "第二网格（B岗）" in screen.table.item(screen.table.currentRow(), 4).text()


def test_a_form_closed_with_esc_keeps_its_typing(qtbot, screen, on_dialog):
    def type_and_leave(form: WorkerDialog):
        type_chinese(form.name, "未保存的人")
        qtbot.keyClick(form.name, Qt.Key.Key_Escape)

    on_dialog(WorkerDialog, type_and_leave)
    alt(qtbot, screen.table, Qt.Key.Key_A)
    assert not Staff.select().where(Staff.name == "未保存的人").exists()
    seen = []

    def look(form: WorkerDialog):
        seen.append(form.name.text())
        form.reject()

    on_dialog(WorkerDialog, look)
    alt(qtbot, screen.table, Qt.Key.Key_A, lambda: seen)
    assert seen == ["未保存的人"]


def test_a_photo_set_on_the_screen_is_on_the_notice_board(qtbot, screen, tmp_path, monkeypatch):
    picture = tmp_path / "photo.png"
    Image.new("RGB", (600, 1000), "#aa3366").save(picture)  # tall: the top is kept
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(picture), ""))
    choose_row(qtbot, screen, "孙网格")
    alt(qtbot, screen.table, Qt.Key.Key_I, lambda: "照片已设置" in screen.note.text())
    assert not screen.photo.pixmap().isNull() and screen.table.item(screen.table.currentRow(), 7).text() == "有"
    out = tmp_path / "board.pdf"
    build_noticeboards(boards.notice_boards(boards.find_grids("第一网格", "和平社区")), out)
    images = PdfReader(str(out)).pages[0].images
    assert len(images) == 1 and Image.open(io.BytesIO(images[0].data)).size == (450, 600)
    alt(qtbot, screen.table, Qt.Key.Key_X, lambda: "照片已去掉" in screen.note.text())
    assert Staff.get(Staff.name == "孙网格").photo is None and screen.photo.pixmap().isNull()


def test_the_file_menu_opens_the_screen(window, qtbot, when_shown):
    from forms.staff import SHORTCUT

    seen = []

    def close(dialog: StaffDialog):
        seen.append(names(dialog))
        dialog.reject()

    when_shown(StaffDialog, close)
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("文件"))
    (action,) = [a for a in file_menu.actions() if a.text().startswith("工作人员")]
    assert action.shortcut().toString() == SHORTCUT
    others = [a for a in window.findChildren(type(action)) if a is not action and not a.shortcut().isEmpty()]
    assert SHORTCUT not in {a.shortcut().toString() for a in others}
    action.trigger()
    assert seen and seen[0]


def test_full_phones_only_when_asked_and_a_director_sees_their_own_community(qtbot, screen, monkeypatch):
    from gridapp.models import Community, LocalState
    from gridapp.store import roles

    alt(qtbot, screen.table, Qt.Key.Key_Q, lambda: "13800001111" in [screen.table.item(i, 3).text()
                                                                      for i in range(screen.table.rowCount())])
    Community.create(name="幸福社区")
    monkeypatch.setattr(roles, "current_role", lambda: roles.DIRECTOR)
    LocalState.set_value("community_id", Community.get(Community.name == "和平社区").id.hex)
    own = StaffDialog()
    qtbot.addWidget(own)
    assert [c.name for c in own.communities] == ["和平社区"] and own.community.isHidden()


def test_a_refused_phone_takes_the_cursor_back_to_the_phone_and_a_second_worker_by_one_name_is_refused(
        qtbot, screen, on_dialog):
    seen = []

    def type_badly(form: WorkerDialog):
        type_chinese(form.name, "孙 网格")  # the same worker typed again, with a space
        qtbot.keyClicks(form.phone, "138")
        qtbot.keyClick(form.phone, Qt.Key.Key_Return)
        seen.append((form.error.text(), form.focusWidget() is form.phone))
        form.phone.clear()
        qtbot.keyClick(form.phone, Qt.Key.Key_Return)
        seen.append((form.error.text(), form.focusWidget() is form.name))

    on_dialog(WorkerDialog, type_badly)
    alt(qtbot, screen.table, Qt.Key.Key_A, lambda: len(seen) == 2)
    assert "电话号码 “138” 格式不对" in seen[0][0] and seen[0][1]
    assert "已有在岗的同名人员“孙网格”" in seen[1][0] and seen[1][1]
    assert Staff.select().where(Staff.name == "孙网格").count() == 1
