"""The monthly appraisal: scoresheet templates, month sheets, scores, survey tallies, amendments,
the visit log."""
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

    class Staff(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        class Meta:
            database = db
            table_name = 'staff'

    class AppraisalTemplate(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community, null=True)
        name = CharField()
        version = IntegerField()
        body = TextField()
        created_at = DateTimeField()
        created_by = CharField(default='')
        class Meta:
            database = db
            table_name = 'appraisal_template'

    class AppraisalMonth(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community)
        month = CharField(index=True)
        template = ForeignKeyField(AppraisalTemplate)
        locked = BooleanField(default=False)
        locked_at = DateTimeField(null=True)
        locked_by = CharField(default='')
        class Meta:
            database = db
            table_name = 'appraisal_month'

    class AppraisalScore(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        sheet = ForeignKeyField(AppraisalMonth)
        staff = ForeignKeyField(Staff)
        item = CharField()
        points = FloatField()
        evidence = TextField(default='')
        class Meta:
            database = db
            table_name = 'appraisal_score'
            indexes = [(('sheet', 'staff', 'item'), False)]

    class SurveyTally(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        sheet = ForeignKeyField(AppraisalMonth)
        staff = ForeignKeyField(Staff)
        source = CharField()
        satisfied = IntegerField(default=0)
        basic = IntegerField(default=0)
        dissatisfied = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'survey_tally'

    class Amendment(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        sheet = ForeignKeyField(AppraisalMonth)
        staff = ForeignKeyField(Staff)
        item = CharField()
        old = FloatField(null=True)
        new = FloatField()
        reason = TextField()
        user = CharField()
        at = DateTimeField()
        class Meta:
            database = db
            table_name = 'amendment'

    class VisitEntry(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community)
        grid = ForeignKeyField(Grid, null=True)
        staff = ForeignKeyField(Staff)
        day = DateField(index=True)
        households = TextField(default='[]')
        visited = IntegerField(default=0)
        must_visit = IntegerField(default=0)
        purpose = CharField(default='')
        note = TextField(default='')
        typed = TextField(default='')
        class Meta:
            database = db
            table_name = 'visit_entry'

    db.create_tables([AppraisalTemplate, AppraisalMonth, AppraisalScore, SurveyTally, Amendment, VisitEntry])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('visit_entry'))
    migrator.migrate(migrator.drop_table('amendment'))
    migrator.migrate(migrator.drop_table('survey_tally'))
    migrator.migrate(migrator.drop_table('appraisal_score'))
    migrator.migrate(migrator.drop_table('appraisal_month'))
    migrator.migrate(migrator.drop_table('appraisal_template'))
