"""Where a card goes: the house at its address, and which household living there it is for.

Nothing is made or merged by guessing. A building or a room the grid does not know yet is
new only when the card says so (``address.new``); the known names most like it are offered.
When others live at the address, a card whose 户主 heads none of their households is either
a separate household at the same address (``household.at_address: "new"``, e.g. a second
family renting a room) or an update of the household it names (by its head's name or ID
number): it is never merged into one of them silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gridapp.models import Building, Grid, House, Household, Person
from gridapp.services import addresses
from gridapp.services.cardinput import CardInput, MemberInput
from gridapp.services.checks import ERROR, Issue

NEW = "new"
# what only the clerk can decide, and how each message ends
ASK = {"address.building": "如确是新楼栋，须确认新建", "address.room": "如确是新房屋，须确认新建",
       "household.at_address": "须确认是在该地址另立新户，还是更新已住的一户"}
FIELDS = tuple(ASK)


@dataclass
class Resident:
    """A household living at the address, known by its head."""

    household: Household
    head: Person | None
    members: int

    def __str__(self) -> str:
        return f"户主 {self.head.name if self.head else '（未登记）'} 等 {self.members} 人"


@dataclass
class Place:
    building: Building | None = None  # None: new in the grid (or no address typed)
    house: House | None = None  # None: a new building or room, made when the card is saved
    residents: list[Resident] = field(default_factory=list)
    household: Household | None = None  # the household the card is for; None: a new one
    close: list = field(default_factory=list)  # known buildings (names) or rooms ((unit, room)) like the typed
    issues: list[Issue] = field(default_factory=list)

    @property
    def unsettled(self) -> str:
        """The first decision the card still needs (a field of ``FIELDS``), or ""."""
        return next((i.field for i in self.issues if i.field in FIELDS), "")


def locate(grid: Grid, card: CardInput, household: Household | None = None) -> Place:
    """The card's place; ``household``: the one the clerk chose to edit, if any."""
    if not (card.building and card.room):
        return Place()  # nothing typed yet, or an address the community does not require
    place = Place(building=addresses.find_building(grid, card.building))
    if place.building is not None:
        place.house = addresses.find_house(grid, card.building, card.unit, card.room)
    if place.house is None and place.building is None:
        place.close = addresses.close_buildings(grid, card.building)
        if not card.new_address:
            place.issues.append(_ask("address.building", f"本网格没有楼栋“{card.building}”" + _like(place.close)))
    elif place.house is None and place.building is not None:  # (both None: the branch above)
        place.close = addresses.close_rooms(place.building, card.unit, card.room)
        if not card.new_address:
            place.issues.append(_ask("address.room", f"楼栋“{card.building}”还没有 {card.unit}单元 {card.room}室"
                                     + _like([f"{u}单元 {r}室" for u, r in place.close])))
    place.residents = residents(place.house)
    if household is not None:
        place.household = household
    elif place.residents:
        place.household, more = _household_for(card, place.residents)
        place.issues += more
    elif card.at_address not in ("", NEW):
        place.issues.append(Issue(ERROR, "household.at_address",
                                  f"该地址目前无人登记，没有户主为“{card.at_address}”的住户可更新"))
    if place.household is not None:
        place.issues += _head_left_out(card, place.household)
    return place


def residents(house: House | None) -> list[Resident]:
    """The households living in the house, each with its head and number of members."""
    there = addresses.households_at(house) if house is not None else []
    if not there:
        return []
    people = list(Person.live().where(Person.household.in_([h.id for h in there]), Person.departed_on.is_null()))
    return [Resident(h, next((p for p in people if p.household_id == h.id and p.relation == "户主"), None),
                     sum(1 for p in people if p.household_id == h.id)) for h in there]


def _ask(where: str, fact: str) -> Issue:
    return Issue(ERROR, where, f"{fact}；{ASK[where]}")


def fact(issue: Issue) -> str:
    """A place issue's message without how it ends (what to decide)."""
    return issue.message.removesuffix(f"；{ASK.get(issue.field, '')}")


def _like(names: list[str]) -> str:
    return f"（相近的有：{'、'.join(names)}）" if names else ""


def _same(person: Person | None, m: MemberInput) -> bool:
    if person is None:
        return False
    if m.person_id and str(m.person_id) == str(person.id):
        return True
    if person.id_number and m.id_number:
        return person.id_number == m.id_number
    return person.name == m.name


def _on_card(person: Person, card: CardInput) -> bool:
    return any(_same(person, m) for m in card.members)


def _head_left_out(card: CardInput, household: Household) -> list[Issue]:
    """A card with a new 户主 for a household must say what its present head now is: one head each."""
    head = next((m for m in card.members if m.relation == "户主"), None)
    old = (Person.live().where(Person.household == household, Person.relation == "户主",
                               Person.departed_on.is_null()).first())
    if head is None or old is None or _same(old, head) or _on_card(old, card):
        return []
    return [Issue(ERROR, "members", f"该户原户主“{old.name}”不在本卡上，保存后该户将有两名户主："
                                    "请在卡上写明其与新户主的关系，或先为其办理迁出")]


def _household_for(card: CardInput, there: list[Resident]) -> tuple[Household | None, list[Issue]]:
    """The household at the address this card is for (None: a new one), or why the card must say."""
    listed = "，".join(map(str, there))
    if card.at_address == NEW:
        return None, []
    if card.at_address:
        named = [r for r in there if r.head is not None and card.at_address in (r.head.name, r.head.id_number)]
        if len(named) == 1:
            return named[0].household, []
        return None, [Issue(ERROR, "household.at_address", f"该地址{'有多户' if named else '没有'}户主为"
                                                             f"“{card.at_address}”的住户（现住：{listed}）")]
    head = next((m for m in card.members if m.relation == "户主"), None)
    if head is None or not head.name:
        return None, []  # the card's own checks say what is missing
    same = [r for r in there if _same(r.head, head)]
    if len(same) == 1:
        return same[0].household, []
    return None, [_ask("household.at_address",
                       f"该地址已住有 {len(there)} 户（{listed}），本卡户主“{head.name}”不是其中一户的户主")]
