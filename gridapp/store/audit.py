"""The audit trail: who changed which field of which record, when, from what to what; who
exported, printed or sent what, and who looked at a full ID number. Append-only, synced.

Every local write of a synced row passes through the journal (``gridapp.store.journal``), which
calls ``trail_insert`` / ``trail_update`` / ``trail_bulk`` here in the same transaction, so no change
escapes the trail; services add entries that say more (a card's number, a move, an export).
Reading the trail is ``gridapp.services.audittrail``.
"""

from __future__ import annotations

import datetime as dt

from gridapp.engines import database
from gridapp.models.audit import AuditEntry
from gridapp.store import outbox
from gridapp.store.session import current_user


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):  # a photo: its size, not its bytes
        return f"（{len(value)} 字节）"
    return str(value)


def record(action: str, row, *, field: str = "", old=None, new=None, note: str = "") -> None:
    append([_entry(action, row._meta.table_name, row.id, field, old, new, note)])


def record_event(action: str, table: str, row_id: str = "", note: str = "") -> None:
    """An event that concerns no single row: an export, an import (``table`` names what)."""
    append([_entry(action, table, row_id, note=note)])


def record_views(person_ids, what: str = "id_number", note: str = "") -> None:
    """Full ID numbers (or phones) shown to the session's user: one entry per person."""
    rows = [_entry("view", "person", pid, what, note=note) for pid in person_ids]
    if rows:
        with database.atomic():
            append(rows)


def record_print(what: str, note: str = "") -> None:
    """A print (a PDF made to be printed): what, and how much."""
    with database.atomic():
        append([_entry("print", what, "", note=note)])


def entry_row(action: str, row_id, table: str, note: str = "", at: dt.datetime | None = None,
              user: str | None = None) -> dict:
    """A ``create``-style entry as a row for ``append`` (batch imports)."""
    return {**_entry(action, table, row_id, note=note), "at": at or dt.datetime.now(), "user": user or current_user()}


def snapshot(row, fields) -> dict:
    return {f: row.__data__.get(f) for f in fields}


def append(rows: list[dict]) -> int:
    """Entries made by ``entry_row``, written at once (the trail's own rows are not audited)."""
    return outbox.append(AuditEntry, rows)




def _entry(action: str, table: str, row_id, field: str = "", old=None, new=None, note: str = "") -> dict:
    return {"at": dt.datetime.now(), "user": current_user(), "action": action, "table": table,
            "row_id": str(row_id), "field": field, "old": _text(old), "new": _text(new), "note": note}


def _field_names(model) -> dict:
    return {f.column_name: f.name for f in model._meta.sorted_fields}


def trail_insert(model, row_id) -> None:
    if model is not AuditEntry:
        append([_entry("insert", model._meta.table_name, _uuid_text(row_id))])


def trail_update(model, row_id, changed: dict) -> None:
    """One entry per changed field: ``changed`` maps a column to its (old, new) stored values."""
    names = _field_names(model)
    table, row_id = model._meta.table_name, _uuid_text(row_id)
    append([_entry("delete" if column == "deleted" and new else "change", table, row_id,
                    names.get(column, column), old, new) for column, (old, new) in changed.items()])


def trail_bulk(model, count: int) -> None:
    if model is not AuditEntry:
        append([_entry("insert", model._meta.table_name, "", note=f"批量写入 {count} 行")])


def _uuid_text(row_id) -> str:
    """Row ids as the models show them (UUID text), whatever form the journal holds."""
    if isinstance(row_id, (bytes, bytearray)) and len(row_id) == 16:
        import uuid

        return str(uuid.UUID(bytes=bytes(row_id)))
    if isinstance(row_id, str) and len(row_id) == 32:
        import uuid

        try:
            return str(uuid.UUID(hex=row_id))
        except ValueError:
            return row_id
    return str(row_id)
