"""Epochs: how sync carries on after a site's database goes back to a backup.

A site numbers its changes 1, 2, 3 … and each peer remembers how far it has applied them
(and the site remembers how far each peer has acknowledged). A restore puts all of that
back to the backup's time: the changes numbered after the backup are gone from the site,
and their numbers would be used again for new changes, which a peer would take for
packages it has already applied.

So a restore begins a new **epoch**: an id, the clock when it began, and the **fork**, the
last number the restored database holds. A site's epochs form a chain from its first one;
every package carries its sender's chain. A peer that sees a newer epoch than it knew:

- keeps the numbers up to the fork (of every epoch since the one it knew) as applied: they
  are the same changes in both epochs; everything above is new;
- sends its own changes again from where the restored site's acknowledgement says it stands;
- owes the restored site a full package when it had applied changes above the fork: those
  are the changes the backup lacks, and the full package brings them back.

A package of an older epoch that was not applied yet is superseded: its changes above the
fork were made on the database that was replaced. A database put back by copying a file,
not by ``restore``, is noticed when a peer acknowledges more of its changes than it holds,
and begins a new epoch then.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

from gridapp.clock import HybridClock

KEY = "sync:epoch"
NO_FORK = float("inf")


@dataclass(frozen=True)
class Epoch:
    chain: tuple = ()  # ((id, clock, fork), …) from the first restore on; () before any
    after: dict = field(default_factory=dict)  # peer site id -> [seq, package] it had acknowledged

    @property
    def id(self) -> str:
        return self.chain[-1][0] if self.chain else ""

    @property
    def rank(self) -> tuple:
        return (self.chain[-1][1], self.chain[-1][0]) if self.chain else (0, "")

    def header(self, peer_id: str) -> dict | None:
        """What a package to ``peer_id`` says of this epoch (nothing in a site's first epoch)."""
        if not self.chain:
            return None
        seq, package = self.after.get(peer_id, (0, 0))
        return {"chain": [list(e) for e in self.chain], "after": [seq, package]}

    def shared_up_to(self, other: "Epoch") -> float:
        """The last number that means the same change in both epochs of one site."""
        common = 0
        while common < min(len(self.chain), len(other.chain)) and self.chain[common][0] == other.chain[common][0]:
            common += 1
        return min([NO_FORK] + [e[2] for e in self.chain[common:] + other.chain[common:]])

    def text(self) -> str:
        return json.dumps({"chain": [list(e) for e in self.chain], "after": self.after}, separators=(",", ":"))

    @classmethod
    def from_text(cls, text: str | None) -> "Epoch":
        if not text:
            return cls()
        data = json.loads(text)
        return cls(_chain(data.get("chain")), dict(data.get("after") or {}))


def _chain(data) -> tuple:
    if not isinstance(data, list):
        return ()
    return tuple((str(e[0]), int(e[1]), int(e[2])) for e in data)


def of_package(header: dict) -> tuple[Epoch, tuple[int, int]]:
    """The sender's epoch as a package states it, and what it had acknowledged of ours then."""
    data = header.get("epoch")
    if not isinstance(data, dict):
        return Epoch(), (0, 0)
    after = data.get("after") or [0, 0]
    return Epoch(_chain(data.get("chain"))), (int(after[0]), int(after[1]))


def current() -> Epoch:
    from gridapp.models import LocalState

    return Epoch.from_text(LocalState.get_value(KEY))


def begin(db) -> Epoch:
    """Begin a new epoch in the database ``db`` (a peewee database, open, bound or not), which
    has just been put back to an earlier state. Its own tables only: run before it is used."""
    p = db.param

    def value(key, default=None):
        row = db.execute_sql(f"SELECT value FROM local_state WHERE key = {p}", (key,)).fetchone()
        return row[0] if row else default

    clock = HybridClock(int(value("clock", "0")))
    started = clock.tick()
    fork = int(db.execute_sql("SELECT COALESCE(MAX(seq), 0) FROM sync_outbox").fetchone()[0])
    after = {site_id: [int(seq), int(package)] for site_id, seq, package in
             db.execute_sql("SELECT site_id, acked_seq, acked_package FROM sync_peer").fetchall()}
    before = Epoch.from_text(value(KEY))
    epoch = Epoch(before.chain + ((str(uuid.uuid4()), started, fork),), after)
    with db.atomic():
        for key, text in ((KEY, epoch.text()), ("clock", str(clock.last))):
            db.execute_sql(f"DELETE FROM local_state WHERE key = {p}", (key,))
            db.execute_sql(f"INSERT INTO local_state (key, value) VALUES ({p}, {p})", (key, text))
        # what each peer acknowledged is all it is known to hold; -1: tell every peer of the epoch
        db.execute_sql("UPDATE sync_peer SET exported_seq = acked_seq, exported_package = acked_package, "
                       "reported_seq = -1")
    return epoch


def begin_here() -> Epoch:
    """A new epoch in the open database, noticed while it is in use (a peer acknowledged more
    of this site's changes than it holds: it was put back without ``restore``)."""
    from gridapp.models import database
    from gridapp.models.base import current_site

    epoch = begin(database.obj)
    current_site().clock.observe(epoch.rank[0])
    return epoch
