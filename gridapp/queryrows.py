"""Query rows as plain tuples or dicts, typed as such.

peewee's type stubs say ``query.tuples()`` and ``query.dicts()`` return the query itself,
so a type checker believes their rows are model instances; these say what they are."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def tuples(query: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` (a peewee select) as tuples, in the query's order."""
    return iter(query.tuples())


def dicts(query: Any) -> Iterator[dict[str, Any]]:
    """The rows of ``query`` (a peewee select) as dicts keyed by column name, in the query's order."""
    return iter(query.dicts())
