"""Files that hold the office's data or its keys (the database, ``.keys``, ``.logins``,
backups, sync packages): created readable and writable by their owner only (0600 on POSIX,
whatever the umask), and tightened when an older file was left looser. On Windows the user
profile's access rights protect them; file modes are not used there.

Also the words for why a write failed (a full disk, a read-only folder …), said in Chinese.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

PRIVATE = 0o600
POSIX = os.name == "posix"
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def create(path: str | os.PathLike, exclusive: bool = True) -> int:
    """A new file (``exclusive``: it must not exist; else an existing one is emptied), owner
    only before a byte is written; returns its descriptor."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, PRIVATE)
    if POSIX:
        try:
            os.fchmod(fd, PRIVATE)  # the umask may have taken bits away, an old file may have more
        except BaseException:
            os.close(fd)
            raise
    return fd


def open_private(path: str | os.PathLike, mode: str = "xb", **kwargs):
    """``open(path, mode)`` for writing (``x…`` new, ``w…`` new or emptied), owner only."""
    fd = create(path, exclusive=mode.startswith("x"))
    try:
        return os.fdopen(fd, mode.replace("x", "w"), **kwargs)
    except BaseException:
        os.close(fd)
        raise


def copy_private(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """Copy ``source`` to ``target`` (replacing it), owner only."""
    with open(source, "rb") as src, open_private(target, "wb") as dst:
        shutil.copyfileobj(src, dst)


def remove(path: Path) -> None:
    """Remove a file this program was writing, if it is there and can be removed."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only folder holds nothing of ours


def tighten(path: str | os.PathLike) -> None:
    """Take away what group and others may do with an existing file (nothing is logged)."""
    if not POSIX:
        return
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            os.chmod(path, mode & 0o700)
    except OSError:
        pass  # gone, or someone else's: opening it says what matters


def tighten_database(path: str | os.PathLike) -> None:
    """The database file and the files SQLite keeps beside it."""
    for suffix in ("",) + SQLITE_SIDE_FILES:
        tighten(f"{os.fspath(path)}{suffix}")


REASONS = {errno.ENOSPC: "磁盘已满", errno.EROFS: "文件夹只读", errno.EACCES: "无权写入", errno.EPERM: "无权写入",
           errno.EIO: "读写出错（U 盘是否已拔出？）", errno.ENOENT: "文件夹已不在（U 盘是否已拔出？）"}
if hasattr(errno, "EDQUOT"):
    REASONS[errno.EDQUOT] = "磁盘已满"


def reason(exc: OSError) -> str:
    """Why a write failed, in a few Chinese words."""
    if exc.errno is None:
        return exc.strerror or str(exc)
    return REASONS.get(exc.errno, exc.strerror or str(exc))


def write_failed(folder: str | os.PathLike, exc: OSError, what: str) -> str:
    """The message for ``what`` not written to ``folder`` because of ``exc``."""
    return f"无法写入文件夹 {Path(folder)}：{reason(exc)}。{what}"
