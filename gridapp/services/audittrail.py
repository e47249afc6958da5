"""Reading the audit trail (written by ``gridapp.store.audit``): the audit screen, ``audit``
and its spreadsheet, a record's history."""

from __future__ import annotations

import datetime as dt

from gridapp.models import AuditEntry, Person, database
from gridapp.store import audit
from gridapp.store.catalogue import field_label, table_label
from gridapp.store.roles import require


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
    text = text.strip()
    people = list(Person.select(Person.id, Person.household).where(
        (Person.name == text) | (Person.id_number == text.upper())))
    return [str(p.id) for p in people] + [str(p.household_id) for p in people]


def query(user: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
          person: str | None = None, action: str | None = None, limit: int | None = 1000) -> list[dict]:
    """Entries of the trail, newest first, for the audit screen and ``audit`` (needs ``audit.view``)."""
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
    return [entry["at"].strftime("%Y-%m-%d %H:%M:%S"), entry["user"], entry["action_label"],
            table_label(entry["table"]), entry["row_id"],
            field_label(entry["field"], entry["table"]), entry["old"], entry["new"], entry["note"]]


def users_in_trail() -> list[str]:
    return [r.user for r in AuditEntry.select(AuditEntry.user).distinct().order_by(AuditEntry.user)]


def record_export(count: int, described: str = "") -> None:
    """The trail (as filtered: ``described``) was exported (``reports.audit_xlsx``)."""
    with database.atomic():
        audit.record_event("export", "audit_entry", "", f"操作记录 {count} 条{('；' + described) if described else ''}")
