"""Saving a household card: the household and its members written, the card marked
keyed, every change kept with who and when. All or nothing."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from gridapp import cardlife
from gridapp import categories as cats
from gridapp.engines import hold_writes
from gridapp.errors import ValidationError
from gridapp.models import Card, Community, Grid, Household, Person, database
from gridapp.pinyin import initials
from gridapp.services import addresses, cardfields, cardplace, duplicates, filing, moves, vacancy
from gridapp.services.cardinput import CardInput, MemberInput, parse_card
from gridapp.services.checks import ERROR, WARNING, Issue
from gridapp.services.intake import worker_of
from gridapp.services.keying import record_keying
from gridapp.services.workdays import due_date
from gridapp.store import audit, roles
from gridapp.store.session import current_user

PERSON_FIELDS = ("name", "id_number", "gender", "birth_date", "relation", "phone", "ethnicity", "hukou_place",
                 "status", "inflow_reason", "inflow_origin", "arrived_on", "categories")


class CardRejected(ValidationError):
    """The card has errors, or warnings not yet confirmed; ``issues`` lists them all."""

    def __init__(self, issues: list[Issue], card_no: str = ""):
        self.issues = issues
        where = f"登记卡 {card_no}" if card_no else "登记卡"
        super().__init__("；".join(i.message for i in issues), where)

    @property
    def needs_confirmation(self) -> bool:
        return all(i.level == WARNING for i in self.issues)


@dataclass
class SaveResult:
    card: Card
    household: Household
    created: list[Person] = field(default_factory=list)
    updated: list[Person] = field(default_factory=list)
    moved: list[Person] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    household_created: bool = False


def resolve_grid(community_name: str, grid_name: str) -> Grid:
    q = Grid.live().join(Community).where(Grid.name == grid_name)
    if community_name:
        q = q.where(Community.name == community_name)
    found = list(q)
    if not found:
        raise ValidationError(f"没有网格“{community_name}{grid_name}”", "网格")
    if len(found) > 1:
        raise ValidationError(f"网格“{grid_name}”在多个社区都有，请写明社区", "网格")
    return found[0]


def duplicate_issues(card: CardInput, household: Household | None) -> list[Issue]:
    """Exact ID numbers elsewhere are errors unless the move is confirmed; near matches are warnings."""
    issues = []
    own = set()
    if household is not None:
        own = {p.id for p in Person.live().where(Person.household == household)}
    candidates = duplicates.find_many([(m.name, m.id_number, m.birth_date) for m in card.members], exclude=own)
    for i, (m, matches) in enumerate(zip(card.members, candidates)):
        issues += match_issues(i, m, [x for x in matches if x.person_id != m.person_id])
    return issues


def match_issues(i: int, m: MemberInput, matches: list[duplicates.Match]) -> list[Issue]:
    """What known people this member may be means for saving: an error or a warning each."""
    issues = []
    for match in matches:
        where = f"members[{i}].id_number"
        if match.kind == "id":
            if not m.move:
                issues.append(Issue(ERROR, where, f"第 {i + 1} 名成员“{m.name}”的{match.describe()}；"
                                                 "如是迁入本户，请确认迁移"))
        else:
            issues.append(Issue(WARNING, where, f"第 {i + 1} 名成员“{m.name}”疑似重复，{match.describe()}"))
    return issues


def mistyped_id_hints(card: CardInput) -> list[Issue]:
    """For an ID number that fails its check: a known person whose number differs by two swapped digits."""
    hints = []
    for i, m in enumerate(card.members):
        if m.id_number is None and len(m.typed_id) == 18:
            for match in duplicates.find(id_number=m.typed_id):
                if match.kind == "transposed_id":
                    hints.append(Issue(WARNING, f"members[{i}].id_number",
                                       f"第 {i + 1} 名成员：疑为已登记的{match.describe()}"))
    return hints


def person_values(m: MemberInput) -> dict:
    """A member's stored fields, as every writer (card entry, spreadsheet import) stores them."""
    values = {f: getattr(m, f) for f in PERSON_FIELDS}
    values["initials"] = initials(m.name)
    values["extra"] = json.dumps(m.extra, ensure_ascii=False, sort_keys=True)
    return values


def household_values(card: CardInput, household: Household | None = None, community_id=None) -> dict:
    """A household's stored fields from a card (besides its house and arrival); with the stored
    ``household``, the values of fields no longer asked are kept."""
    extra = json.dumps(card.household_extra, ensure_ascii=False, sort_keys=True)
    marks = card.household_categories
    if household is not None:
        extra = cardfields.keep_retired(household.extra, extra, community_id, "household", card.design)
        marks = cats.keep_retired(household.categories, marks, card.household_categories_removed, cats.HOUSEHOLD)
    return {"categories": marks, "extra": extra}


def _update(row, values: dict) -> bool:
    before = audit.snapshot(row, values)
    for k, v in values.items():
        setattr(row, k, v)
    if any(before[k] != row.__data__.get(k) for k in values):
        row.save()  # each changed field goes into the audit trail with the write
        return True
    return False


def _write_members(card: CardInput, household: Household, on: dt.date, result: SaveResult) -> None:
    present = {p.id: p for p in Person.live().where(Person.household == household, Person.departed_on.is_null())}
    by_number = {p.id_number: p for p in present.values() if p.id_number}
    community_id = cardfields.community_of_household(household)
    for m in card.members:
        values = person_values(m)
        person = present.get(m.person_id) or by_number.get(m.id_number)
        if person is None and m.id_number and m.move:
            match = next((x for x in duplicates.find(id_number=m.id_number) if x.kind == "id"), None)
            if match is not None:
                person = moves.move_person(Person.get_by_id(match.person_id), household, on, m.relation)
                result.moved.append(person)
        if person is None:
            person = Person.create(household=household, **values)
            audit.record("create", person, note=f"登记卡 {card.card_no}")
            result.created.append(person)
        elif _update(person, {**values, "extra": cardfields.keep_retired(
                person.extra, values["extra"], community_id, "person", card.design),
                "categories": cats.keep_retired(person.categories, m.categories, m.categories_removed, cats.PERSON)}):
            result.updated.append(person)


def save_card(raw: dict, *, card: Card | None = None, household: Household | None = None,
              confirmed: bool = False, keying: dict | None = None, today: dt.date | None = None) -> SaveResult:
    """Key a card. ``card``: the received card being keyed or the card being edited;
    ``household``: the household the clerk chose (default: the one at this address headed by the
    card's 户主; see ``cardplace``);
    ``confirmed``: the warnings were seen and accepted."""
    roles.require("cards.edit")
    today = today or dt.date.today()
    if card is not None:  # what the intake recorded, unless the form says otherwise
        raw = {"card_no": card.card_no, "community": card.community.name, "grid": card.grid.name,
               "collected_by": card.collected_by.name, "collected_on": card.collected_on,
               **{k: v for k, v in raw.items() if v not in (None, "")}}
    grid = card.grid if card is not None else resolve_grid(raw.get("community", ""), raw.get("grid", ""))
    community = grid.community
    design, upgraded = design_to_save(raw, card, community.id)
    parsed = parse_card({**raw, "design": design}, community.id, today)
    if parsed.errors:
        raise CardRejected(parsed.errors + mistyped_id_hints(parsed), parsed.card_no)
    worker = worker_of(grid, parsed.collected_by)
    if household is None and card is not None and card.household_id:
        household = card.household
    place = cardplace.locate(grid, parsed, household)
    household = place.household
    issues = parsed.warnings + place.issues + duplicate_issues(parsed, household)
    errors = [i for i in issues if i.level == ERROR]
    if errors or (issues and not confirmed):
        raise CardRejected(errors or issues, parsed.card_no)
    user, now = current_user(), parsed.entered_on or dt.datetime.now()
    with database.atomic():
        hold_writes()  # two workstations keying the same card, or taking the next archive number
        if card is None:
            card = Card.live().where(Card.community == community, Card.card_no == parsed.card_no).first()
            if card is not None and card.state not in cardlife.OPEN:
                raise CardRejected([Issue(ERROR, "card_no", f"卡号 {parsed.card_no} 已录入过")], parsed.card_no)
        if card is None:
            card = Card(card_no=parsed.card_no, community=community, grid=grid, received_at=now, received_by=user)
        collected = parsed.collected_on
        assert collected is not None, "a card without its collection date is rejected by its checks"
        if card.collected_on != collected or card.due_on is None:
            card.collected_on, card.due_on = collected, due_date(collected, community).day
        card.collected_by = worker
        house = place.house or addresses.ensure_house(grid, parsed.building, parsed.unit, parsed.room)
        vacancy.occupied(house)
        created = household is None
        if household is None:
            household = Household.create(house=house, arrived_on=collected)
            audit.record("create", household, note=f"登记卡 {parsed.card_no}")
        elif household.house_id != house.id:
            _update(household, {"house": house.id})
        _update(household, household_values(parsed, household, community.id))
        result = SaveResult(card, household, warnings=issues, household_created=created)
        _write_members(parsed, household, collected, result)
        if card.state in cardlife.OPEN:
            cardlife.step(card, cardlife.KEYED, now, user)
        elif card.keyed_at is None:
            cardlife.stamp(card, cardlife.KEYED, now, user)
        card.household = household
        if not card.design_version or upgraded:  # the design the card was keyed under stays with it
            if upgraded:
                audit.record_event("update", "card", str(card.id), note=f"登记卡 {parsed.card_no} 按新版登记卡补录"
                                                          f"（设计版本 {card.design_version} → {design}）")
            card.design_version = cardfields.version(community.id)
        filing.assign(card)
        card.save()
        if keying:
            record_keying(card, "entry", **keying)
    return result


def design_to_save(raw: dict, card: Card | None, community_id) -> tuple[str, bool]:
    """The card design version a card's supplementary values are checked against, and whether
    the card moves to the design in force (按新版登记卡补录: ``raw["design"]`` names it): a card
    keyed before keeps its version, a new one takes the version in force."""
    current = cardfields.version(community_id)
    kept = card.design_version if card is not None and card.design_version else ""
    asked = str(raw.get("design") or "").strip() or kept or current
    if asked not in (kept, current):
        raise ValidationError(f"登记卡设计版本“{asked}”既不是该卡录入时的版本（{kept or current}），"
                              f"也不是现行版本（{current}）", f"登记卡 {raw.get('card_no') or ''}".strip())
    return asked, bool(kept) and asked != kept


def park(raw: dict, card: Card | None = None) -> str:
    """Keep a card that cannot be saved yet (it has errors) to finish later: a draft."""
    number = (card.card_no if card is not None else str(raw.get("card_no") or "")).strip()
    if not number:
        raise ValidationError("暂存草稿需要卡号", "登记卡")
    set_aside({**raw, "card_no": number}, card, current=f"card:{number}")
    return number


def set_aside(raw: dict, card: Card | None = None, at: dt.datetime | None = None, current: str | None = None) -> str:
    """Keep a card not yet saved among the unfinished ones (``drafts.keep``); a received card
    shows as a draft on the board. ``at``: when it was last typed into."""
    from gridapp.services import drafts

    with database.atomic():
        key = drafts.keep(raw, at, current)
        if card is not None and card.state == cardlife.RECEIVED:
            cardlife.step(card, cardlife.DRAFT)
            card.save()
    return key


def open_card(community, card_no: str) -> Card | None:
    """The live card with this number in the community (received, draft or keyed)."""
    return Card.live().where(Card.community == community, Card.card_no == card_no.strip()).first()


def household_as_card(household: Household, design: str | None = None) -> dict:
    """A household in the card format, to edit it in the entry form, with the supplementary
    fields of the card ``design`` (a ``Card.design_version``; empty: the one in force, as for a
    new card; None: the version of the household's last card keyed)."""
    if design is None:
        last = (Card.live().where(Card.household == household, Card.design_version != "")
                .order_by(Card.keyed_at.desc(nulls="LAST")).first())
        design = last.design_version if last is not None else ""
    house = household.house
    members = []
    people = (Person.live().where(Person.household == household, Person.departed_on.is_null())
              .order_by(Person.relation != "户主", Person.birth_date))
    people = list(people)
    assert house is not None, "only a household at an address is edited as a card"
    community_id = house.building.grid.community_id

    def marks(value: int, level: str) -> list[str]:  # a retired category's mark shows, to keep or remove
        return cats.from_mask(value, level) + cats.retired_codes(value, level)

    def asked(stored: str, level: str) -> dict:  # a value the card does not ask stays stored, not on the card
        active = {f.key for f in cardfields.definitions(community_id, level, design)}
        return {k: v for k, v in json.loads(stored or "{}").items() if k in active}

    # the entry form shows the ID numbers in full: each such view is in the audit trail
    audit.record_views([p.id for p in people if p.id_number], note="修改登记卡")
    for p in people:
        members.append({"person_id": str(p.id), "name": p.name, "id_number": p.id_number or "",
                        "relation": p.relation, "phone": p.phone, "status": p.status,
                        "inflow_reason": p.inflow_reason, "inflow_origin": p.inflow_origin,
                        "arrived_on": p.arrived_on.isoformat() if p.arrived_on else "",
                        "ethnicity": p.ethnicity, "hukou_place": p.hukou_place,
                        "categories": marks(p.categories, cats.PERSON),
                        "extra": asked(p.extra, "person")})
    return {"community": house.building.grid.community.name, "grid": house.building.grid.name,
            "address": {"building": house.building.name, "unit": house.unit, "room": house.room},
            "household": {"categories": marks(household.categories, cats.HOUSEHOLD),
                          "extra": asked(household.extra, "household")},
            "members": members, **({"design": design} if design else {})}
