"""一格三员: which of the three a staff member is (社区专职干部, 居民小组长, 专职网格员). Grid
leaders already on file are taken for community cadres, everyone else for recruited grid workers;
each site works this out alike, so the rows need not travel."""
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_column('staff', 'kind', CharField(default='recruited')))
    db.execute_sql("UPDATE staff SET kind = 'cadre' WHERE role = 'grid_leader'")


def down(migrator, db):
    migrator.migrate(migrator.drop_column('staff', 'kind'))
