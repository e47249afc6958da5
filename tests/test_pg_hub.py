"""The street hub on PostgreSQL: moving a hub there from its file, and several
workstations writing at once."""

from __future__ import annotations

import json

import pytest

from gridapp import db
from gridapp.models import Household, LocalState, Person, Street
from tests.conftest import PASSPHRASE
from gridapp.services.org import import_org_file
from tests.test_org_import import DATA
from tests.test_sync_cli import hub, offices, run, sites  # noqa: F401 (fixtures)


def test_hub_migrate_copies_every_table_and_checks_counts(street_db, tmp_path, capsys, pg_url, monkeypatch):
    hub = street_db
    import_org_file(DATA)
    db.close_database()
    monkeypatch.setenv("GRIDAPP_ENROL_CODE", "WXYZ-2345-ABCD-6789")
    assert run(capsys, "sync", "enrol", "--community", "爱和社区", "--out", tmp_path / "a.enrol", "--db", hub)[0] == 0
    code, out, err = run(capsys, "hub", "migrate", "--db", hub, "--to", pg_url, "--json", "--quiet")
    assert code == 0, err
    counts = {r["table"]: (r["source"], r["target"]) for r in json.loads(out)}
    assert counts["house"] == (106, 106) and counts["local_state"][0] == counts["local_state"][1]
    assert all(a == b for a, b in counts.values())
    db.open_database(hub, PASSPHRASE)
    site_id, outbox = LocalState.get_value("site_id"), counts["sync_outbox"][0]
    db.close_database()
    db.open_database(pg_url, None)
    assert LocalState.get_value("site_id") == site_id and Street.get().name == "滨江街道"
    Street.get().save()  # writing goes on where the file left off
    household = Household.create(house=None)
    Person.create(household=household, name="迁移后", relation="户主")
    db.close_database()
    code, out, err = run(capsys, "sync", "status", "--json", "--db", pg_url)
    assert code == 0 and json.loads(out)["peers"][0]["name"] == "爱和社区"
    code, _, err = run(capsys, "hub", "migrate", "--db", hub, "--to", pg_url)
    assert code == 2 and "已有数据" in err
    assert outbox > 0


@pytest.mark.parametrize("offices", ["postgresql"], indirect=True)  # a file has one writer at a time
def test_two_officers_and_an_import_at_once_lose_nothing(offices, hub, sites, capsys):
    """Two workstations save the same household while a community's package is imported:
    every edit is kept, or refused with a message (never silently overwritten), nobody waits
    forever."""
    import threading

    from gridapp.errors import RecordChanged
    from gridapp.models import Conflict

    stick, aihe = sites / "stick", sites / "aihe.db"
    run(capsys, "sync", "export", "--to", stick, "--db", aihe)
    assert run(capsys, "sync", "import", "--from", stick, "--db", hub)[0] == 0
    for p in stick.iterdir():
        p.unlink()
    db.open_database(aihe, PASSPHRASE)  # meanwhile the community records a move and a new phone
    household = Household.get()
    household.departed_to = "广州市"
    household.save()
    person = Person.get()
    person.phone = "13900009999"
    person.save()
    db.close_database()
    run(capsys, "sync", "export", "--to", stick, "--db", aihe)

    db.open_database(hub, None)
    hid = Household.get().id
    barrier = threading.Barrier(3, timeout=30)
    outcome: dict = {}

    def officer(name: str, note: str) -> None:
        try:
            row = Household.get_by_id(hid)
            barrier.wait()
            row.note = note
            row.save()
            outcome[name] = "saved"
        except RecordChanged as exc:
            outcome[name] = exc
        finally:
            db.database.close()

    def importer() -> None:
        from gridapp.sync.importer import import_from

        try:
            barrier.wait()
            outcome["import"] = import_from(stick).applied
        finally:
            db.database.close()

    threads = [threading.Thread(target=officer, args=("一号", "一号工作站")),
               threading.Thread(target=officer, args=("二号", "二号工作站")),
               threading.Thread(target=importer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads), "a workstation is still waiting"
    assert outcome["import"] == 1
    saved = [n for n in ("一号", "二号") if outcome[n] == "saved"]
    refused = [outcome[n] for n in ("一号", "二号") if outcome[n] != "saved"]
    assert len(saved) == 1 and len(refused) == 1, outcome  # the same field: one wins, one is told
    assert "已被他人修改" in str(refused[0]) and "备注" in str(refused[0])
    row = Household.get_by_id(hid)
    assert row.note == ("一号工作站" if saved == ["一号"] else "二号工作站")
    assert row.departed_to == "广州市" and Person.get().phone == "13900009999"
    assert not Conflict.select().where(Conflict.tbl == "household", Conflict.field == "note").exists()
