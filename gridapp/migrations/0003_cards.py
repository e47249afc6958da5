"""Card journey, keying records, office calendar, audit entries, drafts, person move links"""
from peewee import *
import uuid

def up(migrator, db):
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

    class Staff(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        class Meta:
            database = db
            table_name = 'staff'

    class AuditEntry(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        at = DateTimeField(index=True)
        user = CharField()
        action = CharField()
        table = CharField()
        row_id = CharField(index=True)
        field = CharField(default='')
        old = TextField(default='')
        new = TextField(default='')
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'audit_entry'
    db.create_tables([AuditEntry])

    class CalendarDay(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        day = DateField(index=True)
        workday = BooleanField()
        name = CharField(default='')
        class Meta:
            database = db
            table_name = 'calendar_day'
    db.create_tables([CalendarDay])

    class Card(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        card_no = CharField(index=True)
        community = ForeignKeyField(Community)
        grid = ForeignKeyField(Grid)
        collected_by = ForeignKeyField(Staff)
        collected_on = DateField()
        due_on = DateField(index=True)
        state = CharField(index=True, default='received')
        received_at = DateTimeField()
        received_by = CharField(default='')
        keyed_at = DateTimeField(null=True)
        keyed_by = CharField(default='')
        verified_at = DateTimeField(null=True)
        verified_by = CharField(default='')
        filed_at = DateTimeField(null=True)
        filed_by = CharField(default='')
        household = ForeignKeyField(Household, null=True)
        archive_no = CharField(default='')
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'card'
    db.create_tables([Card])

    class Draft(Model):
        key = CharField(primary_key=True)
        data = TextField()
        updated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'draft'
    db.create_tables([Draft])

    class KeyingRecord(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        card = ForeignKeyField(Card)
        user = CharField()
        kind = CharField()
        fields = IntegerField(default=0)
        keystrokes = IntegerField(default=0)
        seconds = FloatField(default=0)
        differences = IntegerField(default=0)
        at = DateTimeField()
        class Meta:
            database = db
            table_name = 'keying_record'
    db.create_tables([KeyingRecord])

    migrator.migrate(migrator.add_column('person', 'moved_from_id', ForeignKeyField(Person, field=Person.id, null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_index('person', 'person_moved_from_id'))
    migrator.migrate(migrator.drop_column('person', 'moved_from_id'))
    migrator.migrate(migrator.drop_table('keying_record'))
    migrator.migrate(migrator.drop_table('draft'))
    migrator.migrate(migrator.drop_table('card'))
    migrator.migrate(migrator.drop_table('calendar_day'))
    migrator.migrate(migrator.drop_table('audit_entry'))
