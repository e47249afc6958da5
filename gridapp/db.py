"""Opens the database, in one place: SQLCipher key, pragmas, schema version guard, migrations.

The database file is encrypted at rest with SQLCipher; its key is derived from the
office passphrase. The schema version (``PRAGMA user_version``, on a PostgreSQL hub a
one-row table) lets a database written by a newer gridapp be refused rather than damaged.
A street hub may instead live on a PostgreSQL server (``gridapp.engines.postgres``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from peewee import DatabaseError
from playhouse.migrations import Runner
from playhouse.sqlcipher_ext import SqlCipherDatabase, sqlcipher

from gridapp import engines, files, keyring
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


def check_passphrase(passphrase: str | None) -> None:
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
                  raw_key: bytes | None = None):
    """Open (or with ``create`` make) the database and bring its schema up to date.

    ``path`` is the encrypted office file, opened with the office ``passphrase`` or, on a file
    with accounts, with a ``user`` and ``password`` (the user is then the session's user);
    ``raw_key`` (with the ``user`` already logged in, if any) reopens a file this program has
    just had open, after a restore. Or ``path`` is a street hub's server as
    ``postgresql://user@host[:port]/dbname[?sslmode=require]``: then ``passphrase`` is the
    officer's server password, or None for the environment's ``PGPASSWORD``/``~/.pgpass``, and
    the server login is the session's user. Binds the models to it and loads this site's
    identity and clock.
    """
    close_database()
    server = engines.is_url(path)
    if server:
        db = _connect_server(str(path), passphrase)
    else:
        db = _open_file(Path(path), passphrase, create, user, password, raw_key)
    engine = engines.engine(db)
    found = engine.schema_version(db)
    supported = schema_version()
    if found > supported:
        db.close()
        raise NewerSchema(found, supported)
    database.initialize(db)
    # numbers are handed out to parallel work, so a lower-numbered script can arrive after a
    # higher one: apply whatever has not been applied, not only what is numbered above ``found``
    runner = Runner(db, str(MIGRATIONS_DIR))
    pending = [m for m in runner.status() if m.path is not None and not m.applied]
    try:
        applied = []
        if pending:  # an officer's server login may not create tables: only when there is work
            with engine.migrating(db):  # two workstations upgrading a server at once: one does it
                applied = runner.up()
    except DatabaseError as exc:
        db.close()
        raise UserError(f"数据库需要升级到本程序的数据结构（{len(pending)} 个升级脚本），但当前登录无权修改结构："
                        f"请由数据库所有者先用本程序打开一次。（{str(exc).splitlines()[0]}）") from None
    if found < supported or applied:
        engine.after_migrations(db)
        engine.set_schema_version(db, supported)
        log.info("schema migrated from %s to %s (%d scripts)", found, supported, len(applied))
    set_current_site(Site.load())
    from gridapp.services import owncategories
    from gridapp.store import session

    owncategories.load()  # the street's and the communities' own categories

    try:
        if server:
            session.start_server(db.execute_sql("SELECT current_user").fetchone()[0])
        else:
            session.start(user)
    except BaseException:
        close_database()
        raise
    return db


def _open_file(path: Path, passphrase: str | None, create: bool = False, user: str | None = None,
               password: str | None = None, raw_key: bytes | None = None) -> CipherDatabase:
    if not create and not path.exists():
        raise UserError(f"找不到数据库文件 {path}：请先运行 init 或 demo。")
    if create:
        check_passphrase(passphrase)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists():  # side files left from an older database of that name
            keyring.keys_path(path).unlink(missing_ok=True)
            keyring.logins_path(path).unlink(missing_ok=True)
            _create_empty(path)
    _owner_only(path)
    if raw_key is not None:
        return _connect(path, raw_key=raw_key)
    if user:
        if not keyring.has_keys(path):
            raise UserError("该数据库尚未设置用户：请用口令打开。")
        return _connect_with_keys(path, None, user, password)
    return _with_passphrase(path, passphrase or "")


def _with_passphrase(path: Path, passphrase: str) -> CipherDatabase:
    """The office passphrase acts as the administrator: its failures are counted and repeated
    ones wait, as a user's password's do."""
    keyring.refuse_while_waiting(path, keyring.OFFICE_LOGIN)
    try:
        if keyring.has_keys(path):
            conn = _connect_with_keys(path, passphrase, None, None)
        else:
            conn = _connect(path, passphrase=passphrase)
    except WrongPassphrase:
        keyring.note_failure(path, keyring.OFFICE_LOGIN)
        raise
    keyring.clear_failures(path, keyring.OFFICE_LOGIN)
    return conn


def _create_empty(path: Path) -> None:
    """The new database file, owner only before SQLite writes to it: SQLite gives the files it
    keeps beside it (``-wal``, ``-shm``, ``-journal``) the database file's permissions."""
    try:
        os.close(files.create(path))
    except FileExistsError:
        pass


def _owner_only(path: Path) -> None:
    """Files of an older version (or copied in) that others could read: the owner's only."""
    files.tighten_database(path)
    files.tighten(keyring.keys_path(path))
    files.tighten(keyring.logins_path(path))


def server_label(url: str) -> str:
    """The server address as shown to the user: no password, no options."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.username + '@' if parts.username else ''}{parts.hostname or ''}" \
           f"{':' + str(parts.port) if parts.port else ''}{parts.path}"


def _connect_server(url: str, password: str | None):
    from urllib.parse import urlsplit

    from gridapp.engines import postgres

    if urlsplit(url).password is not None:
        raise UserError("口令不能写在数据库地址里（命令行会被别人看到）：请用环境变量 PGPASSWORD、"
                        "~/.pgpass 或在提示时输入。")
    db = postgres.connect(url, password)
    try:
        db.connect()
    except DatabaseError as exc:
        db.close()
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise UserError(f"无法连接数据库服务器 {server_label(url)}：{text}") from None
    return db


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()
    set_current_site(None)
    from gridapp.store import session

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
    """SQLite's quick integrity check of the open database (a hub server checks itself)."""
    if engines.on_server():
        return True
    try:
        rows = database.obj.execute_sql("PRAGMA quick_check").fetchall()
    except DatabaseError:
        return False
    return [r[0] for r in rows] == ["ok"]


def passphrase_from_env() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None
