"""The grid workers of a scope with the grids they hold: who the appraisal, the visit log and the
must-visit follow-up are about."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from gridapp.models import Community, Grid, Staff, StaffGrid


@dataclass
class Worker:
    id: object
    name: str
    community_id: object
    community: str
    grids: list = field(default_factory=list)
    grid_names: list = field(default_factory=list)


def workers(community_ids: list | None = None) -> list[Worker]:
    """Active grid workers with the grids they hold on post A (else on post B), by community and name."""
    q = (Staff.live(Staff.id, Staff.name, Staff.community, Community.name.alias("community_name"))
         .join(Community, on=(Staff.community == Community.id))
         .where(Staff.role == "grid_worker", Staff.active == True))  # noqa: E712
    if community_ids is not None:
        q = q.where(Staff.community.in_(community_ids))
    found = {r["id"]: Worker(r["id"], r["name"], r["community"], r["community_name"])
             for r in q.order_by(Community.name, Staff.name).dicts()}
    posts: dict = defaultdict(lambda: {"A": [], "B": []})
    for staff, grid, name, _number, post in (
            StaffGrid.live(StaffGrid.staff, StaffGrid.grid, Grid.name, Grid.number, StaffGrid.post)
            .join(Grid, on=(StaffGrid.grid == Grid.id))
            .where(StaffGrid.staff.in_(list(found)), Grid.deleted == False)  # noqa: E712
            .order_by(Grid.number).tuples()):
        posts[staff]["A" if post == "A" else "B"].append((grid, name))
    for staff_id, worker in found.items():
        held = posts[staff_id]["A"] or posts[staff_id]["B"]
        worker.grids = [g for g, _ in held]
        worker.grid_names = [n for _, n in held]
    return list(found.values())
