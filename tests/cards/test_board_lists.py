"""The two-day board: every card keyed and not filed (the overdue ones red), cards filed without
verification still counted as unverified, the month chosen from the keyboard, the month's late cards."""

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from forms.cards.board import RED, TwoDayBoard, months
from gridapp.models import Card
from gridapp.services import cards, filing, timeliness, verify
from tests.cards.helpers import card, grid_and_worker, show_active

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")


def colour(model, row):
    brush = model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole)  # a QColor
    return brush.name() if brush is not None else None


def test_every_card_keyed_and_not_filed_is_listed_and_the_overdue_ones_are_red(community_db, qtbot):
    today = dt.date.today()
    _grid, worker = grid_and_worker()
    saved = cards.save_card(card("B0001", worker, collected_on=today.isoformat()))
    board = TwoDayBoard(today=today)
    rows = {r["archive_no"]: i for i, r in enumerate(board.missing_model.rows)}
    keyed = Card.select().where(Card.state.in_(("keyed", "verified"))).count()
    assert len(rows) == keyed and saved.card.archive_no in rows
    fresh = rows[saved.card.archive_no]
    assert board.missing_model.rows[fresh]["situation"] == "" and colour(board.missing_model, fresh) != RED
    late = [i for i, r in enumerate(board.missing_model.rows) if r["overdue"]]
    assert late and all(colour(board.missing_model, i) == RED for i in late)
    assert board.tabs.tabText(4) == f"已录入未归档 {keyed} 张（红色：超期 {len(late)} 张）"
    assert f"已录入未归档 {keyed} 张" in board.summary.text()


def test_a_card_filed_without_verification_stays_unverified(community_db, qtbot):
    _grid, worker = grid_and_worker()
    saved = cards.save_card(card("B0002", worker, collected_on=dt.date.today().isoformat()))
    before = verify.unverified().count()
    filing.file_cards([saved.card.archive_no])
    assert verify.unverified().count() == before
    assert f"已录入未复核（含已归档）{before} 张" in TwoDayBoard().summary.text()
    verify.finish(Card.get_by_id(saved.card.id), differences=0, fields=10)
    assert verify.unverified().count() == before - 1


def test_the_month_is_chosen_with_the_keyboard_and_its_late_cards_listed(community_db, qtbot):
    today = dt.date.today()
    board = TwoDayBoard(today=today)
    show_active(qtbot, board)
    board.open_view.setFocus()
    qtbot.keyClick(board.open_view, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is board.month
    qtbot.keyClick(board.month, Qt.Key.Key_Down)
    last = months(today)[1]
    assert board.month.currentText() == f"{last}（上月）"
    assert [r["worker"] for r in board.worker_model.rows] == [r["worker"] for r in timeliness.timeliness(last, today)]
    late = timeliness.late_cards(last, today)
    assert [r["card_no"] for r in board.late_model.rows] == [r["card_no"] for r in late]
    assert board.tabs.tabText(3) == f"逾期的卡 {len(late)} 张"
    for r in late:
        keyed = r["keyed_on"] or today.isoformat()
        assert (dt.date.fromisoformat(keyed) - dt.date.fromisoformat(r["due_on"])).days == r["days_late"] > 0
    assert f"上月逾期 {len(late)} 张" in board.summary.text()
