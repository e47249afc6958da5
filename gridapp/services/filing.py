"""Filing by grid (按格归档): archive numbers, the filing register and the missing list.

A card saved as keyed gets an archive number from its grid: grid code, binder and
position, ``03-02-047``. Binders hold ``filing.binder_capacity`` cards (default 100).
The director ticks cards filed by typing or scanning their numbers; a card keyed
more than ``filing.missing_after_days`` days ago and still not filed is missing.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from dataclasses import dataclass, field
from functools import reduce

from peewee import JOIN, fn

from gridapp import cardlife, settings
from gridapp.errors import ValidationError
from gridapp.models import Building, Card, Community, Grid, House, Household, Person, database
from gridapp.queryrows import dicts
from gridapp.services import usernames
from gridapp.services.scope import Scope
from gridapp.store import audit
from gridapp.store.session import current_user

KEYED_STATES = cardlife.KEYED_STATES
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
            elif card.state == cardlife.FILED:
                result.already.append(number)
            elif card.state not in KEYED_STATES:
                result.not_keyed.append(number)
            else:
                cardlife.step(card, cardlife.FILED, now, user)
                card.save()
                result.filed.append(number)
    return result


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
             today: dt.date | None = None, where=None) -> list[RegisterRow]:
    """Every card with an archive number, in archive order, with its filing state (one query)."""
    today = today or dt.date.today()
    head = Person.alias()
    counted = Person.alias()
    members = (counted.select(fn.COUNT(counted.id))  # one indexed count per card, not a pass over everyone
               .where(counted.household == Card.household, counted.deleted == False,  # noqa: E712
                      counted.departed_on.is_null()))
    q = (Card.select(Card.archive_no, Card.card_no, Card.collected_on, Card.keyed_at, Card.state, Card.filed_at,
                     Card.filed_by, Card.community, Community.name.alias("community_name"),
                     Grid.name.alias("grid_name"), Grid.number, Building.name.alias("building"), House.unit,
                     House.room, head.name.alias("head"), members.alias("members"))
         .join(Grid, on=(Card.grid == Grid.id))
         .switch(Card).join(Community, on=(Card.community == Community.id))
         .switch(Card).join(Household, JOIN.LEFT_OUTER, on=(Card.household == Household.id))
         .join(House, JOIN.LEFT_OUTER).join(Building, JOIN.LEFT_OUTER)
         .switch(Card).join(head, JOIN.LEFT_OUTER, on=((head.household == Card.household) & (head.relation == "户主")
                                                       & (head.deleted == False)  # noqa: E712
                                                       & head.departed_on.is_null()))
         .where(Card.deleted == False, Card.archive_no != ""))  # noqa: E712
    if community is not None:
        q = q.where(Card.community == community)
    if grid is not None:
        q = q.where(Card.grid == grid)
    if where is not None:
        q = q.where(where)
    limits: dict = {}
    rows = []
    shown = usernames.namer()
    for r in dicts(q.order_by(Community.name, Grid.number, Card.archive_no)):
        if r["community"] not in limits:
            limits[r["community"]] = settings.get("filing.missing_after_days", r["community"])
        keyed_at = r["keyed_at"]
        missing = (r["state"] in KEYED_STATES and keyed_at is not None
                   and (today - keyed_at.date()).days > limits[r["community"]])
        address = f"{r['building']} {r['unit']}单元 {r['room']}室" if r["building"] else ""
        rows.append(RegisterRow(r["archive_no"], int(r["archive_no"].split("-")[1]), r["card_no"],
                                r["community_name"], r["grid_name"], address, r["head"] or "", r["members"] or 0,
                                r["collected_on"], keyed_at, r["state"], r["filed_at"], shown(r["filed_by"]), missing))
    return rows


def record_register_export(community: Community | None, grid: Grid | None, count: int) -> None:
    """The register was exported (``reports.filing_register.export_register``): recorded in the
    audit trail, as it holds heads' names and addresses."""
    with database.atomic():
        audit.record_event("export", "filing_register", "",
                           f"{Scope(community, grid).label}；{count} 张登记卡（户主姓名、地址）")


def missing(community: Community | None = None, today: dt.date | None = None) -> list[RegisterRow]:
    """Keyed long enough ago and still not back in its binder (read straight from the cards)."""
    today = today or dt.date.today()
    communities = [community] if community is not None else list(Community.live())
    overdue = [(Card.community == c.id) & (Card.keyed_at < dt.datetime.combine(
        today - dt.timedelta(days=settings.get("filing.missing_after_days", c.id)), dt.time()))
        for c in communities]
    if not overdue:
        return []
    condition = Card.state.in_(KEYED_STATES) & reduce(operator.or_, overdue)
    return [r for r in register(community, today=today, where=condition) if r.missing]


def not_filed(community: Community | None = None, today: dt.date | None = None) -> list[RegisterRow]:
    """Every card keyed (or verified) and not yet ticked filed; ``missing`` marks the overdue ones."""
    return register(community, today=today, where=Card.state.in_(KEYED_STATES))


def archive_number_of(household: Household) -> str:
    """The household's current archive number: that of its latest keyed card."""
    card = (Card.live().where(Card.household == household, Card.archive_no != "")
            .order_by(Card.keyed_at.desc()).first())
    return card.archive_no if card else ""
