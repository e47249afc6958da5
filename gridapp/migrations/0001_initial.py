"""Initial schema: organisation, staff, supplementary card fields, households and persons."""
from peewee import *
import uuid

def up(migrator, db):
    class Street(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        name = CharField()
        code = CharField(default='')
        class Meta:
            database = db
            table_name = 'street'
    db.create_tables([Street])

    class Community(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        street = ForeignKeyField(Street, null=True)
        name = CharField(index=True)
        code = CharField(default='')
        class Meta:
            database = db
            table_name = 'community'
    db.create_tables([Community])

    class GridGroup(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community)
        name = CharField()
        class Meta:
            database = db
            table_name = 'grid_group'
    db.create_tables([GridGroup])

    class Grid(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community)
        group = ForeignKeyField(GridGroup, null=True)
        name = CharField(index=True)
        number = IntegerField()
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'grid'
    db.create_tables([Grid])

    class Building(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        grid = ForeignKeyField(Grid)
        name = CharField()
        address = CharField(default='')
        floors = IntegerField(default=1)
        units = IntegerField(default=1)
        rooms_per_floor = IntegerField(default=1)
        class Meta:
            database = db
            table_name = 'building'
    db.create_tables([Building])

    class CardField(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community)
        level = CharField()
        key = CharField()
        label = CharField()
        kind = CharField(default='text')
        choices = TextField(default='[]')
        required = BooleanField(default=False)
        position = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'card_field'
    db.create_tables([CardField])

    class House(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        building = ForeignKeyField(Building)
        floor = IntegerField()
        unit = IntegerField(default=1)
        room = CharField()
        ownership = CharField(default='')
        landlord_name = CharField(default='')
        landlord_phone = CharField(default='')
        responsibility_letter = BooleanField(default=False)
        class Meta:
            database = db
            table_name = 'house'
            indexes = ((('building', 'unit', 'floor', 'room'), False),)
    db.create_tables([House])

    class Household(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        house = ForeignKeyField(House, null=True)
        categories = IntegerField(default=0)
        extra = TextField(default='{}')
        arrived_on = DateField(null=True)
        departed_on = DateField(null=True)
        departed_to = CharField(default='')
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'household'
    db.create_tables([Household])

    class LocalState(Model):
        key = CharField(primary_key=True)
        value = TextField()
        class Meta:
            database = db
            table_name = 'local_state'
    db.create_tables([LocalState])

    class Person(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        household = ForeignKeyField(Household)
        name = CharField(index=True)
        initials = CharField(index=True, default='')
        gender = CharField(default='')
        id_number = CharField(index=True, null=True)
        birth_date = DateField(null=True)
        relation = CharField(default='')
        phone = CharField(default='')
        ethnicity = CharField(default='')
        hukou_place = CharField(default='')
        status = CharField(default='resident')
        inflow_reason = CharField(default='')
        inflow_origin = CharField(default='')
        arrived_on = DateField(null=True)
        departed_on = DateField(null=True)
        departed_to = CharField(default='')
        categories = IntegerField(default=0)
        extra = TextField(default='{}')
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'person'
    db.create_tables([Person])

    class Staff(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        name = CharField()
        phone = CharField(default='')
        role = CharField()
        community = ForeignKeyField(Community, null=True)
        photo = BlobField(null=True)
        active = BooleanField(default=True)
        class Meta:
            database = db
            table_name = 'staff'
    db.create_tables([Staff])

    class StaffGrid(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        staff = ForeignKeyField(Staff)
        grid = ForeignKeyField(Grid)
        post = CharField(default='A')
        class Meta:
            database = db
            table_name = 'staff_grid'
    db.create_tables([StaffGrid])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('staff_grid'))
    migrator.migrate(migrator.drop_table('staff'))
    migrator.migrate(migrator.drop_table('person'))
    migrator.migrate(migrator.drop_table('local_state'))
    migrator.migrate(migrator.drop_table('household'))
    migrator.migrate(migrator.drop_table('house'))
    migrator.migrate(migrator.drop_table('card_field'))
    migrator.migrate(migrator.drop_table('building'))
    migrator.migrate(migrator.drop_table('grid'))
    migrator.migrate(migrator.drop_table('grid_group'))
    migrator.migrate(migrator.drop_table('community'))
    migrator.migrate(migrator.drop_table('street'))
