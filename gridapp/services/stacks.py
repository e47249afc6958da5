"""The stacks of cards as they were received, and correcting a stack logged wrongly.

A stack is what one ``intake.receive`` logged: the cards of one grid, one worker and one
collection date received at the same moment. A wrong worker or date can be corrected at any
time; cards can be dropped from a stack (or the whole stack removed) only while none of them
has been keyed. Every change is an ordinary synced, audited write; removed cards get
tombstones.
"""

from __future__ import annotations

import datetime as dt
import re

from peewee import fn

from gridapp.errors import UserError, ValidationError
from gridapp.models import Card, Community, Staff, database
from gridapp.services.intake import check_collected_on, compact, taken_numbers
from gridapp.services.workdays import due_date
from gridapp.store import audit, roles

STACK_KEY = (Card.community, Card.grid, Card.collected_by, Card.collected_on, Card.received_at)


def recent(community: Community | None = None, limit: int = 20) -> list[dict]:
    """The last ``limit`` stacks received or corrected here, the latest first."""
    query = (Card.live(*STACK_KEY).group_by(*STACK_KEY)
             .order_by(fn.MAX(Card.clock).desc(), Card.received_at.desc()).limit(limit))
    if community is not None:
        query = query.where(Card.community == community)
    return [describe(_members(row)) for row in query]


def _members(key: Card) -> list[Card]:
    return list(Card.live().where(*(field == getattr(key, field.name) for field in STACK_KEY))
                .order_by(Card.card_no))


def of_card(card_no: str, community: Community | None = None) -> list[Card]:
    """The stack holding the card numbered ``card_no`` (in ``community`` when given)."""
    card_no = (card_no or "").strip()
    query = Card.live().where(Card.card_no == card_no)
    if community is not None:
        query = query.where(Card.community == community)
    found = list(query)
    if not found:
        raise UserError(f"没有卡号为“{card_no}”的登记卡。")
    if len({c.community_id for c in found}) > 1:
        raise UserError(f"卡号“{card_no}”在多个社区都有，请用 --community 指明。")
    return _members(found[0])


def of_listed(row: dict) -> list[Card]:
    """The stack a row of ``recent`` describes (its community named, as a street office lists several)."""
    community = Community.live().where(Community.name == row["community"]).first()
    return of_card(row["card_no"], community)


def describe(cards: list[Card]) -> dict:
    first = cards[0]
    keyed = [c.card_no for c in cards if c.state != "received"]
    return {"card_no": first.card_no, "community": first.community.name, "grid": first.grid.name,
            "worker": first.collected_by.name, "collected_on": first.collected_on, "due_on": first.due_on,
            "received_at": first.received_at.isoformat(timespec="seconds"), "received_by": first.received_by,
            "count": len(cards), "numbers": compact([c.card_no for c in cards]), "keyed": len(keyed)}


def _refuse_keyed(cards: list[Card], what: str) -> None:
    keyed = [c.card_no for c in cards if c.state != "received"]
    if keyed:
        raise UserError(f"登记卡 {compact(keyed)} 已录入，不能{what}：只能更正网格员或采集日期。")


def resized(cards: list[Card], count: int) -> list[str]:
    """The stack's numbers for ``count`` cards: its first ``count``, or continued after its last."""
    numbers = [c.card_no for c in cards]
    if count < 1:
        raise UserError("张数至少为 1：要删除整叠请用“删除”。")
    if count <= len(numbers):
        return numbers[:count]
    last = re.fullmatch(r"(.*?)(\d+)", numbers[-1])
    if last is None:
        raise UserError(f"卡号“{numbers[-1]}”不以数字结尾，无法顺延：请直接给出卡号。")
    prefix, digits = last[1], last[2]
    more = [f"{prefix}{n:0{len(digits)}d}" for n in range(int(digits) + 1, int(digits) + 1 + count - len(numbers))]
    return numbers + more


def fix(cards: list[Card], worker: Staff | None = None, collected_on: dt.date | None = None,
        numbers: list[str] | None = None, today: dt.date | None = None) -> dict:
    """Correct the stack: its worker, its collection date (the due date follows) and its card
    numbers (new numbers are added, numbers left out are removed). Returns the stack as it is now."""
    roles.require("cards.edit")
    if not cards:
        raise UserError("这一叠登记卡已经没有了。")
    first = cards[0]
    with database.atomic():
        if numbers is not None:
            wanted = list(dict.fromkeys(numbers))
            if not wanted:
                raise UserError("卡号不能为空：要删除整叠请用“删除”。")
            dropped = [c for c in cards if c.card_no not in wanted]
            _refuse_keyed(dropped, "从这一叠中去掉")
            have = {c.card_no for c in cards}
            added = [n for n in wanted if n not in have]
            taken = taken_numbers(first.community, added)
            if taken:
                raise ValidationError("、".join(sorted(taken)) + " 已登记过", "卡号")
            for card in dropped:
                card.delete_instance()
            cards = [c for c in cards if c.card_no in wanted]
            cards += [Card.create(card_no=n, community=first.community, grid=first.grid,
                                  collected_by=first.collected_by, collected_on=first.collected_on,
                                  due_on=first.due_on, received_at=first.received_at,
                                  received_by=first.received_by) for n in added]
        if collected_on is not None and collected_on != first.collected_on:
            check_collected_on(collected_on, today)
            due = due_date(collected_on, first.community).day
            for card in cards:
                card.collected_on, card.due_on = collected_on, due
                card.save()
        if worker is not None and worker.id != first.collected_by_id:
            for card in cards:
                card.collected_by = worker
                card.save()
        cards.sort(key=lambda c: c.card_no)
        result = describe(cards)
        audit.record_event("stack.fix", "card", str(first.id), f"{result['grid']} {result['numbers']}")
    return result


def remove(cards: list[Card]) -> dict:
    """Remove a stack logged by mistake (none of its cards keyed): every card gets a tombstone."""
    roles.require("cards.edit")
    if not cards:
        raise UserError("这一叠登记卡已经没有了。")
    _refuse_keyed(cards, "删除")
    gone = describe(cards)
    with database.atomic():
        for card in cards:
            card.delete_instance()
        audit.record_event("stack.remove", "card", str(cards[0].id), f"{gone['grid']} {gone['numbers']}")
    return gone
