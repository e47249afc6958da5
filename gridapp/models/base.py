"""Model bases. Every row that leaves the machine is a ``SyncModel``: a UUID key, the
site that last changed it, the hybrid logical clock of that change, and a tombstone
flag instead of a delete. ``LocalModel`` rows never leave the machine."""

from __future__ import annotations

import uuid

from peewee import (BigIntegerField, BooleanField, CharField, DatabaseProxy, Model,
                    TextField, UUIDField)

from gridapp.clock import HybridClock

database = DatabaseProxy()


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class LocalState(BaseModel):
    """Key/value facts of this installation: site id, site type, clock, settings."""

    key = CharField(primary_key=True)
    value = TextField()

    @classmethod
    def get_value(cls, key: str, default: str | None = None) -> str | None:
        row = cls.get_or_none(cls.key == key)
        return row.value if row else default

    @classmethod
    def set_value(cls, key: str, value: str) -> None:
        # plain SQL: the clock is written on every change, a dozen times a card
        from gridapp.engines import engine

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
        from gridapp.engines import engine

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


class SyncModel(BaseModel):
    """A row that syncs. Every write goes through ``save()`` or ``bulk_insert()``, which
    record the change in the outbox in the same transaction (``gridapp.sync.journal``);
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

    def __init__(self, *args, **kwargs):
        # rows read from the database are built with __no_default__; anything else is new
        self._is_new = not kwargs.get("__no_default__")
        super().__init__(*args, **kwargs)

    def save(self, force_insert: bool = False, only=None):
        """Stamp the change with this site and a new clock value, write it, record it.

        The key is a UUID made on the client, so peewee cannot tell an insert from an
        update by the key alone: a row not read from the database is inserted whole.
        A row read from the database writes only the fields set since, and of those only
        the ones whose value differs from the stored one, so changes merged in from
        another site meanwhile are kept. When nothing differs nothing is written and the
        clock does not move. Returns the number of rows written.
        """
        from gridapp.sync import journal

        for target, (source, derive) in self.derived.items():
            if self._is_new or force_insert or source in self._dirty:
                setattr(self, target, derive(getattr(self, source)))
        if force_insert or self._is_new:
            journal.insert(self)
            self._is_new = False
            return 1
        return journal.update(self, only)

    def delete_instance(self, *args, **kwargs):
        """Rows that sync are never deleted: they get a tombstone."""
        self.deleted = True
        return self.save()

    @classmethod
    def live(cls, *fields):
        return cls.select(*fields).where(cls.deleted == False)  # noqa: E712

    @classmethod
    def update_rows(cls, where, **values) -> int:
        """Set ``values`` on every row matching ``where``, each change recorded: the
        sync-safe form of ``Model.update(...).where(...)``."""
        count = 0
        with cls._meta.database.atomic():
            for row in cls.select().where(where):
                for name, value in values.items():
                    setattr(row, name, value)
                count += row.save()
        return count

    @classmethod
    def bulk_insert(cls, rows: list[dict]) -> int:
        """Insert many new rows at once, stamped, with one prepared statement (on
        PostgreSQL, COPY).

        Peewee builds SQL for each row of ``insert_many``; for tens of thousands of
        rows a single ``executemany`` is an order of magnitude faster. The outbox gets
        one entry naming the rows; the package is made from the rows themselves.
        """
        from gridapp.sync import journal

        if not rows:
            return 0
        from gridapp.engines import engine

        fields = list(cls._meta.sorted_fields)
        defaults = []
        for f in fields:
            default = f.default
            defaults.append(default if not callable(default) else None)
        db = cls._meta.database.obj
        with db.atomic():
            cls.stamp_rows(rows)
            values = [tuple(f.db_value(row.get(f.name, d)) for f, d in zip(fields, defaults)) for row in rows]
            engine(db).insert_rows(db, cls._meta.table_name, [f.column_name for f in fields], values)
            journal.record_bulk(cls, [row["id"] for row in rows], rows[0]["clock"])
        return len(rows)

    @classmethod
    def stamp_rows(cls, rows: list[dict]) -> list[dict]:
        """Give new rows their id, site and clock."""
        site = current_site()
        first = site.tick(len(rows))
        for i, row in enumerate(rows):
            for target, (source, derive) in cls.derived.items():
                row[target] = derive(row.get(source, getattr(cls, source).default))
            row.setdefault("id", uuid.uuid4())
            row["site"] = site.site_id
            row["clock"] = first + i
        return rows


def _unrecorded(name: str):
    def refuse(cls, *args, **kwargs):
        raise TypeError(f"{cls.__name__}.{name}() would bypass sync recording: "
                        "use save(), bulk_insert() or update_rows()")
    return classmethod(refuse)


# Query-level writes would change rows without recording the change.
for _name in ("update", "insert", "insert_many", "insert_from", "replace", "replace_many", "delete"):
    setattr(SyncModel, _name, _unrecorded(_name))


def new_id() -> uuid.UUID:
    return uuid.uuid4()
