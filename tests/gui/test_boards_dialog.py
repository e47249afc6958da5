"""The print dialog, driven from the keyboard: choose, preview, save, open; cancel; rare characters."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton

from forms.boards import BoardsDialog
from tests import boards_data, pdftools

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)", extend=True)


@pytest.fixture
def dialog(qtbot, street_db):
    boards_data.build()
    d = BoardsDialog()
    qtbot.addWidget(d)
    with qtbot.waitActive(d):  # shortcuts and mnemonics work in the active window
        d.show()
    return d


def build(qtbot, dialog, widget):
    qtbot.keyClick(widget, Qt.Key_Return)  # the default button: 生成预览
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)  # back from the progress dialog


@pytest.fixture
def saved_to(monkeypatch, tmp_path):
    asked = []

    def ask(parent, caption, suggested, filters):
        asked.append(suggested)
        return str(tmp_path / "saved"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    return asked


def test_choose_a_building_preview_save_and_open(qtbot, dialog, saved_to, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr("forms.boards.dialog.QDesktopServices.openUrl", lambda url: opened.append(url) or True)
    qtbot.keyClick(dialog.kind, Qt.Key_Tab)
    qtbot.keyClick(dialog.community, Qt.Key_Tab)
    qtbot.keyClick(dialog.grid, Qt.Key_Down)  # 第一网格
    qtbot.keyClick(dialog.grid, Qt.Key_Tab)
    qtbot.keyClick(dialog.building, Qt.Key_Down)  # 和平里1栋
    assert not dialog.save_button.isEnabled()
    build(qtbot, dialog, dialog.building)
    assert dialog.preview.pages == 1 and "第 1 / 1 页" in dialog.preview.label.text()
    assert not dialog.preview.image.pixmap().isNull() and dialog.warning.text() == ""
    qtbot.keyClick(dialog.focusWidget(), Qt.Key_S, Qt.ControlModifier)
    assert saved_to and Path(saved_to[0]).name == "楼栋信息栏-和平里1栋.pdf"
    saved = tmp_path / "saved.pdf"
    text = pdftools.text(saved)
    assert "张*明" in text and "欧阳**" in text and "13912345678" not in text.replace(" ", "")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key_P, Qt.ControlModifier)
    assert [u.toLocalFile() for u in opened] == [str(saved)]


def test_notice_boards_for_every_grid_of_the_community(qtbot, dialog, saved_to):
    qtbot.keyClick(dialog.kind, Qt.Key_Down)  # 网格员公示牌
    assert dialog.paper.currentText() == "A4" and not dialog.building.isEnabled()
    build(qtbot, dialog, dialog.kind)
    assert dialog.preview.pages == 2  # 第一网格, 第二网格
    qtbot.keyClick(dialog.focusWidget(), Qt.Key_PageDown)
    assert "第 2 / 2 页" in dialog.preview.label.text()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key_S, Qt.ControlModifier)
    assert Path(saved_to[0]).name == "网格员公示牌-和平社区.pdf"


def test_names_no_font_can_print_are_shown_and_confirmed_first(qtbot, dialog, saved_to, monkeypatch):
    from reports import fonts
    monkeypatch.setattr(fonts, "_default", fonts.FontSet(
        [s for s in fonts.candidate_sources() if "microhei" in s.path.name]))
    answers = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.append(a[2]) or QMessageBox.StandardButton.No)
    build(qtbot, dialog, dialog.kind)
    assert "李*〓" in dialog.warning.text() and "1单元201室" in dialog.warning.text()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key_S, Qt.ControlModifier)
    assert answers and "〓" in answers[0] and saved_to == []  # told, and declined: nothing saved


def test_a_whole_community_can_be_cancelled(qtbot, community_db):
    d = BoardsDialog()
    qtbot.addWidget(d)
    d.show()

    def press_cancel():  # 取消, pressed with the space bar
        progress = QApplication.activeModalWidget()
        if progress is not None:
            qtbot.keyClick(progress.findChild(QPushButton), Qt.Key_Space)

    QTimer.singleShot(200, press_cancel)
    qtbot.keyClick(d.kind, Qt.Key_Return)
    assert d.status.text() == "已取消。" and d.pdf is None and not d.save_button.isEnabled()


def test_starts_from_the_node_chosen_in_the_tree(qtbot, street_db):
    from gridapp.models import Building, Grid
    boards_data.build()
    grid = Grid.get(Grid.name == "第二网格")
    d = BoardsDialog(None, {"kind": "building", "id": Building.get(Building.grid == grid).id}, kind="notice")
    qtbot.addWidget(d)
    assert (d.kind.currentText(), d.community.currentText(), d.grid.currentText()) == (
        "网格员公示牌", "和平社区", "第二网格")
    assert not d.building.isEnabled() and d.building.currentText() == "和平里1栋"


def test_the_print_menu_opens_the_dialog_on_the_trees_node(qtbot, street_window, when_shown):
    from tests.gui.test_menus import trigger
    window = street_window
    qtbot.keyClick(window.tree, Qt.Key_Right)  # expand 和平社区
    qtbot.keyClick(window.tree, Qt.Key_Down)  # 第一网格
    seen = []

    def look_and_close(d):
        seen.append((d.kind.currentText(), d.community.currentText(), d.grid.currentText()))
        qtbot.keyClick(d.kind, Qt.Key_Escape)

    when_shown(BoardsDialog, look_and_close)
    trigger(window, "网格员公示牌(&G)…")
    assert seen == [("网格员公示牌", "和平社区", "第一网格")]
