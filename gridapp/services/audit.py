"""The audit trail: who changed which field of which record, when, from what to what; who
exported, printed or sent what, and who looked at a full ID number. Append-only, synced.

Every local write of a synced row passes through the sync journal, which calls
``trail_insert`` / ``trail_update`` / ``trail_bulk`` here in the same transaction, so no change
escapes the trail; services add entries that say more (a card's number, a move, an export).
"""

from __future__ import annotations

import datetime as dt

from gridapp.models import AuditEntry
from gridapp.store.session import current_user


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def record(action: str, row, *, field: str = "", old=None, new=None, note: str = "") -> None:
    _append([_entry(action, row._meta.table_name, row.id, field, old, new, note)])


def record_event(action: str, table: str, row_id: str = "", note: str = "") -> None:
    """An event that concerns no single row: an export, an import (``table`` names what)."""
    _append([_entry(action, table, row_id, note=note)])


def record_views(person_ids, what: str = "id_number", note: str = "") -> None:
    """Full ID numbers (or phones) shown to the session's user: one entry per person."""
    rows = [_entry("view", "person", pid, what, note=note) for pid in person_ids]
    if rows:
        with AuditEntry._meta.database.atomic():
            _append(rows)


def record_print(what: str, note: str = "") -> None:
    """A print (a PDF made to be printed): what, and how much."""
    with AuditEntry._meta.database.atomic():
        _append([_entry("print", what, "", note=note)])


def entry_row(action: str, row_id, table: str, note: str = "", at: dt.datetime | None = None,
              user: str | None = None) -> dict:
    """A ``create``-style entry as a row for ``AuditEntry.bulk_insert`` (batch imports)."""
    return {**_entry(action, table, row_id, note=note), "at": at or dt.datetime.now(), "user": user or current_user()}


def snapshot(row, fields) -> dict:
    return {f: row.__data__.get(f) for f in fields}


def _append(rows: list[dict]) -> None:
    AuditEntry.bulk_insert(rows)


def _entry(action: str, table: str, row_id, field: str = "", old=None, new=None, note: str = "") -> dict:
    return {"at": dt.datetime.now(), "user": current_user(), "action": action, "table": table,
            "row_id": str(row_id), "field": field, "old": _text(old), "new": _text(new), "note": note}


def _field_names(model) -> dict:
    return {f.column_name: f.name for f in model._meta.sorted_fields}


def trail_insert(model, row_id) -> None:
    if model is not AuditEntry:
        _append([_entry("insert", model._meta.table_name, _uuid_text(row_id))])


def trail_update(model, row_id, changed: dict) -> None:
    """One entry per changed field: ``changed`` maps a column to its (old, new) stored values."""
    names = _field_names(model)
    table, row_id = model._meta.table_name, _uuid_text(row_id)
    _append([_entry("delete" if column == "deleted" and new else "change", table, row_id,
                    names.get(column, column), old, new) for column, (old, new) in changed.items()])


def trail_bulk(model, count: int) -> None:
    if model is not AuditEntry:
        _append([_entry("insert", model._meta.table_name, "", note=f"批量写入 {count} 行")])


def refuse_rewrite(model) -> None:
    if model is AuditEntry:
        raise TypeError("the audit trail is append-only")


def _uuid_text(row_id) -> str:
    """Row ids as the models show them (UUID text), whatever form the journal holds."""
    if isinstance(row_id, (bytes, bytearray)) and len(row_id) == 16:
        import uuid

        return str(uuid.UUID(bytes=bytes(row_id)))
    if isinstance(row_id, str) and len(row_id) == 32:
        import uuid

        try:
            return str(uuid.UUID(hex=row_id))
        except ValueError:
            return row_id
    return str(row_id)


def history(row_id) -> list[AuditEntry]:
    return list(AuditEntry.select().where(AuditEntry.row_id == str(row_id)).order_by(AuditEntry.at))


ACTIONS = {"insert": "新增", "change": "修改", "delete": "删除", "create": "登记", "move": "迁移", "depart": "迁出",
           "view": "查看完整信息", "export": "导出", "print": "打印", "import": "导入", "sync.export": "同步数据包",
           "user.add": "新增用户", "user.remove": "删除用户", "user.password": "修改密码", "user.role": "修改角色",
           "restore": "恢复备份", "backup": "备份",
           "matter": "事项办理"}
COLUMNS = (("时间", 20), ("用户", 12), ("操作", 12), ("对象", 14), ("记录", 38), ("字段", 14),
           ("原值", 24), ("新值", 24), ("说明", 30))


def _person_rows(text: str) -> list[str]:
    """The ids of the people a name or ID number names, and of their households."""
    from gridapp.models import Person

    text = text.strip()
    people = list(Person.select(Person.id, Person.household).where(
        (Person.name == text) | (Person.id_number == text.upper())))
    return [str(p.id) for p in people] + [str(p.household_id) for p in people]


def query(user: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
          person: str | None = None, action: str | None = None, limit: int | None = 1000) -> list[dict]:
    """Entries of the trail, newest first, for the audit screen and ``audit`` (needs ``audit.view``)."""
    from gridapp.store.roles import require

    require("audit.view")
    q = AuditEntry.select().order_by(AuditEntry.at.desc(), AuditEntry.clock.desc())
    if user:
        q = q.where(AuditEntry.user == user)
    if since:
        q = q.where(AuditEntry.at >= dt.datetime.combine(since, dt.time()))
    if until:
        q = q.where(AuditEntry.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time()))
    if person:
        q = q.where(AuditEntry.row_id.in_(_person_rows(person) or [""]))
    if action:
        q = q.where(AuditEntry.action == action)
    if limit:
        q = q.limit(limit)
    return [{"at": e.at, "user": e.user, "action": e.action, "action_label": ACTIONS.get(e.action, e.action),
             "table": e.table, "row_id": e.row_id, "field": e.field, "old": e.old, "new": e.new, "note": e.note}
            for e in q]


def as_cells(entry: dict) -> list:
    """One entry as the screen and the spreadsheet show it: tables and fields in Chinese."""
    from gridapp.services.conflicts import FIELD_LABELS, TABLE_LABELS

    return [entry["at"].strftime("%Y-%m-%d %H:%M:%S"), entry["user"], entry["action_label"],
            TABLE_LABELS.get(entry["table"], entry["table"]), entry["row_id"],
            FIELD_LABELS.get(entry["field"], entry["field"]), entry["old"], entry["new"], entry["note"]]


def users_in_trail() -> list[str]:
    return [r.user for r in AuditEntry.select(AuditEntry.user).distinct().order_by(AuditEntry.user)]
