"""Settings that travel with the data: a street-wide value, or a community's own."""

from __future__ import annotations

import uuid

from peewee import CharField, ForeignKeyField, TextField

from gridapp.models.org import Community
from gridapp.store.synced import SyncModel


class Setting(SyncModel):
    community = ForeignKeyField(Community, null=True, backref="settings")  # None: the whole street
    community_id: uuid.UUID | None
    key = CharField(index=True)
    value = TextField()  # JSON

    class Meta:
        sync_scope = "reference"
