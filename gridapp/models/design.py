"""Versions of a card design (登记卡设计): each change to the supplementary fields of the
street (``community`` None) or of one community keeps a snapshot under the next number, so a
card keyed under version N is read with the fields of version N."""

from __future__ import annotations

import uuid

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from gridapp.models.org import Community
from gridapp.store.synced import SyncModel


class CardDesign(SyncModel):
    community = ForeignKeyField(Community, null=True, backref="card_designs")
    community_id: uuid.UUID | None
    version = IntegerField()
    body = TextField()  # JSON list of the scope's fields (services.cardfields.describe)
    created_at = DateTimeField()
    created_by = CharField(default="")
    note = TextField(default="")

    class Meta:
        sync_scope = "reference"


class OwnCategory(SyncModel):
    """A person or household category the street (``community`` None) or a community adds
    (重点人口, 低保户, 优抚对象 …): its marker for the wall board, and whether it may show there."""

    community = ForeignKeyField(Community, null=True, backref="own_categories")
    community_id: uuid.UUID | None
    level = CharField()  # "household" or "person"
    code = CharField()
    label = CharField()
    symbol = CharField(default="")
    colour = CharField(default="#555555")
    bit = IntegerField()  # in the level's ``categories`` column (categories.OWN_BITS)
    privacy = CharField(default="internal")  # "internal": never on public boards; "public": may show
    retired = BooleanField(default=False)

    class Meta:
        sync_scope = "reference"


class SavedList(SyncModel):
    """A list on demand (按需名单), saved under a name beside the fixed ledgers: its conditions,
    columns and order (services.listbuilder)."""

    community = ForeignKeyField(Community, null=True, backref="saved_lists")  # None: street-wide
    community_id: uuid.UUID | None
    name = CharField()
    body = TextField()  # JSON: level, match, conditions, columns, sort
    created_at = DateTimeField()
    created_by = CharField(default="")

    class Meta:
        sync_scope = "reference"
