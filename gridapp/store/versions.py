"""Per-field versions. A row written in one go has one version, its (clock, site). Once one
of its fields gets a version of its own, ``sync_field`` keeps that row's versions: one entry
per such field, and an entry "" for all the others (the row's version before). The row's own
clock and site are always the newest of its field versions."""

from __future__ import annotations

from collections.abc import Iterable

from gridapp.engines import database, engine, marks
from gridapp.models.sync import FieldVersion
from gridapp.store.rows import CHUNK

BASE = ""
_KEY = [FieldVersion.tbl, FieldVersion.row_id, FieldVersion.field]
_VERSION = [FieldVersion.clock, FieldVersion.site]


def load(table: str, ids=None) -> dict[str, dict[str, tuple]]:
    """{row id: {field: (clock, site)}} for the rows (or, without ``ids``, all rows of the
    table) that have field versions."""
    found: dict[str, dict[str, tuple]] = {}
    sql = f"SELECT row_id, field, clock, site FROM sync_field WHERE tbl = {marks(1)}"
    batches: Iterable
    if ids is None:
        batches = [database.execute_sql(sql, (table,))]
    else:
        ids = list(ids)
        batches = (database.execute_sql(f"{sql} AND row_id IN ({marks(len(part))})", [table] + part)
                   for part in (ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)))
    for cursor in batches:
        for row_id, field, clock, site in cursor:
            found.setdefault(row_id, {})[field] = (clock, site)
    return found


def of(entries: dict | None, row_version: tuple, column: str) -> tuple:
    if entries:
        return entries.get(column) or entries.get(BASE) or row_version
    return row_version


def write(table: str, row_id: str, entries: dict | None, row_version: tuple, new: dict[str, tuple]) -> None:
    """Give ``new`` fields their versions; the first time, keep the row's old version as the base."""
    rows = []
    if not entries:
        rows.append((table, row_id, BASE) + tuple(row_version))
    rows += [(table, row_id, column) + tuple(v) for column, v in new.items()]
    (FieldVersion.insert_many(rows, fields=[FieldVersion.tbl, FieldVersion.row_id, FieldVersion.field,
                                            FieldVersion.clock, FieldVersion.site])
     .on_conflict(conflict_target=_KEY, preserve=_VERSION).execute())
    if entries is not None:
        if not entries:
            entries[BASE] = tuple(row_version)
        entries.update(new)


def insert_many(rows: list[tuple]) -> None:
    """Rows of (table, row id, field, clock, site) for new rows whose fields differ in version."""
    for start in range(0, len(rows), CHUNK):
        (FieldVersion.insert_many(rows[start:start + CHUNK],
                                  fields=[FieldVersion.tbl, FieldVersion.row_id, FieldVersion.field,
                                          FieldVersion.clock, FieldVersion.site])
         .on_conflict(conflict_target=_KEY, preserve=_VERSION).execute())
    engine(database.obj).rows_inserted(database.obj, FieldVersion._meta.table_name, len(rows))


def export_form(entries: dict | None, row_version: tuple) -> tuple[tuple, dict | None]:
    """(base version, {field: version} overrides) for a package's state line."""
    if not entries:
        return tuple(row_version), None
    base = entries.get(BASE, tuple(row_version))
    return base, {c: list(v) for c, v in entries.items() if c != BASE and tuple(v) != tuple(base)} or None
