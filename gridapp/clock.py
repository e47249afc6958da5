"""Hybrid logical clock: physical milliseconds in the high bits, a counter in the low 16.

Monotonic even when the PC's clock jumps back; compares across sites.
"""

from __future__ import annotations

import threading
import time

COUNTER_BITS = 16


def now_ms() -> int:
    return time.time_ns() // 1_000_000


class HybridClock:
    def __init__(self, last: int = 0, wall=None):
        self.last = last
        self._wall = wall  # None: the PC's clock, ``now_ms`` (looked up when used)
        self._lock = threading.Lock()  # the GUI thread and the database worker both tick

    def tick(self, count: int = 1) -> int:
        """Reserve ``count`` consecutive clock values; return the first."""
        floor = (self._wall or now_ms)() << COUNTER_BITS
        with self._lock:
            first = max(floor, self.last + 1)
            self.last = first + count - 1
        return first

    def observe(self, remote: int) -> None:
        """Move past a clock value received from another site."""
        with self._lock:
            if remote > self.last:
                self.last = remote


def physical_ms(value: int) -> int:
    return value >> COUNTER_BITS
