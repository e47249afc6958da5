"""The month's matters in figures: by grid, kind, business line and state; the on-time closure
rate and residents' satisfaction. Also the matters line of ``stats``.

A month's matters are those found or received in it. A matter is *decided* once it is closed
or its promised date has passed; the on-time closure rate is closed by the promised date ÷
decided. Satisfaction is satisfied ÷ called back.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from gridapp.errors import ValidationError
from gridapp.models import Community, Grid, Matter
from gridapp.services.matterinput import KINDS
from gridapp.services.matters import STATES
from gridapp.services.scope import Scope

OPEN = {"received", "assigned", "in_hand", "done", "checked", "referred"}


def month_range(month: str) -> tuple[dt.date, dt.date]:
    try:
        first = dt.date.fromisoformat(f"{month}-01")
    except (TypeError, ValueError):
        raise ValidationError(f"“{month}”不是月份（如 2026-11）", "月份") from None
    if len(month) != 7:
        raise ValidationError(f"“{month}”不是月份（如 2026-11）", "月份")
    return first, (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _rows(scope: Scope, start: dt.date | None = None, end: dt.date | None = None):
    q = (Matter.select(Matter.grid, Grid.name, Matter.kind, Matter.line, Matter.state, Matter.satisfied,
                       Matter.promised_on, Matter.closed_at)
         .join(Grid).where(Matter.deleted == False))  # noqa: E712
    if start is not None:
        assert end is not None, "a period has both ends"
        q = q.where(Matter.found_at >= dt.datetime.combine(start, dt.time()),
                    Matter.found_at < dt.datetime.combine(end, dt.time()))
    return scope.restrict(q).tuples()


def _figures(rows: list[tuple], today: dt.date) -> dict:
    closed = [r for r in rows if r[4] == "closed"]
    on_time = sum(1 for r in closed if r[6] is None or _day(r[7]) <= r[6])
    overdue_open = sum(1 for r in rows if r[4] in OPEN and r[6] is not None and today > r[6])
    yes = sum(1 for r in rows if r[5] == "yes")
    called = sum(1 for r in rows if r[5] in ("yes", "no"))
    decided = len(closed) + overdue_open
    return {"matters": len(rows), "closed": len(closed), "closed_on_time": on_time, "overdue_open": overdue_open,
            "on_time_rate": round(on_time / decided, 4) if decided else None, "called_back": called,
            "satisfied": yes, "satisfaction": round(yes / called, 4) if called else None}


def _day(value) -> dt.date:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.date() if isinstance(value, dt.datetime) else value


def month_report(month: str, scope: Scope = Scope(), today: dt.date | None = None) -> dict:
    """The figures of ``month`` (YYYY-MM) in ``scope``."""
    today = today or dt.date.today()
    start, end = month_range(month)
    rows = list(_rows(scope, start, end))
    grids = scope.restrict(Grid.live(Grid.id, Grid.name).join(Community).where(Community.deleted == False))  # noqa: E712
    by_grid = []
    for g in grids.order_by(Community.name, Grid.number):
        mine = [r for r in rows if r[0] == g.id]
        by_grid.append({"grid": g.name, **_figures(mine, today)})
    return {"month": month, "scope": scope.label, "as_of": today.isoformat(), **_figures(rows, today),
            "by_grid": by_grid,
            "by_kind": {label: sum(1 for r in rows if r[2] == code) for code, label in KINDS.items()},
            "by_line": dict(sorted(Counter(r[3] or "未分派" for r in rows).items())),
            "by_state": {label: sum(1 for r in rows if r[4] == code) for code, label in STATES.items()}}


def summary(scope: Scope = Scope(), today: dt.date | None = None) -> dict:
    """All matters in ``scope``: the ``matters`` line of ``stats``."""
    today = today or dt.date.today()
    rows = list(_rows(scope))
    figures = _figures(rows, today)
    return {"total": len(rows), "open": sum(1 for r in rows if r[4] in OPEN), "overdue": figures["overdue_open"],
            "on_time_rate": figures["on_time_rate"], "satisfaction": figures["satisfaction"],
            "by_state": {code: sum(1 for r in rows if r[4] == code) for code in STATES},
            "by_kind": {code: sum(1 for r in rows if r[2] == code) for code in KINDS}}
