"""Opens the database, in one place: SQLCipher key, pragmas, schema version guard, migrations.

The database file is encrypted at rest with SQLCipher; its key is derived from the
office passphrase. ``PRAGMA user_version`` holds the schema version, so a database
written by a newer gridapp is refused rather than damaged.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from peewee import DatabaseError
from playhouse.migrations import Runner
from playhouse.sqlcipher_ext import SqlCipherDatabase, sqlcipher

from gridapp.errors import NewerSchema, UserError, WrongPassphrase
from gridapp.models import database
from gridapp.models.base import Site, set_current_site

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
PASSPHRASE_ENV = "GRIDAPP_PASSPHRASE"
DEMO_PASSPHRASE = "gridapp-demo"
MIN_PASSPHRASE = 8

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",  # a saved card survives a power cut
    "cache_size": -64000,
    "temp_store": "memory",
    "busy_timeout": 5000,
}


class CipherDatabase(SqlCipherDatabase):
    """SQLCipher with its own error log silenced: a wrong passphrase is our message, not its noise."""

    def _connect(self):
        params = dict(self.connect_params)
        passphrase = params.pop("passphrase", "")
        conn = sqlcipher.connect(self.database, isolation_level=None, **params)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute("PRAGMA key = '%s'" % passphrase.replace("'", "''"))
            self._add_conn_hooks(conn)
        except BaseException:
            conn.close()
            raise
        return conn


def schema_version() -> int:
    """The newest schema this code knows: the number of the last migration."""
    return max(int(p.name[:4]) for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))


def check_passphrase(passphrase: str) -> None:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise UserError(f"口令至少 {MIN_PASSPHRASE} 个字符。")


def open_database(path: str | os.PathLike, passphrase: str, *, create: bool = False) -> CipherDatabase:
    """Open (or with ``create`` make) the encrypted database and bring its schema up to date.

    Binds the models to it and loads this site's identity and clock.
    """
    path = Path(path)
    if not create and not path.exists():
        raise UserError(f"找不到数据库文件 {path}：请先运行 init 或 demo。")
    if create:
        check_passphrase(passphrase)
        path.parent.mkdir(parents=True, exist_ok=True)
    close_database()
    db = CipherDatabase(str(path), passphrase=passphrase, pragmas=PRAGMAS)
    try:
        db.connect()
        found = db.execute_sql("PRAGMA user_version").fetchone()[0]
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as exc:
        db.close()
        if "not a database" in str(exc) or "encrypt" in str(exc):
            raise WrongPassphrase(str(path)) from None
        raise UserError(f"无法打开数据库 {path}：{exc}") from None
    supported = schema_version()
    if found > supported:
        db.close()
        raise NewerSchema(found, supported)
    database.initialize(db)
    # numbers are handed out to parallel work, so a lower-numbered script can arrive after a
    # higher one: apply whatever has not been applied, not only what is numbered above ``found``
    applied = Runner(db, str(MIGRATIONS_DIR)).up()
    if found < supported or applied:
        db.execute_sql(f"PRAGMA user_version = {supported}")
        log.info("schema migrated from %s to %s (%d scripts)", found, supported, len(applied))
    set_current_site(Site.load())
    return db


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()
    set_current_site(None)


def passphrase_from_env() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None
