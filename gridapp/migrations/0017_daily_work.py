"""Daily work of the grid team: service-needs sheets of must-visit people"""
from peewee import *
import uuid

def up(migrator, db):
    class Community(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        class Meta:
            database = db
            table_name = 'community'

    class Person(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        class Meta:
            database = db
            table_name = 'person'

    class ServiceSheet(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community)
        person = ForeignKeyField(Person)
        needs = TextField(default='')
        hospital = CharField(default='')
        contacts = TextField(default='[]')
        entitlements = TextField(default='[]')
        interval_days = IntegerField(null=True)
        note = TextField(default='')
        updated_on = DateField(null=True)
        class Meta:
            database = db
            table_name = 'service_sheet'
    db.create_tables([ServiceSheet])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('service_sheet'))
