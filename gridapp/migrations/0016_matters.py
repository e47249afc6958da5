"""Matters (事项): residents' requests, patrol findings, hazards, disputes, errands; their steps and photos."""
from peewee import *
import uuid

def up(migrator, db):
    class AffairItem(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        class Meta:
            database = db
            table_name = 'affair_item'

    class Building(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        class Meta:
            database = db
            table_name = 'building'

    class Community(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        class Meta:
            database = db
            table_name = 'community'

    class Grid(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        class Meta:
            database = db
            table_name = 'grid'

    class House(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        class Meta:
            database = db
            table_name = 'house'

    class Household(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        class Meta:
            database = db
            table_name = 'household'

    class Person(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        class Meta:
            database = db
            table_name = 'person'

    class Matter(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        number = CharField(index=True)
        community = ForeignKeyField(Community)
        grid = ForeignKeyField(Grid, null=True)
        kind = CharField(index=True)
        building = ForeignKeyField(Building, null=True)
        house = ForeignKeyField(House, null=True)
        place = CharField(default='')
        household = ForeignKeyField(Household, null=True)
        person = ForeignKeyField(Person, null=True)
        contact_name = CharField(default='')
        contact_phone = CharField(default='')
        description = TextField(default='')
        urgency = CharField(default='normal')
        affair = ForeignKeyField(AffairItem, null=True)
        line = CharField(index=True, default='')
        assignee = CharField(default='')
        found_by = CharField(default='')
        found_at = DateTimeField(index=True)
        recorded_by = CharField(default='')
        promised_on = DateField(index=True, null=True)
        state = CharField(index=True, default='received')
        referred = BooleanField(default=False)
        done_at = DateTimeField(null=True)
        closed_at = DateTimeField(index=True, null=True)
        satisfied = CharField(default='')
        result = TextField(default='')
        steps = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'matter'
            indexes = ((('community', 'state', 'promised_on'), False), (('grid', 'state'), False), (('line', 'state'), False))
    db.create_tables([Matter])
    for name, column in (("matter_open_found", "found_at"), ("matter_open_promised", "promised_on")):
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "matter" ("{column}") WHERE state != \'closed\'')

    class MatterPhoto(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        matter = ForeignKeyField(Matter)
        name = CharField(default='')
        mime = CharField(default='image/jpeg')
        data = BlobField()
        added_at = DateTimeField()
        added_by = CharField(default='')
        class Meta:
            database = db
            table_name = 'matter_photo'
    db.create_tables([MatterPhoto])

    class MatterStep(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        matter = ForeignKeyField(Matter)
        action = CharField()
        at = DateTimeField(index=True)
        user = CharField(default='')
        line = CharField(default='')
        assignee = CharField(default='')
        note = TextField(default='')
        satisfied = CharField(default='')
        site_type = CharField(default='')
        class Meta:
            database = db
            table_name = 'matter_step'
    db.create_tables([MatterStep])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('matter_step'))
    migrator.migrate(migrator.drop_table('matter_photo'))
    migrator.migrate(migrator.drop_table('matter'))
