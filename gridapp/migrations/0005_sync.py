"""Sync bookkeeping: the outbox, per-field versions, the conflict list, peers and applied packages."""
from peewee import *

def up(migrator, db):
    class Conflict(Model):
        tbl = CharField()
        row_id = CharField()
        field = CharField()
        loser_value = TextField()
        loser_clock = BigIntegerField()
        loser_site = CharField(max_length=36)
        winner_value = TextField()
        winner_clock = BigIntegerField()
        winner_site = CharField(max_length=36)
        head = BooleanField(default=True)
        review = CharField(default='')
        found_at = CharField()
        class Meta:
            database = db
            table_name = 'sync_conflict'
            indexes = ((('tbl', 'row_id', 'field'), False),)
    db.create_tables([Conflict])

    class FieldVersion(Model):
        tbl = CharField()
        row_id = CharField()
        field = CharField()
        clock = BigIntegerField()
        site = CharField(max_length=36)
        class Meta:
            database = db
            table_name = 'sync_field'
            primary_key = CompositeKey('tbl', 'row_id', 'field')
    db.create_tables([FieldVersion])

    class Inbox(Model):
        peer = CharField(max_length=36)
        package = IntegerField()
        kind = CharField()
        seq_first = BigIntegerField()
        seq_last = BigIntegerField()
        digest = CharField()
        applied_at = CharField()
        summary = TextField(default='{}')
        class Meta:
            database = db
            table_name = 'sync_inbox'
    db.create_tables([Inbox])

    class Outbox(Model):
        seq = AutoField()
        tbl = CharField()
        row_id = CharField(null=True)
        clock = BigIntegerField()
        site = CharField(max_length=36)
        origin = CharField(max_length=36)
        op = TextField(default='')
        ids = BlobField(null=True)
        class Meta:
            database = db
            table_name = 'sync_outbox'
    db.create_tables([Outbox])

    class Peer(Model):
        site_id = CharField(primary_key=True, max_length=36)
        name = CharField()
        kind = CharField()
        community = CharField(null=True)
        sign_key = BlobField()
        box_key = BlobField()
        applied_seq = BigIntegerField(default=0)
        applied_package = IntegerField(default=0)
        received_at = CharField(default='')
        exported_seq = BigIntegerField(default=0)
        exported_package = IntegerField(default=0)
        exported_at = CharField(default='')
        acked_seq = BigIntegerField(default=0)
        acked_package = IntegerField(default=0)
        reported_seq = BigIntegerField(default=0)
        active = BooleanField(default=True)
        class Meta:
            database = db
            table_name = 'sync_peer'
    db.create_tables([Peer])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('sync_peer'))
    migrator.migrate(migrator.drop_table('sync_outbox'))
    migrator.migrate(migrator.drop_table('sync_inbox'))
    migrator.migrate(migrator.drop_table('sync_field'))
    migrator.migrate(migrator.drop_table('sync_conflict'))
