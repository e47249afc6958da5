"""The 日常工作 page: a day's diary keyed with the keyboard only and found in the database; the
follow-up tab lists a worker's overdue people and their service-needs sheet is typed in."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from gridapp.models import DiaryDay, DiaryFinding, Person, ServiceSheet, VisitEntry
from tests import daily_data


@pytest.fixture
def team(street_db):
    return daily_data.build()


def typed(field, text: str) -> None:
    """Chinese arrives from the input method as a committed string (QTest types ASCII only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def _focus(qtbot, widget):
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def test_a_day_is_keyed_with_the_keyboard_only(team, qtbot):
    from forms.daily import DailyWorkScreen

    screen = DailyWorkScreen()
    qtbot.addWidget(screen)
    screen.show()
    tab = screen.diary
    tab.setFocus()
    _focus(qtbot, tab.worker)
    qtbot.keyClick(tab.worker, Qt.Key.Key_Down)  # 周备岗, then 孙网格
    assert tab.worker.currentText().startswith("孙网格")
    qtbot.keyClick(tab.worker, Qt.Key.Key_Tab)
    _focus(qtbot, tab.day)
    for _section in ("year", "month", "day"):  # Tab goes through the date's parts, then on
        qtbot.keyClick(tab.day, Qt.Key.Key_Tab)
    _focus(qtbot, tab.hours)
    typed(tab.hours, "３.5")
    qtbot.keyClick(tab.hours, Qt.Key.Key_Tab)
    _focus(qtbot, tab.visit)
    typed(tab.visit, "1栋1单元101 102")
    qtbot.keyClick(tab.visit, Qt.Key.Key_Return)
    assert tab.visit.text() == "" and "已记走访" in tab.status.text()
    qtbot.keyClick(tab.visit, Qt.Key.Key_Tab)
    _focus(qtbot, tab.kind)
    qtbot.keyClick(tab.kind, Qt.Key.Key_Down)  # 需求, 社情民意, 隐患
    qtbot.keyClick(tab.kind, Qt.Key.Key_Down)
    assert tab.kind.currentData() == "hazard"
    qtbot.keyClick(tab.kind, Qt.Key.Key_Tab)
    _focus(qtbot, tab.finding)
    typed(tab.finding, "楼道堆放杂物，电动车充电")
    qtbot.keyClick(tab.finding, Qt.Key.Key_Tab)
    _focus(qtbot, tab.place)
    typed(tab.place, "1栋1单元")
    qtbot.keyClick(tab.place, Qt.Key.Key_Return)
    _focus(qtbot, tab.finding)  # ready for the next finding, of the same kind unless changed
    qtbot.keyClick(tab.finding, Qt.Key.Key_Backtab)
    _focus(qtbot, tab.kind)
    qtbot.keyClick(tab.kind, Qt.Key.Key_Home)  # 需求
    qtbot.keyClick(tab.kind, Qt.Key.Key_Tab)
    _focus(qtbot, tab.finding)
    typed(tab.finding, "李四想了解产检补助")
    qtbot.keyClick(tab.finding, Qt.Key.Key_Return)
    qtbot.keyClick(tab.finding, Qt.Key.Key_Tab)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    _focus(qtbot, tab.note)
    typed(tab.note, "雨天，部分住户不在家")
    qtbot.keyClick(tab.note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    today = dt.date.today()
    visit = VisitEntry.get(VisitEntry.day == today)
    assert (visit.staff.name, visit.visited, visit.must_visit) == ("孙网格", 2, 1)  # 李四 is pregnant
    day = DiaryDay.get(DiaryDay.day == today)
    assert (day.staff.name, day.hours, day.note) == ("孙网格", 3.5, "雨天，部分住户不在家")
    found = {f.kind: f for f in DiaryFinding.select().where(DiaryFinding.diary == day)}
    assert (found["hazard"].text, found["hazard"].place, found["hazard"].flagged) == \
        ("楼道堆放杂物，电动车充电", "1栋1单元", True)
    assert (found["need"].text, found["need"].flagged) == ("李四想了解产检补助", False)

    # Ctrl+M on the need in the list flags it (no events register yet)
    tab.view.setFocus()
    _focus(qtbot, tab.view)
    need_row = next(i for i, r in enumerate(tab.model.rows) if r["text"] == "李四想了解产检补助")
    tab.view.selectRow(need_row)
    qtbot.keyClick(tab.view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert DiaryFinding.get_by_id(found["need"].id).flagged is True
    assert tab.model.rows[need_row]["mark"] == "★"


def test_the_follow_up_tab_lists_the_overdue_and_opens_the_sheet(team, qtbot, monkeypatch):
    from forms.daily.followuptab import FollowUpTab, SheetDialog

    tab = FollowUpTab(today=daily_data.TODAY)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitUntil(lambda: bool(tab.model.rows), timeout=10000)  # counted in the background
    assert [r["name"] for r in tab.model.rows] == ["王小𠇔", "李四", "赵一"]
    assert "逾期 2 人" in tab.summary.text()
    li = Person.get(Person.name == "李四")
    dialog = SheetDialog(li, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    _focus(qtbot, dialog.needs)
    typed(dialog.needs, "产检陪同")
    qtbot.keyClick(dialog.needs, Qt.Key.Key_Tab)
    _focus(qtbot, dialog.hospital)
    typed(dialog.hospital, "市妇幼保健院")
    qtbot.keyClick(dialog.hospital, Qt.Key.Key_Tab)
    typed(dialog.contacts, "张三明 丈夫 139 1234 5678")
    qtbot.keyClick(dialog.contacts, Qt.Key.Key_Tab)
    typed(dialog.entitlements, "生育津贴")
    qtbot.keyClick(dialog.entitlements, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == SheetDialog.DialogCode.Accepted
    sheet = ServiceSheet.get(ServiceSheet.person == li)
    assert (sheet.needs, sheet.hospital, sheet.entitlements) == ("产检陪同", "市妇幼保健院", '["生育津贴"]')
    assert "13912345678" in sheet.contacts


def test_the_rota_tab_shows_the_month_and_todays_duty(team, qtbot):
    from forms.daily.rotatab import RotaTab
    from gridapp.services import rota

    rota.set_rota(team["community"], dt.date(2026, 9, 28), [{"name": "甲组", "staff": ["孙网格"]},
                                                            {"name": "乙组", "staff": ["周备岗"]}])
    tab = RotaTab(today=dt.date(2026, 10, 9))
    qtbot.addWidget(tab)
    tab.show()
    tab.setFocus()
    _focus(qtbot, tab.community)
    assert [r["group"] for r in tab.model.rows[:3]] == ["乙组", "甲组", "乙组"]  # 9–30 Sep: 甲 乙 甲, then 8 Oct
    assert "周备岗" not in tab.duty_today.text() and "甲组" in tab.duty_today.text()
    qtbot.keyClick(tab.community, Qt.Key.Key_PageDown)
    assert tab.month == 11 and tab.model.rows[0]["date"] == "2026-11-02"


def test_a_meeting_and_its_tasks_from_the_keyboard(team, qtbot):
    from forms.daily.taskstab import TasksTab
    from gridapp.models import Meeting, Task
    from gridapp.services import tasks

    tasks.set_group(team["community"], "第一小组", "吴组长", ["孙网格", "周备岗"])
    tab = TasksTab()
    qtbot.addWidget(tab)
    tab.show()
    tab.setFocus()
    _focus(qtbot, tab.day)
    for _section in ("year", "month", "day"):
        qtbot.keyClick(tab.day, Qt.Key.Key_Tab)
    _focus(qtbot, tab.attendees)
    typed(tab.attendees, "吴组长、孙网格、周备岗")
    qtbot.keyClick(tab.attendees, Qt.Key.Key_Tab)
    _focus(qtbot, tab.minutes)
    typed(tab.minutes, "部署冬季消防检查")
    qtbot.keyClick(tab.minutes, Qt.Key.Key_Tab)
    _focus(qtbot, tab.title)
    typed(tab.title, "冬季消防检查")
    qtbot.keyClick(tab.title, Qt.Key.Key_Return)  # to the first in the list: 第一小组
    meeting = Meeting.get()
    task = Task.get(Task.title == "冬季消防检查")
    assert (meeting.minutes, task.group.name, task.meeting_id) == ("部署冬季消防检查", "第一小组", meeting.id)
    assert [r["title"] for r in tab.model.rows] == ["冬季消防检查"]


@pytest.fixture
def held(monkeypatch):
    """The follow-up's first count waits until the test lets it go (the others run at once)."""
    import threading

    from gridapp.services import followup

    gate, started, real = threading.Event(), threading.Event(), followup.due_list
    calls = []

    def due_list(*args, **kwargs):
        calls.append(args)
        if len(calls) == 1:
            started.set()
            gate.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(followup, "due_list", due_list)
    yield gate, started
    gate.set()


def test_the_board_counts_the_must_visit_list_in_the_background(team, qtbot, held):
    from forms.cards.board import TwoDayBoard

    gate, started = held
    board = TwoDayBoard(today=daily_data.TODAY)
    qtbot.addWidget(board)
    board.show()
    tab = board.tabs.indexOf(board.followup_view)
    assert started.wait(10)  # the list is being counted, and the board is already on screen
    assert "计算中" in board.tabs.tabText(tab) and board.followup_model.rows == []
    board.tabs.setFocus()
    for _ in range(tab):  # the user moves to the tab meanwhile: the window answers
        qtbot.keyClick(board.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert board.tabs.currentIndex() == tab
    gate.set()
    qtbot.waitUntil(lambda: bool(board.followup_model.rows), timeout=10000)
    assert [r["name"] for r in board.followup_model.rows] == ["王小𠇔", "李四", "赵一"]
    assert board.tabs.tabText(tab) == "五必访待访 3（逾期 2）"


def test_a_newer_count_of_the_board_supersedes_an_older_one(team, qtbot, held):
    from forms.cards.board import TwoDayBoard

    gate, started = held
    board = TwoDayBoard(today=daily_data.TODAY)  # counts the 25th; held back
    qtbot.addWidget(board)
    board.show()
    assert started.wait(10)
    board._today = dt.date(2026, 12, 5)  # the next day's refresh (F5) asks again
    board.open_view.setFocus()
    _focus(qtbot, board.open_view)
    qtbot.keyClick(board.open_view, Qt.Key.Key_F5)
    gate.set()
    qtbot.waitUntil(lambda: bool(board.followup_model.rows), timeout=10000)
    qtbot.wait(200)  # the older count has ended too by now: its rows never replace these
    # on 5 December 孙老 is due too (10 Dec), so four rows, not the 25th's three
    assert [r["name"] for r in board.followup_model.rows] == ["王小𠇔", "李四", "赵一", "孙老"]
    assert "逾期 3" in board.tabs.tabText(board.tabs.indexOf(board.followup_view))


def test_the_follow_up_tab_shows_only_the_list_last_asked_for(team, qtbot, held):
    from forms.daily.followuptab import FollowUpTab

    gate, started = held
    tab = FollowUpTab(today=daily_data.TODAY)  # everyone's list: held back
    qtbot.addWidget(tab)
    tab.show()
    assert started.wait(10) and tab.summary.text() == "计算中…"
    tab.everyone.setFocus()
    qtbot.keyClick(tab.everyone, Qt.Key.Key_Space)  # the user asks for all, on schedule too
    shown = []
    tab.model.modelReset.connect(lambda: shown.append(len(tab.model.rows)))
    gate.set()
    qtbot.waitUntil(lambda: len(tab.model.rows) == 4, timeout=10000)
    qtbot.wait(200)
    assert [r["name"] for r in tab.model.rows][-1] == "孙老" and "列出 4 人" in tab.summary.text()
    assert shown == [4]  # the first list (three due) never appeared


def test_the_sheet_keeps_what_was_typed_when_closed_with_esc(team, qtbot):
    from forms.daily.followuptab import SheetDialog

    li = Person.get(Person.name == "李四")
    dialog = SheetDialog(li)
    qtbot.addWidget(dialog)
    dialog.show()
    _focus(qtbot, dialog.needs)
    typed(dialog.needs, "产检陪同")
    qtbot.keyClick(dialog.needs, Qt.Key.Key_Tab)
    _focus(qtbot, dialog.hospital)
    typed(dialog.hospital, "市妇幼保健院")
    qtbot.keyClick(dialog.hospital, Qt.Key.Key_Tab)
    typed(dialog.contacts, "张三明 丈夫 139 1234 5678")
    qtbot.keyClick(dialog.contacts, Qt.Key.Key_Escape)
    assert dialog.result() == SheetDialog.DialogCode.Rejected
    assert ServiceSheet.select().where(ServiceSheet.person == li).count() == 0  # nothing saved

    other = SheetDialog(Person.get(Person.name == "孙老"))  # another person's sheet is not touched
    qtbot.addWidget(other)
    assert (other.needs.toPlainText(), other.hospital.text(), other.status.text()) == ("", "", "")
    other.reject()

    again = SheetDialog(li)
    qtbot.addWidget(again)
    again.show()
    _focus(qtbot, again.needs)
    assert (again.needs.toPlainText(), again.hospital.text(), again.contacts.toPlainText()) == \
        ("产检陪同", "市妇幼保健院", "张三明 丈夫 139 1234 5678")
    assert "已恢复" in again.status.text()
    qtbot.keyClick(again.needs, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert again.result() == SheetDialog.DialogCode.Accepted
    sheet = ServiceSheet.get(ServiceSheet.person == li)
    assert (sheet.needs, sheet.hospital) == ("产检陪同", "市妇幼保健院") and "13912345678" in sheet.contacts

    saved = SheetDialog(li)  # the draft went with the save: the sheet shows what is stored
    qtbot.addWidget(saved)
    assert (saved.needs.toPlainText(), saved.status.text()) == ("产检陪同", "")
    assert saved.contacts.toPlainText() == "张三明 丈夫 13912345678"


def _tasks_tab(qtbot, field: str = ""):
    """The 例会与任务 tab shown, the keyboard on ``field`` when one is named."""
    from forms.daily.taskstab import TasksTab

    tab = TasksTab()
    qtbot.addWidget(tab)
    tab.show()
    if field:
        getattr(tab, field).setFocus()
        _focus(qtbot, getattr(tab, field))
    return tab


def test_a_saved_meeting_corrected_is_checked_as_when_first_saved(team, qtbot):
    from gridapp.models import Meeting

    tab = _tasks_tab(qtbot, "minutes")
    typed(tab.minutes, "部署冬季消防检查")
    qtbot.keyClick(tab.minutes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert Meeting.get().minutes == "部署冬季消防检查"
    typed(tab.minutes, "长" * 4000)  # now 4,008 characters: over the limit of 4,000
    qtbot.keyClick(tab.minutes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "未保存：会议记录：有 4008 个字符，超过上限 4000" in tab.status.text()
    assert Meeting.get().minutes == "部署冬季消防检查"


def test_a_task_group_made_elsewhere_is_offered_when_the_tab_is_shown_again(team, qtbot):
    from gridapp.services import tasks

    tab = _tasks_tab(qtbot)
    tab.to.setCurrentIndex(tab.to.findText("周备岗"))
    assert tab.to.findText("第二小组（小组）") == -1
    tab.hide()
    tasks.set_group(team["community"], "第二小组", "吴组长", ["孙网格"])  # on the staff screen, meanwhile
    tab.show()
    qtbot.waitUntil(lambda: tab.to.findText("第二小组（小组）") >= 0, timeout=3000)
    assert tab.to.currentText() == "周备岗"  # what was chosen stays chosen


def test_the_due_date_and_the_assignee_take_an_alt_letter(team, qtbot):
    tab = _tasks_tab(qtbot, "title")
    qtbot.keyClick(tab.title, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    _focus(qtbot, tab.due)
    qtbot.keyClick(tab.due, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    _focus(qtbot, tab.to)


def test_enter_on_the_boards_lists_opens_the_sheet_and_reports_progress(team, qtbot, monkeypatch):
    from forms.cards.board import TwoDayBoard
    from forms.daily import followuptab, taskstab
    from gridapp.models import Task
    from gridapp.services import tasks

    tasks.set_group(team["community"], "第一小组", "吴组长", ["孙网格"])
    task = tasks.assign(team["community"], "冬季消防检查", dt.date(2026, 12, 20), group="第一小组")
    opened = []

    def report(dialog):
        dialog.percent.setText("６０")
        dialog.save()
        return dialog.result()

    monkeypatch.setattr(taskstab.ReportDialog, "exec", report)
    monkeypatch.setattr(followuptab.SheetDialog, "exec", lambda dialog: opened.append(dialog.person.name) or 0)
    board = TwoDayBoard(today=daily_data.TODAY)
    qtbot.addWidget(board)
    board.show()
    for view in (board.tasks_view, board.followup_view):
        board.tabs.setCurrentWidget(view)
        qtbot.waitUntil(lambda view=view: view.model().rowCount() > 0, timeout=10000)
        view.setFocus()
        view.setCurrentIndex(view.model().index(0, 0))
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert Task.get_by_id(task.id).percent == 60 and board.tasks_model.rows[0]["progress"] == "60%"
    assert opened == [board.followup_model.rows[0]["name"]]


def test_the_progress_dialog_offers_only_who_may_report(team, qtbot):
    from forms.daily.taskstab import ReportDialog
    from gridapp.services import tasks

    tasks.set_group(team["community"], "第一小组", "吴组长", ["孙网格", "周备岗"])
    own = tasks.assign(team["community"], "整理五必访台账", dt.date(2026, 12, 20), worker="周备岗")
    group = tasks.assign(team["community"], "冬季消防检查", dt.date(2026, 12, 20), group="第一小组")
    for task, names in ((own, {"周备岗", "吴组长"}), (group, {"吴组长"})):
        dialog = ReportDialog(task)
        qtbot.addWidget(dialog)
        assert {dialog.by.itemText(i) for i in range(dialog.by.count())} == names
