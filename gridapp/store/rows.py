"""The synced tables as the sync layer sees them: columns and stored values.

Sync works on what SQLite stores (text, integers, reals, blobs, NULL), column by column:
the same value compares equal at every site whatever Python type a model gives it.
In package files a blob travels as ``{"b": base64}``; everything else is plain JSON.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import uuid
from functools import lru_cache

from gridapp.engines import database, engine, marks

META_COLUMNS = ("id", "site", "clock")  # the key and the row's version: not merged as fields
CHUNK = 500  # ids per IN (...) query

Version = tuple  # (clock, site): compared as a tuple, the clock first, then the site id


@lru_cache(maxsize=None)
def columns(model) -> tuple[str, ...]:
    """The columns merged field by field, in the model's order."""
    return tuple(f.column_name for f in model._meta.sorted_fields if f.column_name not in META_COLUMNS)


@lru_cache(maxsize=None)
def all_columns(model) -> tuple[str, ...]:
    return tuple(f.column_name for f in model._meta.sorted_fields)


@lru_cache(maxsize=None)
def blob_columns(model) -> frozenset:
    """Columns whose values are bytes (sent as base64)."""
    from peewee import BlobField

    return frozenset(f.column_name for f in model._meta.sorted_fields if isinstance(f, BlobField))


def field_of(model, column: str):
    return model._meta.columns[column]


def label_of(model, column: str) -> str:
    field = field_of(model, column)
    return getattr(field, "verbose_name", None) or field.name


def to_raw(field, value):
    """The value as SQLite stores it for ``field``."""
    if field.column_name in blob_columns(field.model):  # db_value wraps bytes for the driver
        return None if value is None else bytes(value)
    value = field.db_value(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def raw_id(value) -> str:
    """A row id as stored: 32 hex digits."""
    if isinstance(value, uuid.UUID):
        return value.hex
    return uuid.UUID(str(value)).hex


def encode(raw):
    if isinstance(raw, (bytes, bytearray, memoryview)):
        return {"b": base64.b64encode(bytes(raw)).decode("ascii")}
    return raw


def decode(wire):
    if isinstance(wire, dict):
        return base64.b64decode(wire["b"])
    return wire


def default_raw(model, column: str):
    field = field_of(model, column)
    default = field.default
    if callable(default):
        default = default()
    return None if default is None else to_raw(field, default)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def select_raw(model, ids, cols=None) -> dict[str, dict]:
    """Rows by id, as {id: {column: stored value}}; ``cols`` adds to id, site and clock."""
    cols = all_columns(model) if cols is None else tuple(dict.fromkeys(("id", "site", "clock") + tuple(cols)))
    names = ", ".join(_quote(c) for c in cols)
    table = _quote(model._meta.table_name)
    found: dict[str, dict] = {}
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        sql = f"SELECT {names} FROM {table} WHERE id IN ({marks(len(part))})"
        for row in database.execute_sql(sql, part):
            found[row[0]] = dict(zip(cols, row))
    return found


def scan_raw(model, where: str = "", params=(), cols=None, batch: int = 2000):
    """Every row of the table (optionally filtered), as dicts, in batches."""
    cols = all_columns(model) if cols is None else cols
    names = ", ".join(_quote(c) for c in cols)
    cursor = database.execute_sql(f"SELECT {names} FROM {_quote(model._meta.table_name)} {where}", params)
    while True:
        rows = cursor.fetchmany(batch)
        if not rows:
            return
        yield [dict(zip(cols, r)) for r in rows]


def state_columns(model) -> tuple[str, ...]:
    """The order of a row in a package's state line: key, version, then the fields."""
    return ("id", "clock", "site") + columns(model)


def state_rows(model, ids=None, batch: int = 2000):
    """Rows as tuples in ``state_columns`` order: by id, or (``ids`` None) the whole table."""
    names = ", ".join(_quote(c) for c in state_columns(model))
    sql = f"SELECT {names} FROM {_quote(model._meta.table_name)}"
    if ids is None:
        cursor = database.execute_sql(sql)
        while rows := cursor.fetchmany(batch):
            yield rows
        return
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        part = ids[start:start + CHUNK]
        yield database.execute_sql(f"{sql} WHERE id IN ({marks(len(part))})", part).fetchall()


def insert_raw(model, rows: list[dict]) -> None:
    """Insert complete rows of stored values."""
    if not rows:
        return
    cols = all_columns(model)
    _insert(model, cols, [tuple(r.get(c) for c in cols) for r in rows])


def insert_state(model, rows: list[tuple]) -> None:
    """Insert complete rows given as tuples in ``state_columns`` order."""
    if not rows:
        return
    _insert(model, state_columns(model), rows)


def _insert(model, cols, rows) -> None:
    db = database.obj
    engine(db).insert_rows(db, model._meta.table_name, cols, rows)


def update_raw(model, row_id: str, values: dict) -> None:
    sets = ", ".join(f"{_quote(c)} = {marks(1)}" for c in values)
    database.execute_sql(f"UPDATE {_quote(model._meta.table_name)} SET {sets} WHERE id = {marks(1)}",
                      list(values.values()) + [row_id])
