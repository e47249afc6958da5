"""A flat marked vacant (空置) by a clerk: a flat without a household card is only unregistered."""
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_column('house', 'vacant', BooleanField(default=False)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column('house', 'vacant'))
