"""Versions of a card design (登记卡设计): each change to the supplementary fields of the
street (``community`` None) or of one community keeps a snapshot under the next number, so a
card keyed under version N is read with the fields of version N."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from gridapp.models.base import SyncModel
from gridapp.models.org import Community


class CardDesign(SyncModel):
    community = ForeignKeyField(Community, null=True, backref="card_designs")
    version = IntegerField()
    body = TextField()  # JSON list of the scope's fields (services.cardfields.describe)
    created_at = DateTimeField()
    created_by = CharField(default="")
    note = TextField(default="")

    class Meta:
        sync_scope = "reference"
