"""Where things live: the user's data folder and the shipped resources."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "gridapp"

_ROOT = Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """The ``resources/`` folder shipped beside the packages."""
    return _ROOT / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    """The office database: one file in the user's data folder."""
    return data_dir() / "gridapp.db"


def demo_db_path() -> Path:
    return data_dir() / "demo.db"
