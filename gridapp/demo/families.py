"""Households with members whose ages, relations and statuses fit together,
sized so that a community's totals come out exactly as planned."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from gridapp.demo.plan import CommunityPlan

REFERENCE_YEAR = 2026  # ages are reckoned at 2026-10-01; birth dates are fixed by the seed


@dataclass
class Member:
    relation: str
    gender: str
    age: int
    status: str = "resident"
    reason: str = ""


@dataclass
class Family:
    kind: str  # "resident", "registered" (挂户, nobody lives there) or "inflow"
    reason: str = ""  # for inflow households
    members: list[Member] = field(default_factory=list)

    @property
    def head(self) -> Member:
        return self.members[0]


def _sizes(rng: random.Random, count: int, total: int, cap: int = 9) -> list[int]:
    """``count`` household sizes between 1 and ``cap`` adding up to ``total`` exactly."""
    if count == 0:
        return []
    mean = total / count
    sizes = []
    for _ in range(count):
        # 1 + a Poisson-like draw around the mean
        n, target = 1, mean - 1
        while n < cap and rng.random() < target / (target + 1.0):
            n += 1
            target -= 1 if target >= 1 else target
        sizes.append(n)
    diff = total - sum(sizes)
    step = 1 if diff > 0 else -1
    while diff:
        i = rng.randrange(count)
        if 1 <= sizes[i] + step <= cap:
            sizes[i] += step
            diff -= step
    return sizes


def _other(gender: str) -> str:
    return "F" if gender == "M" else "M"


def compose(size: int, kind: str, reason: str, rng: random.Random) -> list[Member]:
    """Relations and ages for a household of ``size`` people."""
    r = rng.random()
    if kind == "inflow":
        if reason == "study_companion":
            head = Member("户主", "F" if r < 0.7 else "M", rng.randint(32, 48))
        else:
            head = Member("户主", "M" if r < 0.65 else "F", rng.randint(20, 52))
    elif size == 1:
        head = Member("户主", "M" if r < 0.5 else "F", rng.randint(62, 93) if r < 0.6 else rng.randint(22, 59))
    elif size == 2:
        head = Member("户主", "M" if r < 0.75 else "F",
                      rng.randint(58, 88) if r < 0.5 else rng.randint(23, 34) if r < 0.75 else rng.randint(35, 57))
    else:
        head = Member("户主", "M" if r < 0.75 else "F", rng.randint(30, 72))
    members = [head]
    a = head.age
    companion = kind == "inflow" and reason == "study_companion"
    if size >= 2 and not companion and rng.random() < 0.88:
        members.append(Member("配偶", _other(head.gender), max(20, a + rng.randint(-5, 3))))
    if a >= 55 and size - len(members) >= 2 and rng.random() < 0.75:
        child = Member("子" if rng.random() < 0.6 else "女", "", rng.randint(a - 32, a - 24))
        child.gender = "M" if child.relation == "子" else "F"
        members.append(child)
        if size - len(members) >= 2 or rng.random() < 0.6:
            members.append(Member("儿媳" if child.gender == "M" else "女婿", _other(child.gender),
                                  max(20, child.age + rng.randint(-4, 3))))
        while len(members) < size and child.age >= 22:
            g = "M" if rng.random() < 0.52 else "F"
            members.append(Member("孙子" if g == "M" else "孙女", g, rng.randint(0, min(child.age - 21, 17))))
    young = 6 if companion else 0
    for _ in range(3 if a < 50 else 2):
        if len(members) >= size or a - 20 < young:
            break
        g = "M" if rng.random() < 0.52 else "F"
        members.append(Member("子" if g == "M" else "女", g, rng.randint(max(young, a - 40), a - 20)))
    for relation, g in (("父亲", "M"), ("母亲", "F")):
        if len(members) < size and a + 24 <= 96:
            members.append(Member(relation, g, min(98, a + rng.randint(24, 32))))
    while len(members) < size:
        g = "M" if rng.random() < 0.5 else "F"
        members.append(Member("兄弟姐妹" if rng.random() < 0.7 else "其他", g, max(16, a + rng.randint(-8, 8))))
    return members


def _allocate_reasons(rng: random.Random, sizes: list[int], quotas: dict[str, int]) -> list[str]:
    """A reason per inflow household; household sizes fill each reason's quota of persons."""
    order = list(range(len(sizes)))
    rng.shuffle(order)
    reasons = [""] * len(sizes)
    remaining = dict(quotas)
    for i in order:
        fitting = [r for r, left in remaining.items() if left >= sizes[i]]
        reason = max(fitting, key=lambda r: remaining[r]) if fitting else max(remaining, key=lambda r: remaining[r])
        reasons[i] = reason
        remaining[reason] -= sizes[i]
    return reasons


def families_for(plan: CommunityPlan, rng: random.Random) -> list[Family]:
    inflow_persons = plan.status["inflow"]
    inflow_households = min(plan.households // 2, round(inflow_persons / 2.3))
    other_households = plan.households - inflow_households
    sizes_in = _sizes(rng, inflow_households, inflow_persons, cap=6)
    sizes_out = _sizes(rng, other_households, plan.persons - inflow_persons)

    families: list[Family] = []
    reasons = _allocate_reasons(rng, sizes_in, plan.inflow)
    quota = dict(plan.inflow)
    for size, reason in zip(sizes_in, reasons):
        fam = Family("inflow", reason, compose(size, "inflow", reason, rng))
        families.append(fam)
        for m in fam.members:
            m.status = "inflow"
            # a household straddling a quota's end gives its extra members to a reason still open
            if quota[reason] > 0:
                m.reason = reason
            else:
                m.reason = next(r for r, left in quota.items() if left > 0)
            quota[m.reason] -= 1

    others = [Family("resident", "", compose(size, "resident", "", rng)) for size in sizes_out]
    registered = plan.status["registered_only"]
    whole = int(registered * 0.35)
    for fam in sorted(others, key=lambda _f: rng.random()):
        if whole <= 0:
            break
        if len(fam.members) <= min(whole, 3):
            fam.kind = "registered"
            for m in fam.members:
                m.status = "registered_only"
            whole -= len(fam.members)
            registered -= len(fam.members)
    # the rest are family members registered here who live elsewhere (人户分离)
    candidates = [m for fam in others if fam.kind == "resident" for m in fam.members[1:]]
    candidates.sort(key=lambda m: (0 if 18 <= m.age <= 45 else 1, rng.random()))
    if len(candidates) < registered:
        raise ValueError("demo plan cannot place its registered-only people")
    for m in candidates[:registered]:
        m.status = "registered_only"
    families.extend(others)
    rng.shuffle(families)
    return families
