"""Engine-specific SQL, one module per engine: ``sqlite`` (the office file, SQLCipher) and
``postgres`` (a street hub on a database server). Services and the sync layer ask
``engine()`` for the piece they need instead of writing SQLite or PostgreSQL dialect
themselves; everything else goes through peewee's query builder, which speaks both.
"""

from __future__ import annotations

from types import ModuleType

from peewee import DatabaseProxy

# The open database: ``gridapp.db`` opens it (a SQLCipher file or a hub server); every model's
# Meta names it.
database = DatabaseProxy()


def is_url(target) -> bool:
    """Whether ``--db`` names a database server rather than a file."""
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


def engine(db=None) -> ModuleType:
    """The module holding the SQL of the engine behind ``db`` (default: the open database)."""
    from peewee import PostgresqlDatabase

    if db is None:
        db = database.obj
    if isinstance(db, PostgresqlDatabase):
        from gridapp.engines import postgres

        return postgres
    from gridapp.engines import sqlite

    return sqlite


def on_server(db=None) -> bool:
    """Whether the open database (or ``db``) is a street hub on a database server."""
    return engine(db).__name__.endswith(".postgres")


def hold_writes() -> None:
    """In the caller's transaction, before it reads what decides its writes (is this card
    number taken, which archive number is next): on a shared server other workstations'
    writes wait until it commits. Nothing on a file, which has one writer anyway."""
    engine().lock_writes(database.obj)


def machine_key(key: str) -> str:
    """The key of something that belongs to this computer (a card being typed, the sync
    folder): an office file is on one computer; a server is shared by several."""
    return engine().machine_key(key)


def marks(count: int, db=None) -> str:
    """``count`` parameter placeholders (``?`` or ``%s``), comma-separated."""
    return ", ".join([param(db)] * count)


def param(db=None) -> str:
    if db is None:
        db = database.obj
    return db.param
