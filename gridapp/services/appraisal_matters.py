"""System items from matters (事项) for the monthly appraisal: the matters a grid worker found
or received, and of the month's matters in the worker's grids the share closed by the promised
date and the share of residents satisfied when called back. Counted in one query per month."""

from __future__ import annotations

import datetime as dt

from gridapp.models import Grid, Matter
from gridapp.queryrows import tuples
from gridapp.services.matterstats import _figures

FORMULAS = ("matters_found", "matters_on_time", "matters_satisfaction")


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def evidence(start: dt.date, end: dt.date, staff: list, today: dt.date) -> dict:
    """{staff id: {formula: {"value", "text"}}} for the month [start, end)."""
    communities = list({w.community_id for w in staff})
    if not communities:
        return {}
    rows = list(tuples(Matter.select(Matter.grid, Grid.name, Matter.kind, Matter.line, Matter.state, Matter.satisfied,
                                     Matter.promised_on, Matter.closed_at, Matter.found_by, Matter.community)
                       .join(Grid).where(Matter.deleted == False, Matter.community.in_(communities),  # noqa: E712
                                         Matter.found_at >= dt.datetime.combine(start, dt.time()),
                                         Matter.found_at < dt.datetime.combine(end, dt.time()))))
    out = {}
    for w in staff:
        found = sum(1 for r in rows if r[8] == w.name and r[9] == w.community_id)
        grids = set(w.grids)
        f = _figures([r for r in rows if r[0] in grids], today)
        decided = f["closed"] + f["overdue_open"]
        out[w.id] = {
            "matters_found": {"value": found, "text": f"本月发现/受理事项 {found} 件"},
            "matters_on_time": {"value": f["on_time_rate"],
                                "text": f"网格本月事项按时办结 {f['closed_on_time']} 件 ÷（已办结 {f['closed']} + "
                                        f"逾期未结 {f['overdue_open']}）= {_pct(f['on_time_rate'])}"
                                        + ("；本月没有已办结或到期的事项" if not decided else "")},
            "matters_satisfaction": {"value": f["satisfaction"],
                                     "text": f"回访满意 {f['satisfied']} 件 ÷ 回访 {f['called_back']} 件 = "
                                             f"{_pct(f['satisfaction'])}"
                                             + ("；本月没有回访的事项" if not f["called_back"] else "")},
        }
    return out


def goals(target) -> dict:
    """How each formula's full marks are reached, in the words of the sheet."""
    return {"matters_found": f"发现/受理事项 ≥{target} 件得满分", "matters_on_time": f"按时办结率达 {_pct(target)} 得满分",
            "matters_satisfaction": f"回访满意率达 {_pct(target)} 得满分"}
