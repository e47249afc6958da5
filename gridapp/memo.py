"""Reads that a long batch repeats thousands of times (a community's card fields, a
setting) answered once per batch.

Outside ``with batch():`` a ``@batched`` function runs every time, so screens and
single cards always see the current data; inside, each distinct call is answered
once. Batches are per thread: the GUI thread is never served a worker's cache.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import wraps

_local = threading.local()


def _cache() -> dict | None:
    stack = getattr(_local, "stack", None)
    return stack[-1] if stack else None


def batched(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        cache = _cache()
        if cache is None:
            return fn(*args, **kwargs)
        key = (fn, args, tuple(sorted(kwargs.items())))
        try:
            return cache[key]
        except KeyError:
            value = cache[key] = fn(*args, **kwargs)
            return value
        except TypeError:  # an unhashable argument: not cached
            return fn(*args, **kwargs)
    return wrapper


@contextmanager
def batch():
    """Within the block, each ``@batched`` call with the same arguments is read once."""
    stack = getattr(_local, "stack", None)
    if stack is None:
        stack = _local.stack = []
    stack.append({})
    try:
        yield
    finally:
        stack.pop()
