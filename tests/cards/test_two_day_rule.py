"""Intake, due dates (calendar or working days) and the two-day board."""

import datetime as dt
import json

import pytest

import cli
from gridapp import settings
from gridapp.errors import ValidationError
from gridapp.models import Card, Community
from gridapp.services import workdays
from gridapp.services.cards import save_card
from gridapp.services.intake import expand_numbers, receive
from gridapp.services.timeliness import overdue, timeliness
from tests.cards.helpers import card, grid_and_worker, new_id


def test_card_number_ranges_keep_their_zeros():
    assert expand_numbers("0098-0101, 0110") == ["0098", "0099", "0100", "0101", "0110"]
    assert expand_numbers("A12-A13") == ["A12", "A13"]
    with pytest.raises(ValidationError, match="结尾小于开头"):
        expand_numbers("0105-0101")


GRID = "第十二网格"  # no households and no cards in the demo


def test_intake_logs_a_stack_with_due_dates(community_db):
    grid, worker = grid_and_worker(GRID)
    top = max(int(c.card_no) for c in Card.select())
    cards = receive(grid, worker, dt.date(2026, 11, 20), expand_numbers("0101-0110"), today=dt.date(2026, 11, 22))
    assert len(cards) == 10 and {c.due_on for c in cards} == {dt.date(2026, 11, 22)}
    assert all(c.state == "received" and c.received_by for c in cards)
    more = receive(grid, worker, dt.date(2026, 11, 21), count=3, today=dt.date(2026, 11, 22))
    assert [int(c.card_no) for c in more] == [top + 1, top + 2, top + 3]
    with pytest.raises(ValidationError, match="0105 已登记过"):
        receive(grid, worker, dt.date(2026, 11, 21), ["0105"], today=dt.date(2026, 11, 22))
    assert Card.select().where(Card.grid == grid).count() == 13


def test_working_days_skip_the_national_holiday(community_db):
    community = Community.get()
    settings.put("cards.working_days", True, community)
    due = workdays.due_date(dt.date(2026, 9, 30), community)
    assert due.day > dt.date(2026, 10, 8) and due.warning == ""  # 1–8 October is the holiday in 2026


def test_a_year_without_calendar_data_warns_until_the_office_keys_it(community_db):
    community = Community.get()
    settings.put("cards.working_days", True, community)
    due = workdays.due_date(dt.date(2026, 12, 31), community)
    assert "2027" in due.warning
    workdays.key_day(dt.date(2027, 1, 1), False, "元旦")
    workdays.key_day(dt.date(2027, 1, 4), False, "元旦调休")
    due = workdays.due_date(dt.date(2026, 12, 31), community)
    assert due.warning == "" and due.day == dt.date(2027, 1, 6)


def test_overdue_and_timeliness(community_db, capsys):
    grid, worker = grid_and_worker(GRID)
    received = receive(grid, worker, dt.date(2026, 11, 2), expand_numbers("0201-0204"), today=dt.date(2026, 11, 3))
    keyed = card("0201", worker, room="9911", collected_on="2026-11-02", entered_on="2026-11-03", grid=GRID)
    save_card(keyed, card=received[0], today=dt.date(2026, 11, 3))
    rows = [r for r in overdue(dt.date(2026, 11, 10)) if r["grid"] == GRID]
    assert [r["card_no"] for r in rows] == ["0202", "0203", "0204"]
    assert rows[0]["days_late"] == 6 and rows[0]["worker"] == worker.name and rows[0]["due_on"] == "2026-11-04"
    t = [r for r in timeliness("2026-11", dt.date(2026, 11, 10)) if r["worker"] == worker.name]
    assert t == [{"worker": worker.name, "cards": 4, "on_time": 1, "late": 3, "pending": 0, "rate": 0.25}]
    assert cli.main(["overdue", "--json", "--today", "2026-11-10", "--db", str(community_db)]) == 0
    listed = [r for r in json.loads(capsys.readouterr().out) if r["grid"] == GRID]
    assert {r["card_no"] for r in listed} == {"0202", "0203", "0204"}
    assert set(listed[0]) >= {"card_no", "grid", "worker", "collected_on", "due_on", "days_late"}
    assert cli.main(["timeliness", "--month", "2026-11", "--today", "2026-11-10", "--json",
                     "--db", str(community_db)]) == 0
    rates = {r["worker"]: r["rate"] for r in json.loads(capsys.readouterr().out)}
    assert rates[worker.name] == 0.25


def test_the_months_late_cards_headless(community_db, capsys):
    grid, worker = grid_and_worker(GRID)
    received = receive(grid, worker, dt.date(2026, 11, 2), expand_numbers("0301-0303"), today=dt.date(2026, 11, 3))
    on_time = card("0301", worker, room="9921", collected_on="2026-11-02", entered_on="2026-11-03", grid=GRID)
    save_card(on_time, card=received[0], today=dt.date(2026, 11, 3))
    late = card("0302", worker, room="9922", collected_on="2026-11-02", entered_on="2026-11-07", grid=GRID,
                members=[{"name": "迟录户主", "id_number": new_id(dt.date(1966, 3, 4), 41), "relation": "户主",
                          "phone": "13912345670", "status": "resident"}])
    save_card(late, card=received[1], today=dt.date(2026, 11, 7))
    assert cli.main(["timeliness", "--month", "2026-11", "--today", "2026-11-10", "--late", "--json",
                     "--db", str(community_db)]) == 0
    listed = {r["card_no"]: r for r in json.loads(capsys.readouterr().out) if r["grid"] == GRID}
    assert set(listed) == {"0302", "0303"}
    assert listed["0302"]["keyed_on"] == "2026-11-07" and listed["0302"]["days_late"] == 3
    assert listed["0303"]["keyed_on"] is None and listed["0303"]["days_late"] == 6
