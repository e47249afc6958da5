"""The files that hold the office's data or its keys are readable by their owner only (0600),
whatever the umask: the database and the files SQLite keeps beside it, ``.keys``, ``.logins``,
backups with their key files, sync packages. Older, looser files are tightened when opened."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from gridapp import db, keyring
from gridapp.services import accounts, backup, site
from gridapp.sync.export import export
from tests.conftest import PASSPHRASE
from tests.test_sync_faults import families

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows protects files with the profile's ACLs")


@pytest.fixture(autouse=True)
def open_umask(monkeypatch):
    """The most careless umask: anything not made owner-only on purpose is world-writable."""
    monkeypatch.setenv(keyring.SCRYPT_N_ENV, "1024")
    old = os.umask(0)
    yield
    os.umask(old)


def modes(folder: Path) -> dict[str, int]:
    return {p.name: stat.S_IMODE(p.stat().st_mode) for p in folder.iterdir() if p.is_file()}


def test_a_new_database_its_wal_keys_and_failed_log_ins_are_the_owners_only(tmp_path):
    path = tmp_path / "office" / "gridapp.db"
    db.open_database(path, PASSPHRASE, create=True)
    try:
        site.initialise("community", "爱和社区")
        accounts.add_user("admin", "admin", "admin-pass-1")
        assert {"gridapp.db", "gridapp.db-wal", "gridapp.db-shm", "gridapp.db.keys"} <= set(modes(path.parent))
    finally:
        db.close_database()
    with pytest.raises(keyring.WrongCredentials):
        db.open_database(path, user="admin", password="not-the-password")
    assert "gridapp.db.logins" in modes(path.parent)
    assert set(modes(path.parent).values()) == {0o600}


def test_a_backup_and_its_journal_and_key_file_are_the_owners_only(community_db, tmp_path, monkeypatch):
    accounts.add_user("admin", "admin", "admin-pass-1")
    folder = tmp_path / "usb"
    seen = {}

    def watch(done, total, what):  # while SQLite writes the copy, with its journal beside it
        seen.update(modes(folder))

    monkeypatch.setattr(backup, "PAGES_PER_STEP", 64)
    made = backup.backup(folder, progress=watch)
    assert any(name.endswith("-journal") for name in seen)
    assert set(seen.values()) == {0o600}
    assert set(modes(folder)) == {made.path.name, made.path.name + ".keys"}
    assert set(modes(folder).values()) == {0o600}


def test_sync_packages_are_the_owners_only(net):
    aihe = net.communities[0]
    families(aihe, 2)
    aihe.use()
    export(aihe.outbox)
    assert list(modes(aihe.outbox).values()) == [0o600]


def test_older_files_readable_by_others_are_tightened_when_the_database_is_opened(community_db, tmp_path):
    accounts.add_user("admin", "admin", "admin-pass-1")
    keyring.note_failure(community_db, "li")
    older = backup.backup(tmp_path / "backups")
    db.close_database()
    loose = [community_db, keyring.keys_path(community_db), keyring.logins_path(community_db)]
    for path in loose + [older.path, keyring.keys_path(older.path)]:
        os.chmod(path, 0o644)
    db.open_database(community_db, PASSPHRASE)
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in loose} == {p.name: 0o600 for p in loose}
    assert set(modes(community_db.parent).values()) == {0o600}  # -wal and -shm too
    backup.backup(tmp_path / "backups")  # a backup made now tightens the older ones it keeps
    assert set(modes(tmp_path / "backups").values()) == {0o600}
