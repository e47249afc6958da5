"""The duty rota's dialogs keyed without the mouse on the daily-work community (孙网格 and 吴组长 on
post A of 第一网格, 周备岗 on post B): the rota set up with two groups from 28 September 2026, a
swap and a stand-in in October around the National Day holidays; what the service refuses is
shown in its words and nothing is written; the month and today's duty follow."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gridapp.models import Card, DutyChange, DutyRota
from tests import daily_data
from tests.gui.test_daily_ui import typed

D = dt.date
ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def team(street_db):
    return daily_data.build()


def _shown(qtbot, tab) -> None:
    """The tab as its own window, active, the keys going to it."""
    tab.show()
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow, timeout=3000)
    tab.setFocus()
    _focus(qtbot, tab.community)


def _focus(qtbot, widget):
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def _alt(qtbot, key, widget):
    """Alt+key from wherever the focus is, landing on ``widget``."""
    qtbot.keyClick(QApplication.focusWidget(), key, ALT)
    _focus(qtbot, widget)


def _day(qtbot, edit, text: str) -> None:
    qtbot.keyClicks(edit, text)
    assert edit.date().toPython() == D.fromisoformat(f"{text[:4]}-{text[4:6]}-{text[6:]}")


@pytest.fixture
def answer(when_shown, qtbot):
    """``answer(kind, handle)``: ``handle`` the dialog when it shows; one that fails closes it."""
    def arrange(kind, handle):
        def safe(dialog):
            try:
                qtbot.waitUntil(lambda: dialog.isActiveWindow() and dialog.isAncestorOf(QApplication.focusWidget()),
                                timeout=3000)
                handle(dialog)
            finally:
                if dialog.isVisible():
                    dialog.reject()
        when_shown(kind, safe)
    return arrange


@pytest.fixture
def rota_tab(team, qtbot):
    from forms.daily.rotatab import RotaTab

    tab = RotaTab(today=D(2026, 10, 9))
    qtbot.addWidget(tab)
    tab.resize(1000, 520)
    _shown(qtbot, tab)
    return tab


def test_the_rota_is_set_up_from_the_communitys_grid_staff(rota_tab, qtbot, answer):
    from forms.daily.rotadialogs import RotaSetupDialog

    tab = rota_tab
    assert "今日值班" in tab.duty_today.text() and "今天不是值班日" in tab.duty_today.text()
    seen = {}

    def set_up(d: RotaSetupDialog):
        seen["people"] = [d.people.item(i).data(Qt.ItemDataRole.UserRole) for i in range(d.people.count())]
        _focus(qtbot, d.start)
        qtbot.keyClick(d.start, Qt.Key.Key_S, CTRL)  # no group yet: refused, nothing written
        seen["refused"] = d.status.text()
        _alt(qtbot, Qt.Key.Key_D, d.start)
        _day(qtbot, d.start, "20260928")
        _alt(qtbot, Qt.Key.Key_N, d.name)
        assert d.name.text() == "第一组" and d.name.selectedText() == "第一组"
        typed(d.name, "甲组")
        qtbot.keyClick(d.name, Qt.Key.Key_Return)
        _focus(qtbot, d.people)
        qtbot.keyClick(d.people, Qt.Key.Key_Return)  # nobody ticked: said, not added
        seen["empty"] = d.status.text()
        qtbot.keyClick(d.people, Qt.Key.Key_Down)  # 孙网格
        qtbot.keyClick(d.people, Qt.Key.Key_Space)
        qtbot.keyClick(d.people, Qt.Key.Key_Return)
        _focus(qtbot, d.name)
        assert d.name.text() == "第二组"
        typed(d.name, "乙组")
        qtbot.keyClick(d.name, Qt.Key.Key_Return)
        _focus(qtbot, d.people)
        assert "（在甲组）" in d.people.item(1).text()
        qtbot.keyClick(d.people, Qt.Key.Key_Down)  # 孙网格 is in 甲组: on to 周备岗
        qtbot.keyClick(d.people, Qt.Key.Key_Space)
        qtbot.keyClick(d.people, Qt.Key.Key_Return)
        seen["groups"] = [d.groups.item(i).text() for i in range(d.groups.count())]
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, CTRL)

    answer(RotaSetupDialog, set_up)
    qtbot.keyClick(tab.community, Qt.Key.Key_E, ALT)  # the button clicks a moment later
    qtbot.waitUntil(lambda: "已设置值班表" in tab.status.text(), timeout=10000)
    assert seen["people"] == ["吴组长", "孙网格", "周备岗"]
    assert "须至少有一个值班组" in seen["refused"] and "还没有组员" in seen["empty"]
    assert seen["groups"] == ["甲组：孙网格", "乙组：周备岗"]
    row = DutyRota.get()
    assert row.start == D(2026, 9, 28) and DutyRota.select().count() == 1
    assert [r["group"] for r in tab.model.rows[:3]] == ["乙组", "甲组", "乙组"]  # 8, 9, 10 October
    assert "甲组" in tab.duty_today.text() and "孙网格" in tab.duty_today.text()
    assert "今日接收登记卡 <b>0</b> 张" in tab.duty_today.text()
    assert "自 2026-09-28 起 2 个组" in tab.status.text()


def _set(team):
    from gridapp.services import rota

    rota.set_rota(team["community"], D(2026, 9, 28), [{"name": "甲组", "staff": ["孙网格"]},
                                                      {"name": "乙组", "staff": ["周备岗"]}])


def test_a_swap_and_a_stand_in_by_keyboard_and_what_is_refused(team, qtbot, answer):
    from forms.daily.rotadialogs import StandInDialog, SwapDialog
    from forms.daily.rotatab import RotaTab

    _set(team)
    Card.create(card_no="000123", community=team["community"], grid=team["grid"], collected_by=team["worker"],
                collected_on=D(2026, 10, 8), due_on=D(2026, 10, 10), received_at=dt.datetime(2026, 10, 9, 10, 30),
                state="received")
    tab = RotaTab(today=D(2026, 10, 9))
    qtbot.addWidget(tab)
    _shown(qtbot, tab)
    assert "今日值班（10-09）" in tab.duty_today.text() and "今日接收登记卡 <b>1</b> 张" in tab.duty_today.text()
    assert [(r["card_no"], r["received_at"], r["state_label"]) for r in tab.intake_model.rows] == \
        [("000123", "10:30", "已接收")]
    qtbot.keyClick(tab.community, Qt.Key.Key_Tab)  # to the month
    _focus(qtbot, tab.view)
    qtbot.keyClick(tab.view, Qt.Key.Key_Home, CTRL)  # the month's first duty day
    assert tab.chosen_day() == D(2026, 10, 8)
    seen = {}

    def swap(d: SwapDialog):
        assert d.day.date().toPython() == D(2026, 10, 8) and "2026-10-08：乙组（周备岗）" in d.preview.text()
        _alt(qtbot, Qt.Key.Key_W, d.other)
        _day(qtbot, d.other, "20261004")
        qtbot.keyClick(d.other, Qt.Key.Key_Return)
        seen["refused"] = d.status.text()
        seen["changes"] = DutyChange.select().count()
        _alt(qtbot, Qt.Key.Key_R, d.reason)  # out of the date and back in: its year is chosen again
        _alt(qtbot, Qt.Key.Key_W, d.other)
        _day(qtbot, d.other, "20261009")
        _alt(qtbot, Qt.Key.Key_R, d.reason)
        typed(d.reason, "家中有事")
        qtbot.keyClick(d.reason, Qt.Key.Key_Return)

    answer(SwapDialog, swap)
    qtbot.keyClick(tab.view, Qt.Key.Key_W, ALT)
    qtbot.waitUntil(lambda: "已调班" in tab.status.text(), timeout=10000)
    assert "2026-10-04 不是值班日" in seen["refused"] and seen["changes"] == 0
    change = DutyChange.get()
    assert (change.day, change.other_day, change.reason) == (D(2026, 10, 8), D(2026, 10, 9), "家中有事")
    days = {r["date"]: r for r in tab.model.rows}
    assert (days["2026-10-08"]["group"], days["2026-10-08"]["changed"]) == ("甲组", "与 10-09 调换")
    assert "乙组" in tab.duty_today.text() and "周备岗" in tab.duty_today.text()  # today is 9 October

    def stand_in(d: StandInDialog):
        _alt(qtbot, Qt.Key.Key_D, d.day)
        _day(qtbot, d.day, "20261004")
        assert d.absent.count() == 0 and "不是值班日" in d.duty.text()
        qtbot.keyClick(d.day, Qt.Key.Key_Return)
        seen["holiday"] = d.status.text()
        _alt(qtbot, Qt.Key.Key_R, d.reason)
        _alt(qtbot, Qt.Key.Key_D, d.day)
        _day(qtbot, d.day, "20261012")
        assert d.absent.currentText() == "孙网格"  # 12 October: 甲组
        _alt(qtbot, Qt.Key.Key_I, d.standin)
        qtbot.keyClick(d.standin, Qt.Key.Key_Home)  # 吴组长
        qtbot.keyClick(d.standin, Qt.Key.Key_Return)

    answer(StandInDialog, stand_in)
    _focus(qtbot, tab.view)  # the keys are back on the month
    qtbot.keyClick(tab.view, Qt.Key.Key_I, ALT)
    qtbot.waitUntil(lambda: "已替班" in tab.status.text(), timeout=10000)
    assert "2026-10-04 不是值班日" in seen["holiday"]
    change = DutyChange.select().order_by(DutyChange.clock.desc()).first()
    assert (change.day, change.staff_out.name, change.staff_in.name) == (D(2026, 10, 12), "孙网格", "吴组长")
    days = {r["date"]: r for r in tab.model.rows}
    assert (days["2026-10-12"]["people"], days["2026-10-12"]["changed"]) == ("吴组长", "吴组长 替 孙网格")
    assert DutyChange.select().count() == 2
