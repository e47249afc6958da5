"""PostgreSQL: a street hub on a database server, for several officers at once.

The hub stores what the office file stores, column for column: ids as 32 hex digits,
dates and times as ISO text, flags as 0/1. The sync layer compares and ships stored
values, so a row reads the same from either engine and a package made from one imports
into the other unchanged. peewee builds the queries; what differs is here.
"""

from __future__ import annotations

import datetime as dt
import socket
import uuid
from contextlib import contextmanager
from functools import lru_cache

from peewee import SQL, DatabaseError, PostgresqlDatabase, fn

VERSION_TABLE = "gridapp_schema"
LOCK_KEY = "clock"  # the row every writing transaction locks first: writers queue, none deadlock
LOCK_TIMEOUT_MS = 60_000  # a save waits this long for an import or another save, then says so
BUSY = {"55P03": "另一台电脑正在导入或保存", "40P01": "两台电脑的操作交叉", "40001": "两台电脑的操作交叉"}


@lru_cache(maxsize=None)
def _dumpers():
    import psycopg
    from psycopg.adapt import Dumper

    int2 = psycopg.adapters.types["int2"].oid

    class FlagDumper(Dumper):
        oid = int2

        def dump(self, obj):
            return b"1" if obj else b"0"

    class TextDumper(Dumper):
        """Dates, times and UUIDs as the office file stores them (the type left to the server)."""

        def dump(self, obj):
            if isinstance(obj, uuid.UUID):
                return obj.hex.encode()
            if isinstance(obj, dt.datetime):
                return obj.isoformat(" ").encode()
            return obj.isoformat().encode()

    return FlagDumper, TextDumper


class HubDatabase(PostgresqlDatabase):
    """peewee's PostgreSQL database (psycopg 3) storing values as the office file does."""

    field_types = {**PostgresqlDatabase.field_types,
                   "UUID": "VARCHAR(40)", "BOOL": "SMALLINT", "DATE": "TEXT", "DATETIME": "TEXT",
                   "TIME": "TEXT", "FLOAT": "DOUBLE PRECISION"}  # SQLite's REAL has 8 bytes

    def __init__(self, url: str, **kwargs):
        kwargs.setdefault("prefer_psycopg3", True)
        super().__init__(url, **kwargs)

    def execute_sql(self, sql, params=None):
        from gridapp.errors import ServerBusy

        try:
            return super().execute_sql(sql, params)
        except DatabaseError as exc:
            code = getattr(getattr(exc, "orig", None), "sqlstate", None)
            if code in BUSY:
                raise ServerBusy(BUSY[code]) from exc
            raise

    def _connect(self):
        conn = super()._connect()  # type: ignore[misc]  # peewee's stubs leave out Database._connect
        flag, text = _dumpers()
        conn.adapters.register_dumper(bool, flag)
        for kind in (dt.date, dt.datetime, dt.time, uuid.UUID):
            conn.adapters.register_dumper(kind, text)
        return conn


def connect(url: str, password: str | None = None) -> HubDatabase:
    params = {"connect_timeout": 10, "application_name": "gridapp",
              "options": f"-c lock_timeout={int(LOCK_TIMEOUT_MS)}"}
    if password:
        params["password"] = password
    return HubDatabase(url, **params)


def upsert_sql(table: str, columns: tuple[str, ...], key: str) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    sets = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in columns if c != key)
    return (f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join("%s" for _ in columns)}) '
            f'ON CONFLICT ("{key}") DO UPDATE SET {sets}')


def machine_key(key: str) -> str:
    return f"{socket.gethostname()}|{key}"


@contextmanager
def exporting(db, peer_id: str):
    """One workstation at a time writes a peer's next package (the others wait, then find
    it written): the peer's row stays locked until the package is recorded. Officers' saves
    and imports do not wait for it."""
    with db.atomic():
        db.execute_sql('SELECT 1 FROM "sync_peer" WHERE site_id = %s FOR UPDATE', (peer_id,))
        yield


MIGRATION_LOCK = 0x67726964  # an advisory lock's number: "grid"


@contextmanager
def migrating(db):
    """Schema upgrades one workstation at a time; the next finds them applied."""
    db.execute_sql("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK,))
    try:
        yield
    finally:
        db.execute_sql("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))


def schema_version(db) -> int:
    if db.execute_sql("SELECT to_regclass(%s)", (VERSION_TABLE,)).fetchone()[0] is None:
        return 0
    row = db.execute_sql(f'SELECT max(version) FROM "{VERSION_TABLE}"').fetchone()
    return int(row[0] or 0)


def set_schema_version(db, version: int) -> None:
    with db.atomic():
        db.execute_sql(f'CREATE TABLE IF NOT EXISTS "{VERSION_TABLE}" (version INTEGER NOT NULL)')
        db.execute_sql(f'DELETE FROM "{VERSION_TABLE}"')
        db.execute_sql(f'INSERT INTO "{VERSION_TABLE}" (version) VALUES (%s)', (int(version),))


# SQLite's instr() and group_concat(), which ledger columns use, in PostgreSQL terms
COMPAT_FUNCTIONS = (
    "CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer "
    "AS 'SELECT strpos($1, $2)' LANGUAGE sql IMMUTABLE STRICT",
    "CREATE OR REPLACE FUNCTION gridapp_concat_step(text, text, text) RETURNS text AS "
    "'SELECT CASE WHEN $2 IS NULL THEN $1 WHEN $1 IS NULL THEN $2 ELSE $1 || $3 || $2 END' "
    "LANGUAGE sql IMMUTABLE",
    "CREATE OR REPLACE AGGREGATE group_concat(text, text) (SFUNC = gridapp_concat_step, STYPE = text)",
)


# names and pinyin initials found by any part (姓名 contains 2+ characters) through trigram
# indexes; pg_trgm is a trusted extension, so the database's owner may add it
TRIGRAM_INDEXES = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_name_trgm ON person USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS person_initials_trgm ON person USING gin (initials gin_trgm_ops)",
)


def after_migrations(db) -> None:
    """SQLite's functions the queries use; trigram indexes for name search; references made
    deferrable, so a sync import may check them at commit as on SQLite."""
    for sql in COMPAT_FUNCTIONS:
        db.execute_sql(sql)
    _unbounded_text(db)
    try:
        with db.atomic():
            for sql in TRIGRAM_INDEXES:
                db.execute_sql(sql)
    except Exception:  # noqa: BLE001 - without the extension a name search scans, as on SQLite
        pass
    rows = db.execute_sql(
        "SELECT c.conrelid::regclass::text, c.conname FROM pg_constraint c "
        "JOIN pg_namespace n ON n.oid = c.connamespace "
        "WHERE c.contype = 'f' AND NOT c.condeferrable AND n.nspname = current_schema()").fetchall()
    for table, name in rows:
        db.execute_sql(f'ALTER TABLE {table} ALTER CONSTRAINT "{name}" DEFERRABLE INITIALLY IMMEDIATE')


def _unbounded_text(db) -> None:
    """Text columns take any length, as in the office file (peewee declares VARCHAR(255)):
    a long address keyed at a community must not stop its packages at the hub. Lifting the
    limit changes no stored row."""
    rows = db.execute_sql(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND data_type = 'character varying' AND character_maximum_length IS NOT NULL").fetchall()
    for table, column in rows:
        db.execute_sql(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE varchar')


def defer_foreign_keys(db) -> None:
    db.execute_sql("SET CONSTRAINTS ALL DEFERRED")


def lock_writes(db) -> int | None:
    """Lock the clock row until the transaction ends and return the stored clock.

    Every transaction that writes synced rows takes this lock before it reads what it
    changes, so officers' saves and a sync import queue instead of overwriting one another
    or deadlocking, and the outbox's sequence numbers commit in order."""
    row = db.execute_sql('SELECT value FROM "local_state" WHERE key = %s FOR UPDATE', (LOCK_KEY,)).fetchone()
    return int(row[0]) if row else None


def insert_rows(db, table: str, columns, rows) -> None:
    """Many new rows (tuples in ``columns`` order) through COPY: several times faster than
    one INSERT a row, and the same all-or-nothing inside the caller's transaction."""
    cols = ", ".join(f'"{c}"' for c in columns)
    with db.cursor().copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
    rows_inserted(db, table, len(rows))


_inserted: dict[str, int] = {}
_analyse_at: dict[str, int] = {}
FIRST_ANALYSE = 2000


def rows_inserted(db, table: str, count: int) -> None:
    """Counts a table's inserted rows and analyses it each time they double. A sync import
    or a demo fills empty tables in one transaction, which the server's own statistics do
    not see: the planner would take a 100,000-row table for an empty one and scan it for
    every batch of ids (a second a batch) instead of using its key."""
    total = _inserted[table] = _inserted.get(table, 0) + count
    if total >= _analyse_at.get(table, FIRST_ANALYSE):
        db.execute_sql(f'ANALYZE "{table}"')
        _analyse_at[table] = total * 2


def analyze(db) -> None:
    db.execute_sql("ANALYZE")


def row_key(model):
    from peewee import Column

    return Column(model, "id")


def table_names(db) -> list[str]:
    return db.get_tables()


def least(*args):
    return fn.LEAST(*args)


def greatest(*args):
    return fn.GREATEST(*args)


def starts_with(column, prefix: str):
    """``column`` begins with ``prefix`` (letters or digits): LIKE uses the B-tree index in a
    database with the C collation (README) and the trigram index otherwise."""
    from peewee import Expression

    return Expression(column, "LIKE", prefix + "%")


def json_values(data: str) -> SQL:
    return SQL("(SELECT value FROM json_array_elements_text(%s::json) AS value)", [data])


def json_pairs(data: str) -> SQL:
    return SQL("(SELECT v ->> 0, v ->> 1 FROM json_array_elements(%s::json) AS v)", [data])


def reset_sequences(db) -> None:
    """Serial columns continue after the rows copied in with their numbers."""
    rows = db.execute_sql(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%%'").fetchall()
    for table, column in rows:
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                       f'COALESCE((SELECT max("{column}") FROM "{table}"), 0) + 1, false)', (table, column))


def json_field(column, key: str):
    """A key of a JSON object column as JSON text ('"职工医保"', 'true', '85', '["低保", "特困"]'),
    NULL when absent."""
    from peewee import Expression

    return Expression(column.cast("json"), "->", key).cast("text")
