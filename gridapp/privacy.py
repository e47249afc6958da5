"""What a person's details look like on anything printed for the public.

Names: the surname and, for names of three characters or more, the last character:
张*明, 张*, 欧阳** (a compound surname keeps both characters, the given name is hidden).
ID numbers are masked by :func:`gridapp.idnumber.mask`; residents' phones are never printed.
Which roles see the full ID number and phone on screen and in exports is the role table's
(``gridapp.store.roles``), asked through :func:`sees_full`.

On screen one rule holds everywhere (住户, 查找, 台账): ID numbers and phones are masked for
every role, and shown in full only when the user asks (:func:`shows_full`) and the role may
see them (网格长 and above); such a view goes into the audit trail. Exports follow the same
request, and a role without ``export.full`` exports masked whatever it asks.
"""

from __future__ import annotations

from gridapp.pinyin import COMPOUND_SURNAMES, split_surname

STAR = "*"
_DOTS = "·•・. "


def mask_phone(phone: str | None) -> str:
    """``13800001234`` → ``138****1234``; short numbers keep their last two digits."""
    phone = (phone or "").strip()
    if len(phone) >= 8:
        return phone[:3] + STAR * (len(phone) - 7) + phone[-4:]
    return STAR * max(0, len(phone) - 2) + phone[-2:]


def sees_full() -> bool:
    """Whether the session's role may see full ID numbers and phones."""
    from gridapp.store.roles import allowed

    return allowed("people.full")


def shows_full(asked: bool) -> bool:
    """The one rule for the screen: full ID numbers and phones only when asked for, and only
    for a role that may see them."""
    return bool(asked) and sees_full()


def shown_id(number: str | None, full: bool) -> str:
    from gridapp.idnumber import mask

    return (number or "") if full else mask(number)


def shown_phone(phone: str | None, full: bool) -> str:
    return (phone or "") if full else mask_phone(phone) if phone else ""


def mask_name(name: str | None) -> str:
    """``张三明`` → ``张*明``; ``张三`` → ``张*``; ``欧阳娜娜`` → ``欧阳**``; ``张`` → ``张``."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if any(d in name for d in _DOTS):  # 买买提·艾力: first and last character kept
        return name[0] + "".join(ch if ch in _DOTS else STAR for ch in name[1:-1]) + name[-1]
    surname, given = split_surname(name)
    if surname in COMPOUND_SURNAMES or len(given) == 1:
        return surname + STAR * len(given)
    return surname + STAR * (len(given) - 1) + given[-1]
