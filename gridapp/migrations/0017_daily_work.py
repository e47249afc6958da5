"""Daily work of the grid team: service-needs sheets, the work diary, the duty rota, meetings and tasks"""
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

    class Staff(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        class Meta:
            database = db
            table_name = 'staff'

    class DiaryDay(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community)
        staff = ForeignKeyField(Staff)
        day = DateField(index=True)
        hours = FloatField(null=True)
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'diary_day'
    db.create_tables([DiaryDay])

    class DiaryFinding(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        diary = ForeignKeyField(DiaryDay)
        community = ForeignKeyField(Community)
        kind = CharField()
        text = TextField()
        place = CharField(default='')
        flagged = BooleanField(default=False)
        matter = CharField(default='')
        class Meta:
            database = db
            table_name = 'diary_finding'
    db.create_tables([DiaryFinding])

    class DutyChange(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community)
        day = DateField(index=True)
        other_day = DateField(null=True)
        staff_out = ForeignKeyField(Staff, null=True, backref='+')
        staff_in = ForeignKeyField(Staff, null=True, backref='+')
        reason = TextField(default='')
        class Meta:
            database = db
            table_name = 'duty_change'
    db.create_tables([DutyChange])

    class DutyRota(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community)
        start = DateField()
        groups = TextField(default='[]')
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'duty_rota'
    db.create_tables([DutyRota])

    class Meeting(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community)
        day = DateField(index=True)
        title = CharField(default='周例会')
        attendees = TextField(default='[]')
        minutes = TextField(default='')
        class Meta:
            database = db
            table_name = 'meeting'
    db.create_tables([Meeting])

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

    class TaskGroup(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community)
        name = CharField()
        leader = ForeignKeyField(Staff, null=True)
        members = TextField(default='[]')
        class Meta:
            database = db
            table_name = 'task_group'
    db.create_tables([TaskGroup])

    class Task(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community)
        meeting = ForeignKeyField(Meeting, null=True)
        title = CharField()
        detail = TextField(default='')
        group = ForeignKeyField(TaskGroup, null=True)
        staff = ForeignKeyField(Staff, null=True)
        due = DateField(index=True)
        percent = IntegerField(default=0)
        done_on = DateField(null=True)
        class Meta:
            database = db
            table_name = 'task'
    db.create_tables([Task])

    class TaskReport(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        task = ForeignKeyField(Task)
        community = ForeignKeyField(Community)
        day = DateField()
        reporter = ForeignKeyField(Staff, null=True)
        percent = IntegerField()
        text = TextField(default='')
        class Meta:
            database = db
            table_name = 'task_report'
    db.create_tables([TaskReport])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('task_report'))
    migrator.migrate(migrator.drop_table('task'))
    migrator.migrate(migrator.drop_table('task_group'))
    migrator.migrate(migrator.drop_table('service_sheet'))
    migrator.migrate(migrator.drop_table('meeting'))
    migrator.migrate(migrator.drop_table('duty_rota'))
    migrator.migrate(migrator.drop_table('duty_change'))
    migrator.migrate(migrator.drop_table('diary_finding'))
    migrator.migrate(migrator.drop_table('diary_day'))
