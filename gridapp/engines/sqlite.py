"""SQLite (SQLCipher): the office database file."""

from __future__ import annotations

from contextlib import contextmanager

from peewee import SQL, fn


def upsert_sql(table: str, columns: tuple[str, ...], key: str) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    return f'INSERT OR REPLACE INTO "{table}" ({cols}) VALUES ({", ".join("?" for _ in columns)})'


def machine_key(key: str) -> str:
    return key


@contextmanager
def exporting(db, peer_id: str):
    """Nothing to hold: one computer uses the file."""
    yield


@contextmanager
def migrating(db):
    """Nothing to hold: the file is opened by one program at a time."""
    yield


def schema_version(db) -> int:
    return db.execute_sql("PRAGMA user_version").fetchone()[0]


def set_schema_version(db, version: int) -> None:
    db.execute_sql(f"PRAGMA user_version = {int(version)}")


def after_migrations(db) -> None:
    """Nothing: SQLite needs no more than the migrations give it."""


def defer_foreign_keys(db) -> None:
    """References checked at commit, not row by row (rows arrive in any order)."""
    db.execute_sql("PRAGMA defer_foreign_keys = ON")


def lock_writes(db) -> int | None:
    """One writer at a time: SQLite already has only one. Returns the stored clock (None:
    this process's clock is the only one)."""
    return None


def insert_rows(db, table: str, columns, rows) -> None:
    """Many new rows (tuples in ``columns`` order) with one prepared statement."""
    cols = ", ".join(f'"{c}"' for c in columns)
    db.cursor().executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join("?" for _ in columns)})', rows)


def rows_inserted(db, table: str, count: int) -> None:
    """Nothing: SQLite plans by its indexes, not by counts of uncommitted rows."""


def analyze(db) -> None:
    db.execute_sql("ANALYZE")


def row_key(model):
    """A small key of a table's rows (the ledgers page through them)."""
    from peewee import Column

    return Column(model, "rowid")


def table_names(db) -> list[str]:
    return [r[0] for r in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def least(*args):
    return fn.MIN(*args)


def greatest(*args):
    return fn.MAX(*args)


def starts_with(column, prefix: str):
    """``column`` begins with ``prefix`` (letters or digits), through the column's index:
    GLOB is case-sensitive, so SQLite uses the index for it (not for LIKE)."""
    from peewee import Expression

    return Expression(column, "GLOB", prefix + "*")


def json_values(data: str) -> SQL:
    """A JSON array of scalars as a one-column table."""
    return SQL("(SELECT value FROM json_each(?))", [data])


def json_pairs(data: str) -> SQL:
    """A JSON array of two-element arrays as a two-column table."""
    return SQL("(SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))", [data])


def json_field(column, key: str):
    """A key of a JSON object column as JSON text ('"职工医保"', 'true', '85', '["低保"]'), NULL
    when absent."""
    from peewee import Expression

    return Expression(column, "->", f'$."{key}"')
