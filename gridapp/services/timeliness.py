"""The two-day board: cards due today, overdue, stuck at a step; the month's on-time
rate per grid worker and per grid. A card keyed on or before its due date is on time."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from gridapp.models import Card, Community, Grid, Staff

OPEN_STATES = ("received", "draft")


def _cards(community=None):
    q = (Card.live(Card, Grid, Staff, Community).join(Grid, on=(Card.grid == Grid.id))
         .switch(Card).join(Staff, on=(Card.collected_by == Staff.id))
         .switch(Card).join(Community, on=(Card.community == Community.id)))
    if community is not None:
        q = q.where(Card.community == community)
    return q


def _row(card: Card, today: dt.date) -> dict:
    return {"card_no": card.card_no, "community": card.community.name, "grid": card.grid.name,
            "worker": card.collected_by.name, "collected_on": card.collected_on.isoformat(),
            "due_on": card.due_on.isoformat(), "days_late": max(0, (today - card.due_on).days),
            "state": card.state}


def overdue(today: dt.date | None = None, community=None) -> list[dict]:
    """Cards past their due date and still not keyed, most late first."""
    today = today or dt.date.today()
    q = _cards(community).where(Card.state.in_(OPEN_STATES), Card.due_on < today)
    return [_row(c, today) for c in q.order_by(Card.due_on, Card.card_no)]


def due_today(today: dt.date | None = None, community=None) -> list[dict]:
    today = today or dt.date.today()
    q = _cards(community).where(Card.state.in_(OPEN_STATES), Card.due_on == today)
    return [_row(c, today) for c in q.order_by(Card.card_no)]


def open_cards(today: dt.date | None = None, community=None) -> list[dict]:
    """Received but not yet keyed, any due date."""
    today = today or dt.date.today()
    q = _cards(community).where(Card.state.in_(OPEN_STATES))
    return [_row(c, today) for c in q.order_by(Card.due_on, Card.card_no)]


def on_time(card: Card, today: dt.date) -> bool | None:
    """True / False once decided; None while an unkeyed card is still within its time."""
    if card.keyed_at is not None:
        return card.keyed_at.date() <= card.due_on
    return None if today <= card.due_on else False


def timeliness(month: str, today: dt.date | None = None, community=None, by: str = "worker") -> list[dict]:
    """Cards collected in ``month`` (YYYY-MM), per worker (or per grid): cards, on time, late, pending, rate."""
    today = today or dt.date.today()
    year, mon = map(int, month.split("-"))
    start = dt.date(year, mon, 1)
    end = dt.date(year + (mon == 12), mon % 12 + 1, 1)
    tally = defaultdict(lambda: {"cards": 0, "on_time": 0, "late": 0, "pending": 0})
    for card in _cards(community).where(Card.collected_on >= start, Card.collected_on < end):
        key = card.collected_by.name if by == "worker" else f"{card.community.name} {card.grid.name}"
        t = tally[key]
        t["cards"] += 1
        verdict = on_time(card, today)
        t["on_time" if verdict else "late" if verdict is False else "pending"] += 1
    rows = []
    for key in sorted(tally):
        t = tally[key]
        decided = t["on_time"] + t["late"]
        rows.append({by: key, **t, "rate": round(t["on_time"] / decided, 4) if decided else None})
    return rows
