"""The two-day board: cards due today, overdue, stuck at a step; the month's on-time
rate per grid worker and per grid. A card keyed on or before its due date is on time."""

from __future__ import annotations

import datetime as dt

from peewee import Case, ColumnBase, fn

from gridapp import cardlife
from gridapp.errors import UserError
from gridapp.models import Card, Community, Grid, Staff
from gridapp.queryrows import dicts
from gridapp.services.sqlparts import columns_by_position
from gridapp.sortkeys import natural_key

OPEN_STATES = cardlife.OPEN


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


def month_range(month: str) -> tuple[dt.date, dt.date]:
    """[first day, first day of the next month) of ``YYYY-MM``."""
    try:
        year, mon = map(int, month.split("-"))
        start = dt.date(year, mon, 1)
    except (ValueError, AttributeError):
        raise UserError(f"月份须写作 YYYY-MM，不是“{month}”。") from None
    return start, dt.date(year + (mon == 12), mon % 12 + 1, 1)


def timeliness(month: str, today: dt.date | None = None, community=None, by: str = "worker") -> list[dict]:
    """Cards collected in ``month`` (YYYY-MM), per worker (or per grid, or per staff id with
    ``by="staff"``): cards, on time, late, pending, rate.

    Counted in SQL: on time = keyed on or before the due date; late = keyed after it, or
    still not keyed once it has passed; pending = not keyed and not yet due."""
    today = today or dt.date.today()
    start, end = month_range(month)
    keyed_on = fn.substr(Card.keyed_at, 1, 10)  # stored as ISO text on every engine
    keyed = Card.keyed_at.is_null(False)
    keys: dict[str, ColumnBase] = {"worker": Staff.name, "staff": Card.collected_by}
    key = keys.get(by) or Community.name.concat(" ").concat(Grid.name)
    q = (Card.select(key.alias("key"), fn.COUNT(Card.id).alias("cards"),
                     fn.SUM(Case(None, [(keyed & (keyed_on <= Card.due_on), 1)], 0)).alias("on_time"),
                     fn.SUM(Case(None, [(keyed & (keyed_on > Card.due_on), 1),
                                        (~keyed & (Card.due_on < today), 1)], 0)).alias("late"))
         .join(Grid, on=(Card.grid == Grid.id))
         .switch(Card).join(Staff, on=(Card.collected_by == Staff.id))
         .switch(Card).join(Community, on=(Card.community == Community.id))
         .where(Card.deleted == False, Card.collected_on >= start, Card.collected_on < end)  # noqa: E712
         .group_by(*columns_by_position(1)).order_by(*columns_by_position(1)))
    if isinstance(community, (list, tuple, set)):
        q = q.where(Card.community.in_(list(community)))
    elif community is not None:
        q = q.where(Card.community == community)
    rows = []
    for r in dicts(q):
        on, late = int(r["on_time"] or 0), int(r["late"] or 0)
        rows.append({by: r["key"], "cards": r["cards"], "on_time": on, "late": late,
                     "pending": r["cards"] - on - late, "rate": round(on / (on + late), 4) if on + late else None})
    return sorted(rows, key=lambda r: natural_key(str(r[by])))  # 第二网格 before 第十二网格


def late_cards(month: str, today: dt.date | None = None, community=None) -> list[dict]:
    """The cards collected in ``month`` that missed their due date: keyed after it, or still not
    keyed once it has passed (``keyed_on`` None), most late first."""
    today = today or dt.date.today()
    start, end = month_range(month)
    q = _cards(community).where(Card.collected_on >= start, Card.collected_on < end)
    rows = []
    for card in q:
        keyed_on = card.keyed_at.date() if card.keyed_at else None
        late = ((keyed_on or today) - card.due_on).days
        if late > 0:
            rows.append(_row(card, today) | {"keyed_on": keyed_on.isoformat() if keyed_on else None,
                                             "days_late": late})
    return sorted(rows, key=lambda r: (-r["days_late"], r["card_no"]))
