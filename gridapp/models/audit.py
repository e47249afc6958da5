"""The audit trail's table. Its rows sync like any other but are only ever appended, by
``gridapp.store.audit``: they are ``SyncRow`` s with no ``save()``, so an entry cannot be
changed or deleted."""

from __future__ import annotations

from peewee import CharField, DateTimeField, TextField

from gridapp.models.base import SyncRow


class AuditEntry(SyncRow):
    """Who changed what and when (append-only)."""

    at = DateTimeField(index=True)
    user = CharField()
    action = CharField()  # change, create, move, depart, ...
    table = CharField()
    row_id = CharField(index=True)
    field = CharField(default="")
    old = TextField(default="")
    new = TextField(default="")
    note = TextField(default="")

    class Meta:
        indexes = ((("user", "at"), False),)
