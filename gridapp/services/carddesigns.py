"""Versions of a card design (登记卡设计): one scope's fields (the street's, or a community's),
a field as files and JSON show it, and the snapshot each change makes, so a card keyed under
version N is read with the fields of version N (``services.cardfields`` changes the fields)."""

from __future__ import annotations

import datetime as dt
import json

from gridapp.errors import ValidationError
from gridapp.models import CardDesign, CardField

STREET = "全街道"


def scope_rows(community_id, level: str | None = None) -> list[CardField]:
    query = CardField.live().where(CardField.community.is_null() if community_id is None
                                   else CardField.community == community_id)
    if level is not None:
        query = query.where(CardField.level == level)
    return list(query.order_by(CardField.level, CardField.position, CardField.label))


def describe_field(f: CardField) -> dict:
    """A field as files and JSON show it."""
    return {"key": f.key, "label": f.label, "level": f.level, "kind": f.kind,
            "choices": json.loads(f.choices or "[]"), "required": bool(f.required), "help": f.help or "",
            "condition": f.condition or "", "min": plain(f.min_value), "max": plain(f.max_value),
            "position": f.position, "retired": bool(f.retired),
            "scope": STREET if f.community is None else f.community.name}


def plain(number):
    if number is None:
        return None
    return int(number) if float(number).is_integer() else float(number)


def designs(community_id):
    return CardDesign.live().where(CardDesign.community.is_null() if community_id is None
                                   else CardDesign.community == community_id)


def keep_unversioned(community_id) -> None:
    """Before a scope's first recorded change: its fields as they were (made before versions were
    kept, or by the street's files) are kept as version 0, so the cards keyed under them are still
    read with them once the design changes."""
    from gridapp.store.session import current_user

    if designs(community_id).exists():
        return
    body = [describe_field(f) for f in scope_rows(community_id)]
    if body:
        CardDesign.create(community=community_id, version=0, body=json.dumps(body, ensure_ascii=False),
                          created_at=dt.datetime.now(), created_by=current_user(), note="此前的设计")


def snapshot(community_id, note: str) -> CardDesign:
    """The scope's design as a new version."""
    from gridapp.store.session import current_user

    last = designs(community_id).order_by(CardDesign.version.desc()).first()
    body = [describe_field(f) for f in scope_rows(community_id)]
    return CardDesign.create(community=community_id, version=(last.version if last else 0) + 1,
                             body=json.dumps(body, ensure_ascii=False), created_at=dt.datetime.now(),
                             created_by=current_user(), note=note)


# --- versions ----------------------------------------------------------------------------------
def latest(community_id) -> int:
    last = designs(community_id).order_by(CardDesign.version.desc()).first()
    return last.version if last else 0


def version(community_id) -> str:
    """The design in force for the community's cards: “street version.community version”."""
    return f"{latest(None)}.{latest(community_id)}"


def design_at(community_id, version_text: str) -> list[dict]:
    """The fields (retired ones included) of the design a card was keyed under."""
    try:
        street, own = (int(x) for x in (version_text or "0.0").split("."))
    except ValueError:
        raise ValidationError(f"版本“{version_text}”应写成 街道版本.社区版本（如 2.5）", "登记卡设计") from None
    found = []
    for cid, number in ((None, street), *(((community_id, own),) if community_id is not None else ())):
        row = designs(cid).where(CardDesign.version == number).first()
        if row is not None:
            found += json.loads(row.body)
        elif number:
            raise ValidationError(f"没有第 {number} 版", "登记卡设计")
        else:
            found += _unversioned(cid)
    return found


def _unversioned(community_id) -> list[dict]:
    """Version 0 of a scope that has recorded no version: the fields it has had all along (made
    before versions were kept, or by the street's files), as they are."""
    if designs(community_id).exists():
        return []
    return [describe_field(f) for f in scope_rows(community_id)]


def history(community_id) -> list[dict]:
    rows = designs(community_id).order_by(CardDesign.version)
    return [{"version": r.version, "at": r.created_at.isoformat(timespec="seconds"), "by": r.created_by,
             "note": r.note, "fields": len(json.loads(r.body))} for r in rows]
