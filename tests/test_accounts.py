"""Accounts and roles: who may open the database, what each role may do, what the audit trail keeps."""

from __future__ import annotations

import shutil

import pytest
from openpyxl import load_workbook

import cli
from gridapp import db, keyring, settings
from gridapp.errors import Forbidden, UserError, WrongPassphrase
from gridapp.models import Account, AppraisalMonth, AuditEntry, Community, Person
from gridapp.services import accounts, appraisal, apptemplates, audittrail, browse, cardfields, cards
from gridapp.store import roles, session
from tests.conftest import PASSPHRASE

ADMIN_PW, CLERK_PW, DIRECTOR_PW = "admin-pass-1", "clerk-pass-1", "director-pass-1"


@pytest.fixture(autouse=True)
def quick_scrypt(monkeypatch):
    monkeypatch.setenv(keyring.SCRYPT_N_ENV, "1024")


@pytest.fixture
def office(community_db):
    """The community demo with an administrator, a clerk and a director; closed."""
    accounts.add_user("admin", "admin", ADMIN_PW, "管理员甲")
    accounts.add_user("li", "clerk", CLERK_PW, "李丽")
    accounts.add_user("wang", "director", DIRECTOR_PW, "王芳")
    db.close_database()
    return community_db


def log_in(path, name, password):
    return db.open_database(path, user=name, password=password)


def test_each_users_password_opens_the_database_and_the_passphrase_still_does(office):
    assert keyring.users(office) == ["admin", "li", "wang"]
    log_in(office, "li", CLERK_PW)
    assert (session.current_user(), roles.current_role()) == ("li", "clerk")
    db.close_database()
    db.open_database(office, PASSPHRASE)  # headless use with the office passphrase keeps working
    assert roles.current_role() == "admin" and Person.select().count() > 0


def test_a_wrong_password_cannot_open_and_repeated_failures_must_wait(office):
    for _ in range(keyring.FREE_TRIES):
        with pytest.raises(keyring.WrongCredentials):
            log_in(office, "li", "not-my-password")
    with pytest.raises(UserError, match="秒后再试"):
        log_in(office, "li", CLERK_PW)  # even the right password waits now
    with pytest.raises(WrongPassphrase):
        db.open_database(office, "wrong-passphrase")


def test_wrong_office_passphrases_are_counted_and_repeated_ones_wait_like_passwords(office, monkeypatch, capsys):
    now = [1_000_000.0]
    monkeypatch.setattr(keyring, "clock", lambda: now[0], raising=False)
    for _ in range(keyring.FREE_TRIES):
        with pytest.raises(WrongPassphrase):
            db.open_database(office, "wrong-passphrase")
    with pytest.raises(UserError, match="请在 2 秒后再试"):
        db.open_database(office, PASSPHRASE)  # the passphrase acts as the administrator: it waits too
    assert cli.main(["stats", "--json", "--db", str(office)]) == 2
    assert "秒后再试" in capsys.readouterr().err
    now[0] += 2
    with pytest.raises(WrongPassphrase):
        db.open_database(office, "wrong-again")
    with pytest.raises(UserError, match="请在 4 秒后再试"):
        db.open_database(office, PASSPHRASE)
    log_in(office, "li", CLERK_PW)  # the users' passwords are counted apart
    db.close_database()
    now[0] += 4
    db.open_database(office, PASSPHRASE)
    assert roles.current_role() == "admin"
    db.close_database()
    for _ in range(keyring.FREE_TRIES - 1):  # a success starts the count afresh
        with pytest.raises(WrongPassphrase):
            db.open_database(office, "wrong-passphrase")
    db.open_database(office, PASSPHRASE)


def test_a_database_without_accounts_counts_wrong_passphrases_too(community_db, monkeypatch):
    monkeypatch.setattr(keyring, "clock", lambda: 1_000_000.0, raising=False)
    db.close_database()
    for _ in range(keyring.FREE_TRIES):
        with pytest.raises(WrongPassphrase):
            db.open_database(community_db, "wrong-passphrase")
    with pytest.raises(UserError, match="秒后再试"):
        db.open_database(community_db, PASSPHRASE)
    assert not keyring.has_keys(community_db)


def test_a_removed_user_cannot_open_even_with_an_old_copy_of_the_key_file(office, tmp_path):
    old_keys = tmp_path / "old.keys"
    shutil.copy(keyring.keys_path(office), old_keys)
    log_in(office, "admin", ADMIN_PW)
    accounts.remove_user("li")
    db.close_database()
    with pytest.raises(keyring.WrongCredentials):
        log_in(office, "li", CLERK_PW)
    shutil.copy(old_keys, keyring.keys_path(office))
    with pytest.raises(keyring.WrongCredentials):  # the key unwraps, but there is no such user any more
        log_in(office, "li", CLERK_PW)


def test_users_change_their_own_password(office):
    log_in(office, "li", CLERK_PW)
    with pytest.raises(UserError, match="原密码"):
        accounts.change_password("li", "new-secret-1", old="guess-guess")
    accounts.change_password("li", "new-secret-1", old=CLERK_PW)
    db.close_database()
    with pytest.raises(keyring.WrongCredentials):
        log_in(office, "li", CLERK_PW)
    log_in(office, "li", "new-secret-1")


def test_a_clerk_keys_cards_but_cannot_change_templates_settings_users_or_read_the_trail(office, tmp_path):
    log_in(office, "li", CLERK_PW)
    community = Community.get()
    with pytest.raises(Forbidden, match="录入员"):
        cardfields.define(community, "household", "pets", "宠物")
    with pytest.raises(Forbidden):
        settings.put("cards.due_days", 5)
    with pytest.raises(Forbidden):
        accounts.add_user("zhao", "admin", "zhao-pass-1")
    with pytest.raises(Forbidden):
        audittrail.query()
    template = tmp_path / "template.json"
    apptemplates.export(template)
    with pytest.raises(Forbidden, match="考评模板"):
        apptemplates.import_file(template, community)
    sheet = appraisal.open_month(community, "2026-11")
    with pytest.raises(Forbidden, match="锁定"):
        appraisal.lock(sheet)
    with pytest.raises(Forbidden):
        browse.members(Person.get().household_id, full_id=True)
    assert settings.get("cards.due_days") == 2
    db.close_database()
    log_in(office, "wang", DIRECTOR_PW)  # the director may
    settings.put("cards.due_days", 5)
    assert settings.get("cards.due_days") == 5
    assert apptemplates.import_file(template, community).version == 1  # the community's own first version
    appraisal.lock(sheet)
    assert AppraisalMonth.get_by_id(sheet.id).locked


def test_a_clerk_sees_masked_numbers_and_exports_masked_whatever_is_asked(office, tmp_path, capsys, monkeypatch):
    log_in(office, "li", CLERK_PW)
    head = Person.select().where(Person.relation == "户主", Person.phone != "", Person.id_number.is_null(False)).first()
    shown = next(m for m in browse.members(head.household_id) if m["id"] == head.id)
    assert shown["id_number"] != head.id_number and "*" in shown["id_number"] and "*" in shown["phone"]
    numbers = {p.id_number for p in Person.select(Person.id_number) if p.id_number}
    db.close_database()
    monkeypatch.setenv("GRIDAPP_USER", "li")
    monkeypatch.setenv("GRIDAPP_PASSWORD", CLERK_PW)
    out = tmp_path / "人口.xlsx"
    assert cli.main(["ledger", "population", "--out", str(out), "--db", str(office)]) == 0, capsys.readouterr().err
    cells = {str(c.value) for ws in load_workbook(out).worksheets for row in ws.iter_rows() for c in row}
    assert cells and not numbers & cells
    db.open_database(office, PASSPHRASE)
    entry = AuditEntry.get(AuditEntry.action == "export")
    assert entry.user == "li" and "已遮蔽" in entry.note


def test_the_audit_trail_records_a_change_an_export_and_a_view(office, tmp_path):
    log_in(office, "wang", DIRECTOR_PW)
    person = Person.select().where(Person.phone != "").first()
    old_phone = person.phone
    person.phone = "13700000000"
    person.save()
    change = AuditEntry.get(AuditEntry.row_id == str(person.id), AuditEntry.field == "phone")
    assert (change.user, change.action, change.old, change.new) == ("wang", "change", old_phone, "13700000000")
    cards.household_as_card(person.household)  # the edit form shows the full ID numbers
    browse.members(person.household_id, full_id=True)
    views = AuditEntry.select().where(AuditEntry.action == "view", AuditEntry.row_id == str(person.id))
    assert views.count() == 2 and all(v.user == "wang" for v in views)
    from gridapp.services.search import search

    found = search(person.id_number, full_id=True)  # a search that shows full numbers is a view too
    assert [h.id_number for h in found] == [person.id_number] and views.count() == 3
    from reports.audit_xlsx import write_audit

    trail = audittrail.query(person=person.name)
    assert {e["action"] for e in trail} >= {"change", "view"}
    write_audit(trail, tmp_path / "操作记录.xlsx", made_by="wang")
    sheet = [[c.value for c in row] for row in load_workbook(tmp_path / "操作记录.xlsx").active.iter_rows(min_row=2)]
    assert ["人员", "联系电话", old_phone, "13700000000"] in [[r[3], r[5], r[6], r[7]] for r in sheet]  # in Chinese
    assert AuditEntry.get(AuditEntry.action == "export", AuditEntry.table == "audit_entry").user == "wang"
    from gridapp.services import ledgerquery as lq
    from gridapp.services.ledgers import LEDGERS

    q = lq.Query(LEDGERS["population"])
    lq.rows(q, lq.keys(q)[:50])
    lq.rows(q, lq.keys(q)[50:100])  # the next page of the same list: one entry for the list
    assert AuditEntry.select().where(AuditEntry.action == "view", AuditEntry.table == "ledger").count() == 1
    with pytest.raises(TypeError):  # append-only
        change.note = "edited"
        change.save()


def test_users_commands(community_db, capsys, monkeypatch):
    db.close_database()
    path = str(community_db)
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", ADMIN_PW)
    assert cli.main(["users", "add", "admin", "--role", "admin", "--db", path]) == 0
    monkeypatch.setenv("GRIDAPP_NEW_PASSWORD", CLERK_PW)
    assert cli.main(["users", "add", "li", "--role", "clerk", "--full-name", "李丽", "--db", path]) == 0
    capsys.readouterr()
    assert cli.main(["users", "list", "--db", path]) == 0
    out = capsys.readouterr().out
    assert "li\t录入员\t李丽" in out and "admin\t管理员" in out
    assert cli.main(["users", "role", "li", "grid_leader", "--db", path]) == 0
    assert "网格长" in capsys.readouterr().out
    assert cli.main(["users", "remove", "li", "--db", path]) == 0
    monkeypatch.setenv("GRIDAPP_USER", "li")
    monkeypatch.setenv("GRIDAPP_PASSWORD", CLERK_PW)
    assert cli.main(["users", "list", "--db", path]) == 2
    assert "用户名或密码错误" in capsys.readouterr().err
    db.open_database(path, PASSPHRASE)
    assert [a.name for a in Account.select()] == ["admin"]


def test_a_re_encryption_that_never_happened_still_opens_with_the_passphrase(community_db):
    db.close_database()
    keyring.start(community_db, keyring.new_key(), PASSPHRASE)  # as if stopped right before the rekey
    db.open_database(community_db, PASSPHRASE)
    assert Person.select().count() > 0


def test_the_audit_trail_travels_to_the_street_office(net):
    from tests.test_sync import add_family, send

    aihe = net.communities[0]
    person = add_family(aihe, "甲")
    send(aihe, net.hub)
    net.hub.import_()
    net.hub.use()
    entry = AuditEntry.get(AuditEntry.row_id == str(person.id))
    assert entry.action == "insert" and entry.table == "person"
    assert AuditEntry.select().where(AuditEntry.action == "sync.export").exists()
