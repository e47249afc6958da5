"""Category flags declared once: the 12 wall-board categories of seed 002 and the
five must-visit groups (五必访) of seed 003.

Each category has a stable code (used in files, JSON and the command line), a
Chinese label, a one-character symbol for black-and-white boards, a colour, the
level it is recorded at (household or person), a bit in the ``categories``
integer column of that level, whether it is a health or family-planning item,
and whether it may show on a public wall board by default.
"""

from __future__ import annotations

from dataclasses import dataclass

HOUSEHOLD = "household"
PERSON = "person"


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    symbol: str
    colour: str
    level: str
    bit: int
    sensitive: bool = False  # health / family planning
    must_visit: bool = False
    own: bool = False  # added by the street or a community (services.owncategories)
    public: bool = False  # an own category: may show on public wall boards
    community: str | None = None  # an own category of one community (its id, hex); None: street-wide

    @property
    def mask(self) -> int:
        return 1 << self.bit

    @property
    def public_default(self) -> bool:
        return self.public if self.own else not self.sensitive


CATEGORIES: tuple[Category, ...] = (
    # wall-board categories (seed 002), household level
    Category("resident_household", "常住户", "常", "#4a7bd0", HOUSEHOLD, 0),
    Category("party_family", "党员家庭", "党", "#d0312d", HOUSEHOLD, 1),
    Category("local_renter", "本县租房户", "租", "#e39b1b", HOUSEHOLD, 2),
    Category("nonlocal_renter", "非本县租房户", "外", "#b5651d", HOUSEHOLD, 3),
    Category("honour_family", "光荣证户", "荣", "#c9a400", HOUSEHOLD, 4),
    Category("newlywed_childless", "新婚无孩户", "婚", "#d46aa6", HOUSEHOLD, 5, sensitive=True),
    Category("empty_nest", "空巢老人", "巢", "#6b8e23", HOUSEHOLD, 6),
    Category("buyer", "买房户", "买", "#2e8b57", HOUSEHOLD, 7),
    Category("solitary_elderly", "孤寡老人", "孤", "#556b2f", HOUSEHOLD, 8),
    # wall-board categories (seed 002), person level
    Category("pregnant", "怀孕对象", "孕", "#e75480", PERSON, 0, sensitive=True, must_visit=True),
    Category("pregnancy_check", "孕检对象", "检", "#c71585", PERSON, 1, sensitive=True),
    Category("environment_check", "环检对象", "环", "#8b4789", PERSON, 2, sensitive=True),
    # must-visit groups (五必访, seed 003), person level
    Category("elderly", "老年人", "老", "#708090", PERSON, 3, must_visit=True),
    Category("frail", "体弱多病", "弱", "#8b0000", PERSON, 4, sensitive=True, must_visit=True),
    Category("child", "儿童", "童", "#1e90ff", PERSON, 5, must_visit=True),
    Category("disabled", "残疾人", "残", "#4b0082", PERSON, 6, sensitive=True, must_visit=True),
    Category("party_member", "党员", "员", "#b22222", PERSON, 7),
)

BY_CODE: dict[str, Category] = {c.code: c for c in CATEGORIES}
BY_LABEL: dict[str, Category] = {c.label: c for c in CATEGORIES}
WALLBOARD_CODES = tuple(c.code for c in CATEGORIES[:12])
MUST_VISIT_CODES = tuple(c.code for c in CATEGORIES if c.must_visit)
MUST_VISIT_MASK = sum(BY_CODE[c].mask for c in MUST_VISIT_CODES)


OWN_BITS = range(16, 31)  # the bits own categories take, per level
_own: tuple[Category, ...] = ()
# own categories retired: no longer offered nor shown, but the people and households marked keep
# the mark (a retired category keeps its bit) until a clerk removes it
RETIRED: dict[str, Category] = {}


def set_own(categories, retired=()) -> None:
    """The own categories in force and those retired (loaded from the database by
    ``services.owncategories``)."""
    global _own
    for c in _own:
        BY_CODE.pop(c.code, None)
        BY_LABEL.pop(c.label, None)
    _own = tuple(categories)
    for c in _own:
        BY_CODE[c.code] = c
        BY_LABEL.setdefault(c.label, c)
    RETIRED.clear()
    RETIRED.update({c.code: c for c in retired})


def all_categories(community_id=None) -> tuple[Category, ...]:
    """The fixed categories, then the own ones (of ``community_id`` and street-wide; all of them
    when None)."""
    own = _own if community_id is None else tuple(
        c for c in _own if c.community is None or c.community == _hex(community_id))
    return CATEGORIES + own


def _hex(value) -> str:
    return value.hex if hasattr(value, "hex") and not isinstance(value, str) else str(value).replace("-", "")


def of_level(level: str) -> tuple[Category, ...]:
    return tuple(c for c in all_categories() if c.level == level)


def _retired(code_or_label: str) -> Category | None:
    return RETIRED.get(code_or_label) or next((c for c in RETIRED.values() if c.label == code_or_label), None)


def lookup(code_or_label: str, retired: bool = False) -> Category:
    """The category of a code or label in force (``retired``: or of one retired)."""
    from gridapp.errors import ValidationError

    cat = BY_CODE.get(code_or_label) or BY_LABEL.get(code_or_label)
    if cat is None and retired:
        cat = _retired(code_or_label)
    if cat is None:
        raise ValidationError(f"未知的类别 “{code_or_label}”")
    return cat


def to_mask(codes, level: str, retired: bool = False) -> int:
    """The integer flag column for the given codes or labels; raise if one is of another level
    (``retired``: a retired own category is named to keep its mark)."""
    from gridapp.errors import ValidationError

    value = 0
    for code in codes or ():
        cat = lookup(code, retired)
        if cat.level != level:
            where = "户" if level == HOUSEHOLD else "人员"
            raise ValidationError(f"类别 “{cat.label}” 不能记在{where}上")
        value |= cat.mask
    return value


def from_mask(value: int, level: str) -> list[str]:
    return [c.code for c in of_level(level) if value & c.mask]


def retired_of_level(level: str) -> tuple[Category, ...]:
    return tuple(c for c in RETIRED.values() if c.level == level)


def retired_codes(value: int, level: str) -> list[str]:
    """The retired own categories ``value`` (a ``categories`` column) still marks."""
    return [c.code for c in retired_of_level(level) if value & c.mask]


def keep_retired(stored: int, typed: int, removed: int, level: str) -> int:
    """The ``categories`` to store over ``stored`` when ``typed`` is saved: the marks of retired
    categories (which no form offers, nor a file written since needs to name) stay, unless the
    clerk removed them explicitly (``removed``)."""
    kept = sum(c.mask for c in retired_of_level(level)) & stored & ~removed
    return typed | kept
