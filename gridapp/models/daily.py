"""The grid team's daily work (日常工作): the service-needs sheet of a must-visit person
(服务需求供给表) that the follow-up of the five must-visit groups (五必访) is kept by."""

from __future__ import annotations

from peewee import CharField, DateField, ForeignKeyField, IntegerField, TextField

from gridapp.models.base import SyncModel
from gridapp.models.org import Community
from gridapp.models.people import Person


class ServiceSheet(SyncModel):
    """What a must-visit person needs and who to call: one live sheet per person."""

    community = ForeignKeyField(Community, backref="service_sheets")
    person = ForeignKeyField(Person, backref="service_sheets")
    needs = TextField(default="")  # 服务需求, one per line
    hospital = CharField(default="")  # 常去医院
    contacts = TextField(default="[]")  # JSON [{"name", "relation", "phone"}]: 紧急联系人
    entitlements = TextField(default="[]")  # JSON ["长寿补贴", …]: 享受待遇
    interval_days = IntegerField(null=True)  # this person's own visit interval, else the category's
    note = TextField(default="")
    updated_on = DateField(null=True)
