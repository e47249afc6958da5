"""The outbox: one entry per local change, in the change's transaction, with this site's
next sequence number and the change's clock. ``gridapp.store.journal`` writes a row's
entry; the audit trail (``gridapp.store.audit``) writes its own rows' entries here
directly, since its rows are not audited again."""

from __future__ import annotations

import uuid

from gridapp.engines import database, engine, marks
from gridapp.models.base import current_site
from gridapp.models.sync import Outbox

_OUTBOX_INSERT = (f'INSERT INTO "{Outbox._meta.table_name}" (tbl, row_id, clock, site, origin, op, ids) '
                  "VALUES ({})")


def entry(tbl: str, row_id, clock: int, site: str, origin: str, op: str = "", ids: bytes | None = None) -> None:
    """One outbox entry, its sequence number the next one (a card writes a dozen: the SQL is
    written once here rather than built by the query builder each time)."""
    database.execute_sql(_OUTBOX_INSERT.format(marks(7)), (tbl, row_id, clock, site, origin, op, ids))


def stamp(model, rows: list[dict]) -> list[dict]:
    """Give new rows their id, site and clock."""
    site = current_site()
    first = site.tick(len(rows))
    for i, row in enumerate(rows):
        for target, (source, derive) in model.derived.items():
            row[target] = derive(row.get(source, getattr(model, source).default))
        row.setdefault("id", uuid.uuid4())
        row["site"] = site.site_id
        row["clock"] = first + i
    return rows


def write(model, rows: list[dict]) -> None:
    """Stamp new rows and insert them with one prepared statement (on PostgreSQL, COPY), in
    the caller's transaction. Peewee builds SQL for each row of ``insert_many``; for tens of
    thousands of rows a single ``executemany`` is an order of magnitude faster."""
    fields = list(model._meta.sorted_fields)
    defaults = []
    for f in fields:
        default = f.default
        defaults.append(default if not callable(default) else None)
    db = database.obj
    stamp(model, rows)
    values = [tuple(f.db_value(row.get(f.name, d)) for f, d in zip(fields, defaults)) for row in rows]
    engine(db).insert_rows(db, model._meta.table_name, [f.column_name for f in fields], values)


def record_bulk(model, ids, first_clock: int) -> None:
    """One entry for a bulk insert: the ids, 16 bytes each; the package reads the rows."""
    site = current_site()
    blob = b"".join((i if isinstance(i, uuid.UUID) else uuid.UUID(str(i))).bytes for i in ids)
    entry(model._meta.table_name, None, first_clock, site.site_id, site.site_id, ids=blob)


def append(model, rows: list[dict]) -> int:
    """Insert new rows and record them with one entry."""
    if not rows:
        return 0
    with database.atomic():
        write(model, rows)
        record_bulk(model, [row["id"] for row in rows], rows[0]["clock"])
    return len(rows)
