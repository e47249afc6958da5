"""Where rows travel in the star: every change goes up to the street office; from there
reference rows (``Meta.sync_scope = "reference"``) go down to every community, and a
community's own rows (the default scope) go back down to that community only.

A row's owner is found by following its foreign keys to ``Community`` (a person: household
→ house → building → grid → community), shortest path first. A community row no path
places (a household without a house) belongs to the community whose site created it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from gridapp.queryrows import tuples
from gridapp.store import rows as R

REFERENCE = "reference"
COMMUNITY = "community"
MAX_DEPTH = 6


def scope_of(model) -> str:
    return getattr(model._meta, "sync_scope", COMMUNITY)


def is_reference(model) -> bool:
    return scope_of(model) == REFERENCE


def _community_model():
    from gridapp.models import Community

    return Community


@lru_cache(maxsize=None)
def owner_paths(model) -> tuple[tuple, ...]:
    """Foreign-key paths from ``model`` to Community, shortest first, as field tuples."""
    community = _community_model()
    found: list[tuple] = []
    frontier: list[tuple[Any, tuple]] = [(model, ())]
    for _ in range(MAX_DEPTH):
        following = []
        for current, path in frontier:
            for fk in current._meta.refs:
                step = path + (fk,)
                if fk.rel_model is community:
                    found.append(step)
                elif fk.rel_model not in {f.model for f in step} and fk.rel_model is not current:
                    following.append((fk.rel_model, step))
        frontier = following
    return tuple(found)


def _path_sql(model, path) -> str:
    """SELECT id, owner for a path of foreign keys (LEFT JOINs, so unplaced rows give NULL)."""
    sql = f'SELECT t0.id, t{len(path) - 1}."{path[-1].column_name}" FROM "{model._meta.table_name}" t0'
    for i, fk in enumerate(path[:-1]):
        sql += (f' LEFT JOIN "{fk.rel_model._meta.table_name}" t{i + 1}'
                f' ON t{i + 1}.id = t{i}."{fk.column_name}"')
    return sql


def owners(model, ids) -> dict[str, str | None]:
    """{row id: owning community id (hex) or None}."""
    from gridapp.engines import marks
    from gridapp.models import database
    from gridapp.models.sync import Peer

    ids = list(ids)
    result: dict[str, str | None] = dict.fromkeys(ids)
    if model is _community_model():
        return {i: i for i in ids}
    for path in owner_paths(model):
        todo = [i for i, owner in result.items() if owner is None]
        if not todo:
            break
        base = _path_sql(model, path)
        for start in range(0, len(todo), R.CHUNK):
            part = todo[start:start + R.CHUNK]
            for row_id, owner in database.execute_sql(
                    f"{base} WHERE t0.id IN ({marks(len(part))})", part):
                if owner is not None:
                    result[row_id] = owner
    todo = [i for i, owner in result.items() if owner is None]
    if todo and not is_reference(model):
        by_site = dict(tuples(Peer.select(Peer.site_id, Peer.community).where(Peer.community.is_null(False))))
        for row_id, site in creators(model, todo).items():
            result[row_id] = by_site.get(site)
    return result


def creators(model, ids) -> dict[str, str]:
    """The site that created each row: the base version's site, or the row's own."""
    from gridapp.store import versions

    table = model._meta.table_name
    entries = versions.load(table, ids)
    found = {}
    for row_id, row in R.select_raw(model, ids, ()).items():
        found[row_id] = versions.of(entries.get(row_id), (row["clock"], row["site"]), versions.BASE)[1]
    return found


def routed_to(model, ids, community: str | None) -> set[str]:
    """The rows of ``ids`` that go to the community site owning ``community``."""
    ids = list(ids)
    if is_reference(model):
        return set(ids)
    return {i for i, owner in owners(model, ids).items() if owner == community}


def other_communities(sender: str) -> set[str]:
    """The communities of the enrolled sites other than ``sender``: where the street office
    passes on what ``sender`` sent (a community enrolled later gets everything at enrolment)."""
    from gridapp.models.sync import Peer

    return {c for (c,) in tuples(Peer.select(Peer.community).where(
        Peer.active == True, Peer.site_id != sender, Peer.community.is_null(False)))}  # noqa: E712


def relayed(model, ids, others: set[str]) -> set[str]:
    """The rows of ``ids`` that go on to one of the ``others`` communities."""
    ids = list(ids)
    if not others:
        return set()
    if is_reference(model):
        return set(ids)
    return {i for i, owner in owners(model, ids).items() if owner in others}
