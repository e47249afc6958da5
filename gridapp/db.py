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

from gridapp import engines
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


def open_database(path: str | os.PathLike, passphrase: str | None, *, create: bool = False):
    """Open (or with ``create`` make) the database and bring its schema up to date.

    ``path`` is the encrypted office file, or a street hub's server as
    ``postgresql://user@host[:port]/dbname[?sslmode=require]`` (then ``passphrase`` is the
    user's server password, or None for the environment's ``PGPASSWORD``/``~/.pgpass``).
    Binds the models to it and loads this site's identity and clock.
    """
    close_database()
    if engines.is_url(path):
        db = _connect_server(str(path), passphrase)
    else:
        db = _open_file(Path(path), passphrase, create)
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
    return db


def _open_file(path: Path, passphrase: str, create: bool) -> CipherDatabase:
    if not create and not path.exists():
        raise UserError(f"找不到数据库文件 {path}：请先运行 init 或 demo。")
    if create:
        check_passphrase(passphrase)
        path.parent.mkdir(parents=True, exist_ok=True)
    db = CipherDatabase(str(path), passphrase=passphrase, pragmas=PRAGMAS)
    try:
        db.connect()
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as exc:
        db.close()
        if "not a database" in str(exc) or "encrypt" in str(exc):
            raise WrongPassphrase(str(path)) from None
        raise UserError(f"无法打开数据库 {path}：{exc}") from None
    return db


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


def passphrase_from_env() -> str | None:
    return os.environ.get(PASSPHRASE_ENV) or None
