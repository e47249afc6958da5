"""The community affairs list (社区事务清单): service items authored at the street office."""
from peewee import *
import uuid

def up(migrator, db):
    class AffairItem(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        code = CharField(index=True, default='')
        name = CharField(index=True)
        initials = CharField(index=True, default='')
        keywords = CharField(default='')
        category = CharField(default='')
        legal_basis = TextField(default='')
        procedure = TextField(default='')
        documents = TextField(default='')
        promised_days = IntegerField(null=True)
        office = CharField(default='')
        verified = BooleanField(default=False)
        note = TextField(default='')
        position = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'affair_item'
    db.create_tables([AffairItem])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('affair_item'))
