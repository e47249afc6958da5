"""Model bases. Every row that leaves the machine is a ``SyncRow``: a UUID key, the
site that last changed it, the hybrid logical clock of that change, and a tombstone
flag instead of a delete. Tables write such rows through ``gridapp.store`` (their base is
``gridapp.store.synced.SyncModel``); ``BaseModel`` rows never leave the machine."""

from __future__ import annotations

import uuid
from typing import overload

from peewee import BigIntegerField, BooleanField, CharField, Model, TextField, UUIDField

from gridapp.clock import HybridClock
from gridapp.engines import database, engine


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class LocalState(BaseModel):
    """Key/value facts of this installation: site id, site type, clock, settings."""

    key = CharField(primary_key=True)
    value = TextField()

    @overload
    @classmethod
    def get_value(cls, key: str, default: str) -> str: ...
    @overload
    @classmethod
    def get_value(cls, key: str, default: None = None) -> str | None: ...
    @classmethod
    def get_value(cls, key: str, default: str | None = None) -> str | None:
        row = cls.get_or_none(cls.key == key)
        return row.value if row else default

    @classmethod
    def set_value(cls, key: str, value: str) -> None:
        # plain SQL: the clock is written on every change, a dozen times a card
        db = cls._meta.database
        db.execute_sql(engine(db.obj).upsert_sql(cls._meta.table_name, ("key", "value"), "key"), (key, value))


class Site:
    """This installation as the sync layer sees it: its id and its clock."""

    def __init__(self, site_id: str, site_type: str, name: str, clock_value: int = 0):
        self.site_id = site_id
        self.site_type = site_type
        self.name = name
        self.clock = HybridClock(clock_value)

    def tick(self, count: int = 1) -> int:
        """Reserve ``count`` clock values for the caller's transaction. On a shared server
        this locks the clock row first (other writers wait for the commit) and moves past
        what other workstations have stamped."""
        stored = engine().lock_writes(database.obj)
        if stored is not None:
            self.clock.observe(stored)
        first = self.clock.tick(count)
        # persisted in the caller's transaction, so a rolled-back change takes its tick with it
        LocalState.set_value("clock", str(self.clock.last))
        return first

    @classmethod
    def load(cls) -> "Site | None":
        site_id = LocalState.get_value("site_id")
        if site_id is None:
            return None
        return cls(site_id, LocalState.get_value("site_type", ""),
                   LocalState.get_value("site_name", ""),
                   int(LocalState.get_value("clock", "0")))


_site: Site | None = None


def current_site() -> Site:
    if _site is None:
        raise RuntimeError("no site: the database is not initialised")
    return _site


def set_current_site(site: Site | None) -> None:
    global _site
    _site = site


class SyncRow(BaseModel):
    """The columns of a row that syncs. Rows are written only through the store
    (``gridapp.store``), which records each change in the outbox in the same transaction;
    the query-level writes that would bypass it (``update()``, ``insert_many()``,
    ``delete()`` …) raise ``TypeError``.

    ``Meta.sync_scope`` says where rows travel: ``"reference"`` rows are authored at the
    street office and sent to every community; ``"community"`` rows (the default) belong
    to one community, go up to the street office, and its corrections come back down.
    """

    # fields kept from another field on every write: {target: (source, function)}
    derived: dict = {}

    id = UUIDField(primary_key=True, default=uuid.uuid4)
    site = CharField(max_length=36)
    clock = BigIntegerField(index=True)
    deleted = BooleanField(default=False)

    @classmethod
    def live(cls, *fields):
        return cls.select(*fields).where(cls.deleted == False)  # noqa: E712


def _unrecorded(name: str):
    def refuse(cls, *args, **kwargs):
        raise TypeError(f"{cls.__name__}.{name}() would bypass sync recording: "
                        "use save(), bulk_insert() or update_rows()")
    return classmethod(refuse)


# Query-level writes would change rows without recording the change.
for _name in ("update", "insert", "insert_many", "insert_from", "replace", "replace_many", "delete"):
    setattr(SyncRow, _name, _unrecorded(_name))


def new_id() -> uuid.UUID:
    return uuid.uuid4()
