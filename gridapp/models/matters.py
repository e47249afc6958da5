"""Matters (事项): residents' requests, patrol findings, hazards, disputes and errands, from
intake to closure. A matter's steps are an append-only history (``MatterStep``): each step
is a new row, never changed; the matter keeps the state the last step left it in, so that
lists are one indexed query. Photos are stored in the (encrypted) database and travel in the
(encrypted) packages."""

from __future__ import annotations

import uuid

from peewee import (
    SQL,
    BlobField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from gridapp.models.affairs import AffairItem
from gridapp.models.org import Building, Community, Grid, House
from gridapp.models.people import Household, Person
from gridapp.store.synced import SyncModel


class Matter(SyncModel):
    number = CharField(index=True)  # 2026-0001 per community and year; 街2026-0001 when recorded at the street office
    community = ForeignKeyField(Community, backref="matters")
    community_id: uuid.UUID
    grid = ForeignKeyField(Grid, null=True, backref="matters")
    grid_id: uuid.UUID | None
    kind = CharField(index=True)  # gridapp.services.matters.KINDS code
    building = ForeignKeyField(Building, null=True, backref="matters")
    building_id: uuid.UUID | None
    house = ForeignKeyField(House, null=True, backref="matters")
    house_id: uuid.UUID | None
    place = CharField(default="")  # as typed: 长安阁1栋2单元302, or 爱和路口
    household = ForeignKeyField(Household, null=True, backref="matters")
    household_id: uuid.UUID | None
    person = ForeignKeyField(Person, null=True, backref="matters")
    person_id: uuid.UUID | None
    contact_name = CharField(default="")  # the resident concerned, when not a linked person
    contact_phone = CharField(default="")
    description = TextField(default="")
    urgency = CharField(default="normal")  # URGENCY code
    affair = ForeignKeyField(AffairItem, null=True, backref="matters")
    affair_id: uuid.UUID | None
    line = CharField(default="", index=True)  # business line (业务口)
    assignee = CharField(default="")  # the committee member (分管委员) handling it
    found_by = CharField(default="")  # who found or received it (a grid worker's name)
    found_at = DateTimeField(index=True)
    recorded_by = CharField(default="")  # the user who keyed it
    promised_on = DateField(null=True, index=True)
    state = CharField(default="received", index=True)
    referred = BooleanField(default=False)  # handed up to the street office (上报)
    done_at = DateTimeField(null=True)
    closed_at = DateTimeField(null=True, index=True)
    satisfied = CharField(default="")  # "", "yes", "no": the call-back's answer
    result = TextField(default="")
    steps = IntegerField(default=0)  # how many steps it has had

    class Meta:
        indexes = ((("community", "state", "promised_on"), False), (("grid", "state"), False),
                   (("line", "state"), False))


# the open matters, newest first or most overdue first, read a page at a time from an index instead of
# sorting every open matter of a street for each page
OPEN_ONLY = SQL("state != 'closed'")
Matter.add_index(Matter.index(Matter.found_at, where=OPEN_ONLY, name="matter_open_found"))
Matter.add_index(Matter.index(Matter.promised_on, where=OPEN_ONLY, name="matter_open_promised"))


class MatterStep(SyncModel):
    """One step in a matter's history: written once, never changed."""

    matter = ForeignKeyField(Matter, backref="history")
    matter_id: uuid.UUID
    action = CharField()  # STEPS code
    at = DateTimeField(index=True)
    user = CharField(default="")
    line = CharField(default="")
    assignee = CharField(default="")
    note = TextField(default="")
    satisfied = CharField(default="")
    site_type = CharField(default="")  # community or street: where the step was taken


class MatterPhoto(SyncModel):
    matter = ForeignKeyField(Matter, backref="photos")
    matter_id: uuid.UUID
    name = CharField(default="")  # 照片1.jpg: never a person's name
    mime = CharField(default="image/jpeg")
    data = BlobField()
    added_at = DateTimeField()
    added_by = CharField(default="")
