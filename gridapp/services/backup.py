"""Backups: a copy of the open database made with SQLite's online backup API while it is in
use, encrypted with the same key, kept in a folder (a USB drive if the user points it there)
with rotation: the newest of each of the last 7 days, 4 weeks and 12 months.

A backup file ``<name>-YYYYMMDD-HHMMSS.db`` has the key file of its time beside it
(``….db.keys``) when the database has accounts, so it opens on its own with the passphrase or
a password of that time. Restoring checks the backup first (it opens, passes SQLite's
integrity check, holds a site), keeps the current database aside, then puts the backup in
its place. File names hold no personal data; the files are readable by their owner only.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from peewee import DatabaseError
from playhouse.sqlcipher_ext import sqlcipher

from gridapp import db, engines, files, keyring
from gridapp.errors import UserError
from gridapp.models import LocalState, database
from gridapp.services import audit

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
STAMP = "%Y%m%d-%H%M%S"
NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})\.db$")
DEFAULT_FOLDER = "备份"
LAST_KEY = "backup:last"
PAGES_PER_STEP = 4096  # pages copied between progress reports (16 MiB at 4 KiB pages)

Progress = Callable[[int, int, str], bool]


@dataclass
class BackupInfo:
    path: Path
    at: dt.datetime
    size: int


def default_folder(db_path: Path | None = None) -> Path:
    return (db_path or db.database_path()).parent / DEFAULT_FOLDER


def folder_setting() -> Path:
    from gridapp import settings

    chosen = settings.get("backup.folder")
    return Path(chosen) if chosen else default_folder()


def _disk_message(exc: OSError, folder: Path) -> str:
    if exc.errno == errno.ENOSPC:
        return f"备份文件夹 {folder} 所在的磁盘已满：备份未完成，数据库没有改动。请清理空间或换一个 U 盘。"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return f"备份文件夹 {folder} 是只读的或无权写入：备份未完成，数据库没有改动。"
    return f"无法写入备份文件夹 {folder}（{exc.strerror or exc}）：备份未完成，数据库没有改动。"


def check_folder(folder: Path) -> Path:
    """The folder, made if only its last part is missing; a missing drive is not made up."""
    folder = Path(folder)
    if not folder.exists():
        if not folder.parent.exists():
            raise UserError(f"找不到备份文件夹 {folder}：U 盘或移动硬盘是否已插好？数据库没有改动。")
        try:
            folder.mkdir()
        except OSError as exc:
            raise UserError(_disk_message(exc, folder)) from None
    if not folder.is_dir():
        raise UserError(f"{folder} 不是文件夹：备份未完成，数据库没有改动。")
    if not os.access(folder, os.W_OK):
        raise UserError(_disk_message(OSError(errno.EROFS, "read-only"), folder))
    return folder


def _keyed(path: Path, key_sql: str):
    conn = sqlcipher.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(key_sql)
    return conn


def _copy_pages(source, target_path: Path, key_sql: str, progress: Progress | None) -> None:
    target = _keyed(target_path, key_sql)
    try:
        def step(status, remaining, total):
            if progress is not None:
                progress(total - remaining, total, "正在备份…")

        source.backup(target, pages=PAGES_PER_STEP, progress=step)
        target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        target.close()


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


SERVER_MESSAGE = "数据库服务器上的街道数据由服务器备份（pg_dump，见 README“街道枢纽用 PostgreSQL”一节），本程序不另行备份或恢复。"


def applies() -> bool:
    """Whether this program backs the open database up: an office file, not a hub server."""
    return not engines.on_server()


def backup(folder: str | os.PathLike | None = None, progress: Progress | None = None,
           now: dt.datetime | None = None) -> BackupInfo:
    """Back the open database up into ``folder`` (default: the setting, else ``备份`` beside it)."""
    if not applies():
        raise UserError(SERVER_MESSAGE)
    source_path = db.database_path()
    folder = check_folder(Path(folder) if folder else folder_setting())
    now = (now or dt.datetime.now()).replace(microsecond=0)
    final = folder / f"{source_path.stem}-{now.strftime(STAMP)}.db"
    while final.exists():  # two backups within a second: the second is named a second later
        now += dt.timedelta(seconds=1)
        final = folder / f"{source_path.stem}-{now.strftime(STAMP)}.db"
    part = final.with_name(final.name + ".part")
    try:
        os.close(files.create(part, exclusive=False))  # owner only, as its journal will be
        _copy_pages(database.obj.connection(), part, db.current_key_pragma(), progress)
        _fsync(part)
        os.replace(part, final)
        keys = keyring.keys_path(source_path)
        if keys.exists():
            files.copy_private(keys, keyring.keys_path(final))
    except OSError as exc:
        _discard(part)
        raise UserError(_disk_message(exc, folder)) from None
    except (DatabaseError, sqlcipher.Error) as exc:
        _discard(part)
        text = str(exc)
        if "full" in text:
            raise UserError(_disk_message(OSError(errno.ENOSPC, text), folder)) from None
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            raise UserError(_disk_message(OSError(errno.EROFS, text), folder)) from None
        raise UserError(f"备份失败：{text}。数据库没有改动。") from None
    info = BackupInfo(final, now, final.stat().st_size)
    with database.atomic():
        LocalState.set_value(LAST_KEY, now.isoformat(timespec="seconds"))
        audit.record_event("backup", "database", "", f"备份 {final.name}，{info.size / 1048576:.1f} MB")
    rotate(folder, source_path.stem, now, made=final)
    return info


def _discard(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass


def backups(folder: str | os.PathLike | None = None, stem: str | None = None) -> list[BackupInfo]:
    """The backups in ``folder``, newest first."""
    folder = Path(folder) if folder else folder_setting()
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        m = NAME.match(p.name)
        if m and (stem is None or m["stem"] == stem):
            found.append(BackupInfo(p, dt.datetime.strptime(m["stamp"], STAMP), p.stat().st_size))
    return sorted(found, key=lambda b: b.at, reverse=True)


def to_keep(items: list[BackupInfo], now: dt.datetime) -> set[Path]:
    """The newest backup of each of the last 7 days, 4 ISO weeks and 12 months."""
    keep: set[Path] = set()
    for period, count in ((lambda d: d.date(), KEEP_DAILY), (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
                          (lambda d: (d.year, d.month), KEEP_MONTHLY)):
        seen = []
        for b in items:  # newest first
            key = period(b.at)
            if key not in seen:
                seen.append(key)
                if len(seen) > count:
                    break
                keep.add(b.path)
    return keep


def rotate(folder: Path, stem: str, now: dt.datetime, made: Path | None = None) -> list[Path]:
    """Remove the backups the rotation no longer keeps; never ``made``, the one just written."""
    items = backups(folder, stem)
    keep = to_keep(items, now)
    removed = []
    for b in items:
        if b.path not in keep and b.path != made:
            _discard(b.path)
            _discard(keyring.keys_path(b.path))
            removed.append(b.path)
        else:  # one an older version left readable by others
            files.tighten(b.path)
            files.tighten(keyring.keys_path(b.path))
    return removed


def last_backup() -> dt.datetime | None:
    value = LocalState.get_value(LAST_KEY)
    return dt.datetime.fromisoformat(value) if value else None


def due(now: dt.datetime | None = None, hours: int = 24) -> bool:
    if not applies():
        return False
    last = last_backup()
    return last is None or (now or dt.datetime.now()) - last >= dt.timedelta(hours=hours)


# ---- checking and restoring -------------------------------------------------------------------

def check_backup(path: str | os.PathLike, passphrase: str | None = None, user: str | None = None,
                 password: str | None = None, raw_key: bytes | None = None) -> dict:
    """Open a backup with its own key file (or the passphrase), run the integrity check; a dict
    describing it, or ``UserError`` saying what is wrong with it."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到备份文件 {path}。")
    try:
        if raw_key is not None:
            conn = db._connect(path, raw_key=raw_key)
        elif keyring.has_keys(path):
            conn = db._connect_with_keys(path, passphrase, user, password)
        else:
            conn = db._connect(path, passphrase=passphrase or "")
    except UserError as exc:
        raise UserError(f"无法打开备份 {path.name}：{exc}") from None
    try:
        result = [r[0] for r in conn.execute_sql("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            raise UserError(f"备份 {path.name} 已损坏（完整性检查未通过），不能用来恢复。")
        version = conn.execute_sql("PRAGMA user_version").fetchone()[0]
        if version > db.schema_version():
            raise UserError(f"备份 {path.name} 由更新版本的 gridapp 生成，请升级后再恢复。")
        try:
            site = conn.execute_sql("SELECT value FROM local_state WHERE key = 'site_name'").fetchone()
        except DatabaseError:
            site = None
        if site is None:
            raise UserError(f"{path.name} 不是 gridapp 的备份（没有站点信息）。")
        info = {"file": str(path), "site": site[0], "schema": version}
        if user and raw_key is None:
            row = conn.execute_sql("SELECT role FROM account WHERE name = ?", (user,)).fetchone()
            if row is None:
                raise keyring.WrongCredentials()
            info["role"] = row[0]
        return info
    except DatabaseError as exc:
        raise UserError(f"备份 {path.name} 无法读取：{exc}") from None
    finally:
        conn.close()


def _aside_name(target: Path, now: dt.datetime) -> Path:
    aside, n = target.with_name(f"{target.name}.before-restore-{now.strftime(STAMP)}"), 1
    while aside.exists():
        n += 1
        aside = target.with_name(f"{target.name}.before-restore-{now.strftime(STAMP)}-{n}")
    return aside


def restore(path: str | os.PathLike, target: str | os.PathLike, passphrase: str | None = None,
            user: str | None = None, password: str | None = None, raw_key: bytes | None = None) -> dict:
    """Put the backup ``path`` in place of the database ``target`` (which must be closed).

    The backup is checked first; the current database (with its WAL and key file) is moved
    aside to ``<db>.before-restore-<time>`` and stays there. The backup's key file comes
    with it: the accounts are those of the backup's time.
    """
    if engines.is_url(target):
        raise UserError(SERVER_MESSAGE)
    path, target = Path(path), Path(target)
    info = check_backup(path, passphrase, user, password, raw_key)
    if user and "role" in info:
        from gridapp.errors import Forbidden
        from gridapp.services import roles

        if not roles.allowed("backup.restore", info["role"]):
            raise Forbidden(roles.label(info["role"]), roles.PERMISSIONS["backup.restore"][0])
    now = dt.datetime.now()
    aside = _aside_name(target, now)
    moved = []
    part = target.with_name(target.name + ".restoring")
    try:
        shutil.copyfile(path, part)
        _fsync(part)
        for suffix in ("", "-wal", "-shm", keyring.KEYS_SUFFIX):
            current = Path(str(target) + suffix)
            if current.exists():
                os.replace(current, Path(str(aside) + suffix))
                moved.append(suffix)
        os.replace(part, target)
        if keyring.has_keys(path):
            shutil.copyfile(keyring.keys_path(path), keyring.keys_path(target))
    except OSError as exc:
        _discard(part)
        for suffix in moved:  # put the current database back as it was
            os.replace(Path(str(aside) + suffix), Path(str(target) + suffix))
        why = {errno.ENOSPC: "磁盘已满", errno.EROFS: "文件夹只读", errno.EACCES: "无权写入",
               errno.EPERM: "无权写入"}.get(exc.errno, exc.strerror or str(exc))
        raise UserError(f"恢复失败（{why}）：当前数据库没有改动。") from None
    info["aside"] = str(aside) if moved else ""
    return info


def latest_good(folder: Path | None = None, stem: str | None = None, **credentials) -> BackupInfo | None:
    """The newest backup in ``folder`` that passes its check (for a damaged database at start)."""
    for b in backups(folder, stem):
        try:
            check_backup(b.path, **credentials)
        except UserError:
            continue
        return b
    return None
