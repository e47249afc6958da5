"""Buildings sort with Chinese numerals counted (第一1栋, 第二3栋, 第三1栋): sort keys made again."""
from gridapp.sortkeys import natural_key


def up(migrator, db):
    rows = db.execute_sql("SELECT id, name FROM building").fetchall()
    # derived from the name the same way on every site, so it is not a change to send
    sql = f"UPDATE building SET sort_key = {db.param} WHERE id = {db.param}"
    for row_id, name in rows:
        db.execute_sql(sql, (natural_key(name), row_id))


def down(migrator, db):
    pass  # the keys made by 0014 sort digits as 0011's did
