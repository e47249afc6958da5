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
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from peewee import DatabaseError
from playhouse.sqlcipher_ext import sqlcipher

from gridapp import db, engines, files, keyring
from gridapp.errors import UserError
from gridapp.models import LocalState, database
from gridapp.store import audit

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

def _open(path: Path, passphrase: str | None = None, user: str | None = None, password: str | None = None,
          raw_key: bytes | None = None):
    """A database file opened with its own key file (or the passphrase, or the raw key)."""
    if raw_key is not None:
        return db._connect(path, raw_key=raw_key)
    if keyring.has_keys(path):
        return db._connect_with_keys(path, passphrase, user, password)
    return db._connect(path, passphrase=passphrase or "")


def _key_of(conn) -> dict:
    """The key ``conn`` was opened with, to open a copy of that file."""
    params = conn.connect_params
    return {"raw_key": params["raw_key"]} if params.get("raw_key") is not None else \
        {"passphrase": params.get("passphrase") or ""}


def _value(conn, sql: str, arg: str) -> str | None:
    try:
        row = conn.execute_sql(sql, (arg,)).fetchone()
    except DatabaseError:
        return None
    return row[0] if row else None


def _local(conn, key: str) -> str | None:
    return _value(conn, "SELECT value FROM local_state WHERE key = ?", key)


def _role(conn, user: str) -> str | None:
    return _value(conn, "SELECT role FROM account WHERE name = ?", user)


def site_of(path: Path, acting: str | None = None, **credentials) -> dict | None:
    """The site a database file belongs to ({site_id, site_type, site}, and ``role``: the role
    of the user ``acting`` there, None when there is no such account); None when it is missing
    or cannot be read with these credentials."""
    if not Path(path).is_file():
        return None
    try:
        conn = _open(Path(path), **credentials)
    except (UserError, DatabaseError, OSError):
        return None
    try:
        site_id = _local(conn, "site_id")
        return {"site_id": site_id, "site_type": _local(conn, "site_type"), "site": _local(conn, "site_name"),
                "role": _role(conn, acting) if acting else None} if site_id else None
    finally:
        conn.close()


def check_backup(path: str | os.PathLike, passphrase: str | None = None, user: str | None = None,
                 password: str | None = None, raw_key: bytes | None = None) -> dict:
    """Open a backup with its own key file (or the passphrase), run the integrity check; a dict
    describing it, or ``UserError`` saying what is wrong with it."""
    return _check(Path(path), passphrase, user, password, raw_key)[0]


def _check(path: Path, passphrase: str | None, user: str | None, password: str | None,
           raw_key: bytes | None) -> tuple[dict, dict]:
    """The backup's description and the key that opens it."""
    if not path.is_file():
        raise UserError(f"找不到备份文件 {path}。")
    try:
        conn = _open(path, passphrase, user, password, raw_key)
    except UserError as exc:
        raise UserError(f"无法打开备份 {path.name}：{exc}") from None
    try:
        result = [r[0] for r in conn.execute_sql("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            raise UserError(f"备份 {path.name} 已损坏（完整性检查未通过），不能用来恢复。")
        version = conn.execute_sql("PRAGMA user_version").fetchone()[0]
        if version > db.schema_version():
            raise UserError(f"备份 {path.name} 由更新版本的 gridapp 生成，请升级后再恢复。")
        site_id = _local(conn, "site_id")
        if site_id is None:
            raise UserError(f"{path.name} 不是 gridapp 的备份（没有站点信息）。")
        info = {"file": str(path), "site": _local(conn, "site_name") or "", "site_id": site_id,
                "site_type": _local(conn, "site_type") or "", "schema": version}
        if user and raw_key is None:
            role = _role(conn, user)
            if role is None:
                raise keyring.WrongCredentials()
            info["role"] = role
        return info, _key_of(conn)
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


SITE_TYPES = {"street": "街道", "community": "社区"}


def _site_label(info: dict) -> str:
    return f"{SITE_TYPES.get(info.get('site_type') or '', '')}“{info.get('site') or ''}”"


def restore(path: str | os.PathLike, target: str | os.PathLike, passphrase: str | None = None,
            user: str | None = None, password: str | None = None, raw_key: bytes | None = None,
            other_site: bool = False, acting: str | None = None) -> dict:
    """Put the backup ``path`` in place of the database ``target`` (which must be closed).

    Only a role with ``backup.restore`` may restore: the role of the user restoring (``user``,
    or ``acting`` when the database was opened with its key) in the current database, else (the
    current one unreadable) in the backup; nobody logged in acts as the administrator.

    The backup is checked first, and must be of the site the current database belongs to
    (``other_site``: it may be another's, when an office takes over that site's laptop). The
    current database (with its WAL and key file) is moved aside to
    ``<db>.before-restore-<time>`` and stays there. The backup's key file comes with it: the
    accounts are those of the backup's time. The restored database begins a new sync epoch
    (``gridapp.sync.epoch``), so that its peers take its new changes as new and send back
    what they received from it after the backup was made.
    """
    if engines.is_url(target):
        raise UserError(SERVER_MESSAGE)
    path, target = Path(path), Path(target)
    info, key = _check(path, passphrase, user, password, raw_key)
    acting = user or acting
    current = site_of(target, acting, passphrase=passphrase, user=user, password=password, raw_key=raw_key)
    role = current["role"] if current is not None else None
    if acting and role is None:  # the current database unreadable (damaged): the role in the backup
        role = info.get("role") or (site_of(path, acting, **key) or {}).get("role")
    _require_restore(acting, role)
    if current is not None and current["site_id"] != info["site_id"] and not other_site:
        raise UserError(f"备份 {path.name} 是{_site_label(info)}的，不是本数据库所属的{_site_label(current)}的："
                        "未恢复，当前数据库没有改动。确实要把本机换成那个站点的数据时，加 --other-site。")
    info["other_site"] = current is not None and current["site_id"] != info["site_id"]
    now = dt.datetime.now()
    aside = _aside_name(target, now)
    moved = []
    part = target.with_name(target.name + ".restoring")
    try:
        files.copy_private(path, part)
        _begin_epoch(part, key)
        _fsync(part)
        for suffix in ("", "-wal", "-shm", keyring.KEYS_SUFFIX):
            side = Path(str(target) + suffix)
            if side.exists():
                os.replace(side, Path(str(aside) + suffix))
                moved.append(suffix)
        os.replace(part, target)
        if keyring.has_keys(path):
            files.copy_private(keyring.keys_path(path), keyring.keys_path(target))
    except OSError as exc:
        _discard(part)
        for suffix in moved:  # put the current database back as it was
            os.replace(Path(str(aside) + suffix), Path(str(target) + suffix))
        raise UserError(f"恢复失败（{files.reason(exc)}）：当前数据库没有改动。") from None
    info["aside"] = str(aside) if moved else ""
    return info


def _require_restore(acting: str | None, role: str | None) -> None:
    """Refuse (``Forbidden``) the user ``acting`` unless ``role`` may restore; a user whose role
    is not known is refused too."""
    from gridapp.errors import Forbidden
    from gridapp.store import roles

    if not acting:
        return  # opened with the office passphrase: the administrator
    if role is None or not roles.allowed("backup.restore", role):
        raise Forbidden(roles.label(role or "未知"), roles.PERMISSIONS["backup.restore"][0])


def _begin_epoch(copy: Path, key: dict) -> None:
    from gridapp.sync import epoch

    conn = db._connect(copy, **key)
    try:
        conn.execute_sql("PRAGMA journal_mode = DELETE")  # the copy stays one self-contained file
        epoch.begin(conn)
    finally:
        conn.close()


AFTER_RESTORE = ("备份之后录入的数据已不在本机。请尽快同步一次（导出给街道、导入街道发回的数据包）："
                 "街道已收到的部分会整包发回；未同步过的部分需按纸质登记卡补录。")


def other_site_label(info: dict) -> str | None:
    """The backup's site, when it is not the open database's."""
    from gridapp.models.base import current_site

    return None if info["site_id"] == current_site().site_id else _site_label(info)


def restore_and_open(path: str | os.PathLike, target: str | os.PathLike, credentials: dict,
                     reopen: dict | None = None, other_site: bool = False) -> dict:
    """Restore (``restore``), open the restored database with ``reopen`` (default: the same
    ``credentials``) and record the restore in its audit trail: what both front ends do."""
    from gridapp.store import audit

    acting = credentials.get("user") or (reopen or {}).get("user")
    info = restore(path, target, other_site=other_site, acting=acting, **credentials)
    db.open_database(target, **(reopen or credentials))
    note = f"从备份 {Path(path).name} 恢复" + (f"（原为另一站点{_site_label(info)}的备份）" if info["other_site"] else "")
    with database.atomic():
        audit.record_event("restore", "database", "", note)
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
