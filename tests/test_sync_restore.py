"""Sync after a restore: a community office that went back to a backup goes on syncing, its
new cards reach the street office, and what the street office had received from it after the
backup comes back; a backup of another site is refused unless asked for."""

from __future__ import annotations

import json
from pathlib import Path

from gridapp import db
from gridapp.models import AuditEntry, Conflict, House, Household, Person, Staff
from gridapp.sync import epoch, export
from tests.conftest import PASSPHRASE
from tests.syncnet import memory_db, own_community, snapshot
from tests.test_sync_cli import hub, offices, persons, run, sites  # noqa: F401  (fixtures)


def key_person(path: Path, name: str) -> None:
    """A clerk keys one household with its head at the community office ``path``."""
    db.open_database(path, PASSPHRASE)
    try:
        household = Household.create(house=House.select().order_by(House.id).first())
        Person.create(household=household, name=name, relation="户主")
    finally:
        db.close_database()


def names(path) -> set[str]:
    db.open_database(path, PASSPHRASE)
    try:
        return {p.name for p in Person.live()}
    finally:
        db.close_database()


def sync(capsys, source, target, stick) -> dict:
    """``source`` exports to the stick, ``target`` imports from it; the import's result."""
    code, _, err = run(capsys, "sync", "export", "--to", stick, "--db", source)
    assert code == 0, err
    code, out, err = run(capsys, "sync", "import", "--from", stick, "--json", "--db", target)
    assert code == 0, err
    return json.loads(out)


def test_cards_keyed_after_a_restore_reach_the_street_office_and_the_lost_ones_come_back(sites, hub, capsys):
    stick, aihe, backups = sites / "stick", sites / "aihe.db", sites / "backups"
    assert run(capsys, "backup", "--to", backups, "--db", aihe)[0] == 0
    (made,) = backups.glob("aihe-*.db")
    key_person(aihe, "王五")  # after the backup: it reaches the street office, then the laptop fails
    assert sync(capsys, aihe, hub, stick)["applied"] == 1
    assert sync(capsys, hub, aihe, stick)["applied"] == 1
    assert names(hub) == {"李四", "王五"}

    code, out, err = run(capsys, "restore", str(made), "--db", aihe)
    assert code == 0, err
    assert names(aihe) == {"李四"}
    key_person(aihe, "赵六")

    result = sync(capsys, aihe, hub, stick)
    assert (result["applied"], result["rejected"]) == (1, 0), result["messages"]
    assert names(hub) == {"李四", "王五", "赵六"}
    result = sync(capsys, hub, aihe, stick)  # the street office sends everything back once
    assert result["rejected"] == 0, result["messages"]
    assert names(aihe) == {"李四", "王五", "赵六"}

    key_person(aihe, "钱七")  # and sync goes on as before
    assert sync(capsys, aihe, hub, stick)["applied"] == 1
    assert names(hub) == {"李四", "王五", "赵六", "钱七"}
    assert persons(hub) == 4
    code, status, _ = run(capsys, "sync", "status", "--json", "--db", aihe)
    assert json.loads(status)["missing"] == []
    assert "街道已收到的部分会整包发回" in out  # what the restore said


def test_a_restore_is_in_the_audit_trail_of_the_restored_database(sites, capsys):
    aihe, backups = sites / "aihe.db", sites / "backups"
    run(capsys, "backup", "--to", backups, "--db", aihe)
    (made,) = backups.glob("aihe-*.db")
    assert run(capsys, "restore", str(made), "--db", aihe)[0] == 0
    db.open_database(aihe, PASSPHRASE)
    try:
        entry = AuditEntry.select().where(AuditEntry.action == "restore").get()
        assert made.name in entry.note
    finally:
        db.close_database()


def test_a_backup_of_another_site_is_refused_unless_asked_for(sites, capsys):
    aihe, backups = sites / "aihe.db", sites / "backups"
    street = sites / "street.db"
    assert run(capsys, "init", "--site-type", "street", "--name", "滨江街道", "--db", street)[0] == 0
    run(capsys, "backup", "--to", backups, "--db", street)
    (made,) = backups.glob("street-*.db")
    code, _, err = run(capsys, "restore", str(made), "--db", aihe)
    assert code == 2 and "街道“滨江街道”" in err and "--other-site" in err and err.count("\n") == 1
    assert names(aihe) == {"李四"} and not list(sites.glob("aihe.db.before-restore-*"))
    code, _, err = run(capsys, "restore", str(made), "--other-site", "--db", aihe)
    assert code == 0, err
    code, out, _ = run(capsys, "info", "--db", aihe)
    assert json.loads(out)["site_type"] == "street"


def test_a_package_sent_again_over_a_bulk_import_carries_the_edits_made_since(net):
    """--resend re-covers changes the street office has: a bulk import it already applied,
    then an edit of one of those people made at both offices at once is a conflict there."""
    aihe, street = net.communities[0], net.hub
    aihe.use()
    household = Household.create(house=House.select().order_by(House.id).first())
    Person.bulk_insert([{"household": household.id, "name": f"导入{i}", "relation": "其他"} for i in range(3)])
    send_to(aihe, street)
    assert street.import_().applied == 1
    street.use()
    at_hub = Person.select().where(Person.name == "导入1").get()
    person_id = at_hub.id
    at_hub.name = "街道改名"
    at_hub.save()
    aihe.use()
    here = Person.get_by_id(person_id)
    here.name = "社区改名"
    here.save()
    aihe.use()
    for made in export.export(aihe.outbox, resend=True):
        street.receive(Path(made["file"]))
    assert street.import_().applied == 1
    street.use()
    (conflict,) = Conflict.select().where(Conflict.row_id == person_id.hex)
    assert conflict.field == "name"  # the later edit wins, the other is listed
    assert {Person.get_by_id(person_id).name, json.loads(conflict.loser_value)} == {"社区改名", "街道改名"}


def test_communities_go_on_after_the_street_office_restores_its_hub(net):
    """The street office goes back to a backup: what the communities sent since comes again,
    and what it had sent them and lost comes back from them."""
    aihe, jianxin = net.communities
    street = net.hub
    backup = memory_db()
    street.db.connection().backup(backup.connection())
    aihe.use()
    add_person(aihe, "王五")
    send_to(aihe, street)
    street.import_()
    street.use()
    staff = Staff.select().order_by(Staff.id).first()
    staff.phone = "13911112222"  # a correction at the street office, sent down, then lost there
    staff.save()
    for node in (aihe, jianxin):
        send_to(street, node)
        node.import_()
    street.db = backup  # the hub's disk fails: its backup goes back in place
    epoch.begin(street.db)
    street.use(load=True)
    add_person(jianxin, "赵六")
    net.exchange()
    street.use()
    assert {"王五", "赵六"} <= {p.name for p in Person.live()}
    assert Staff.get_by_id(staff.id).phone == "13911112222"
    for node in net.communities:
        assert snapshot(node) == snapshot(street, own_community(node)), node.name


def add_person(node, name: str) -> None:
    node.use()
    household = Household.create(house=House.select().order_by(House.id).first())
    Person.create(household=household, name=name, relation="户主")


def send_to(node, to_node) -> None:
    for path, to in node.export():
        if to == to_node.site.site_id:
            to_node.receive(path)


def test_an_enrolment_killed_halfway_leaves_no_database_and_no_package_copy(sites, capsys, monkeypatch, tmp_path):
    from tests.test_sync_cli import _stop_at

    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setenv("GRIDAPP_ENROL_CODE", "WXYZ-2345-ABCD-6789")
    office = sites / "office"
    office.mkdir()
    new = office / "new.db"
    _stop_at("import-applied", "init", "--site-type", "community", "--enrolment", sites / "aihe.enrol", "--db", new)
    assert not new.exists() and not list(scratch.iterdir())
    code, _, err = run(capsys, "info", "--db", new)
    assert code == 2 and "找不到数据库文件" in err
    code, _, err = run(capsys, "init", "--site-type", "community", "--enrolment", sites / "aihe.enrol", "--db", new)
    assert code == 0, err
    assert [p.name for p in office.iterdir()] == ["new.db"]  # what the killed one left aside is gone
    assert json.loads(run(capsys, "info", "--db", new)[1])["site_type"] == "community"


def test_a_half_made_database_is_named_as_such_not_a_traceback(tmp_path, capsys, passphrase):
    half = tmp_path / "half.db"
    db.open_database(half, PASSPHRASE, create=True)  # made by an older version, killed before its site
    db.close_database()
    for argv in (["info"], ["sync", "status"], ["stats", "--json"]):
        code, _, err = run(capsys, *argv, "--db", half)
        assert code == 2 and "没有创建完成" in err and err.count("\n") == 1, argv
