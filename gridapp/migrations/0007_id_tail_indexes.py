"""Indexes on the tail of ID numbers: finding a person by the last 4 or 6 characters."""
from peewee import *


def up(migrator, db):
    db.execute_sql("CREATE INDEX IF NOT EXISTS person_id_tail4 ON person (substr(id_number, 15))")
    db.execute_sql("CREATE INDEX IF NOT EXISTS person_id_tail6 ON person (substr(id_number, 13))")


def down(migrator, db):
    db.execute_sql("DROP INDEX IF EXISTS person_id_tail4")
    db.execute_sql("DROP INDEX IF EXISTS person_id_tail6")
