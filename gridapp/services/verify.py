"""Verification by double entry (as CSPro's): a card keyed a second time is compared
field by field with what was saved; each keyer's error rate per 1,000 fields and
keystrokes per hour come from the keying records."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass

from peewee import fn

from gridapp import cardlife
from gridapp import categories as cats
from gridapp.models import Card, KeyingRecord, Person, database
from gridapp.services import cardfields
from gridapp.services.cardinput import parse_card
from gridapp.services.cards import household_as_card
from gridapp.services.keying import record_keying
from gridapp.store.catalogue import labels
from gridapp.store.session import current_user

COMPARED = labels("person", "name", "id_number", "gender", "birth_date", "relation", "phone", "status",
                  "inflow_reason", "categories")


@dataclass(frozen=True)
class Difference:
    member: int  # index on the second keying's card; -1 for the household
    person_id: object  # the saved person compared, None for the household or a missing member
    field: str
    label: str
    saved: object
    second: object


def unverified(community=None):
    """Keyed cards not yet verified, filed or not (filing does not verify a card)."""
    q = Card.live().where(Card.state.in_((cardlife.KEYED, cardlife.FILED)), Card.verified_at.is_null(),
                          Card.household.is_null(False))
    return q if community is None else q.where(Card.community == community)


def sample(community, size: int, seed: int | None = None) -> list[Card]:
    """A random sample of keyed cards not yet verified (of one community, or all)."""
    cards = list(unverified(community))
    return random.Random(seed).sample(cards, min(size, len(cards)))


def compare(card: Card, raw: dict) -> list[Difference]:
    """What the second keying says differently from the saved household."""
    design = card.design_version  # the second keying follows the design the card was keyed under
    second = parse_card({**raw, "design": design}, card.community_id)
    saved = list(Person.live().where(Person.household == card.household_id, Person.departed_on.is_null()))
    by_number = {p.id_number: p for p in saved if p.id_number}
    by_name = {p.name: p for p in saved}
    diffs = []
    person_fields = cardfields.definitions(card.community_id, "person", design)
    for i, m in enumerate(second.members):
        p = by_number.get(m.id_number) or by_name.get(m.name)
        if p is None:
            diffs.append(Difference(i, None, "member", "成员", None, m.name))
            continue
        # a retired own category's mark cannot be keyed again: it is no difference (saving keeps it)
        m.categories = cats.keep_retired(p.categories, m.categories, m.categories_removed, cats.PERSON)
        for f, label in COMPARED.items():
            if (getattr(p, f) or None) != (getattr(m, f) or None):
                diffs.append(Difference(i, p.id, f, label, getattr(p, f), getattr(m, f)))
        diffs += _extra_differences(i, p.id, p.extra, m.extra, person_fields)
    household = card.household
    assert household is not None, "a card to verify is keyed, so it has its household"
    typed = cats.keep_retired(household.categories, second.household_categories,
                              second.household_categories_removed, cats.HOUSEHOLD)
    if household.categories != typed:
        diffs.append(Difference(-1, None, "categories", "户类别", household.categories, typed))
    diffs += _extra_differences(-1, None, household.extra, second.household_extra,
                                cardfields.definitions(card.community_id, "household", design))
    return diffs


def _extra_differences(member: int, person_id, stored: str, second: dict, fields) -> list[Difference]:
    """One difference per supplementary field the design asks (values of retired fields stay
    out of it: the second keying cannot give them)."""
    saved = json.loads(stored or "{}")
    return [Difference(member, person_id, f"extra.{f.key}", f.label, saved.get(f.key), second.get(f.key))
            for f in fields if saved.get(f.key) != second.get(f.key)]


def finish(card: Card, differences: int, fields: int, keystrokes: int = 0, seconds: float = 0) -> Card:
    """Mark the card verified; the differences count against the first keyer."""
    with database.atomic():
        record_keying(card, "verify", fields=fields, keystrokes=keystrokes, seconds=seconds,
                      differences=differences)
        if card.state == cardlife.KEYED:
            cardlife.step(card, cardlife.VERIFIED, dt.datetime.now(), current_user())
        else:
            cardlife.stamp(card, cardlife.VERIFIED, dt.datetime.now(), current_user())
        card.save()
    return card


def keyer_figures(since: dt.date | None = None) -> list[dict]:
    """Per keyer: fields keyed, errors found at verification per 1,000 fields, keystrokes per hour."""
    entries = KeyingRecord.live().where(KeyingRecord.kind == "entry")
    if since:
        entries = entries.where(KeyingRecord.at >= since)
    rows = {}
    for user, fields, keys, secs in entries.select(
            KeyingRecord.user, fn.SUM(KeyingRecord.fields), fn.SUM(KeyingRecord.keystrokes),
            fn.SUM(KeyingRecord.seconds)).group_by(KeyingRecord.user).tuples():
        rows[user] = {"user": user, "fields": fields or 0, "keystrokes": keys or 0, "seconds": secs or 0,
                      "verified_fields": 0, "errors": 0}
    checked = (KeyingRecord.select(KeyingRecord.card, KeyingRecord.user).where(
        KeyingRecord.kind == "entry", KeyingRecord.deleted == False))  # noqa: E712
    first_keyer = {r.card_id: r.user for r in checked}
    for v in KeyingRecord.live().where(KeyingRecord.kind == "verify"):
        keyer = first_keyer.get(v.card_id)
        if keyer in rows:
            rows[keyer]["verified_fields"] += v.fields
            rows[keyer]["errors"] += v.differences
    for r in rows.values():
        r["errors_per_1000"] = round(1000 * r["errors"] / r["verified_fields"], 2) if r["verified_fields"] else None
        r["keystrokes_per_hour"] = round(3600 * r["keystrokes"] / r["seconds"]) if r["seconds"] else None
    return sorted(rows.values(), key=lambda r: r["user"])


def merge(card: Card, second_raw: dict, taken: list[Difference]) -> dict:
    """The saved card with the second keying's value for each difference ``taken``."""
    household = card.household
    assert household is not None, "a card to verify is keyed, so it has its household"
    merged = household_as_card(household, card.design_version)
    merged["household_id"] = str(card.household_id)
    by_person = {m["person_id"]: m for m in merged["members"]}
    for d in taken:
        if d.field.startswith("extra."):  # the second keying's value, as checked
            target = merged["household"] if d.member == -1 else by_person[str(d.person_id)]
            target["extra"] = {**(target.get("extra") or {}), d.field[6:]: d.second}
            if d.second is None:
                target["extra"].pop(d.field[6:])
        elif d.member == -1:
            merged["household"][d.field] = second_raw.get("household", {}).get(d.field)
        elif d.person_id is not None:
            source = second_raw["members"][d.member]
            key = {"inflow_reason": "inflow_reason"}.get(d.field, d.field)
            by_person[str(d.person_id)][key] = source.get(key)
        else:
            merged["members"].append(second_raw["members"][d.member])
    return merged
