"""Intake: a grid worker hands in a stack of cards; the clerk logs them in seconds."""

from __future__ import annotations

import datetime as dt
import re

from gridapp.errors import UserError, ValidationError
from gridapp.models import Card, Community, Grid, Staff, StaffGrid, database
from gridapp.services.checks import EARLIEST_COLLECTION
from gridapp.services.workdays import due_date
from gridapp.store.session import current_user


def expand_numbers(spec: str) -> list[str]:
    """``0101-0105, 0110`` → the card numbers, keeping their leading zeros."""
    numbers: list[str] = []
    for part in re.split(r"[,，、\s]+", (spec or "").strip()):
        if not part:
            continue
        m = re.fullmatch(r"(\w*?)(\d+)\s*[-~－～至–—]\s*(?:\1)?(\d+)", part)
        if m:
            prefix, a, b = m.groups()
            if int(b) < int(a):
                raise ValidationError(f"区间 “{part}” 的结尾小于开头", "卡号")
            if int(b) - int(a) >= 1000:
                raise ValidationError(f"区间 “{part}” 超过 1000 张", "卡号")
            width = len(a)
            numbers += [f"{prefix}{n:0{width}d}" for n in range(int(a), int(b) + 1)]
        elif re.fullmatch(r"[\w-]+", part):
            numbers.append(part)
        else:
            raise ValidationError(f"无法识别 “{part}”（如 0101-0150 或 0101,0102）", "卡号")
    return numbers


def next_numbers(community: Community, count: int) -> list[str]:
    """The next ``count`` free numbers after the community's highest numeric card number."""
    numeric = [c.card_no for c in Card.select(Card.card_no).where(Card.community == community)
               if c.card_no.isdigit()]
    top = max((int(n) for n in numeric), default=0)
    width = max((len(n) for n in numeric), default=6)
    return [f"{n:0{width}d}" for n in range(top + 1, top + 1 + count)]


def worker_of(grid: Grid, name: str) -> Staff:
    staff = (Staff.live().join(StaffGrid, on=(StaffGrid.staff == Staff.id))
             .where(StaffGrid.grid == grid, StaffGrid.deleted == False, Staff.name == name).first())  # noqa: E712
    if staff is None:
        staff = Staff.live().where(Staff.name == name, (Staff.community == grid.community) |
                                   Staff.community.is_null()).first()
    if staff is None:
        raise ValidationError(f"{grid.community.name}没有名为“{name}”的网格员", "采集网格员")
    return staff


def default_worker(grid: Grid | int | None) -> Staff | None:
    """Who usually hands in a grid's cards: its post-A grid worker (岗位A), else whoever serves
    it on post A (a grid leader), else on post B."""
    if grid is None:
        return None
    return (Staff.live().join(StaffGrid, on=(StaffGrid.staff == Staff.id))
            .where(StaffGrid.grid == grid, StaffGrid.deleted == False)  # noqa: E712
            .order_by(StaffGrid.post, Staff.role != "grid_worker", Staff.name).first())


def check_collected_on(collected_on: dt.date, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if collected_on > today:
        raise ValidationError(f"采集日期 {collected_on} 晚于今天", "接收登记卡")
    if collected_on < EARLIEST_COLLECTION:
        raise ValidationError(f"采集日期 {collected_on} 早于 {EARLIEST_COLLECTION.year} 年，请核对", "接收登记卡")


def taken_numbers(community: Community, numbers: list[str]) -> set[str]:
    """Which of ``numbers`` the community's live cards already carry."""
    if not numbers:
        return set()
    return {c.card_no for c in Card.live(Card.card_no).where(Card.community == community, Card.card_no.in_(numbers))}


def compact(numbers: list[str]) -> str:
    """Card numbers as a clerk writes them: ``0101–0105、0110``."""
    runs: list[list[str]] = []
    for n in sorted(numbers, key=lambda n: (len(n), n)):
        last = runs[-1][-1] if runs else ""
        m, p = re.fullmatch(r"(.*?)(\d+)", n), re.fullmatch(r"(.*?)(\d+)", last)
        if m and p and m[1] == p[1] and len(m[2]) == len(p[2]) and int(m[2]) == int(p[2]) + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return "、".join(r[0] if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


def receive(grid: Grid, worker: Staff, collected_on: dt.date, numbers: list[str] | None = None,
            count: int = 0, today: dt.date | None = None) -> list[Card]:
    """Log a stack of cards as received; each gets its due date under the two-day rule."""
    check_collected_on(collected_on, today)
    community = grid.community
    with database.atomic():
        numbers = list(numbers or []) + (next_numbers(community, count) if count else [])
        if not numbers:
            raise UserError("请填写卡号区间或张数。")
        taken = taken_numbers(community, numbers)
        if taken:
            raise ValidationError("、".join(sorted(taken)) + " 已登记过", "卡号")
        due = due_date(collected_on, community)
        now, user = dt.datetime.now(), current_user()
        return [Card.create(card_no=n, community=community, grid=grid, collected_by=worker,
                            collected_on=collected_on, due_on=due.day, received_at=now, received_by=user)
                for n in numbers]
