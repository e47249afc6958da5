"""Recording local changes: every write of a synced row, in the same transaction, gets an
outbox entry with this site's next sequence number and the change's clock.

``SyncModel.save()`` and ``SyncModel.bulk_insert()`` (``gridapp.store.synced``) call these, and
these write the audit trail (``gridapp.store.audit``) with each change; nothing else writes synced
rows (the query-level writes raise), except ``merge`` applying what other sites sent.
"""

from __future__ import annotations

import json
from typing import Any

from gridapp.engines import database, engine
from gridapp.errors import RecordChanged
from gridapp.models.base import current_site
from gridapp.models.sync import Outbox
from gridapp.store import audit, outbox, versions
from gridapp.store import rows as R
from gridapp.store.catalogue import field_label, table_label


def dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def insert(obj) -> None:
    """Insert a new row whole; the outbox entry carries every field (a creation has no bases)."""
    model: Any = type(obj)  # a SyncModel subclass
    site = current_site()
    with database.atomic():
        clock = site.tick()
        obj.site, obj.clock = site.site_id, clock
        raw = {f.column_name: R.to_raw(f, obj.__data__.get(f.name)) for f in model._meta.sorted_fields}
        R.insert_raw(model, [raw])
        fields = {c: R.encode(raw[c]) for c in R.columns(model)}
        audit.trail_insert(model, raw["id"])  # before the change's own entry: that stays the last
        outbox.entry(model._meta.table_name, raw["id"], clock, site.site_id, site.site_id, dumps({"f": fields, "b": None}))
    obj._dirty.clear()


def update(obj, only=None) -> int:
    """Write the fields set since the row was read whose values differ from the stored ones."""
    model = type(obj)
    wanted = None if only is None else {getattr(f, "name", f) for f in only}
    fields = [f for f in model._meta.sorted_fields
              if f.name in obj._dirty and f.column_name not in R.META_COLUMNS
              and (wanted is None or f.name in wanted)]
    if not fields:
        return 0
    row_id = R.raw_id(obj.id)
    site = current_site()
    read_clock = obj.__data__.get("clock")  # the row's version when it was read
    with database.atomic():
        engine().lock_writes(database.obj)  # on a shared server: read what is stored, not what was
        stored = R.select_raw(model, [row_id], [f.column_name for f in fields]).get(row_id)
        if stored is None:
            raise RuntimeError(f"{model.__name__} {row_id} is not in the database")
        changed = {}
        for f in fields:
            value = R.to_raw(f, obj.__data__.get(f.name))
            if value != stored[f.column_name]:
                changed[f.column_name] = value
        obj._dirty.difference_update(f.name for f in fields)
        if not changed:
            return 0
        clock = site.tick()
        version = (clock, site.site_id)
        row_version = (stored["clock"], stored["site"])
        table = model._meta.table_name
        entries = versions.load(table, [row_id]).get(row_id, {})
        if read_clock is not None and stored["clock"] != read_clock:
            _check_unchanged(model, changed, entries, row_version, read_clock)
        bases = {c: list(versions.of(entries, row_version, c)) for c in changed}
        versions.write(table, row_id, entries, row_version, {c: version for c in changed})
        R.update_raw(model, row_id, {**changed, "clock": clock, "site": site.site_id})
        audit.trail_update(model, row_id, {c: (stored[c], v) for c, v in changed.items()})
        outbox.entry(table, row_id, clock, site.site_id, site.site_id,
                dumps({"f": {c: R.encode(v) for c, v in changed.items()}, "b": bases}))
    obj.clock, obj.site = clock, site.site_id
    return 1


def _check_unchanged(model, changed: dict, entries: dict, row_version: tuple, read_clock: int) -> None:
    """The row changed since it was read: that is fine unless a field being written is one
    that changed (a save would silently overwrite someone else's edit)."""
    moved = [c for c in changed if versions.of(entries, row_version, c)[0] > read_clock]
    if moved:
        table = model._meta.table_name
        raise RecordChanged(table_label(table), [field_label(c, table) for c in moved])


def insert_bulk(model, rows: list[dict]) -> int:
    """Insert many new rows at once, stamped; the audit trail says how many, the outbox gets
    one entry naming them (the package is made from the rows themselves)."""
    if not rows:
        return 0
    with database.atomic():
        outbox.write(model, rows)
        audit.trail_bulk(model, len(rows))
        outbox.record_bulk(model, [row["id"] for row in rows], rows[0]["clock"])
    return len(rows)


def relay(table: str, row_id: str, version: tuple, origin: str, op: dict) -> None:
    """At the street office: pass a change received from ``origin`` on to the other sites."""
    outbox.entry(table, row_id, version[0], version[1], origin, dumps(op))


def last_seq() -> int:
    row = Outbox.select(Outbox.seq).order_by(Outbox.seq.desc()).first()
    return row.seq if row else 0


def bulk_ids(blob: bytes | None) -> list[str]:
    if blob is None:  # only a bulk insert's entry (no row_id) lists its rows
        raise ValueError("not a bulk insert's journal entry")
    return [blob[i:i + 16].hex() for i in range(0, len(blob), 16)]
