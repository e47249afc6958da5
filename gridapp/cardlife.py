"""A paper household card's life, as code: its states, the steps allowed between them, and
the one function that changes a card's state (with the time and user of the step).

received → draft (typing began, not saved) → keyed → verified (a second keying agreed) →
filed (back in its binder); a card whose household moved away is ``moved``, one withdrawn
is ``retired``. A step not in ``STEPS`` is refused with a Chinese message. The services
save the card; nothing else sets ``card.state``.
"""

from __future__ import annotations

import datetime as dt

from gridapp.errors import UserError

RECEIVED, DRAFT, KEYED, VERIFIED, FILED, MOVED, RETIRED = (
    "received", "draft", "keyed", "verified", "filed", "moved", "retired")
STATES = {RECEIVED: "已接收", DRAFT: "草稿", KEYED: "已录入", VERIFIED: "已复核", FILED: "已归档",
          MOVED: "已迁出", RETIRED: "已注销"}

OPEN = (RECEIVED, DRAFT)  # not keyed yet: on the two-day board
KEYED_STATES = (KEYED, VERIFIED)  # keyed, not yet back in its binder
ENTERED = (KEYED, VERIFIED, FILED)  # its household is in the database

STEPS: dict[str, frozenset[str]] = {
    RECEIVED: frozenset({DRAFT, KEYED, RETIRED}),
    DRAFT: frozenset({KEYED, RETIRED}),
    KEYED: frozenset({VERIFIED, FILED, MOVED, RETIRED}),
    VERIFIED: frozenset({FILED, MOVED, RETIRED}),
    FILED: frozenset({MOVED, RETIRED}),
    MOVED: frozenset(),
    RETIRED: frozenset(),
}
# the step that records its time and user on the card
_STAMPED = {KEYED: ("keyed_at", "keyed_by"), VERIFIED: ("verified_at", "verified_by"),
            FILED: ("filed_at", "filed_by")}


class StepRefused(UserError):
    """A card asked to take a step its life does not allow."""

    def __init__(self, card_no: str, state: str, to: str):
        self.state, self.to = state, to
        super().__init__(f"登记卡 {card_no} 当前为“{label(state)}”，不能改为“{label(to)}”。")


def label(state: str) -> str:
    return STATES.get(state, state)


def allowed(state: str, to: str) -> bool:
    return to in STEPS.get(state, frozenset())


def step(card, to: str, at: dt.datetime | None = None, user: str = "") -> None:
    """Move ``card`` to state ``to`` (the caller saves it); a keying, verification or filing
    keeps its time and user. Refuses (``StepRefused``) a step not allowed."""
    if not allowed(card.state, to):
        raise StepRefused(card.card_no, card.state, to)
    card.state = to
    if to in _STAMPED:
        stamp(card, to, at, user)


def stamp(card, what: str, at: dt.datetime | None, user: str) -> None:
    """Record when and by whom a step was taken (a card keyed again keeps its state)."""
    when, who = _STAMPED[what]
    setattr(card, when, at or dt.datetime.now())
    setattr(card, who, user)
