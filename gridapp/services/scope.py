"""Where a question applies: the whole database, a community or a grid, and who is present.

"Present" means not tombstoned and not departed, for the person and their household.
"""

from __future__ import annotations

from dataclasses import dataclass

from gridapp.errors import UserError
from gridapp.models import Building, Community, Grid, House, Household, LocalState, Person, Staff, StaffGrid
from gridapp.sortkeys import natural_key


@dataclass(frozen=True)
class Scope:
    community: Community | None = None
    grid: Grid | None = None

    @property
    def label(self) -> str:
        if self.grid is not None:
            return f"{self.grid.community.name} {self.grid.name}"
        if self.community is not None:
            return self.community.name
        return "全部"

    def restrict(self, query, grid_model=Grid):
        if self.grid is not None:
            return query.where(grid_model.id == self.grid.id)
        if self.community is not None:
            return query.where(grid_model.community == self.community.id)
        return query


def resolve(community: str | None = None, grid: str | None = None) -> Scope:
    """Find a community and/or grid by name; a clear message when it is not there.

    Without either, a community office enrolled at its street office (which also holds
    the street's other communities and grids) means its own community.
    """
    com = None
    if not community and not grid:
        own = LocalState.get_value("community_id")
        com = Community.live().where(Community.id == own).first() if own else None
        return Scope(com)
    if community:
        com = Community.live().where(Community.name == community).first()
        if com is None:
            raise UserError(f"没有名为“{community}”的社区。")
    g = None
    if grid:
        q = Grid.live().where(Grid.name == grid)
        if com is not None:
            q = q.where(Grid.community == com)
        found = list(q)
        if not found:
            raise UserError(f"没有名为“{grid}”的网格。")
        if len(found) > 1:
            names = "、".join(sorted(x.community.name for x in found))
            raise UserError(f"网格“{grid}”在多个社区都有（{names}），请用 --community 指明。")
        g = found[0]
    return Scope(com, g)


def present_households(scope: Scope, *fields):
    q = (Household.select(*fields)
         .join(House).join(Building).join(Grid)
         .where(Household.deleted == False, Household.departed_on.is_null()))  # noqa: E712
    return scope.restrict(q)


def present_persons(scope: Scope, *fields):
    q = (Person.select(*fields)
         .join(Household).join(House).join(Building).join(Grid)
         .where(Person.deleted == False, Person.departed_on.is_null(),  # noqa: E712
                Household.deleted == False, Household.departed_on.is_null()))  # noqa: E712
    return scope.restrict(q)


def grid_choices(community=None) -> list[tuple[str, Grid]]:
    """The grids for a drop-down (of ``community``, or all), in community order (第二 before 第十), then by number and name, each
    named by its name, with its community's in front when the list spans several communities."""
    query = Grid.live(Grid, Community).join(Community, on=(Grid.community == Community.id))
    if community is not None:
        query = query.where(Grid.community == community)
    grids = sorted(query, key=lambda g: (natural_key(g.community.name), g.number, natural_key(g.name)))
    several = len({g.community_id for g in grids}) > 1
    return [(f"{g.community.name} {g.name}" if several else g.name, g) for g in grids]


def grid_workers(grid) -> list[Staff]:
    """The staff posted to ``grid`` (a Grid or its id), for a drop-down: by post, then name."""
    return list(Staff.live().join(StaffGrid, on=(StaffGrid.staff == Staff.id))
                .where(StaffGrid.grid == grid, StaffGrid.deleted == False)  # noqa: E712
                .order_by(StaffGrid.post, Staff.name))
