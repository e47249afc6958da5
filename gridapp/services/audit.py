"""The change trail: who changed which field of which record, when, from what to what."""

from __future__ import annotations

import datetime as dt

from gridapp.models import AuditEntry
from gridapp.services.session import current_user


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def record(action: str, row, *, field: str = "", old=None, new=None, note: str = "") -> None:
    AuditEntry.create(at=dt.datetime.now(), user=current_user(), action=action,
                      table=row._meta.table_name, row_id=str(row.id), field=field,
                      old=_text(old), new=_text(new), note=note)


def record_event(action: str, table: str, row_id: str = "", note: str = "") -> None:
    """An event that concerns no single row: an export, an import (``table`` names what)."""
    AuditEntry.create(at=dt.datetime.now(), user=current_user(), action=action, table=table,
                      row_id=row_id, note=note)


def entry_row(action: str, row_id, table: str, note: str = "", at: dt.datetime | None = None,
              user: str | None = None) -> dict:
    """A ``create``-style entry as a row for ``AuditEntry.bulk_insert`` (batch imports)."""
    return {"at": at or dt.datetime.now(), "user": user or current_user(), "action": action, "table": table,
            "row_id": str(row_id), "field": "", "old": "", "new": "", "note": note}


def snapshot(row, fields) -> dict:
    return {f: row.__data__.get(f) for f in fields}


def changes(row, before: dict) -> None:
    """Record each field of ``row`` that differs from ``before``."""
    for field, old in before.items():
        new = row.__data__.get(field)
        if _text(old) != _text(new):
            record("change", row, field=field, old=old, new=new)


def history(row_id) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.row_id == str(row_id)).order_by(AuditEntry.at))
