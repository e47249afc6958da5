"""Settings that travel with the data: a street-wide value, or a community's own."""

from __future__ import annotations

from peewee import CharField, ForeignKeyField, TextField

from gridapp.models.org import Community
from gridapp.store.synced import SyncModel


class Setting(SyncModel):
    community = ForeignKeyField(Community, null=True, backref="settings")  # None: the whole street
    key = CharField(index=True)
    value = TextField()  # JSON

    class Meta:
        sync_scope = "reference"
