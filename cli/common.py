"""What every command shares: the database path, the passphrase (or a user's password), JSON
output, progress."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sys
from pathlib import Path

from gridapp import db, engines, keyring, paths
from gridapp.errors import UserError

PG_PASSWORD_ENV = "PGPASSWORD"


def server_password(url: str) -> str | None:
    """A street hub's server password: None when the server needs none from us (libpq takes
    PGPASSWORD, ~/.pgpass, a certificate or a peer login), else asked for; never an option,
    since command lines are visible to other users."""
    if os.environ.get(PG_PASSWORD_ENV) or not sys.stdin.isatty():
        return None
    from peewee import DatabaseError

    from gridapp.engines import postgres

    probe = postgres.connect(url)
    try:
        probe.connect()
        return None
    except DatabaseError as exc:
        if "password" not in str(exc):
            return None  # opening says what is wrong
    finally:
        probe.close()
    return getpass.getpass(f"数据库服务器口令（{db.server_label(url)}）：")


def passphrase(args, *, creating: bool) -> str | None:
    if is_server(args):
        return server_password(args.db)
    value = db.passphrase_from_env()
    if value:
        return value
    if getattr(args, "demo_default", False):
        print(f"未设置 {db.PASSPHRASE_ENV}，使用演示口令 {db.DEMO_PASSPHRASE}", file=sys.stderr)
        return db.DEMO_PASSPHRASE
    if not sys.stdin.isatty():
        raise UserError(f"需要数据库口令：请设置环境变量 {db.PASSPHRASE_ENV}。")
    value = getpass.getpass("数据库口令：")
    if creating:
        db.check_passphrase(value)
        if getpass.getpass("再输入一次：") != value:
            raise UserError("两次输入的口令不一致。")
    return value


def is_server(args) -> bool:
    return engines.is_url(getattr(args, "db", None))


def db_path(args) -> Path | str:
    """The database file, or (``postgresql://…``) the street hub's server, as given."""
    if is_server(args):
        return args.db
    return Path(args.db) if args.db else paths.default_db_path()


USER_ENV, PASSWORD_ENV = "GRIDAPP_USER", "GRIDAPP_PASSWORD"


def credentials(args, *, creating: bool = False) -> dict:
    """``user`` and ``password`` from GRIDAPP_USER and GRIDAPP_PASSWORD when both are set and the
    database has accounts, else the office passphrase."""
    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    if user and password and not creating and not is_server(args) and keyring.has_keys(db_path(args)):
        return {"user": user, "password": password}
    return {"passphrase": passphrase(args, creating=creating)}


def open_db(args, *, create: bool = False):
    opened = db.open_database(db_path(args), create=create, **credentials(args, creating=create))
    if not create:
        from gridapp.services import site

        if not site.is_initialised():
            db.close_database()
            raise UserError(f"数据库 {db_path(args)} 没有创建完成（创建时可能被中断）：其中没有数据，"
                            "请删除它，再重新运行 init。")
    return opened


def print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def progress_printer():
    """A progress callback that prints every tenth percent to stderr."""
    last = [-1]

    def report(done: int, total: int, what: str = "") -> bool:
        pct = int(done * 100 / total) if total else 100
        if pct // 10 != last[0] // 10:
            last[0] = pct
            print(f"{pct:3d}% {what}", file=sys.stderr)
        return True

    return report


def date_arg(text: str | None, what: str) -> dt.date | None:
    """A date given on the command line (2026-11-22, 2026/11/22, 2026年11月22日, full-width
    digits too), or None; a clear error otherwise: every command reads its dates here."""
    from gridapp.services.checks import parse_date

    if not text:
        return None
    value, _issues = parse_date(text, "date", what)
    if value is None:
        raise UserError(f"{what} “{text}” 不是日期（如 2026-11-22）")
    return value


def required_date_arg(text: str | None, what: str) -> dt.date:
    """An ISO date the command cannot go without; a clear error when it is missing or wrong."""
    value = date_arg(text, what)
    if value is None:
        raise UserError(f"缺少{what}")
    return value
