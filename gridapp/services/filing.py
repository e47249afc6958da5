"""Filing by grid (按格归档): archive numbers, the filing register and the missing list.

A card saved as keyed gets an archive number from its grid: grid code, binder and
position, ``03-02-047``. Binders hold ``filing.binder_capacity`` cards (default 100).
The director ticks cards filed by typing or scanning their numbers; a card keyed
more than ``filing.missing_after_days`` days ago and still not filed is missing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from peewee import fn

from gridapp import settings
from gridapp.errors import ValidationError
from gridapp.models import Card, Community, Grid, Household, Person, database
from gridapp.services.session import current_user

KEYED_STATES = ("keyed", "verified")
_NUMBER = re.compile(r"^(\d{2,3})-(\d{2,3})-(\d{3,4})$")


def format_number(grid_number: int, binder: int, position: int) -> str:
    return f"{grid_number:02d}-{binder:02d}-{position:03d}"


def normalise(text: str) -> str:
    """``3-2-47``, ``03 02 047`` or a scanner's ``03-02-047\\n`` → ``03-02-047``."""
    parts = re.findall(r"\d+", text or "")
    if len(parts) != 3:
        raise ValidationError(f"“{text.strip()}” 不是档案号（如 03-02-047）", "归档")
    return format_number(*(int(p) for p in parts))


def next_number(grid: Grid) -> str:
    """The next free place in the grid's binders."""
    capacity = settings.get("filing.binder_capacity", grid.community_id)
    used = (Card.select(fn.COUNT(Card.id)).where(Card.grid == grid, Card.archive_no != "").scalar() or 0)
    binder, position = divmod(used, capacity)
    return format_number(grid.number, binder + 1, position + 1)


def assign(card: Card) -> str:
    """Give a keyed card its archive number (once; a card keeps its number for good)."""
    if not card.archive_no:
        card.archive_no = next_number(card.grid)
    return card.archive_no


@dataclass
class FilingResult:
    filed: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    not_keyed: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def file_cards(numbers: list[str], community: Community | None = None) -> FilingResult:
    """Tick the paper cards with these archive numbers as filed."""
    result = FilingResult()
    with database.atomic():
        now, user = dt.datetime.now(), current_user()
        for text in numbers:
            if not text.strip():
                continue
            number = normalise(text)
            q = Card.live().where(Card.archive_no == number)
            if community is not None:
                q = q.where(Card.community == community)
            card = q.first()
            if card is None:
                result.unknown.append(number)
            elif card.state == "filed":
                result.already.append(number)
            elif card.state not in KEYED_STATES:
                result.not_keyed.append(number)
            else:
                card.state, card.filed_at, card.filed_by = "filed", now, user
                card.save()
                result.filed.append(number)
    return result


def _head_names(household_ids) -> dict:
    rows = (Person.select(Person.household, Person.name)
            .where(Person.household.in_(list(household_ids)), Person.relation == "户主", Person.deleted == False))  # noqa: E712
    return {r.household_id: r.name for r in rows}


def _member_counts(household_ids) -> dict:
    rows = (Person.select(Person.household, fn.COUNT(Person.id))
            .where(Person.household.in_(list(household_ids)), Person.deleted == False,  # noqa: E712
                   Person.departed_on.is_null()).group_by(Person.household).tuples())
    return dict(rows)


@dataclass(frozen=True)
class RegisterRow:
    archive_no: str
    binder: int
    card_no: str
    community: str
    grid: str
    address: str
    head: str
    members: int
    collected_on: dt.date
    keyed_at: dt.datetime | None
    state: str
    filed_at: dt.datetime | None
    filed_by: str
    missing: bool


def register(community: Community | None = None, grid: Grid | None = None,
             today: dt.date | None = None) -> list[RegisterRow]:
    """Every card with an archive number, in archive order, with its filing state."""
    today = today or dt.date.today()
    q = (Card.live(Card, Grid, Community).join(Grid, on=(Card.grid == Grid.id))
         .switch(Card).join(Community, on=(Card.community == Community.id))
         .where(Card.archive_no != ""))
    if community is not None:
        q = q.where(Card.community == community)
    if grid is not None:
        q = q.where(Card.grid == grid)
    cards = list(q.order_by(Community.name, Grid.number, Card.archive_no))
    households = {c.household_id for c in cards if c.household_id}
    heads, counts = _head_names(households), _member_counts(households)
    addresses = {h.id: f"{h.house.building.name} {h.house.unit}单元 {h.house.room}室"
                 for h in Household.select().where(Household.id.in_(list(households)))}
    rows = []
    for c in cards:
        limit = settings.get("filing.missing_after_days", c.community_id)
        missing = c.state in KEYED_STATES and c.keyed_at is not None and (today - c.keyed_at.date()).days > limit
        rows.append(RegisterRow(c.archive_no, int(c.archive_no.split("-")[1]), c.card_no, c.community.name,
                                c.grid.name, addresses.get(c.household_id, ""), heads.get(c.household_id, ""),
                                counts.get(c.household_id, 0), c.collected_on, c.keyed_at, c.state,
                                c.filed_at, c.filed_by, missing))
    return rows


def missing(community: Community | None = None, today: dt.date | None = None) -> list[RegisterRow]:
    """Keyed long enough ago and still not back in its binder."""
    return [r for r in register(community, today=today) if r.missing]


def archive_number_of(household: Household) -> str:
    """The household's current archive number: that of its latest keyed card."""
    card = (Card.live().where(Card.household == household, Card.archive_no != "")
            .order_by(Card.keyed_at.desc()).first())
    return card.archive_no if card else ""
