"""The monthly appraisal of grid workers (考评): scoresheet templates (versioned), a month's
sheet per community pinned to the template version it was opened with, the scores entered
at the meeting, resident survey tallies, amendments to a locked month, and the visit log
(走访日志) the system score is counted from."""

from __future__ import annotations

import uuid

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from gridapp.models.org import Community, Grid, Staff
from gridapp.store.synced import SyncModel


class AppraisalTemplate(SyncModel):
    """One version of a scoresheet template; a change is a new row with the next version."""

    community = ForeignKeyField(Community, null=True, backref="appraisal_templates")  # None: street-wide
    community_id: uuid.UUID | None
    name = CharField()
    version = IntegerField()
    body = TextField()  # JSON: sections, items, weights, survey rule, yearly bonus items
    created_at = DateTimeField()
    created_by = CharField(default="")

    class Meta:
        sync_scope = "reference"


class AppraisalMonth(SyncModel):
    """A community's month: the template version it is scored with, and whether it is closed."""

    community = ForeignKeyField(Community, backref="appraisal_months")
    community_id: uuid.UUID
    month = CharField(index=True)  # YYYY-MM
    template = ForeignKeyField(AppraisalTemplate, backref="months")
    template_id: uuid.UUID
    locked = BooleanField(default=False)
    locked_at = DateTimeField(null=True)
    locked_by = CharField(default="")


class AppraisalScore(SyncModel):
    """A worker's points for one item of a month (system items are stored when the month is locked)."""

    sheet = ForeignKeyField(AppraisalMonth, backref="scores")
    sheet_id: uuid.UUID
    staff = ForeignKeyField(Staff, backref="appraisal_scores")
    staff_id: uuid.UUID
    item = CharField()
    points = FloatField()
    evidence = TextField(default="")

    class Meta:
        indexes = ((("sheet", "staff", "item"), False),)


class SurveyTally(SyncModel):
    """Resident evaluation of a worker: answers counted per source (问卷, 电话, 短信, 第三方)."""

    sheet = ForeignKeyField(AppraisalMonth, backref="surveys")
    sheet_id: uuid.UUID
    staff = ForeignKeyField(Staff, backref="surveys")
    staff_id: uuid.UUID
    source = CharField()
    satisfied = IntegerField(default=0)
    basic = IntegerField(default=0)
    dissatisfied = IntegerField(default=0)


class Amendment(SyncModel):
    """A correction to a locked month: what changed, why, who and when."""

    sheet = ForeignKeyField(AppraisalMonth, backref="amendments")
    sheet_id: uuid.UUID
    staff = ForeignKeyField(Staff, backref="amendments")
    staff_id: uuid.UUID
    item = CharField()
    old = FloatField(null=True)
    new = FloatField()
    reason = TextField()
    user = CharField()
    at = DateTimeField()


class VisitEntry(SyncModel):
    """One line of a worker's diary: the households visited on a day."""

    community = ForeignKeyField(Community, backref="visits")
    community_id: uuid.UUID
    grid = ForeignKeyField(Grid, null=True, backref="visits")
    grid_id: uuid.UUID | None
    staff = ForeignKeyField(Staff, backref="visits")
    staff_id: uuid.UUID
    day = DateField(index=True)
    households = TextField(default="[]")  # JSON list of household ids (hex)
    visited = IntegerField(default=0)  # households visited
    must_visit = IntegerField(default=0)  # must-visit people (五必访) living in them
    purpose = CharField(default="")
    note = TextField(default="")
    typed = TextField(default="")  # the addresses as keyed
