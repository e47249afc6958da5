"""Who is working: the name recorded with every step and change."""

from __future__ import annotations

import getpass
import os

_user: str | None = None


def current_user() -> str:
    if _user:
        return _user
    return os.environ.get("GRIDAPP_USER") or getpass.getuser() or "未知用户"


def set_user(name: str | None) -> None:
    global _user
    _user = name
