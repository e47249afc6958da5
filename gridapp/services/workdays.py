"""Due dates under the two-day rule: calendar days by default, or working days by
China's official calendar with its make-up workdays.

The calendar comes from the ``chinesecalendar`` package; days the office keyed
itself (``CalendarDay``) take precedence, which is how a year the package does not
cover yet (1.11 stops at 2026) is handled. A due date that relies on plain weekdays
for lack of data carries a warning that says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import chinese_calendar

from gridapp import settings
from gridapp.errors import ValidationError
from gridapp.models import CalendarDay, database


@dataclass(frozen=True)
class Due:
    day: dt.date
    warning: str = ""


def _keyed(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    rows = CalendarDay.live().where(CalendarDay.day.between(start, end))
    return {r.day: r.workday for r in rows}


def is_covered(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _office_years(years: set[int]) -> set[int]:
    """Years for which the office has keyed its own holiday arrangements."""
    return {y for y in years if CalendarDay.live().where(
        CalendarDay.day.between(dt.date(y, 1, 1), dt.date(y, 12, 31))).exists()}


def add_working_days(start: dt.date, days: int) -> Due:
    keyed = _keyed(start, start + dt.timedelta(days=days * 3 + 30))
    day, left, guessed = start, days, set()
    while left > 0:
        day += dt.timedelta(days=1)
        if day in keyed:
            working = keyed[day]
        else:
            try:
                working = chinese_calendar.is_workday(day)
            except NotImplementedError:
                working = day.weekday() < 5
                guessed.add(day.year)
        if working:
            left -= 1
    warning = ""
    guessed -= _office_years(guessed)
    if guessed:
        years = "、".join(str(y) for y in sorted(guessed))
        warning = f"{years} 年的法定节假日和调休尚无数据，按周一至周五计算；请在“节假日”中录入当年安排"
    return Due(day, warning)


def working_days(start: dt.date, end: dt.date) -> tuple[list[dt.date], str]:
    """The working days from ``start`` to ``end`` inclusive by the office's calendar (its keyed
    days first, then the official one), and a warning when a year had to be guessed."""
    keyed = _keyed(start, end)
    days, guessed = [], set()
    day = start
    while day <= end:
        if day in keyed:
            working = keyed[day]
        else:
            try:
                working = chinese_calendar.is_workday(day)
            except NotImplementedError:
                working = day.weekday() < 5
                guessed.add(day.year)
        if working:
            days.append(day)
        day += dt.timedelta(days=1)
    guessed -= _office_years(guessed)
    warning = f"{'、'.join(str(y) for y in sorted(guessed))} 年的法定节假日和调休尚无数据，按周一至周五排班" if guessed else ""
    return days, warning


def due_date(collected_on: dt.date, community=None) -> Due:
    days = settings.get("cards.due_days", community)
    if settings.get("cards.working_days", community):
        return add_working_days(collected_on, days)
    return Due(collected_on + dt.timedelta(days=days))


def key_day(day: dt.date | None, workday: bool, name: str = "") -> CalendarDay:
    """Record an official holiday (workday False) or make-up workday (True)."""
    if not isinstance(day, dt.date):
        raise ValidationError("须为日期", "节假日")
    with database.atomic():
        row = CalendarDay.live().where(CalendarDay.day == day).first() or CalendarDay(day=day)
        row.workday, row.name = workday, name
        row.save()
    return row
