"""Failure points for the crash tests. With ``GRIDAPP_SYNC_FAULT=<name>`` set, a process that
reaches point ``<name>`` says so on stderr and waits there to be killed."""

from __future__ import annotations

import os
import sys
import time

ENV = "GRIDAPP_SYNC_FAULT"


def point(name: str) -> None:
    if os.environ.get(ENV) == name:
        print(f"fault point: {name}", file=sys.stderr, flush=True)
        while True:
            time.sleep(60)
