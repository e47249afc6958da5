"""The street hub on PostgreSQL: moving a hub there from its file, and several
workstations writing at once."""

from __future__ import annotations

import json

from gridapp import db
from gridapp.models import Household, LocalState, Person, Street
from tests.conftest import PASSPHRASE
from gridapp.services.org import import_org_file
from tests.test_org_import import DATA
from tests.test_sync_cli import run


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
