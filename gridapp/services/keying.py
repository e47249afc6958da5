"""What each keying of a card cost: one ``KeyingRecord`` per entry or verification, for the
keyer's figures (``gridapp.services.verify.keyer_figures``)."""

from __future__ import annotations

import datetime as dt

from gridapp.models import Card, KeyingRecord
from gridapp.store.session import current_user


def record_keying(card: Card, kind: str, fields: int = 0, keystrokes: int = 0, seconds: float = 0,
                  differences: int = 0) -> KeyingRecord:
    return KeyingRecord.create(card=card, user=current_user(), kind=kind, fields=fields, keystrokes=keystrokes,
                               seconds=seconds, differences=differences, at=dt.datetime.now())
