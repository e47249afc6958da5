"""What the board builders share: the result they return, dates and phones as printed,
and the names that no font on the machine can print."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reports import fonts
from reports.printed import date_text  # noqa: F401 (the boards' date style is every document's)


@dataclass
class BoardResult:
    paper: str
    pages: int = 0
    sheets: dict[str, int] = field(default_factory=dict)  # "community grid building" → sheets it took
    missing: list[str] = field(default_factory=list)  # unprintable names, where they are


def phone_text(phone: str) -> str:
    """Mobile numbers in 3-4-4 groups (139 1234 5678), as people read them out."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    return phone or ""


def _texts(board) -> list[tuple[str, str]]:
    """(where, text) for every piece of text from the data on a building or notice board."""
    place = f"{board.community}{board.grid}"
    found = [(place, board.community), (place, board.grid)]
    name = getattr(board, "name", "")
    if name:
        found += [(place, name), (f"{place} {name}", board.address)]
    for s in board.staff:
        found.append((f"{place} {s.role}", s.name))
    for flat in getattr(board, "flats", ()):
        for h in flat.households:
            found.append((f"{place} {name} {flat.unit}单元{flat.room}室", h.name))
    found += [(f"{place} 服务范围", b) for b in getattr(board, "buildings", ())]
    return found


def unprintable_names(boards, font_set: fonts.FontSet | None = None) -> list[str]:
    """One line per text that has a character no available font has: where, the text as
    printed (with 〓 for the missing character) and the characters."""
    font_set = font_set or fonts.default_fonts()
    lines = []
    for board in boards:
        for where, text in _texts(board):
            missing = font_set.missing(text or "")
            if missing:
                shown = "".join(fonts.PLACEHOLDER if ch in missing else ch for ch in text)
                lines.append(f"{where}：{shown}（缺字：{'、'.join(f'{ch} U+{ord(ch):04X}' for ch in missing)}）")
    return lines
