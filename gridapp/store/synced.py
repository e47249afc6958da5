"""The base of every table that syncs. A change is written through ``save()``,
``update_rows()`` or ``bulk_insert()``: the store stamps it with this site and a new clock
value, records it in the outbox and the audit trail in the same transaction
(``gridapp.store.journal``), and never deletes a row (a tombstone instead)."""

from __future__ import annotations

from gridapp.models.base import SyncRow
from gridapp.store import journal


class SyncModel(SyncRow):
    """A table row that syncs, written only through the journal."""

    _dirty: set[str]  # peewee's names of the fields set since the row was read (not in its type stubs)

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
        PostgreSQL, COPY); the outbox gets one entry naming the rows."""
        return journal.insert_bulk(cls, rows)
