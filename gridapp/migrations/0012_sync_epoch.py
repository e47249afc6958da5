"""Sync after a restore: each peer's epoch as seen here, and a full package owed to it."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('sync_peer', 'epoch', TextField(default='')),
        migrator.add_column('sync_peer', 'send_full', BooleanField(default=False)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('sync_peer', 'send_full'),
        migrator.drop_column('sync_peer', 'epoch'),
    )
