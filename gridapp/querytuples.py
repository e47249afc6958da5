"""Query rows as plain tuples, typed as such.

peewee's type stubs say ``query.tuples()`` returns the query itself, so a type checker
believes its rows are model instances; this says what they are."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def tuples(query: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` (a peewee select) as tuples, in the query's order."""
    return iter(query.tuples())
