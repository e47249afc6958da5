"""Buildings sort as people count them (2栋 before 10栋): a sort key kept from the name."""
import re

from peewee import *


def _key(text):
    return re.sub(r"\d+", lambda m: m.group().zfill(8), text or "")


def up(migrator, db):
    migrator.migrate(migrator.add_column('building', 'sort_key', CharField(default='')))
    rows = db.execute_sql("SELECT id, name FROM building").fetchall()
    # derived from the name the same way on every site, so it is not a change to send
    sql = f"UPDATE building SET sort_key = {db.param} WHERE id = {db.param}"
    for row_id, name in rows:
        db.execute_sql(sql, (_key(name), row_id))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('building', 'sort_key'))
