"""A card's life is code: the states and steps in gridapp.cardlife, the only place that sets them."""

import ast
import datetime as dt
from pathlib import Path

import pytest

from gridapp import cardlife
from gridapp.cardlife import DRAFT, FILED, KEYED, RECEIVED, VERIFIED, StepRefused
from gridapp.models import Card
from gridapp.services import filing, verify
from gridapp.services.cards import save_card
from tests.cards.helpers import card, grid_and_worker, new_id

ROOT = Path(__file__).resolve().parents[2]


class _Card:
    card_no = "A001"

    def __init__(self, state):
        self.state = state
        self.keyed_at = self.verified_at = self.filed_at = None


def test_a_card_goes_received_draft_keyed_verified_filed():
    c = _Card(RECEIVED)
    at = dt.datetime(2026, 11, 20, 9, 30)
    for to in (DRAFT, KEYED, VERIFIED, FILED):
        cardlife.step(c, to, at, "张三")
    assert c.state == FILED and (c.keyed_at, c.keyed_by, c.filed_by) == (at, "张三", "张三")


@pytest.mark.parametrize("state,to", [(FILED, DRAFT), (RECEIVED, FILED), (VERIFIED, KEYED), (cardlife.RETIRED, KEYED)])
def test_a_step_the_card_life_does_not_allow_is_refused_in_chinese(state, to):
    c = _Card(state)
    with pytest.raises(StepRefused) as refused:
        cardlife.step(c, to)
    assert str(refused.value) == (f"登记卡 A001 当前为“{cardlife.STATES[state]}”，"
                                  f"不能改为“{cardlife.STATES[to]}”。")
    assert c.state == state and c.keyed_at is None


def test_every_state_has_a_label_and_steps():
    assert set(cardlife.STEPS) == set(cardlife.STATES)
    assert all(to in cardlife.STATES for steps in cardlife.STEPS.values() for to in steps)


def test_keying_verifying_and_filing_take_their_steps(community_db):
    grid, worker = grid_and_worker()
    members = [{"name": "生命户", "id_number": new_id(dt.date(1970, 3, 3), 501), "relation": "户主",
                "phone": "13900000000"}]
    saved = save_card(card("L001", worker, room="9951", members=members), today=dt.date(2026, 11, 22)).card
    assert saved.state == KEYED and saved.keyed_by
    verify.finish(saved, differences=0, fields=10)
    assert Card.get_by_id(saved.id).state == VERIFIED
    assert filing.file_cards([saved.archive_no]).filed == [saved.archive_no]
    assert Card.get_by_id(saved.id).state == FILED


def test_only_cardlife_sets_a_card_state():
    """No ``card.state = …`` (nor ``card.state, … = …``) outside gridapp/cardlife.py."""
    found = []
    for package in ("gridapp", "forms", "reports"):
        for path in (ROOT / package).rglob("*.py"):
            if path.name == "cardlife.py" and path.parent.name == "gridapp":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                targets = node.targets if isinstance(node, ast.Assign) else []
                for t in targets:
                    for el in (t.elts if isinstance(t, ast.Tuple) else [t]):
                        if (isinstance(el, ast.Attribute) and el.attr == "state"  # a card's, not a widget's or a filter's
                                and "card" in ast.unparse(el.value).lower()):
                            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
