"""The grid team's daily work (日常工作): the service-needs sheet of a must-visit person
(服务需求供给表) that the follow-up of the five must-visit groups (五必访) is kept by."""

from __future__ import annotations

import uuid

from peewee import BooleanField, CharField, DateField, FloatField, ForeignKeyField, IntegerField, TextField

from gridapp.models.org import Community, Staff
from gridapp.models.people import Person
from gridapp.store.synced import SyncModel


class ServiceSheet(SyncModel):
    """What a must-visit person needs and who to call: one live sheet per person."""

    community = ForeignKeyField(Community, backref="service_sheets")
    community_id: uuid.UUID
    person = ForeignKeyField(Person, backref="service_sheets")
    person_id: uuid.UUID
    needs = TextField(default="")  # 服务需求, one per line
    hospital = CharField(default="")  # 常去医院
    contacts = TextField(default="[]")  # JSON [{"name", "relation", "phone"}]: 紧急联系人
    entitlements = TextField(default="[]")  # JSON ["长寿补贴", …]: 享受待遇
    interval_days = IntegerField(null=True)  # this person's own visit interval, else the category's
    note = TextField(default="")
    updated_on = DateField(null=True)


class DiaryDay(SyncModel):
    """A grid worker's day in the work diary (民情日记): the time spent in the grid and a note;
    the households visited are that day's visit-log lines, the findings its ``DiaryFinding`` rows."""

    community = ForeignKeyField(Community, backref="diary_days")
    community_id: uuid.UUID
    staff = ForeignKeyField(Staff, backref="diary_days")
    staff_id: uuid.UUID
    day = DateField(index=True)
    hours = FloatField(null=True)  # time in the grid
    note = TextField(default="")


class DiaryFinding(SyncModel):
    """Something found on the day's round: a need, residents' opinion (社情民意), a hazard (隐患) or
    a dispute (矛盾). A flagged line waits to be handled; ``matter`` is the id of the matter it
    was turned into, when the events register exists."""

    diary = ForeignKeyField(DiaryDay, backref="findings")
    diary_id: uuid.UUID
    community = ForeignKeyField(Community, backref="diary_findings")
    community_id: uuid.UUID
    kind = CharField()  # diary.KINDS
    text = TextField()
    place = CharField(default="")
    flagged = BooleanField(default=False)
    matter = CharField(default="")


class DutyRota(SyncModel):
    """The office duty rota (值班表) of a community from ``start``: its groups take the working
    days in turn (each group one day a week with five groups). A new rota from a later start
    replaces it from then on."""

    community = ForeignKeyField(Community, backref="duty_rotas")
    community_id: uuid.UUID
    start = DateField()
    groups = TextField(default="[]")  # JSON [{"name": "第一组", "staff": [staff id hex, …]}]
    note = TextField(default="")


class DutyChange(SyncModel):
    """A change to the rota: two days swap their groups (``other_day``), or on ``day`` one
    worker stands in for another (``staff_out`` → ``staff_in``)."""

    community = ForeignKeyField(Community, backref="duty_changes")
    community_id: uuid.UUID
    day = DateField(index=True)
    other_day = DateField(null=True)
    staff_out = ForeignKeyField(Staff, null=True, backref="duty_left")
    staff_out_id: uuid.UUID | None
    staff_in = ForeignKeyField(Staff, null=True, backref="duty_taken")
    staff_in_id: uuid.UUID | None
    reason = TextField(default="")


class TaskGroup(SyncModel):
    """A task group (任务小组, seed 000): a committee member leads three to five grid workers."""

    community = ForeignKeyField(Community, backref="task_groups")
    community_id: uuid.UUID
    name = CharField()
    leader = ForeignKeyField(Staff, null=True, backref="led_task_groups")
    leader_id: uuid.UUID | None
    members = TextField(default="[]")  # JSON [staff id hex, …]


class Meeting(SyncModel):
    """A weekly meeting's record: date, who attended, the minutes."""

    community = ForeignKeyField(Community, backref="meetings")
    community_id: uuid.UUID
    day = DateField(index=True)
    title = CharField(default="周例会")
    attendees = TextField(default="[]")  # JSON [name, …]
    minutes = TextField(default="")


class Task(SyncModel):
    """Work handed out at a meeting to a task group or a worker, due on a day; done when its
    progress reaches 100%."""

    community = ForeignKeyField(Community, backref="tasks")
    community_id: uuid.UUID
    meeting = ForeignKeyField(Meeting, null=True, backref="tasks")
    meeting_id: uuid.UUID | None
    title = CharField()
    detail = TextField(default="")
    group = ForeignKeyField(TaskGroup, null=True, backref="tasks")
    group_id: uuid.UUID | None
    staff = ForeignKeyField(Staff, null=True, backref="tasks")
    staff_id: uuid.UUID | None
    due = DateField(index=True)
    percent = IntegerField(default=0)
    done_on = DateField(null=True)


class TaskReport(SyncModel):
    """Progress on a task as the group leader reported it."""

    task = ForeignKeyField(Task, backref="reports")
    task_id: uuid.UUID
    community = ForeignKeyField(Community, backref="task_reports")
    community_id: uuid.UUID
    day = DateField()
    reporter = ForeignKeyField(Staff, null=True, backref="task_reports")
    reporter_id: uuid.UUID | None
    percent = IntegerField()
    text = TextField(default="")
