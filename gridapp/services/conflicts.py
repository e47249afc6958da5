"""The conflict list: when two sites changed the same field at the same time, the higher
version won everywhere and the other value waits here for a person, who keeps the
current value or swaps to the other (a new edit that syncs like any other). At the street
office, ID numbers present in two communities are listed for review too."""

from __future__ import annotations

import datetime as dt
import json

from peewee import fn

from gridapp import idnumber
from gridapp.clock import physical_ms
from gridapp.errors import UserError
from gridapp.models import Community, Conflict, Grid, Peer, Person, database, model_of
from gridapp.models.base import current_site
from gridapp.queryrows import tuples
from gridapp.services.scope import Scope, present_persons
from gridapp.store import rows as R
from gridapp.store import versions
from gridapp.store.catalogue import field_label, table_label


def site_names() -> dict[str, str]:
    names = dict(tuples(Peer.select(Peer.site_id, Peer.name)))
    site = current_site()
    names[site.site_id] = site.name + "（本站）"
    return names


def when(clock: int) -> str:
    return dt.datetime.fromtimestamp(physical_ms(clock) / 1000).strftime("%Y-%m-%d %H:%M")


def _record_label(model, row: dict | None) -> str:
    if row is None:
        return "（记录不在本站）"
    for column in ("name", "label", "key", "room"):
        if column in row and row[column]:
            return str(row[column])
    return row["id"][:8]


def _show(value) -> str:
    if value is None:
        return "（空）"
    if isinstance(value, bytes):
        return f"（{len(value)} 字节）"
    return str(value)


def conflicts(include_reviewed: bool = False) -> list[dict]:
    """The conflicts still open (or all still standing), newest first, ready to show.

    A losing value equal to the current one (two sites made the same change) is not shown.
    """
    query = Conflict.select().where(Conflict.head == True)  # noqa: E712
    if not include_reviewed:
        query = query.where(Conflict.review == "")
    names = site_names()
    found = []
    for c in query.order_by(Conflict.id.desc()):
        model = model_of(c.tbl)
        if model is None:
            continue
        row = R.select_raw(model, [c.row_id]).get(c.row_id)
        current_version = versions.of(versions.load(c.tbl, [c.row_id]).get(c.row_id),
                                      (row["clock"], row["site"]), c.field) if row else (0, "")
        other = R.decode(json.loads(c.loser_value))
        if row is not None and other == row[c.field]:
            continue
        found.append({
            "id": c.id, "table": c.tbl, "table_label": table_label(c.tbl),
            "record": _record_label(model, row), "row_id": c.row_id,
            "field": c.field, "field_label": field_label(c.field, c.tbl),
            "current": _show(row[c.field]) if row else "", "current_by": names.get(current_version[1], "其他站点"),
            "current_at": when(current_version[0]) if row else "",
            "other": _show(other), "other_by": names.get(c.loser_site, "其他站点"),
            "other_at": when(c.loser_clock),
            "changed_since": tuple(current_version) != (c.winner_clock, c.winner_site),
            "review": c.review,
        })
    return found


def _get(conflict_id: int) -> Conflict:
    c = Conflict.get_or_none(Conflict.id == conflict_id)
    if c is None or not c.head:
        raise UserError(f"没有编号为 {conflict_id} 的冲突。")
    return c


def keep(conflict_id: int) -> None:
    """Keep the current value; the conflict is marked reviewed."""
    with database.atomic():
        c = _get(conflict_id)
        c.review = "kept"
        c.save()


def swap(conflict_id: int) -> None:
    """Make the other value current: an edit of this site, synced like any other."""
    with database.atomic():
        c = _get(conflict_id)
        model = model_of(c.tbl)
        record = model.get_or_none(model.id == c.row_id) if model else None
        if record is None:
            raise UserError("该记录不在本站点，无法改用另一值。")
        field = R.field_of(model, c.field)
        setattr(record, field.name, field.python_value(R.decode(json.loads(c.loser_value))))
        record.save()
        c.review = "swapped"
        c.save()


def duplicate_id_numbers() -> list[dict]:
    """ID numbers of present people found in more than one community (masked)."""
    numbers = [r[0] for r in present_persons(Scope(), Person.id_number)
               .where(Person.id_number.is_null(False), Person.id_number != "")
               .group_by(Person.id_number).having(fn.COUNT(Grid.community.distinct()) > 1).tuples()]
    found = []
    for start in range(0, len(numbers), R.CHUNK):
        part = numbers[start:start + R.CHUNK]
        pairs = (present_persons(Scope(), Person.id_number, Community.name).join_from(Grid, Community)
                 .where(Person.id_number.in_(part)).tuples())
        by_number: dict[str, list[str]] = {}
        for number, community in pairs:
            by_number.setdefault(number, []).append(community)
        for number, communities in sorted(by_number.items()):
            found.append({"id_number": idnumber.mask(number), "communities": sorted(set(communities)),
                          "persons": len(communities)})
    return found
