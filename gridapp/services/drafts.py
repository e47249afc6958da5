"""The card being typed, kept as it is typed: a crash or a closed window loses nothing.

Besides the entry form's current card (``ENTRY``), cards not finished are kept to go on
with later: parked with errors, or left when the clerk opened another card. They are
listed by ``unfinished`` under their card number (``card:<number>``), or under a key of
their own when they have no number yet or their number's draft holds something else.

Drafts live in the encrypted database but never leave this machine (on a street hub's
server, each workstation has its own).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass

from gridapp.engines import machine_key
from gridapp.models import Draft, database

ENTRY = "entry"  # the entry form's current card
CARD = "card:"  # a card kept to finish later, by its number
UNNUMBERED = "typed:"  # one without a number (or whose number's draft holds another typing)


@dataclass
class Unfinished:
    key: str
    card_no: str
    grid: str
    head: str
    typed_at: dt.datetime
    data: dict


def _text(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


def save(key: str, data: dict, at: dt.datetime | None = None) -> None:
    with database.atomic():
        Draft.insert(key=machine_key(key), data=_text(data), updated_at=at or dt.datetime.now()).on_conflict(
            conflict_target=[Draft.key], preserve=[Draft.data, Draft.updated_at]).execute()


def load(key: str) -> dict | None:
    row = Draft.get_or_none(Draft.key == machine_key(key))
    return json.loads(row.data) if row else None


def typed_at(key: str) -> dt.datetime | None:
    row = Draft.get_or_none(Draft.key == machine_key(key))
    return row.updated_at if row else None


def discard(key: str) -> None:
    Draft.delete().where(Draft.key == machine_key(key)).execute()


def keep(data: dict, at: dt.datetime | None = None, current: str | None = None) -> str:
    """Keep a card's typing to finish later; its key. ``current``: the draft it was opened from,
    replaced. Another typing already kept under the same number is never overwritten."""
    number = str(data.get("card_no") or "").strip()
    key = f"{CARD}{number}" if number else ""
    if not key or (key != current and load(key) not in (None, json.loads(_text(data)))):
        key = current if current and current.startswith(UNNUMBERED) else f"{UNNUMBERED}{uuid.uuid4().hex[:12]}"
    with database.atomic():
        save(key, data, at)
        if current and current != key:
            discard(current)
    return key


def unfinished() -> list[Unfinished]:
    """The cards kept to finish later, the most recently typed first."""
    out = []
    for prefix in (CARD, UNNUMBERED):
        start = machine_key(prefix)
        for r in Draft.select().where(Draft.key.startswith(start)):
            data = json.loads(r.data)
            members = data.get("members") or [{}]
            out.append(Unfinished(prefix + r.key[len(start):], str(data.get("card_no") or ""),
                                  str(data.get("grid") or ""), str(members[0].get("name") or ""), r.updated_at, data))
    return sorted(out, key=lambda u: u.typed_at, reverse=True)

