"""User accounts (this installation's only); the audit trail searchable by user and record."""
from peewee import *


def up(migrator, db):
    class Account(Model):
        name = CharField(primary_key=True)
        full_name = CharField(default='')
        role = CharField()
        password = CharField()
        created_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'account'
    db.create_tables([Account])
    migrator.migrate(migrator.add_index('audit_entry', ('user', 'at'), False))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('audit_entry', 'audit_entry_user_at'))
    migrator.migrate(migrator.drop_table('account'))
