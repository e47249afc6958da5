"""An index of who is must-visit (五必访: elderly, frail, children, disabled, pregnant), so the
follow-up reads those people instead of every person of the street. 121 is
``gridapp.categories.MUST_VISIT_MASK`` (tests/test_followup.py checks). Its statistics are
gathered at once: without them SQLite's planner, which has those of the other indexes, passes
it over."""
from peewee import *


def up(migrator, db):
    db.execute_sql("CREATE INDEX IF NOT EXISTS person_must_visit ON person ((categories & 121))")
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("ANALYZE person")
    else:
        db.execute_sql("ANALYZE person_must_visit")


def down(migrator, db):
    db.execute_sql("DROP INDEX IF EXISTS person_must_visit")
