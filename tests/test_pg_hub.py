"""The street hub on PostgreSQL: moving a hub there from its file, and several
workstations writing at once."""

from __future__ import annotations

import json

import pytest

from gridapp import db
from gridapp.models import Household, LocalState, Outbox, Person, Street
from gridapp.services.org import import_org_file
from gridapp.store import journal
from tests.conftest import PASSPHRASE
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
    site_id, last_seq = LocalState.get_value("site_id"), journal.last_seq()
    db.close_database()
    db.open_database(pg_url, None)
    assert LocalState.get_value("site_id") == site_id and Street.get().name == "滨江街道"
    household = Household.create(house=None)  # writing goes on where the file left off
    Person.create(household=household, name="迁移后", relation="户主")
    made = Outbox.select().where(Outbox.seq > last_seq).order_by(Outbox.seq)
    assert last_seq > 0 and [o.seq for o in made] == list(range(last_seq + 1, journal.last_seq() + 1))
    assert {o.tbl for o in made} == {"household", "person", "audit_entry"}  # the changes and their trail
    db.close_database()
    code, out, err = run(capsys, "sync", "status", "--json", "--db", pg_url)
    assert code == 0 and json.loads(out)["peers"][0]["name"] == "爱和社区"
    code, _, err = run(capsys, "hub", "migrate", "--db", hub, "--to", pg_url)
    assert code == 2 and "已有数据" in err


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


def test_each_officer_logs_in_as_their_own_role(pg_server, capsys):
    """The hub's owner creates the tables; an officer's own login reads and writes rows and
    can change nothing else."""
    from gridapp.models import database

    for sql in ("CREATE ROLE hub_owner LOGIN", "CREATE DATABASE officers_hub OWNER hub_owner",
                "CREATE ROLE gridapp_officer NOLOGIN", "CREATE ROLE wang_fang LOGIN IN ROLE gridapp_officer"):
        pg_server.admin(sql)
    owner = pg_server.url("officers_hub").replace("postgres@", "hub_owner@")
    assert run(capsys, "init", "--site-type", "street", "--name", "滨江街道", "--db", owner)[0] == 0
    db.open_database(owner, None)
    database.execute_sql("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO gridapp_officer")
    database.execute_sql("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO gridapp_officer")
    db.close_database()
    officer = owner.replace("hub_owner@", "wang_fang@")
    code, out, err = run(capsys, "org", "import", DATA, "--db", officer)
    assert code == 0, err
    db.open_database(officer, None)
    assert database.execute_sql("SELECT current_user").fetchone()[0] == "wang_fang"
    with pytest.raises(Exception, match="owner"):
        database.execute_sql("DROP TABLE person")
    db.close_database()
    code, _, err = run(capsys, "info", "--db", officer + "?sslmode=require")  # TLS demanded, server has none
    assert code == 2 and "无法连接数据库服务器" in err and "SSL" in err
    code, _, err = run(capsys, "info", "--db", officer.replace("wang_fang@", "wang_fang:secret@"))
    assert code == 2 and "口令不能写在数据库地址里" in err and "secret" not in err


@pytest.mark.parametrize("offices", ["postgresql"], indirect=True)
def test_the_same_package_imported_at_two_workstations_at_once_applies_once(offices, hub, sites, capsys):
    import threading

    from gridapp.sync.importer import import_from

    stick = sites / "stick"
    run(capsys, "sync", "export", "--to", stick, "--db", sites / "aihe.db")
    db.open_database(hub, None)
    barrier = threading.Barrier(2, timeout=30)
    results = []

    def workstation() -> None:
        try:
            barrier.wait()
            results.append(import_from(stick))
        finally:
            db.database.close()

    threads = [threading.Thread(target=workstation) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted((r.applied, r.duplicate) for r in results) == [(0, 1), (1, 0)]
    assert Person.live().count() == 1


def test_search_finds_the_same_people_on_both_engines(community_any):
    """Pinyin initials, a two-character name, an ID number's tail: the clerk's look-ups."""
    from gridapp.services.search import search

    person = Person.live().where(Person.id_number.is_null(False), Person.initials != "").order_by(Person.name).first()
    by_initials = search(person.initials[:2])
    assert by_initials and all(h.why == "拼音首字母" for h in by_initials)
    assert person.name in {h.name for h in search(person.initials)}
    assert person.name in {h.name for h in search(person.name[-2:])}
    assert person.id in {h.person_id for h in search(person.id_number[-4:])}


def test_what_belongs_to_a_computer_stays_with_it_on_a_server(hub_db, monkeypatch):
    """The card being typed and the sync folder are this workstation's, not every one's."""
    import socket

    from gridapp import settings
    from gridapp.services import drafts

    drafts.save(drafts.ENTRY, {"card_no": "0101"})
    settings.put("sync.folder", "/media/u盘")
    assert drafts.load(drafts.ENTRY) == {"card_no": "0101"} and settings.get("sync.folder") == "/media/u盘"
    monkeypatch.setattr(socket, "gethostname", lambda: "another-workstation")
    if isinstance(hub_db, str):  # on the server another computer sees neither
        assert drafts.load(drafts.ENTRY) is None and settings.get("sync.folder") == ""
    else:  # the file is on this computer
        assert drafts.load(drafts.ENTRY) == {"card_no": "0101"}


@pytest.mark.parametrize("offices", ["postgresql"], indirect=True)
def test_two_workstations_exporting_at_once_never_number_two_packages_alike(offices, hub, sites):
    import threading

    from gridapp.sync.export import export

    db.open_database(hub, None)
    street = Street.get()
    street.code = "460106001"  # something new for the community
    street.save()
    barrier = threading.Barrier(2, timeout=30)
    made = []

    def workstation(folder) -> None:
        try:
            folder.mkdir()
            barrier.wait()
            made.extend(m["package"] for m in export(folder))
        finally:
            db.database.close()

    threads = [threading.Thread(target=workstation, args=(sites / f"out{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert made and len(made) == len(set(made)), made  # the other finds the package written


def test_a_save_kept_waiting_too_long_says_so_and_keeps_nothing(pg_url, monkeypatch):
    import psycopg

    from gridapp.engines import postgres
    from gridapp.errors import ServerBusy

    monkeypatch.setattr(postgres, "LOCK_TIMEOUT_MS", 300)
    db.open_database(pg_url, None)
    from gridapp.services import site

    site.initialise("street", "滨江街道")
    with psycopg.connect(pg_url) as importing:  # another workstation's long import holds the lock
        importing.execute("SELECT value FROM local_state WHERE key = 'clock' FOR UPDATE")
        street = Street.get()
        street.code = "460106001"
        with pytest.raises(ServerBusy, match="另一台电脑正在导入或保存"):
            street.save()
    assert Street.get().code == ""
    street = Street.get()
    street.code = "460106001"
    street.save()  # once it is done, the save goes through
    assert Street.get().code == "460106001"
    db.close_database()


def test_migrations_build_exactly_the_models_schema_on_the_server(pg_server):
    from playhouse.migrations import Runner
    from playhouse.schema_diff import diff_models

    from gridapp.engines import postgres
    from gridapp.models import ALL_MODELS

    scratch = postgres.connect(pg_server.create())
    applied = Runner(scratch, str(db.MIGRATIONS_DIR)).up()
    assert int(applied[-1][:4]) == db.schema_version()
    assert not diff_models(scratch, ALL_MODELS), diff_models(scratch, ALL_MODELS)
    scratch.close()


def test_values_read_back_as_written_on_both_engines(hub_db):
    """What a community's file holds fits the hub whatever it runs on: long text, fractions."""
    import datetime as dt

    from gridapp.models import Card, Community, Grid, KeyingRecord, Staff

    community = Community.create(name="爱和社区")
    grid = Grid.create(community=community, name="第一网格", number=1)
    worker = Staff.create(name="王芳", role="grid_worker", community=community)
    card = Card.create(card_no="0001", community=community, grid=grid, collected_by=worker,
                       collected_on=dt.date(2026, 11, 20), due_on=dt.date(2026, 11, 22),
                       received_at=dt.datetime(2026, 11, 20, 9, 30))
    KeyingRecord.create(card=card, user="王芳", kind="entry", seconds=12.3, at=dt.datetime(2026, 11, 20, 10, 0))
    place = "海南省海口市龙华区" * 40  # 360 characters
    household = Household.create(house=None)
    Person.create(household=household, name="长地址", hukou_place=place, relation="户主")
    assert KeyingRecord.get().seconds == 12.3
    assert Person.get().hukou_place == place
    assert Card.get().received_at == dt.datetime(2026, 11, 20, 9, 30) and Card.get().due_on == dt.date(2026, 11, 22)


@pytest.mark.parametrize("community_any", ["postgresql"], indirect=True)
def test_two_workstations_keying_at_once_never_share_a_card_or_an_archive_number(community_any):
    import datetime as dt
    import threading

    from gridapp.models import Card
    from gridapp.services import cards
    from tests.cards.helpers import card, grid_and_worker, new_id

    _, worker = grid_and_worker()
    people = [[{"name": f"并发户主{i}", "id_number": new_id(dt.date(1960 + i, 1, 2), 10 + i), "relation": "户主",
                "phone": f"1391234000{i}", "status": "resident"}] for i in range(4)]
    jobs = [card("K8001", worker, "8801", people[0]), card("K8001", worker, "8802", people[1]),
            card("K8002", worker, "8803", people[2]), card("K8003", worker, "8804", people[3])]
    barrier = threading.Barrier(len(jobs), timeout=30)
    outcome = []

    def workstation(raw) -> None:
        try:
            barrier.wait()
            outcome.append(cards.save_card(raw, confirmed=True).card.card_no)
        except cards.CardRejected as exc:
            outcome.append(str(exc))
        finally:
            db.database.close()

    threads = [threading.Thread(target=workstation, args=(raw,)) for raw in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(o for o in outcome if o.startswith("K")) == ["K8001", "K8002", "K8003"], outcome
    assert sum("已录入过" in o for o in outcome) == 1
    numbers = [c.archive_no for c in Card.select().where(Card.card_no.in_(["K8001", "K8002", "K8003"]))]
    assert len(numbers) == 3 and len(set(numbers)) == 3


def test_users_roles_and_the_audit_trail_on_a_hub_server(pg_server, capsys, monkeypatch):
    """On a server the officer's own login is the session's user: once the hub keeps accounts,
    the login acts in its account's role, and every change is in the trail under that name."""
    from gridapp.errors import Forbidden
    from gridapp.models import AuditEntry, Grid, database
    from gridapp.services import audittrail
    from gridapp.store import roles, session

    for sql in ("CREATE ROLE hub_admin LOGIN", "CREATE DATABASE accounts_hub OWNER hub_admin",
                "CREATE ROLE li_clerk LOGIN", "CREATE ROLE zhao_guest LOGIN"):
        pg_server.admin(sql)
    admin = pg_server.url("accounts_hub").replace("postgres@", "hub_admin@")
    clerk, guest = admin.replace("hub_admin@", "li_clerk@"), admin.replace("hub_admin@", "zhao_guest@")
    assert run(capsys, "init", "--site-type", "street", "--name", "滨江街道", "--db", admin)[0] == 0
    db.open_database(admin, None)
    import_org_file(DATA)
    for role in ("li_clerk", "zhao_guest"):
        database.execute_sql(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
        database.execute_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}")
    db.close_database()
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", "screen-lock-1")
    for name, role in (("hub_admin", "admin"), ("li_clerk", "clerk")):
        code, _, err = run(capsys, "users", "add", name, "--role", role, "--db", admin)
        assert code == 0, err

    db.open_database(clerk, None)
    assert (session.current_user(), roles.current_role()) == ("li_clerk", "clerk")
    with pytest.raises(Forbidden):
        audittrail.query()
    grid = Grid.select().order_by(Grid.name).first()
    grid.name, old = "第九网格", grid.name
    grid.save()
    db.close_database()

    db.open_database(admin, None)
    assert roles.current_role() == "admin"
    trail = audittrail.query()
    assert any(e["user"] == "hub_admin" and e["action"] == "user.add" and e["row_id"] == "li_clerk" for e in trail)
    change = AuditEntry.get(AuditEntry.row_id == str(grid.id), AuditEntry.field == "name")
    assert (change.user, change.old, change.new) == ("li_clerk", old, "第九网格")
    db.close_database()

    code, _, err = run(capsys, "info", "--db", guest)  # a server login that is no user of the hub
    assert code == 2 and "不是本数据库的用户" in err
    code, _, err = run(capsys, "backup", "--db", admin)  # the server's backups are pg_dump's
    assert code == 2 and "pg_dump" in err
