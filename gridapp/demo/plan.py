"""The figures the demo reproduces, and exact splitting of totals into parts.

``community``: the community of seed 002 — 14 grids (10 inhabited), 4,686
households, 16,074 people: 9,074 resident, 3,000 inflow, 4,000 registered-only;
inflow 703 other county, 684 study companions, 1,254 business/work, 359 other.

``street``: the street of seed 001 — 5 communities, 45 grids, 50,917 houses,
47,992 households, 134,751 people.
"""

from __future__ import annotations

import random
from dataclasses import dataclass


@dataclass
class CommunityPlan:
    name: str
    grids: int
    inhabited: int
    groups: int
    houses: int
    households: int
    status: dict[str, int]  # resident / inflow / registered_only → persons
    inflow: dict[str, int]  # reason → persons
    workers_per_grid: int

    @property
    def persons(self) -> int:
        return sum(self.status.values())


SEED002_INFLOW = {"other_county": 703, "study_companion": 684, "business_work": 1254, "other": 359}


def split(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to ``weights`` that add up to ``total`` exactly (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    parts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def community_plan(names: list[str]) -> list[CommunityPlan]:
    return [CommunityPlan(
        name=names[0], grids=14, inhabited=10, groups=6, houses=4_947, households=4_686,
        status={"resident": 9_074, "inflow": 3_000, "registered_only": 4_000},
        inflow=dict(SEED002_INFLOW), workers_per_grid=1)]


def street_plan(names: list[str], rng: random.Random) -> list[CommunityPlan]:
    grids = [9, 8, 10, 8, 10]  # 45 grids
    weights = [g * rng.uniform(0.85, 1.15) for g in grids]
    households = split(47_992, weights)
    houses = split(50_917, [h * rng.uniform(0.98, 1.02) for h in households])
    persons = split(134_751, [h * rng.uniform(0.95, 1.05) for h in households])
    plans = []
    for i, name in enumerate(names):
        status = dict(zip(("resident", "inflow", "registered_only"),
                          split(persons[i], [0.70 + rng.uniform(-0.04, 0.04), 0.19, 0.11])))
        inflow = dict(zip(SEED002_INFLOW, split(status["inflow"], list(SEED002_INFLOW.values()))))
        plans.append(CommunityPlan(
            name=name, grids=grids[i], inhabited=grids[i] - (1 if i % 2 else 0),
            groups=max(2, grids[i] // 3), houses=houses[i], households=households[i],
            status=status, inflow=inflow, workers_per_grid=3))
    return plans
