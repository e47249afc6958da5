"""Backups and recovery: a killed save or backup leaves the database whole; a restore brings
back exactly what was backed up; a full disk, a read-only folder or a missing drive is said."""

from __future__ import annotations

import datetime as dt
import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import cli
from gridapp import db, keyring
from gridapp.errors import UserError
from gridapp.models import Card, Household, Person, database
from gridapp.services import accounts, audittrail, backup
from gridapp.store import session
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def quick_scrypt(monkeypatch):
    monkeypatch.setenv(keyring.SCRYPT_N_ENV, "1024")


def people() -> list[tuple]:
    return database.execute_sql("SELECT id, name, phone, household_id FROM person ORDER BY id").fetchall()


def start(script: str, path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), db.PASSPHRASE_ENV: PASSPHRASE}
    code = textwrap.dedent(f"""
        import sys
        from gridapp import db
        db.open_database({str(path)!r}, {PASSPHRASE!r})
    """) + textwrap.dedent(script)
    return subprocess.Popen([sys.executable, "-c", code], env=env, cwd=str(ROOT),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def kill_after(proc: subprocess.Popen, lines: int) -> None:
    """Kill the process (no clean-up at all) once it has printed ``lines`` lines."""
    for _ in range(lines):
        if not proc.stdout.readline():
            raise AssertionError(proc.stderr.read())
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


def test_killed_during_card_saves_the_database_is_whole_and_each_card_complete_or_absent(community_db):
    db.close_database()
    proc = start("""
        import datetime as dt
        from gridapp.services.cards import save_card
        from tests.cards.helpers import card, grid_and_worker, new_id
        _, worker = grid_and_worker()
        i = 0
        while True:
            print(i, flush=True)
            members = [{"name": name, "id_number": new_id(dt.date(1960 + n, 1, 1), 100 + i), "relation": rel, "phone": "13912345678",
                        "status": "resident"} for n, (name, rel) in enumerate(
                            (("测试户主", "户主"), ("测试配偶", "配偶"), ("测试之子", "子")))]
            save_card(card(f"K{i:04d}", worker, room=str(9000 + i), members=members), confirmed=True)
            i += 1
    """, community_db)
    kill_after(proc, 4)
    db.open_database(community_db, PASSPHRASE)
    assert db.quick_check()
    keyed = list(Card.select().where(Card.card_no.startswith("K")))
    assert len(keyed) >= 3
    for c in keyed:
        assert Person.select().where(Person.household == c.household_id).count() == 3, c.card_no
    rooms = Household.select().join_from(Household, Person).where(Person.name == "测试户主").count()
    assert rooms == len(keyed)  # no household whose card is missing


def test_killed_during_a_backup_the_database_is_whole_and_no_broken_backup_is_listed(community_db, tmp_path):
    before = people()
    db.close_database()
    folder = tmp_path / "usb"
    proc = start(f"""
        import time
        from gridapp.services import backup
        backup.PAGES_PER_STEP = 16
        def slow(done, total, what):
            print(done, flush=True)
            time.sleep(0.01)
        backup.backup({str(folder)!r}, progress=slow)
    """, community_db)
    kill_after(proc, 3)
    db.open_database(community_db, PASSPHRASE)
    assert db.quick_check() and people() == before
    assert backup.backups(folder) == []  # only the unfinished ``.part`` file is there
    made = backup.backup(folder)
    assert backup.backups(folder)[0].path == made.path


def test_a_restore_brings_back_exactly_the_backed_up_data_and_keeps_the_current_one_aside(community_db, tmp_path):
    accounts.add_user("admin", "admin", "admin-pass-1")
    made = backup.backup(tmp_path / "backups")
    assert keyring.keys_path(made.path).exists()
    saved = people()
    changed = Person.select().first()
    changed.phone = "13999999999"
    changed.save()
    Person.get(Person.id != changed.id).delete_instance()
    db.close_database()
    info = backup.restore(made.path, community_db, user="admin", password="admin-pass-1")
    db.open_database(community_db, user="admin", password="admin-pass-1")
    assert people() == saved and db.quick_check()
    db.close_database()
    db.open_database(info["aside"], user="admin", password="admin-pass-1")  # the replaced one, kept
    assert Person.get_by_id(changed.id).phone == "13999999999"


def test_restore_command_checks_the_backup_and_leaves_the_database_alone_when_it_is_damaged(community_db, tmp_path,
                                                                                          capsys):
    made = backup.backup(tmp_path)
    saved = people()
    db.close_database()
    damaged = tmp_path / "gridapp-20260101-000000.db"
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2:len(data) // 2 + 4096] = os.urandom(4096)
    damaged.write_bytes(bytes(data))
    assert cli.main(["restore", str(damaged), "--db", str(community_db)]) == 2
    assert "已损坏" in capsys.readouterr().err
    assert not list(community_db.parent.glob("*.before-restore-*"))
    assert cli.main(["restore", str(made.path), "--db", str(community_db)]) == 0
    assert "已从备份恢复" in capsys.readouterr().out
    db.open_database(community_db, PASSPHRASE)
    assert people() == saved


def test_a_damaged_database_fails_its_quick_check_and_the_latest_good_backup_is_found(community_db, tmp_path):
    folder = tmp_path / "backups"
    good = backup.backup(folder)
    db.close_database()
    data = bytearray(community_db.read_bytes())
    data[len(data) // 2:len(data) // 2 + 8192] = bytes(8192)
    community_db.write_bytes(bytes(data))
    db.open_database(community_db, PASSPHRASE)
    assert not db.quick_check()
    assert backup.latest_good(folder, passphrase=PASSPHRASE).path == good.path


def test_full_disk_read_only_folder_and_missing_drive_are_said_and_nothing_changes(community_db, tmp_path,
                                                                                 monkeypatch):
    with pytest.raises(UserError, match="U 盘"):
        backup.backup(tmp_path / "no-such-drive" / "备份")
    assert not (tmp_path / "no-such-drive").exists()

    def full(*args):
        Path(args[1]).write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup, "_copy_pages", full)
    with pytest.raises(UserError, match="磁盘已满"):
        backup.backup(tmp_path / "full")
    assert list((tmp_path / "full").iterdir()) == []
    monkeypatch.setattr(backup.os, "access", lambda *a: False)
    with pytest.raises(UserError, match="只读"):
        backup.backup(tmp_path / "full")
    assert db.quick_check()


def test_rotation_keeps_the_newest_of_7_days_4_weeks_and_12_months():
    now = dt.datetime(2026, 12, 4, 18, 0)
    items = [backup.BackupInfo(Path(f"b{i}"), now - dt.timedelta(hours=12 * i), 0) for i in range(800)]
    keep = backup.to_keep(items, now)
    kept = sorted((b.at for b in items if b.path in keep), reverse=True)
    assert len({d.date() for d in kept}) == len(kept)  # at most one a day
    assert len([d for d in kept if now - d < dt.timedelta(days=7)]) == 7
    assert len(kept) <= 7 + 4 + 12 and kept[-1] < now - dt.timedelta(days=300)


def test_a_restore_that_cannot_write_leaves_the_current_database_as_it_was(community_db, tmp_path, monkeypatch):
    made = backup.backup(tmp_path)
    saved = people()
    db.close_database()

    def full(src, dst):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup.files, "copy_private", full)
    with pytest.raises(UserError, match="磁盘已满"):
        backup.restore(made.path, community_db, passphrase=PASSPHRASE)
    db.open_database(community_db, PASSPHRASE)
    assert people() == saved and not list(community_db.parent.glob("*.before-restore-*"))


def test_every_backup_is_in_the_audit_trail_once_from_the_command_and_the_service(community_db, tmp_path, capsys):
    made = backup.backup(tmp_path / "usb")  # what the app's 立即备份, closing and daily backups call
    (entry,) = audittrail.query(action="backup")
    assert entry["table"] == "database" and made.path.name in entry["note"]
    assert entry["user"] == session.current_user() and audittrail.as_cells(entry)[2:4] == ["备份", "数据库"]
    db.close_database()
    assert cli.main(["backup", "--to", str(tmp_path / "usb"), "--db", str(community_db)]) == 0
    capsys.readouterr()
    db.open_database(community_db, PASSPHRASE)
    entries = audittrail.query(action="backup")
    assert len(entries) == 2 and entries[0]["note"] != entries[1]["note"]


def test_a_backup_that_fails_is_not_recorded(community_db, tmp_path, monkeypatch):
    monkeypatch.setattr(backup.os, "access", lambda *a: False)
    with pytest.raises(UserError, match="只读"):
        backup.backup(tmp_path / "usb")
    assert audittrail.query(action="backup") == []


def test_only_a_role_that_may_restore_restores_from_the_command_line_judged_by_the_current_database(
        community_db, tmp_path, monkeypatch, capsys):
    accounts.add_user("admin", "admin", "admin-pass-1")
    accounts.add_user("lu", "director", "director-pass-1")
    made = backup.backup(tmp_path / "usb")  # lu was the director then
    accounts.set_role("lu", "clerk")  # and is a clerk now
    saved = people()
    Person.select().first().delete_instance()
    after = people()
    db.close_database()
    monkeypatch.setenv("GRIDAPP_USER", "lu")
    monkeypatch.setenv("GRIDAPP_PASSWORD", "director-pass-1")
    assert cli.main(["restore", str(made.path), "--db", str(community_db)]) == 2
    assert "当前用户的角色（录入员）无权从备份恢复数据库" in capsys.readouterr().err
    assert not list(community_db.parent.glob("*.before-restore-*"))
    db.open_database(community_db, user="admin", password="admin-pass-1")
    assert people() == after  # nothing put back
    accounts.set_role("lu", "director")
    db.close_database()
    assert cli.main(["restore", str(made.path), "--db", str(community_db)]) == 0
    assert "已从备份恢复" in capsys.readouterr().out
    db.open_database(community_db, user="admin", password="admin-pass-1")
    assert people() == saved
    (entry,) = audittrail.query(action="restore")
    assert entry["user"] == "lu"


def test_the_service_refuses_a_clerk_whose_database_was_opened_with_its_key(community_db, tmp_path):
    accounts.add_user("admin", "admin", "admin-pass-1")
    accounts.add_user("lu", "clerk", "clerk-pass-1")
    made = backup.backup(tmp_path / "usb")
    db.close_database()
    db.open_database(community_db, user="lu", password="clerk-pass-1")
    key = db.open_key()  # what the app holds for the logged-in clerk
    db.close_database()
    with pytest.raises(UserError, match="录入员.*无权从备份恢复"):
        backup.restore_and_open(made.path, community_db, key, reopen=dict(key, user="lu"))
    assert not list(community_db.parent.glob("*.before-restore-*"))


def test_a_director_still_restores_when_the_current_database_is_damaged(community_db, tmp_path):
    accounts.add_user("admin", "admin", "admin-pass-1")
    accounts.add_user("zhu", "director", "director-pass-1")
    made = backup.backup(tmp_path / "usb")
    saved = people()
    db.close_database()
    db.open_database(community_db, user="zhu", password="director-pass-1")
    key = db.open_key()
    db.close_database()
    with open(community_db, "r+b") as fh:  # the first pages unreadable: the current role cannot be read
        fh.write(os.urandom(8192))
    info = backup.restore_and_open(made.path, community_db, key, reopen=dict(key, user="zhu"))
    assert info["aside"] and people() == saved
