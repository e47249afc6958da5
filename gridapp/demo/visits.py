"""Demo visit log: each grid's worker visits on most working days of the last three months
and this one, a few households a day around the grid's quota (4% of its households), so the
monthly appraisal has work to score. Its own random stream keeps the people unchanged."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import uuid

from gridapp.models import VisitEntry
from gridapp.services.visits import PURPOSES


class DemoVisits:
    def __init__(self, writer, seed: int, as_of: dt.date):
        self.writer = writer
        self.rng = random.Random(seed + 2)
        self.as_of = as_of
        first = as_of.replace(day=1)
        for _ in range(3):
            first = (first - dt.timedelta(days=1)).replace(day=1)
        self.days = [first + dt.timedelta(days=n) for n in range((as_of - first).days + 1)]
        self.must_people: dict = {}  # household id → must-visit people living there

    def grid(self, community_id, grid_id, worker_id, household_ids: list) -> None:
        if not household_ids:
            return
        r = self.rng
        diligence = r.uniform(0.45, 0.95)
        quota = max(1, math.ceil(len(household_ids) * 0.04))
        for day in self.days:
            if day.weekday() >= 5 or r.random() > diligence:
                continue
            homes = r.sample(household_ids, min(len(household_ids), max(1, round(quota * r.uniform(0.5, 1.3)))))
            self.writer.add(VisitEntry, id=uuid.UUID(int=r.getrandbits(128), version=4), community=community_id,
                            grid=grid_id, staff=worker_id, day=day, households=json.dumps([h.hex for h in homes]),
                            visited=len(homes), must_visit=sum(self.must_people.get(h, 0) for h in homes),
                            purpose=r.choice(PURPOSES[:3]), note="", typed="")
