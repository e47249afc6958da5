"""Households and persons. Departures are recorded, never deleted (人走有注销)."""

from __future__ import annotations

import uuid

from peewee import SQL, CharField, DateField, ForeignKeyField, IntegerField, TextField, fn

from gridapp.categories import MUST_VISIT_MASK
from gridapp.models.org import House
from gridapp.store.synced import SyncModel


class Household(SyncModel):
    house = ForeignKeyField(House, null=True, backref="households")
    house_id: uuid.UUID | None
    categories = IntegerField(default=0)  # bit flags, categories.HOUSEHOLD level
    extra = TextField(default="{}")  # supplementary card fields, JSON
    arrived_on = DateField(null=True)
    departed_on = DateField(null=True)
    departed_to = CharField(default="")
    note = TextField(default="")


class Person(SyncModel):
    household = ForeignKeyField(Household, backref="members")
    household_id: uuid.UUID
    name = CharField(index=True)
    initials = CharField(default="", index=True)  # pinyin initials, e.g. "zsf"
    gender = CharField(default="")  # "M" / "F"
    id_number = CharField(null=True, index=True)
    birth_date = DateField(null=True)
    relation = CharField(default="")
    phone = CharField(default="")
    ethnicity = CharField(default="")
    hukou_place = CharField(default="")  # 户籍地
    status = CharField(default="resident")  # vocab.STATUS code
    inflow_reason = CharField(default="")  # vocab.INFLOW_REASON code when status is inflow
    inflow_origin = CharField(default="")
    arrived_on = DateField(null=True)
    departed_on = DateField(null=True)
    departed_to = CharField(default="")
    categories = IntegerField(default=0)  # bit flags, categories.PERSON level
    extra = TextField(default="{}")
    note = TextField(default="")
    moved_from = ForeignKeyField("self", null=True, backref="moved_to")  # this person's record before a move
    moved_from_id: uuid.UUID | None


# find by the last 4 or 6 characters of an ID number without reading every row
Person.add_index(Person.index(fn.substr(Person.id_number, 15), name="person_id_tail4"))
Person.add_index(Person.index(fn.substr(Person.id_number, 13), name="person_id_tail6"))
# who is must-visit (五必访), read by the follow-up: the mask written out, as the query writes it
Person.add_index(Person.index(Person.categories.bin_and(SQL(str(MUST_VISIT_MASK))), name="person_must_visit"))
