"""Stacks of received cards: the default worker, and correcting or removing a stack logged wrongly."""

import datetime as dt
import json

import pytest

import cli
from gridapp.errors import UserError
from gridapp.models import AuditEntry, Card, Outbox, Staff, StaffGrid
from gridapp.services import intake, stacks
from gridapp.services.cards import save_card
from tests.cards.helpers import card, grid_and_worker

GRID = "第十二网格"  # no households and no cards in the demo
TODAY = dt.date(2026, 11, 23)


def _live(numbers_like: str = "S") -> list[str]:
    return sorted(c.card_no for c in Card.live().where(Card.card_no.startswith(numbers_like)))


def test_the_default_worker_is_the_grids_post_a_grid_worker_not_its_leader(community_db):
    grid, worker = grid_and_worker("第三网格")
    leaders = (Staff.select().join(StaffGrid)
               .where(StaffGrid.grid == grid, StaffGrid.post == "A", Staff.role == "grid_leader"))
    assert leaders.count(), "the demo's leader serves this grid on post A too"
    assert intake.default_worker(grid) == worker
    assert intake.default_worker(None) is None


def test_a_stack_is_listed_corrected_and_removed(community_any):
    grid, worker = grid_and_worker(GRID)
    other = grid_and_worker("第三网格")[1]
    intake.receive(grid, worker, dt.date(2026, 11, 20), intake.expand_numbers("S0101-S0105"), today=TODAY)
    top = stacks.recent(limit=1)[0]
    assert top == {**top, "card_no": "S0101", "grid": GRID, "worker": worker.name, "count": 5,
                   "numbers": "S0101–S0105", "keyed": 0, "collected_on": dt.date(2026, 11, 20)}

    cards = stacks.of_card("S0103")
    fixed = stacks.fix(cards, other, dt.date(2026, 11, 21), intake.expand_numbers("S0101-S0103,S0107"), today=TODAY)
    assert fixed["numbers"] == "S0101–S0103、S0107" and fixed["worker"] == other.name
    assert _live() == ["S0101", "S0102", "S0103", "S0107"]
    live = list(Card.live().where(Card.card_no.startswith("S")))
    assert {(c.collected_by_id, c.collected_on, c.due_on) for c in live} == \
        {(other.id, dt.date(2026, 11, 21), dt.date(2026, 11, 23))}
    assert len({c.received_at for c in live}) == 1  # still one stack
    gone = Card.select().where(Card.card_no.in_(["S0104", "S0105"]))
    assert [c.deleted for c in gone] == [True, True]  # tombstones, sent like any other change
    sent = {o.row_id for o in Outbox.select().where(Outbox.tbl == "card")}
    assert {str(c.id) for c in gone} <= sent or {c.id.hex for c in gone} <= sent
    assert AuditEntry.select().where(AuditEntry.action == "stack.fix").count() == 1
    assert AuditEntry.select().where(AuditEntry.action == "delete", AuditEntry.table == "card").count() >= 2

    removed = stacks.remove(stacks.of_card("S0107"))
    assert removed["count"] == 4 and _live() == []
    assert AuditEntry.select().where(AuditEntry.action == "stack.remove").count() == 1


def test_a_keyed_card_keeps_its_stack(community_db):
    grid, worker = grid_and_worker("第三网格")
    received = intake.receive(grid, worker, dt.date(2026, 11, 20), ["S9001", "S9002"], today=TODAY)
    save_card(card("S9001", worker), today=TODAY)
    cards = stacks.of_card("S9002")
    assert stacks.describe(cards)["keyed"] == 1
    with pytest.raises(UserError, match="S9001 已录入，不能删除"):
        stacks.remove(cards)
    with pytest.raises(UserError, match="S9001 已录入"):
        stacks.fix(cards, numbers=["S9002"])
    assert _live() == ["S9001", "S9002"]
    # the worker can still be corrected, and a card not keyed dropped
    other = grid_and_worker(GRID)[1]
    stacks.fix(cards, worker=other, numbers=["S9001"])
    assert _live() == ["S9001"] and Card.get_by_id(received[0].id).collected_by_id == other.id


def test_a_stack_cannot_take_numbers_already_logged_or_a_future_date(community_db):
    grid, worker = grid_and_worker(GRID)
    intake.receive(grid, worker, dt.date(2026, 11, 20), ["S0001", "S0002"], today=TODAY)
    intake.receive(grid, worker, dt.date(2026, 11, 20), ["S0003"], today=TODAY)
    cards = stacks.of_card("S0001")
    with pytest.raises(UserError, match="S0003 已登记过"):
        stacks.fix(cards, numbers=["S0001", "S0002", "S0003"])
    with pytest.raises(UserError, match="晚于今天"):
        stacks.fix(cards, collected_on=dt.date(2026, 11, 30), today=TODAY)
    with pytest.raises(UserError, match="没有卡号"):
        stacks.of_card("S7777")
    assert stacks.resized(cards, 1) == ["S0001"] and stacks.resized(cards, 4) == ["S0001", "S0002", "S0003", "S0004"]
    assert _live() == ["S0001", "S0002", "S0003"]


def _run(capsys, *args) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_stacks_from_the_command_line(community_db, capsys):
    grid, worker = grid_and_worker(GRID)
    other = grid_and_worker("第三网格")[1]
    db = ["--db", str(community_db)]
    code, out, _ = _run(capsys, "cards", "receive", "--grid", GRID, "--worker", worker.name,
                        "--collected-on", "2026-11-20", "--numbers", "S0201-S0210", *db)
    assert code == 0
    code, out, _ = _run(capsys, "cards", "stacks", "--limit", "1", "--json", *db)
    [listed] = json.loads(out)
    assert listed["numbers"] == "S0201–S0210" and listed["count"] == 10 and listed["worker"] == worker.name

    code, out, _ = _run(capsys, "cards", "stack-fix", "S0205", "--worker", other.name, "--count", "8", "--json", *db)
    fixed = json.loads(out)
    assert code == 0 and fixed["numbers"] == "S0201–S0208" and fixed["worker"] == other.name
    assert _live() == [f"S02{n:02d}" for n in range(1, 9)]

    code, _, err = _run(capsys, "cards", "stack-fix", "S0205", "--collected-on", "2026-02-30", *db)
    assert code == 2 and "不是日期" in err
    code, _, err = _run(capsys, "cards", "stack-fix", "S0205", *db)
    assert code == 2 and "请给出要更正的内容" in err
    code, _, err = _run(capsys, "cards", "stack-remove", "X404", *db)
    assert code == 2 and "没有卡号为“X404”的登记卡" in err

    code, out, _ = _run(capsys, "cards", "stack-remove", "S0201", "--json", *db)
    assert code == 0 and json.loads(out)["count"] == 8 and _live() == []
