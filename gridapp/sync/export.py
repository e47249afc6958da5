"""Making packages: for each peer, this site's changes it has not been sent yet (or, for a
full package, everything it should hold), with an acknowledgement of what was applied here.

A community office sends everything to its street office. The street office sends a
community the reference rows and the rows that community owns (``scope``), never a change
back to the site it came from.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Callable

from gridapp import __version__, files
from gridapp.engines import engine
from gridapp.errors import Cancelled, UserError
from gridapp.models import SYNC_MODELS, Conflict, Outbox, Peer, database, model_of
from gridapp.models.base import current_site
from gridapp.store import journal, versions
from gridapp.store import rows as R
from gridapp.sync import crypto, epoch, faults, scope
from gridapp.sync.package import KINDS, PART_SIZE, Writer, header_of, name_info, short

Progress = Callable[..., bool]
ENTRY_BATCH = 1000
TRAIL = "audit_entry"  # the audit trail rides along with changes; alone it makes no package
QUIET_RANGE = 5000  # entries none of which concern a peer before an empty package moves it on


def now_text() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def schema_version() -> int:
    from gridapp.db import schema_version

    return schema_version()


def peers() -> list[Peer]:
    return list(Peer.select().where(Peer.active == True).order_by(Peer.name))  # noqa: E712


def is_hub() -> bool:
    return current_site().site_type == "street"


def check_folder(folder) -> Path:
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"同步文件夹 {folder} 不存在（U 盘是否已插好？）")
    return folder


def _state_lines(model, rows: list[tuple], seq: int, declared: set, entries: dict | None = None,
                 earlier: dict | None = None):
    """State lines for whole rows (tuples in ``rows.state_columns`` order): the values, the
    base version and per-field exceptions. A "T" line first names the table's columns.

    ``earlier``: {(table, row id): {field: version}}: fields stated at an earlier version
    (the edits that follow in the package bring them up to date)."""
    table = model._meta.table_name
    columns = R.columns(model)
    if table not in declared:
        declared.add(table)
        yield ["T", 0, table, list(columns)]
    if entries is None:
        entries = versions.load(table, [r[0] for r in rows])
    blobs = [i for i, c in enumerate(columns) if c in R.blob_columns(model)]
    for row in rows:
        version = (row[1], row[2])
        found = entries.get(row[0])
        base, overrides = versions.export_form(found, version) if found else (version, None)
        if earlier and (table, row[0]) in earlier:
            overrides = dict(overrides or {}, **earlier[(table, row[0])])
        values = list(row[3:])
        for i in blobs:
            values[i] = R.encode(values[i])
        yield ["s", seq, table, row[0], list(base), values, overrides]


def _entry_lines(entries: list[Outbox], peer: Peer, hub: bool, stated: set, declared: set, earlier: dict):
    """Lines for a run of outbox entries, routed for ``peer``.

    A bulk insert is sent as its rows are now (``stated``), except that a field edited later
    in the same package is stated at the version before its first edit there, and the edits
    follow as lines of their own: a receiver that held the row already (a package sent again)
    merges them with their bases, as it would have one by one.
    """
    wanted: dict[str, set] = {}
    if hub:
        by_table: dict[str, set] = {}
        for e in entries:
            if e.row_id is not None:
                by_table.setdefault(e.tbl, set()).add(e.row_id)
        wanted = {t: scope.routed_to(model_of(t), ids, peer.community) for t, ids in by_table.items()}
    for e in entries:
        model = model_of(e.tbl)
        if model is None or e.origin == peer.site_id:
            continue
        if e.row_id is None:  # a bulk insert: read the rows as they are now
            ids = journal.bulk_ids(e.ids)
            if hub:
                keep = scope.routed_to(model, ids, peer.community)
                ids = [i for i in ids if i in keep]
            for rows in R.state_rows(model, ids):
                stated.update((e.tbl, r[0]) for r in rows)
                yield from _state_lines(model, rows, e.seq, declared, earlier=earlier)
            continue
        if hub and e.row_id not in wanted.get(e.tbl, ()):
            continue
        op = json.loads(e.op)
        if "s" in op:
            if (e.tbl, e.row_id) in stated:
                continue  # a whole row relayed: the stated row is newer
            base = (e.clock, e.site)
            fields = {c: v[0] for c, v in op["s"].items()}
            overrides = {c: v[1:] for c, v in op["s"].items() if tuple(v[1:]) != base} or None
            yield ["s", e.seq, e.tbl, e.row_id, list(base), fields, overrides]
        else:
            yield ["u", e.seq, e.tbl, e.row_id, e.clock, e.site, op["f"], op["b"]]


def change_lines(peer: Peer, first: int, last: int, hub: bool):
    start = first
    stated: set[tuple[str, str]] = set()
    declared: set[str] = set()
    earlier = _before_later_edits(first, last)
    while start <= last:
        entries = list(Outbox.select().where(Outbox.seq >= start, Outbox.seq <= last)
                       .order_by(Outbox.seq).limit(ENTRY_BATCH))
        if not entries:
            break
        yield from _entry_lines(entries, peer, hub, stated, declared, earlier)
        start = entries[-1].seq + 1


def _before_later_edits(first: int, last: int) -> dict:
    """For the rows a bulk insert between ``first`` and ``last`` adds: the fields edited later
    in that range, each with the version it had before its first edit there."""
    in_range = (Outbox.seq >= first) & (Outbox.seq <= last)
    bulk = {(e.tbl, i) for e in Outbox.select(Outbox.tbl, Outbox.ids).where(in_range, Outbox.row_id.is_null())
            for i in journal.bulk_ids(e.ids)}
    if not bulk:
        return {}
    found: dict[tuple, dict] = {}
    for e in Outbox.select(Outbox.tbl, Outbox.row_id, Outbox.op).where(
            in_range, Outbox.row_id.is_null(False)).order_by(Outbox.seq):
        if (e.tbl, e.row_id) in bulk:
            for column, base in (json.loads(e.op).get("b") or {}).items():
                found.setdefault((e.tbl, e.row_id), {}).setdefault(column, base)
    return found


def full_lines(peer: Peer, hub: bool, progress: Progress | None = None):
    """Every row the peer should hold, parents first; then the open conflicts of those rows."""
    models = SYNC_MODELS
    declared: set[str] = set()
    for n, model in enumerate(models):
        if progress and progress(n, len(models), "正在打包全部数据…") is False:
            raise Cancelled("，未生成数据包")
        entries = versions.load(model._meta.table_name)
        for rows in R.state_rows(model):
            if hub and not scope.is_reference(model):
                keep = scope.routed_to(model, [r[0] for r in rows], peer.community)
                rows = [r for r in rows if r[0] in keep]
            yield from _state_lines(model, rows, 0, declared, entries)
    yield from _conflict_lines(peer, hub)


def _conflict_lines(peer: Peer, hub: bool):
    """The losing values of concurrent edits (the conflict list, with the ones edited further
    since), so that a site seeded or put back by a full package lists the same conflicts."""
    found: dict[str, list] = {}
    for c in Conflict.select().order_by(Conflict.id):
        found.setdefault(c.tbl, []).append(c)
    for table, conflicts in found.items():
        model = model_of(table)
        if model is None:
            continue
        keep = scope.routed_to(model, {c.row_id for c in conflicts}, peer.community) if hub else None
        for c in conflicts:
            if keep is None or c.row_id in keep:
                yield ["c", 0, table, c.row_id, c.field, [c.loser_value, c.loser_clock, c.loser_site],
                       [c.winner_value, c.winner_clock, c.winner_site], c.head]


def _remove_orphans(folder: Path, peer: Peer) -> None:
    """Packages of ours a crash left unrecorded (numbered past what we know we sent, in this
    epoch: one made before a restore may still carry changes the peer lacks)."""
    me, them = short(current_site().site_id), short(peer.site_id)
    now = epoch.current().id
    for path in folder.iterdir():
        info = name_info(path)
        if info and info["src"] == me and info["dst"] == them and int(info["package"]) > peer.exported_package:
            header = header_of(_first_part(path, info))
            if header is not None and epoch.of_package(header)[0].id == now:
                path.unlink(missing_ok=True)
        elif path.name.startswith(f".gridapp-{me}-") and path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)


def _first_part(path: Path, info: dict) -> Path:
    """The part of a package that holds its header: the file itself, or its part 001."""
    if not info.get("part"):
        return path
    return path.with_name(path.name.replace(f".part{info['part']}of", ".part001of"))


def _changes_between(first: int, last: int) -> bool:
    """Whether the outbox holds changes (the audit trail's aside) between ``first`` and ``last``."""
    return last >= first and Outbox.select().where(Outbox.seq >= first, Outbox.seq <= last,
                                                   Outbox.tbl != TRAIL).exists()


def export_for(peer: Peer, folder: Path, full: bool = False, progress: Progress | None = None,
               part_size: int = PART_SIZE, resend: bool = False) -> dict | None:
    """Write the next package for ``peer``; None when there is nothing new to tell it.

    ``resend``: everything the peer has not acknowledged yet, again (when a package was lost
    on the way); it is numbered after the last acknowledged one.

    All or nothing: a package that cannot be written (a full disk, a read-only folder) leaves
    no file behind and the database as it was (the export's audit entry included), so the
    next export covers the same changes.
    """
    try:
        with engine().exporting(database.obj, peer.site_id), database.atomic():
            peer = Peer.get_by_id(peer.site_id)  # as another workstation may have left it
            return _export_for(peer, folder, full, progress, part_size, resend)
    except OSError as exc:
        raise UserError(files.write_failed(folder, exc, f"给“{peer.name}”的数据包未生成，数据库没有改动。")) from None


def _export_for(peer: Peer, folder: Path, full: bool, progress: Progress | None, part_size: int,
                resend: bool) -> dict | None:
    site, hub = current_site(), is_hub()
    full = full or peer.send_full
    keys = crypto.SiteKeys.ensure()
    last = journal.last_seq()
    first = 1 if full else (peer.acked_seq if resend else peer.exported_seq) + 1
    if full or _changes_between(first, last):
        from gridapp.store import audit

        with database.atomic():
            audit.record_event("sync.export", "package", peer.name, "全部数据" if full else "")
        last = journal.last_seq()
    if not full and last < first and peer.applied_seq == peer.reported_seq:
        return None
    if not resend:
        _remove_orphans(folder, peer)
    number = (peer.acked_package if resend else peer.exported_package) + 1
    kind = "full" if full else "changes"
    header = {"from": site.site_id, "to": peer.site_id, "kind": kind, "package": number,
              "seq": [first, max(last, first - 1)]}
    ours = epoch.current().header(peer.site_id)
    if ours:
        header["epoch"] = ours
    writer = Writer(folder, keys, header, bytes(peer.box_key), part_size)
    counts: dict[str, int] = {}
    try:
        lines = full_lines(peer, hub, progress) if full else change_lines(peer, first, last, hub)
        for line in lines:
            writer.write(line)
            if line[0] != "T":
                counts[line[2]] = counts.get(line[2], 0) + 1
    except BaseException:
        writer.sink.discard()
        raise
    if not full and not set(counts) - {TRAIL} and peer.applied_seq == peer.reported_seq and last - first < QUIET_RANGE:
        writer.sink.discard()  # nothing for this peer in the range: the next package will cover it
        return None
    manifest = {"schema": schema_version(), "app": __version__, "clock": site.clock.last,
                "created": now_text(), "counts": counts,
                "acks": {"seq": peer.applied_seq, "package": peer.applied_package,
                         "epoch": epoch.Epoch.from_text(peer.epoch).id}}
    faults.point("export-written")
    paths = writer.finish(manifest)
    faults.point("export-renamed")
    with database.atomic():
        sent = dict(exported_seq=max(peer.exported_seq, last), exported_package=max(peer.exported_package, number),
                    exported_at=now_text(), reported_seq=peer.applied_seq)
        if full:
            sent["send_full"] = False
        Peer.update(**sent).where(Peer.site_id == peer.site_id).execute()
    return {"peer": peer.name, "site_id": peer.site_id, "file": str(paths[0]), "parts": len(paths),
            "package": number, "kind": kind, "seq": header["seq"], "changes": sum(counts.values()),
            "counts": counts, "bytes": sum(p.stat().st_size for p in paths)}


def export(folder, full: bool = False, only: str | None = None, progress: Progress | None = None,
           part_size: int = PART_SIZE, resend: bool = False) -> list[dict]:
    """Packages for every peer that has something new (or, ``full``, everything; or,
    ``resend``, everything not acknowledged yet)."""
    folder = check_folder(folder)
    targets = peers()
    if only:
        targets = [p for p in targets if p.name == only]
        if not targets:
            raise UserError(f"没有名为“{only}”的已登记站点。")
    if not targets:
        raise UserError("本站点还没有同步对象：社区数据库须用街道的登记文件创建（init --enrolment），"
                        "街道请先为社区生成登记文件（sync enrol）。")
    made = []
    for n, peer in enumerate(targets):
        if progress and progress(n, len(targets), f"正在生成给“{peer.name}”的数据包…") is False:
            raise Cancelled("，未生成数据包")
        result = export_for(peer, folder, full, progress if len(targets) == 1 else None, part_size, resend)
        if result:
            made.append(result)
    from gridapp.models import LocalState
    LocalState.set_value("sync:last_export", now_text())
    return made


__all__ = ["export", "export_for", "peers", "KINDS"]
