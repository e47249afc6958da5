"""Demo cards: every demo household has a keyed paper card with an archive number,
most of them filed; the last days' stacks are partly still waiting to be keyed, a few
late, so the two-day board and the filing register have something to show."""

from __future__ import annotations

import datetime as dt
import random
import uuid

from gridapp import cardlife
from gridapp.models import Card
from gridapp.services.filing import format_number

CLERKS = ("录入员甲", "录入员乙")
DIRECTOR = "妇女主任"
CAPACITY = 100


class DemoCards:
    def __init__(self, writer, seed: int, as_of: dt.date):
        self.writer = writer
        self.rng = random.Random(seed + 1)  # its own stream: the people stay the same with or without cards
        self.as_of = as_of
        self.serial: dict = {}

    def _add(self, **values) -> None:
        self.writer.add(Card, id=uuid.UUID(int=self.rng.getrandbits(128), version=4), **values)

    def _number(self, community_id) -> str:
        self.serial[community_id] = self.serial.get(community_id, 0) + 1
        return f"{self.serial[community_id]:06d}"

    def _at(self, day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(self.rng.randint(8, 17), self.rng.randint(0, 59)))

    def grid(self, community_id, grid_id, grid_number: int, worker_id, household_ids: list) -> None:
        r, as_of = self.rng, self.as_of
        keyed = []
        for hid in household_ids:
            collected = as_of - dt.timedelta(days=r.randint(4, 400))
            delay = r.choices([0, 1, 2, 3, 5], [30, 35, 22, 9, 4])[0]
            keyed.append((collected, collected + dt.timedelta(days=delay), hid))
        keyed.sort(key=lambda k: (k[1], k[0]))
        for n, (collected, keyed_on, hid) in enumerate(keyed):
            binder, position = divmod(n, CAPACITY)
            filed = keyed_on + dt.timedelta(days=r.randint(1, 12))
            filed_ok = filed <= as_of and r.random() < 0.97
            self._add(
                card_no=self._number(community_id), community=community_id, grid=grid_id,
                collected_by=worker_id, collected_on=collected, due_on=collected + dt.timedelta(days=2),
                state=cardlife.FILED if filed_ok else cardlife.KEYED, received_at=self._at(collected), received_by=CLERKS[0],
                keyed_at=self._at(keyed_on), keyed_by=r.choice(CLERKS), household=hid,
                archive_no=format_number(grid_number, binder + 1, position + 1),
                filed_at=self._at(filed) if filed_ok else None, filed_by=DIRECTOR if filed_ok else "")
        for _ in range(r.randint(2, 8)):  # the latest stacks, not keyed yet
            collected = as_of - dt.timedelta(days=r.randint(0, 4))
            self._add(
                card_no=self._number(community_id), community=community_id, grid=grid_id,
                collected_by=worker_id, collected_on=collected, due_on=collected + dt.timedelta(days=2),
                state=cardlife.RECEIVED, received_at=self._at(collected), received_by=CLERKS[0])
