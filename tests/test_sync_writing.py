"""Writing packages into a sync folder that refuses them: a read-only stick, a full disk. The
export says so in Chinese, leaves nothing in the folder and changes nothing in the database,
so the next export covers the same changes."""

from __future__ import annotations

import builtins
import errno
import os
from pathlib import Path

import pytest

from gridapp.errors import UserError
from gridapp.models import Peer
from gridapp.store import journal
from gridapp.sync.export import export
from tests.syncnet import snapshot
from tests.test_sync_faults import families


def refuse_new_files(monkeypatch, folder: Path, code: int) -> None:
    """Creating a file in ``folder`` fails with ``code`` (as on a read-only or full stick)."""
    real_os_open, real_open = os.open, builtins.open

    def refused(path) -> OSError:
        return OSError(code, os.strerror(code), str(path))

    def os_open(path, flags, *args, **kwargs):
        if Path(path).parent == folder and flags & os.O_CREAT:
            raise refused(path)
        return real_os_open(path, flags, *args, **kwargs)

    def open_(path, mode="r", *args, **kwargs):
        if isinstance(path, (str, os.PathLike)) and Path(path).parent == folder and set(mode) & set("wxa+"):
            raise refused(path)
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", open_)


def state(node) -> tuple:
    """What an export may change: every synced row (the audit trail too), the outbox, the peer."""
    node.use()
    peer = Peer.get()
    return (snapshot(node), journal.last_seq(),
            (peer.exported_seq, peer.exported_package, peer.exported_at, peer.reported_seq))


@pytest.fixture
def aihe(net):
    node = net.communities[0]
    families(node, 3)
    node.use()
    return node


def test_a_read_only_sync_folder_is_said_and_changes_nothing(aihe, monkeypatch):
    before = state(aihe)
    refuse_new_files(monkeypatch, aihe.outbox, errno.EROFS)
    with pytest.raises(UserError, match="只读") as caught:
        export(aihe.outbox)
    assert str(aihe.outbox) in str(caught.value) and "数据库没有改动" in str(caught.value)
    assert list(aihe.outbox.iterdir()) == []
    assert state(aihe) == before


def test_a_folder_without_write_permission_is_said(aihe, monkeypatch):
    refuse_new_files(monkeypatch, aihe.outbox, errno.EACCES)
    with pytest.raises(UserError, match="无权写入"):
        export(aihe.outbox)
    assert list(aihe.outbox.iterdir()) == []


def test_a_disk_that_fills_up_at_the_close_leaves_no_file_and_the_next_export_sends_the_same(aihe, monkeypatch):
    before = state(aihe)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # the data went out; the disk refuses to keep it
    with pytest.raises(UserError, match="磁盘已满") as caught:
        export(aihe.outbox)
    assert str(aihe.outbox) in str(caught.value)
    assert list(aihe.outbox.iterdir()) == []  # not even the temporary file
    assert state(aihe) == before
    monkeypatch.undo()
    (made,) = export(aihe.outbox)
    assert made["package"] == 1 and made["seq"][0] == 1
    assert made["counts"]["household"] == 3 and made["counts"]["person"] == 3
