"""Who may open this database: user accounts, each with one role.

Accounts belong to this installation (``LocalModel``-like, never synced): each user's
password also wraps the database key in the side file next to the database
(``gridapp.keyring``), and that file does not travel either. The audit trail names users,
and it does travel.
"""

from __future__ import annotations

from peewee import CharField, DateTimeField

from gridapp.models.base import BaseModel


class Account(BaseModel):
    name = CharField(primary_key=True)  # the log-in name
    full_name = CharField(default="")
    role = CharField()  # a key of gridapp.store.roles.ROLES
    password = CharField()  # scrypt$n$r$p$salt$hash (gridapp.keyring.hash_password)
    created_at = DateTimeField()
