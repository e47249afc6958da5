"""The organisation: street → community → (grid group) → grid → building → house, and staff.

The street's structure, its staff and the card fields are reference data (sent to every
community); buildings and houses belong to their community (landlords are personal data)."""

from __future__ import annotations

import uuid

from peewee import BlobField, BooleanField, CharField, FloatField, ForeignKeyField, IntegerField, TextField

from gridapp.sortkeys import natural_key  # noqa: F401 (Building's sort key; imported from here too)
from gridapp.store.synced import SyncModel


class Street(SyncModel):
    name = CharField()
    code = CharField(default="")

    class Meta:
        sync_scope = "reference"


class Community(SyncModel):
    street = ForeignKeyField(Street, null=True, backref="communities")
    street_id: uuid.UUID | None
    name = CharField(index=True)
    code = CharField(default="")

    class Meta:
        sync_scope = "reference"


class GridGroup(SyncModel):
    """A grid group (网格大组) led by a grid leader; optional."""

    community = ForeignKeyField(Community, backref="groups")
    community_id: uuid.UUID
    name = CharField()

    class Meta:
        sync_scope = "reference"


class Grid(SyncModel):
    community = ForeignKeyField(Community, backref="grids")
    community_id: uuid.UUID
    group = ForeignKeyField(GridGroup, null=True, backref="grids")
    group_id: uuid.UUID | None
    name = CharField(index=True)
    number = IntegerField()  # the grid's code in archive numbers, e.g. 3 → "03"
    note = TextField(default="")

    class Meta:
        sync_scope = "reference"


class Building(SyncModel):
    derived = {"sort_key": ("name", natural_key)}

    grid = ForeignKeyField(Grid, backref="buildings")
    grid_id: uuid.UUID
    name = CharField()
    sort_key = CharField(default="")  # the name for sorting, from ``natural_key``
    address = CharField(default="")
    floors = IntegerField(default=1)
    units = IntegerField(default=1)
    rooms_per_floor = IntegerField(default=1)  # flats per floor in each unit


class House(SyncModel):
    """A flat or room: its place in the building and who holds it."""

    building = ForeignKeyField(Building, backref="houses")
    building_id: uuid.UUID
    floor = IntegerField()
    unit = IntegerField(default=1)
    room = CharField()  # as written on the door, e.g. "302"
    ownership = CharField(default="")  # vocab.OWNERSHIP code, "" unknown
    landlord_name = CharField(default="")
    landlord_phone = CharField(default="")
    responsibility_letter = BooleanField(default=False)  # 治安责任书 signed
    vacant = BooleanField(default=False)  # marked empty by a clerk: a flat with no card is not vacant

    class Meta:
        indexes = ((("building", "unit", "floor", "room"), False),)


class Staff(SyncModel):
    name = CharField()
    phone = CharField(default="")
    role = CharField()  # vocab.STAFF_ROLE code
    kind = CharField(default="recruited")  # vocab.STAFF_KIND code: which of 一格三员 the worker is
    community = ForeignKeyField(Community, null=True, backref="staff")
    community_id: uuid.UUID | None
    photo = BlobField(null=True)
    active = BooleanField(default=True)

    class Meta:
        sync_scope = "reference"


class StaffGrid(SyncModel):
    """A staff member serving a grid on post A or B (AB岗)."""

    staff = ForeignKeyField(Staff, backref="assignments")
    staff_id: uuid.UUID
    grid = ForeignKeyField(Grid, backref="assignments")
    grid_id: uuid.UUID
    post = CharField(default="A")

    class Meta:
        sync_scope = "reference"


class CardField(SyncModel):
    """A community's own supplementary card field (社区补充项), stored in ``extra``."""

    community = ForeignKeyField(Community, null=True, backref="card_fields")  # None: street-wide
    community_id: uuid.UUID | None
    level = CharField()  # "household" or "person"
    key = CharField()
    label = CharField()
    kind = CharField(default="text")  # text, int, number, date, bool, choice (one of), multi (several of)
    choices = TextField(default="[]")  # JSON list for kinds "choice" and "multi"
    required = BooleanField(default=False)
    position = IntegerField(default=0)
    help = TextField(default="")
    condition = TextField(default="")  # e.g. "性别=女；年龄=15-49" (services.cardconditions)
    min_value = FloatField(null=True)
    max_value = FloatField(null=True)
    retired = BooleanField(default=False)  # no longer asked; the values keyed stay
    retired_since = False  # not stored: on an older card's design, no longer asked today (cardfields.definitions)

    class Meta:
        sync_scope = "reference"
