"""Which of a card's messages the entry form shows: a field's message once the clerk has left
that field, every message once they try to save (or a typed card comes back), none on a
blank card. The checks themselves run on the whole card all along (gridapp.services)."""

from __future__ import annotations

import re

_MEMBER = re.compile(r"^members\[(\d+)\]\.(\w+)")
# a message about one field that is worked out from another: the ID number gives gender and birth date
_FROM = {"gender": "id_number", "birth_date": "id_number", "inflow_reason": "status"}


class ShownFields:
    """The fields left since the card was begun; ``all`` once saving was tried."""

    def __init__(self) -> None:
        self.left: set[str] = set()
        self.all = False

    def reset(self) -> None:
        self.left.clear()
        self.all = False

    def leave(self, field: str | None) -> None:
        if field:
            self.left.add(field)

    def shows(self, field: str) -> bool:
        if self.all:
            return True
        m = _MEMBER.match(field)
        if m:
            row, name = m.groups()
            return any(f"members[{row}].{n}" in self.left for n in {name, _FROM.get(name, name)})
        if field == "address":  # the address is complete only once the room was typed
            return "address.room" in self.left
        if field == "members":
            return "members[0].name" in self.left
        return field in self.left or any(field.startswith(f + ".") or f.startswith(field + ".")
                                         for f in self.left)

    def filter(self, issues: list) -> list:
        return [i for i in issues if self.shows(i.field)]
