"""How a recorded user reads on screen and paper (the filer of a card, …): the account's full
name; a record made without accounts under this computer's login (``root``) reads as the office."""

from __future__ import annotations

import getpass
from typing import Callable

from gridapp.models import Account
from gridapp.services import site


def namer() -> Callable[[str | None], str]:
    """A function from a recorded user name to the name to show (one query, for a whole list)."""
    accounts = {a.name: a.full_name or a.name for a in Account.select(Account.name, Account.full_name)}
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = ""
    office = site.describe()["name"]

    def show(name: str | None) -> str:
        if not name:
            return ""
        if name in accounts:
            return accounts[name]
        return office if name == login else name

    return show
