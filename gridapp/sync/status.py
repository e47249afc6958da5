"""Where sync stands: per peer the last package received and sent, what it has acknowledged,
what is pending and what is missing; the open conflicts; at the street office, ID numbers
found in two communities."""

from __future__ import annotations

import json
from typing import Any

from gridapp.engines import marks
from gridapp.models import Conflict, LocalState, Outbox, Peer, database
from gridapp.models.base import current_site
from gridapp.store import journal
from gridapp.sync.export import change_lines, peers

EXACT_UP_TO = 5000  # outbox entries routed one by one for the street office's count
TRAIL = "audit_entry"  # the audit trail travels with the changes it records; it is not counted as one


def pending(peer: Peer) -> int:
    """Changes made (or relayed) here and not yet packed for ``peer``, in rows (a bulk
    insert counts each of its rows). At the street office, only the changes that go to
    ``peer`` are counted, unless there are very many (then it is an upper bound)."""
    row = database.execute_sql(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN ids IS NULL THEN 1 ELSE length(ids) / 16 END), 0) "
        f"FROM sync_outbox WHERE seq > {marks(1)} AND origin != {marks(1)} AND tbl != {marks(1)}",
        (peer.exported_seq, peer.site_id, TRAIL)).fetchone()
    entries, rows = int(row[0]), int(row[1])
    if current_site().site_type != "street" or not entries or entries > EXACT_UP_TO:
        return rows
    return sum(1 for line in change_lines(peer, peer.exported_seq + 1, journal.last_seq(), hub=True)
               if line[0] != "T" and line[2] != TRAIL)


def unacknowledged(peer: Peer) -> int:
    """Changes sent to ``peer`` and not yet confirmed (outbox entries, the audit trail's aside)."""
    if peer.exported_seq <= peer.acked_seq:
        return 0
    p = marks(1)
    return database.execute_sql(f"SELECT COUNT(*) FROM sync_outbox WHERE seq > {p} AND seq <= {p} AND tbl != {p}",
                                (peer.acked_seq, peer.exported_seq, TRAIL)).fetchone()[0]


def open_conflicts() -> int:
    if not Conflict.select().where(Conflict.head == True, Conflict.review == "").exists():  # noqa: E712
        return 0
    from gridapp.services.conflicts import conflicts

    return len(conflicts())


def status() -> dict:
    site = current_site()
    missing_state = json.loads(LocalState.get_value("sync:missing", "{}") or "{}")
    rows: list[dict[str, Any]] = []
    missing: list = []
    for peer in peers():
        gap = missing_state.get(peer.site_id, {})
        numbers = [n for n in gap.get("missing", []) if n > peer.applied_package]
        missing += [f"{peer.name} 第 {n} 号数据包缺失" for n in numbers]
        rows.append({
            "site_id": peer.site_id, "name": peer.name, "kind": peer.kind,
            "last_package_received": peer.applied_package, "received_at": peer.received_at or None,
            "last_package_sent": peer.exported_package, "sent_at": peer.exported_at or None,
            "acknowledged_package": peer.acked_package,
            "unacknowledged": unacknowledged(peer),
            "pending": pending(peer), "missing": numbers, "waiting": gap.get("waiting", 0) if numbers else 0,
        })
    last = max(filter(None, [LocalState.get_value("sync:last_import"), LocalState.get_value("sync:last_export"),
                             LocalState.get_value("sync:last_sync")]), default=None)
    result = {
        "site": {"site_id": site.site_id, "site_type": site.site_type, "name": site.name},
        "enrolled": bool(rows),
        "last_sync": last,
        "pending": max((r["pending"] for r in rows), default=Outbox.select().count()),
        "missing": missing,
        "conflicts": open_conflicts(),
        "peers": rows,
    }
    if site.site_type == "street":
        from gridapp.services.conflicts import duplicate_id_numbers

        result["duplicate_id_numbers"] = len(duplicate_id_numbers())
    return result


def status_line(data: dict | None = None) -> str:
    """One line for the status bar."""
    data = data or status()
    if not data["enrolled"]:
        return "未设置同步"
    last = data["last_sync"].replace("T", " ")[5:16] if data["last_sync"] else "从未"
    parts = [f"上次同步 {last}", f"待发送 {data['pending']}"]
    if data["conflicts"]:
        parts.append(f"冲突 {data['conflicts']}")
    if data["missing"]:
        parts.append("、".join(data["missing"][:2]) + ("…" if len(data["missing"]) > 2 else ""))
    return " · ".join(parts)
