"""The 事项 page: a matter keyed in the intake form (Ctrl+Shift+E) and walked to closure with
the keyboard only, checked in the database; the household view lists its matters."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from forms.matters.intake import MatterIntakeDialog
from forms.matters.step import StepDialog
from gridapp.models import Household, Matter
from gridapp.services import drafts, matters
from tests.gui.test_ledger_screens import type_chinese

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def focus(qtbot, widget) -> None:
    qtbot.waitUntil(lambda: widget.isVisible() and QApplication.focusWidget() is widget, timeout=3000)


def tab(qtbot, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def test_a_matter_keyed_and_walked_to_closure_with_the_keyboard(window, qtbot, when_shown):
    seen = {}

    def intake(dialog: MatterIntakeDialog) -> None:
        focus(qtbot, dialog.kind)
        tab(qtbot, 2)  # 诉求, the first grid
        focus(qtbot, dialog.edits["place"])
        type_chinese(dialog.edits["place"], "爱和路口公交站")
        tab(qtbot, 2)
        type_chinese(dialog.edits["contact_name"], "张三明")
        tab(qtbot)
        qtbot.keyClicks(dialog.edits["contact_phone"], "138 0000 1234")
        tab(qtbot)
        focus(qtbot, dialog.description)
        type_chinese(dialog.description, "候车亭顶棚漏雨")
        tab(qtbot, 3)
        focus(qtbot, dialog.line)
        qtbot.keyClick(dialog.line, Qt.Key.Key_Down)  # 民政, the first line
        assert drafts.load("matter")["description"] == "候车亭顶棚漏雨"  # kept as typed
        qtbot.keyClick(dialog.line, Qt.Key.Key_S, CTRL)
        seen["error"] = dialog.error.text()

    when_shown(MatterIntakeDialog, intake)
    qtbot.keyClick(window.tree, Qt.Key.Key_E, CTRL | SHIFT)  # from anywhere
    assert seen["error"] == ""
    m = Matter.get()
    assert (m.kind, m.place, m.contact_phone, m.line, m.state) == ("request", "爱和路口公交站", "13800001234", "民政",
                                                                 "received")
    assert drafts.load("matter") is None
    screen = window.pages.currentWidget().content
    focus(qtbot, screen.view)
    assert screen.current_number() == m.number
    assert "下一步：A 分派" in screen.timeline.toPlainText()

    def step(key, fill=None):
        def handle(dialog: StepDialog) -> None:
            first = dialog.line or dialog.answer or dialog.note
            focus(qtbot, first)
            if fill:
                fill(dialog)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        when_shown(StepDialog, handle)
        qtbot.keyClick(screen.view, key)
        focus(qtbot, screen.view)

    def note(text):
        return lambda d: (d.note.setFocus(), qtbot.keyClicks(d.note, text))

    step(Qt.Key.Key_A)
    step(Qt.Key.Key_P, note("called"))
    step(Qt.Key.Key_D, note("fixed"))
    step(Qt.Key.Key_V)
    step(Qt.Key.Key_C)
    m = Matter.get_by_id(m.id)
    assert (m.state, m.satisfied, m.result) == ("closed", "yes", "fixed")
    assert [s.action for s in matters.timeline(m)] == ["receive", "assign", "progress", "done", "check", "close"]
    assert f"事项 {m.number} 已办结归档，现为“已办结”" in screen.count.text()


def test_an_empty_step_is_refused_in_the_dialog_and_nothing_recorded(window, qtbot, when_shown):
    matters.add({"kind": "隐患", "grid": "第一网格", "description": "井盖松动", "line": "城建环境"})
    qtbot.keyClick(window.tree, Qt.Key.Key_9, CTRL)
    screen = window.pages.currentWidget().content
    focus(qtbot, screen.view)
    qtbot.keyClick(screen.view, Qt.Key.Key_P)  # not yet assigned: no dialog, the reason below
    assert "当前为“已登记”，不能办理" in screen.count.text()
    matters.assign(matters.find(screen.current_number()), "城建环境")
    errors = []

    def handle(dialog: StepDialog) -> None:
        focus(qtbot, dialog.note)
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # nothing typed
        errors.append(dialog.error.text())
        qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)

    when_shown(StepDialog, handle)
    qtbot.keyClick(screen.view, Qt.Key.Key_P)
    assert errors == ["办理情况：不能为空"]
    assert (Matter.get().state, Matter.get().steps) == ("assigned", 2)


def test_the_household_view_lists_its_matters(window, qtbot):
    index = window.households.currentIndex()
    household = window.households_model.row(index.row())
    h = Household.get_by_id(household["id"])
    house = h.house
    matters.add({"kind": "诉求", "grid": house.building.grid.name, "description": "申请低保",
                 "place": f"{house.building.name}{house.unit}单元{house.room}", "line": "民政"})
    window.households.setCurrentIndex(window.households_model.index(0, 0))
    window._show_node(window.tree.currentIndex())
    assert window.household_matters.rowCount() == 1


def test_the_month_report_is_saved_from_the_menu(window, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from forms.matters import month_report
    from tests import pdftools

    matters.add({"kind": "隐患", "grid": "第一网格", "description": "井盖松动", "line": "城建环境",
                 "found_at": "2026-10-08"})
    out = tmp_path / "m.pdf"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("2026-10", True))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    assert month_report(window) == str(out)
    assert "受理 1 件" in pdftools.text(out)


def test_a_matters_photo_is_viewed_scaled_with_the_keyboard(window, qtbot, when_shown, tmp_path):
    from PySide6.QtGui import QColor, QImage

    from forms.matters.photo import PhotoDialog

    big = QImage(3000, 2000, QImage.Format.Format_RGB32)
    big.fill(QColor("darkgreen"))
    big.save(str(tmp_path / "a.png"))
    small = QImage(40, 30, QImage.Format.Format_RGB32)
    small.fill(QColor("red"))
    small.save(str(tmp_path / "b.jpg"))
    matters.add({"kind": "隐患", "grid": "第一网格", "description": "井盖松动", "line": "城建环境",
                 "photos": ["a.png", "b.jpg"]}, base=tmp_path)
    qtbot.keyClick(window.tree, Qt.Key.Key_9, CTRL)
    screen = window.pages.currentWidget().content
    focus(qtbot, screen.view)
    assert screen.photo_list.count() == 2 and "照片 2 张" in screen.timeline.toPlainText()
    qtbot.keyClick(screen.view, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    focus(qtbot, screen.photo_list)
    qtbot.keyClick(screen.photo_list, Qt.Key.Key_Down)
    seen = []

    def look(dialog: PhotoDialog) -> None:
        seen.append((dialog.windowTitle(), dialog.image.pixmap().size().toTuple()))
        qtbot.keyClick(dialog, Qt.Key.Key_Right)  # the other one: the big photo, scaled to fit
        seen.append((dialog.windowTitle(), dialog.image.pixmap().size().toTuple()))
        dialog.grab().save(str(tmp_path / "photo.png"))
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    when_shown(PhotoDialog, look)
    qtbot.keyClick(screen.photo_list, Qt.Key.Key_Return)
    number = Matter.get().number
    assert seen[0] == (f"事项 {number}：照片2.jpg", (40, 30))
    title, (width, height) = seen[1]
    assert title == f"事项 {number}：照片1.png" and width <= 1000 and height <= 750 and width == height * 3 // 2
    focus(qtbot, screen.photo_list)
