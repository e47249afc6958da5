"""The database file: encrypted at rest, guarded by its schema version, migrated in order."""

import datetime as dt

import pytest
from peewee import SqliteDatabase
from playhouse.migrations import Runner
from playhouse.schema_diff import diff_models

from gridapp import db, idnumber
from gridapp.errors import NewerSchema, UserError, WrongPassphrase
from gridapp.models import ALL_MODELS, Grid, House, Household, Person
from gridapp.services import org


def _add_person(name: str, number: str) -> None:
    org.import_org({"street": "滨江街道", "communities": [{"name": "爱和社区", "grids": [
        {"name": "第一网格", "buildings": [{"name": "1栋", "address": "爱和路1号", "floors": 2,
                                          "units": 1, "rooms_per_floor": 1}]}]}]})
    household = Household.create(house=House.select().first())
    Person.create(household=household, name=name, id_number=number, relation="户主")


def test_file_holds_no_plaintext_names_or_id_numbers(street_db, passphrase):
    number = idnumber.make("110105", dt.date(1980, 2, 3), 77)
    _add_person("欧阳䶮明", number)
    db.database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    raw = b"".join(p.read_bytes() for p in street_db.parent.glob("street.db*"))
    assert len(raw) > 10_000
    for secret in (number, "欧阳䶮明", "滨江街道", "爱和路1号"):
        assert secret.encode("utf-8") not in raw
    assert b"SQLite format 3" not in raw
    db.open_database(street_db, passphrase)  # and it reads back
    assert Person.get().id_number == number


def test_wrong_passphrase_is_a_clear_message(street_db):
    db.close_database()
    with pytest.raises(WrongPassphrase, match="口令错误"):
        db.open_database(street_db, "not-the-passphrase")


def test_missing_file_is_not_created_by_accident(tmp_path):
    with pytest.raises(UserError, match="找不到数据库"):
        db.open_database(tmp_path / "none.db", "whatever123")
    assert not (tmp_path / "none.db").exists()


def test_short_passphrase_is_refused_at_creation(tmp_path):
    with pytest.raises(UserError, match="至少 8"):
        db.open_database(tmp_path / "x.db", "short", create=True)


def test_database_from_a_newer_version_is_refused(street_db, passphrase):
    db.database.obj.execute_sql(f"PRAGMA user_version = {db.schema_version() + 1}")
    db.close_database()
    with pytest.raises(NewerSchema, match="更新版本"):
        db.open_database(street_db, passphrase)


def test_migrations_build_exactly_the_models_schema(tmp_path):
    scratch = SqliteDatabase(str(tmp_path / "plain.db"))
    applied = Runner(scratch, str(db.MIGRATIONS_DIR)).up()
    assert applied == sorted(p.stem for p in db.MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert int(applied[-1][:4]) == db.schema_version()
    assert not diff_models(scratch, ALL_MODELS), diff_models(scratch, ALL_MODELS)


def test_opening_sets_the_schema_version(street_db):
    assert db.database.obj.execute_sql("PRAGMA user_version").fetchone()[0] == db.schema_version()
    assert Grid.table_exists()
