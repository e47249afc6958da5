"""A month of known work for the appraisal tests: 孙网格 holds 和平里1栋 (7 households living
there, one with a must-visit person, 4 heads with an ID number and a phone) on post A, 周备岗
on post B; in October 2026 孙网格 collected 4 cards (3 keyed on time, 1 late, 2 filed in the
month, and one of September's filed in it too) and visited 2 households on each of 6 days."""

from __future__ import annotations

import datetime as dt

from gridapp.models import Card, Staff
from gridapp.services import visits
from tests import boards_data

MONTH = "2026-10"
LINES = ["1栋1单元101 102", "1栋1单元201 202", "1栋2单元201 1单元301", "1栋1单元101 1单元102",
         "和平里1栋1单元201 2单元201", "1栋1单元202 301"]


def _card(n: int, made: dict, worker: Staff, collected: dt.date, keyed_days: int, filed: dt.date | None) -> None:
    at = dt.datetime.combine(collected, dt.time(9))
    Card.create(card_no=f"{n:06d}", community=made["community"], grid=made["grid"], collected_by=worker,
                collected_on=collected, due_on=collected + dt.timedelta(days=2), received_at=at,
                keyed_at=at + dt.timedelta(days=keyed_days), state="filed" if filed else "keyed",
                filed_at=dt.datetime.combine(filed, dt.time(15)) if filed else None)


def build() -> dict:
    made = boards_data.build()
    worker = Staff.get(Staff.name == "孙网格")
    for n, (day, delay, filed) in enumerate([(3, 0, 10), (8, 2, 20), (15, 1, None), (20, 4, None)], 1):
        _card(n, made, worker, dt.date(2026, 10, day), delay, dt.date(2026, 10, filed) if filed else None)
    _card(9, made, worker, dt.date(2026, 9, 28), 0, dt.date(2026, 10, 2))  # September's card, filed in October
    for day, line in zip((5, 6, 9, 12, 13, 20), LINES):
        visits.record("孙网格", dt.date(2026, 10, day), line)
    made["worker"], made["backup"] = worker, Staff.get(Staff.name == "周备岗")
    return made
