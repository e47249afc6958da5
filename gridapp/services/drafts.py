"""The card being typed, kept as it is typed: a crash or a closed window loses nothing.

Drafts live in the encrypted database but never leave this machine (on a street hub's
server, each workstation has its own).
"""

from __future__ import annotations

import datetime as dt
import json

from gridapp.engines import machine_key
from gridapp.models import Draft, database

ENTRY = "entry"  # the entry form's current card


def save(key: str, data: dict) -> None:
    with database.atomic():
        Draft.insert(key=machine_key(key), data=json.dumps(data, ensure_ascii=False, default=str),
                     updated_at=dt.datetime.now()).on_conflict(
            conflict_target=[Draft.key], preserve=[Draft.data, Draft.updated_at]).execute()


def load(key: str) -> dict | None:
    row = Draft.get_or_none(Draft.key == machine_key(key))
    return json.loads(row.data) if row else None


def discard(key: str) -> None:
    Draft.delete().where(Draft.key == machine_key(key)).execute()


def parked() -> list[tuple[str, dict, dt.datetime]]:
    """Cards parked with errors to finish later (key ``card:<card number>``)."""
    prefix = machine_key("card:")
    rows = Draft.select().where(Draft.key.startswith(prefix)).order_by(Draft.updated_at.desc())
    return [(r.key[len(prefix):], json.loads(r.data), r.updated_at) for r in rows]
