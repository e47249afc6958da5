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

from gridapp import keyring
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
        key_sql = key_pragma(params.pop("passphrase", ""), params.pop("raw_key", None))
        conn = sqlcipher.connect(self.database, isolation_level=None, **params)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(key_sql)
            self._add_conn_hooks(conn)
        except BaseException:
            conn.close()
            raise
        return conn


def key_pragma(passphrase: str | None, raw_key: bytes | None = None, verb: str = "key") -> str:
    """``PRAGMA key`` for a passphrase (SQLCipher derives the key) or a raw 256-bit key."""
    if raw_key is not None:
        return f"PRAGMA {verb} = \"x'{raw_key.hex()}'\""
    return f"PRAGMA {verb} = '%s'" % (passphrase or "").replace("'", "''")


def current_key_pragma() -> str:
    """The ``PRAGMA key`` the open database was opened with (a backup is keyed the same)."""
    params = database.obj.connect_params
    return key_pragma(params.get("passphrase"), params.get("raw_key"))


def schema_version() -> int:
    """The newest schema this code knows: the number of the last migration."""
    return max(int(p.name[:4]) for p in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))


def check_passphrase(passphrase: str) -> None:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise UserError(f"口令至少 {MIN_PASSPHRASE} 个字符。")


def _connect(path: Path, **key) -> CipherDatabase:
    """Connected and readable with ``key`` (``passphrase=`` or ``raw_key=``), else WrongPassphrase."""
    db = CipherDatabase(str(path), pragmas=PRAGMAS, **key)
    try:
        db.connect()
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as exc:
        db.close()
        if "not a database" in str(exc) or "encrypt" in str(exc):
            raise WrongPassphrase(str(path)) from None
        raise UserError(f"无法打开数据库 {path}：{exc}") from None
    return db


def _connect_with_keys(path: Path, passphrase: str | None, user: str | None, password: str | None):
    """A database with accounts: its key unwrapped with the user's password or the passphrase."""
    if user:
        return _connect(path, raw_key=keyring.unlock_user(path, user, password or ""))
    key = keyring.unlock_office(path, passphrase or "")
    if key is not None:
        try:
            return _connect(path, raw_key=key)
        except WrongPassphrase:
            pass  # the side file was written just before a re-encryption that never finished
    return _connect(path, passphrase=passphrase or "")


def open_database(path: str | os.PathLike, passphrase: str | None = None, *, create: bool = False,
                  user: str | None = None, password: str | None = None,
                  raw_key: bytes | None = None) -> CipherDatabase:
    """Open (or with ``create`` make) the encrypted database and bring its schema up to date.

    Opens with the office ``passphrase`` or, on a database with accounts, with a ``user`` and
    ``password`` (the user is then the session's user). Binds the models to it and loads this
    site's identity and clock. ``raw_key`` (with the ``user`` already logged in, if any) reopens
    a database this program has just had open, after a restore.
    """
    path = Path(path)
    if not create and not path.exists():
        raise UserError(f"找不到数据库文件 {path}：请先运行 init 或 demo。")
    if create:
        check_passphrase(passphrase)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():  # a side file left from an older database of that name
            keyring.keys_path(path).unlink(missing_ok=True)
    close_database()
    if raw_key is not None:
        db = _connect(path, raw_key=raw_key)
    elif keyring.has_keys(path):
        db = _connect_with_keys(path, passphrase, user, password)
    elif user:
        raise UserError("该数据库尚未设置用户：请用口令打开。")
    else:
        db = _connect(path, passphrase=passphrase or "")
    found = db.execute_sql("PRAGMA user_version").fetchone()[0]
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
    from gridapp.services import session

    try:
        session.start(user)
    except BaseException:
        close_database()
        raise
    return db


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()
    set_current_site(None)
    from gridapp.services import session

    session.end()


def rekey(raw_key: bytes) -> None:
    """Re-encrypt the open database under ``raw_key``; new connections (other threads) use it too."""
    db = database.obj
    db.execute_sql(key_pragma(None, raw_key, "rekey"))
    db.connect_params.pop("passphrase", None)
    db.connect_params["raw_key"] = raw_key


def open_key() -> dict:
    """What the open database was opened with, to open a backup of it or reopen it after a restore."""
    params = database.obj.connect_params
    if params.get("raw_key") is not None:
        return {"raw_key": params["raw_key"]}
    return {"passphrase": params.get("passphrase") or ""}


def database_path() -> Path:
    return Path(database.obj.database)


def quick_check() -> bool:
    """SQLite's quick integrity check of the open database."""
    try:
        rows = database.obj.execute_sql("PRAGMA quick_check").fetchall()
    except DatabaseError:
        return False
    return [r[0] for r in rows] == ["ok"]


def passphrase_from_env() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None
