"""The paper household card's journey: received → keyed → (verified) → filed (``gridapp.cardlife``).

Each step keeps its time and user. ``KeyingRecord`` keeps what each keying cost and
how many fields a verification found different, for the keyer's figures.
"""

from __future__ import annotations

import uuid

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from gridapp import cardlife
from gridapp.models.base import BaseModel
from gridapp.models.org import Community, Grid, Staff
from gridapp.models.people import Household
from gridapp.store.synced import SyncModel

STATES = cardlife.STATES


class Card(SyncModel):
    card_no = CharField(index=True)
    community = ForeignKeyField(Community, backref="cards")
    community_id: uuid.UUID
    grid = ForeignKeyField(Grid, backref="cards")
    grid_id: uuid.UUID
    collected_by = ForeignKeyField(Staff, backref="cards")
    collected_by_id: uuid.UUID
    collected_on = DateField()
    due_on = DateField(index=True)
    state = CharField(default=cardlife.RECEIVED, index=True)  # changed only by gridapp.cardlife.step
    received_at = DateTimeField()
    received_by = CharField(default="")
    keyed_at = DateTimeField(null=True)
    keyed_by = CharField(default="")
    verified_at = DateTimeField(null=True)
    verified_by = CharField(default="")
    filed_at = DateTimeField(null=True)
    filed_by = CharField(default="")
    household = ForeignKeyField(Household, null=True, backref="cards")
    household_id: uuid.UUID | None
    archive_no = CharField(default="")
    design_version = CharField(default="")  # the card design it was keyed under: "street.community"
    note = TextField(default="")


class KeyingRecord(SyncModel):
    """One keying of a card: first entry or verification."""

    card = ForeignKeyField(Card, backref="keyings")
    card_id: uuid.UUID
    user = CharField()
    kind = CharField()  # "entry" or "verify"
    fields = IntegerField(default=0)
    keystrokes = IntegerField(default=0)
    seconds = FloatField(default=0)
    differences = IntegerField(default=0)  # fields a verification found keyed differently
    at = DateTimeField()


class CalendarDay(SyncModel):
    """An official holiday or make-up workday keyed by the office (for years the calendar package lacks)."""

    day = DateField(index=True)
    workday = BooleanField()
    name = CharField(default="")

    class Meta:
        sync_scope = "reference"  # one calendar for the whole street


class Draft(BaseModel):
    """The card being typed, saved as it is typed; never leaves this machine."""

    key = CharField(primary_key=True)
    data = TextField()
    updated_at = DateTimeField()
