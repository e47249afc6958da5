"""The sync bookkeeping: local tables that never leave the machine.

- ``Outbox``: every change made here (and, at the street office, every change relayed on
  to other communities), numbered without gaps in this site's sequence.
- ``FieldVersion``: the version (clock, site) of a field whose version differs from the rest
  of its row; a row never edited field by field has none.
- ``Conflict``: a losing value of a concurrent edit of the same field, for a person to review.
- ``Peer``: the sites this one exchanges packages with, their public keys and where each
  stream stands; ``Inbox``: every package applied here.
"""

from __future__ import annotations

from peewee import AutoField, BigIntegerField, BlobField, BooleanField, CharField, CompositeKey, IntegerField, TextField

from gridapp.models.base import BaseModel


class Outbox(BaseModel):
    seq = AutoField()  # INTEGER PRIMARY KEY: max + 1; rows are never deleted, so no gaps
    tbl = CharField()
    row_id = CharField(null=True)  # None for a bulk insert: ``ids`` names its rows
    clock = BigIntegerField()
    site = CharField(max_length=36)  # who made the change
    origin = CharField(max_length=36)  # where it came from: this site, or the sender it is relayed from
    op = TextField(default="")  # JSON: {"f": {field: value}, "b": {field: [clock, site]} | null}
    ids = BlobField(null=True)  # bulk insert: 16 bytes per row id

    class Meta:
        table_name = "sync_outbox"


class FieldVersion(BaseModel):
    tbl = CharField()
    row_id = CharField()
    field = CharField()  # "" holds the version of every field without its own row
    clock = BigIntegerField()
    site = CharField(max_length=36)

    class Meta:
        table_name = "sync_field"
        primary_key = CompositeKey("tbl", "row_id", "field")


class Conflict(BaseModel):
    id = AutoField()
    tbl = CharField()
    row_id = CharField()
    field = CharField()
    loser_value = TextField()  # JSON wire value
    loser_clock = BigIntegerField()
    loser_site = CharField(max_length=36)
    winner_value = TextField()
    winner_clock = BigIntegerField()
    winner_site = CharField(max_length=36)
    head = BooleanField(default=True)  # False once the losing value was itself edited further
    review = CharField(default="")  # "", "kept" or "swapped"
    found_at = CharField()

    class Meta:
        table_name = "sync_conflict"
        indexes = ((("tbl", "row_id", "field"), False),)


class Peer(BaseModel):
    site_id = CharField(primary_key=True, max_length=36)
    name = CharField()
    kind = CharField()  # "street" or "community"
    community = CharField(null=True)  # the Community row a community site owns (hex id)
    sign_key = BlobField()  # Ed25519 public key
    box_key = BlobField()  # X25519 public key
    applied_seq = BigIntegerField(default=0)  # its changes applied here, without a gap
    applied_package = IntegerField(default=0)
    received_at = CharField(default="")
    exported_seq = BigIntegerField(default=0)  # this site's changes packed for it
    exported_package = IntegerField(default=0)
    exported_at = CharField(default="")
    acked_seq = BigIntegerField(default=0)  # what it says it has applied of ours
    acked_package = IntegerField(default=0)
    reported_seq = BigIntegerField(default=0)  # our applied_seq as last told to it
    active = BooleanField(default=True)
    epoch = TextField(default="")  # its numbering's epochs (gridapp.sync.epoch), "" before any restore
    send_full = BooleanField(default=False)  # its database went back to a backup: owed everything

    class Meta:
        table_name = "sync_peer"


class Inbox(BaseModel):
    id = AutoField()
    peer = CharField(max_length=36)
    package = IntegerField()
    kind = CharField()  # "changes" or "full"
    seq_first = BigIntegerField()
    seq_last = BigIntegerField()
    digest = CharField()
    applied_at = CharField()
    summary = TextField(default="{}")  # JSON counts

    class Meta:
        table_name = "sync_inbox"


SYNC_TABLES = (Outbox, FieldVersion, Conflict, Peer, Inbox)
