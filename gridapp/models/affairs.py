"""The community affairs list (社区事务清单): the services a resident can ask for, with
their legal basis, procedure, documents and promised time. Authored at the street
office and synced down to the communities."""

from __future__ import annotations

from peewee import BooleanField, CharField, IntegerField, TextField

from gridapp.store.synced import SyncModel


class AffairItem(SyncModel):
    code = CharField(default="", index=True)  # the street's number for the item, e.g. "MZ-03"
    name = CharField(index=True)
    initials = CharField(default="", index=True)  # pinyin initials of the name
    keywords = CharField(default="")  # what residents call it: 低保, 准生证, 老年证
    category = CharField(default="")
    legal_basis = TextField(default="")
    procedure = TextField(default="")
    documents = TextField(default="")
    promised_days = IntegerField(null=True)  # working days; 0 = on the spot; None = not promised
    office = CharField(default="")
    verified = BooleanField(default=False)  # checked by the street office
    note = TextField(default="")
    position = IntegerField(default=0)

    class Meta:
        sync_scope = "reference"  # authored at the street office, sent to every community
