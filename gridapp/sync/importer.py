"""Importing the packages found in a folder.

Each package addressed to this site is checked completely (signature, every chunk, both
hashes, versions, clock) before the database is touched, then applied in one transaction
that also records what was applied. Packages from one sender are applied in sequence
order: one already applied is a duplicate and changes nothing; one that follows a missing
package waits (and the missing one is named) until it arrives.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Callable

from gridapp import clock
from gridapp.engines import engine
from gridapp.errors import Cancelled, UserError
from gridapp.models import Inbox, LocalState, Peer, database
from gridapp.models.base import current_site
from gridapp.services import matters
from gridapp.store import journal
from gridapp.sync import crypto, epoch, faults, scope
from gridapp.sync.export import check_folder, now_text, schema_version
from gridapp.sync.merge import Merger
from gridapp.sync.package import Package, PackageError, name_info, scan, short

Progress = Callable[..., bool]
MAX_AHEAD_MS = 2 * 24 * 3600 * 1000  # a package from further in the future is refused


@dataclass
class ImportResult:
    applied: int = 0
    duplicate: int = 0
    waiting: int = 0
    rejected: int = 0
    conflicts: int = 0
    superseded: int = 0  # made before the sender went back to a backup, and replaced since
    changes: int = 0
    missing: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    skipped: int = 0  # addressed to another site (of this street or of another)

    def as_dict(self) -> dict:
        return asdict(self)

    def summary(self) -> str:
        text = (f"导入 {self.applied} 个数据包（{self.changes} 条记录），重复 {self.duplicate}，"
                f"等待 {self.waiting}，拒收 {self.rejected}，新冲突 {self.conflicts}")
        if self.superseded:
            text += f"，恢复备份前的旧数据包 {self.superseded}"


        if self.skipped:
            text += f"，跳过 {self.skipped} 个不是发给本站点的"
        return text + ("；" + "；".join(self.missing) if self.missing else "")


def describe(peer: Peer, number: int) -> str:
    return f"{peer.name} 第 {number} 号数据包"


def stream(pkg: Package, peer: Peer) -> tuple[float, int] | None:
    """How far the sender's numbering that ``pkg`` belongs to is applied here: (seq, package).

    A package of a newer epoch (the sender went back to a backup) continues from the fork;
    None for a package of an epoch the sender has since left (see ``gridapp.sync.epoch``).
    """
    theirs, (_, package) = epoch.of_package(pkg.header)
    known = epoch.Epoch.from_text(peer.epoch)
    if theirs.id == known.id:
        return peer.applied_seq, peer.applied_package
    if theirs.rank < known.rank:
        return None
    return min(peer.applied_seq, theirs.shared_up_to(known)), min(peer.applied_package, package)


def classify(pkg: Package, peer: Peer) -> str:
    """"duplicate", "waiting", "superseded" or "apply" for a package from ``peer`` as things stand."""
    state = stream(pkg, peer)
    if state is None:
        return "superseded"
    applied_seq, applied_package = state
    first, last = pkg.header["seq"]
    number = pkg.header["package"]
    if last <= applied_seq and (first <= last or number <= applied_package):
        return "duplicate"
    if pkg.header["kind"] == "full":
        return "apply"
    if first > applied_seq + 1:
        return "waiting"
    return "apply"


def check(pkg: Package, peer: Peer, keys: crypto.SiteKeys) -> None:
    """Everything about a package that can be checked without the database."""
    precheck(pkg, peer)
    pkg.verify(bytes(peer.sign_key), keys)


def precheck(pkg: Package, peer: Peer) -> None:
    """The signed manifest: who made it, for which gridapp, when (without reading the payload)."""
    manifest = pkg.manifest
    pkg.check_signature(bytes(peer.sign_key))
    if int(manifest.get("schema", 0)) > schema_version():
        raise PackageError(f"数据包来自更新版本的 gridapp（数据结构版本 {manifest['schema']}，"
                           f"本程序 {schema_version()}）：请先升级 gridapp，未导入")
    ahead = clock.physical_ms(int(manifest.get("clock", 0))) - clock.now_ms()
    if ahead > MAX_AHEAD_MS:
        days = round(ahead / 86_400_000)
        raise PackageError(f"数据包的时间比本机时间超前约 {days} 天：请核对“{peer.name}”电脑"
                           "（或本机）的日期和时间，改正后重新导出，未导入")


class AppliedMeanwhile(Exception):
    """Another workstation applied the package while this one was checking it."""


def apply(pkg: Package, peer: Peer, keys: crypto.SiteKeys, progress: Progress | None = None) -> Merger:
    """Apply a checked package in one transaction; record it as applied."""
    site = current_site()
    manifest = pkg.manifest
    first, last = pkg.header["seq"]
    total = int(manifest.get("lines", 0)) or 1
    with database.atomic():
        engine().lock_writes(database.obj)  # officers' saves wait for the import, and it for them
        peer = Peer.get_by_id(peer.site_id)  # as it stands now that no one else is writing
        if classify(pkg, peer) != "apply":
            raise AppliedMeanwhile()
        applied = stream(pkg, peer)
        assert applied is not None  # classify() said "apply"
        applied_seq, applied_package = applied
        skip = applied_seq if pkg.header["kind"] == "changes" else -1
        relay_to = scope.other_communities(peer.site_id) if site.site_type == "street" else set()
        merger = Merger(peer.site_id, relay_to, skip, int(manifest["clock"]))
        engine().defer_foreign_keys(database.obj)
        for n, line in enumerate(pkg.lines(keys), 1):
            merger.line(line)
            if progress and n % 2000 == 0 and progress(n, total, f"正在导入{describe(peer, pkg.header['package'])}…") \
                    is False:
                raise Cancelled("，数据包未导入")
        merger.finish()
        faults.point("import-applied")
        site.clock.observe(max(merger.newest, int(manifest["clock"])))
        LocalState.set_value("clock", str(site.clock.last))
        matters.settle(merger.touched.get("matter_step", ()), merger.touched.get("matter", ()))
        merger.notes += matters.renumber_twins(merger.touched.get("matter", ()))
        state = dict(applied_seq=max(applied_seq, last), applied_package=max(applied_package, pkg.header["package"]),
                     received_at=now_text())
        state.update(_epoch_change(pkg, peer))
        state.update(_acknowledged(manifest.get("acks") or {}, peer, switched="epoch" in state))
        Peer.update(**state).where(Peer.site_id == peer.site_id).execute()
        Inbox.create(peer=peer.site_id, package=pkg.header["package"], kind=pkg.header["kind"],
                     seq_first=first, seq_last=last, digest=manifest.get("stream_sha256", ""),
                     applied_at=now_text(),
                     summary=json.dumps({"counts": dict(merger.counts), "conflicts": merger.conflicts},
                                        ensure_ascii=False))
    return merger


def _epoch_change(pkg: Package, peer: Peer) -> dict:
    """The sender began a new epoch: remember it; owe it a full package when changes of its
    that its backup lacks were applied here."""
    theirs, _ = epoch.of_package(pkg.header)
    known = epoch.Epoch.from_text(peer.epoch)
    if theirs.id == known.id:
        return {}
    return {"epoch": theirs.text(), "send_full": peer.send_full or peer.applied_seq > theirs.shared_up_to(known)}


def _acknowledged(acks: dict, peer: Peer, switched: bool) -> dict:
    """What the sender says it has applied of this site's changes."""
    if str(acks.get("epoch", "")) != epoch.current().id:
        return {}  # about an epoch of ours that a restore here has left behind
    seq, package = int(acks.get("seq", 0)), int(acks.get("package", 0))
    if seq > journal.last_seq():  # it holds more of ours than we do: this database went back
        epoch.begin_here()
        return {}
    if switched:  # its database went back: what it now holds of ours is what it says
        return {"acked_seq": seq, "acked_package": package, "exported_seq": min(peer.exported_seq, seq),
                "exported_package": min(peer.exported_package, package)}
    return {"acked_seq": max(peer.acked_seq, seq), "acked_package": max(peer.acked_package, package)}


def _skip(result: ImportResult, name: str, why: str) -> None:
    result.skipped += 1
    result.messages.append(f"跳过 {name}：{why}，未导入")


def _elsewhere(info: dict, known: dict[str, Peer]) -> str:
    """Why a package named ``info`` is not for this site, as far as its name tells."""
    by_prefix = {short(site_id): peer for site_id, peer in known.items()}
    sender = by_prefix.get(info["src"])
    if sender is not None:
        return f"这是“{sender.name}”发给其他站点的数据包"
    return "这个数据包既不是发给本站点的，也不是已登记的站点发出的（可能属于另一个街道）"


def _found(folder, result: ImportResult) -> dict[str, list[Package]]:
    """Packages addressed to this site, by sender; unusable ones are counted as rejected,
    ones for other sites as skipped (this site's own outgoing packages are passed over)."""
    site = current_site()
    me = short(site.site_id)
    groups, problems = scan(folder)
    for problem in problems:
        result.rejected += 1
        result.messages.append(f"拒收：{problem}")
    known = {p.site_id: p for p in Peer.select()}
    found: dict[str, list[Package]] = {}
    for paths in groups:
        info = name_info(paths[0])
        assert info is not None  # scan() groups package names only
        if info["src"] == me:
            continue  # one of ours, waiting to be taken away
        if info["dst"] != me:
            _skip(result, paths[0].name, _elsewhere(info, known))
            continue
        try:
            pkg = Package.open(paths)
        except (PackageError, OSError) as exc:
            result.rejected += 1
            result.messages.append(f"拒收 {paths[0].name}：{exc}")
            continue
        if pkg.header.get("to") != site.site_id:
            _skip(result, pkg.name, "这个数据包是发给另一个站点的（另一个街道？）")
            continue
        peer = known.get(pkg.header.get("from", ""))
        if peer is None or not peer.active:
            result.rejected += 1
            result.messages.append(f"拒收 {pkg.name}：来自未登记（或已停用）的站点，未导入")
            continue
        found.setdefault(peer.site_id, []).append(pkg)
    return found


def import_from(folder, progress: Progress | None = None) -> ImportResult:
    folder = check_folder(folder)
    keys = crypto.SiteKeys.load()
    if keys is None:
        raise UserError("本站点还没有同步密钥：社区数据库须用街道的登记文件创建（init --enrolment）。")
    result = ImportResult()
    missing_state = {}
    for site_id, pkgs in _found(folder, result).items():
        pkgs.sort(key=lambda p: (p.header["kind"] != "full", p.header["seq"][0], -p.header["seq"][1]))
        waiting = []
        for pkg in pkgs:
            peer = Peer.get_by_id(site_id)
            verdict = classify(pkg, peer)
            if verdict == "duplicate":
                result.duplicate += 1
                result.messages.append(f"{describe(peer, pkg.header['package'])}已导入过，未做改动")
                continue
            if verdict == "superseded":
                result.superseded += 1
                result.messages.append(f"{describe(peer, pkg.header['package'])}是“{peer.name}”恢复备份之前生成的，"
                                       "已由恢复之后的数据包取代，未导入")
                continue
            try:
                if verdict == "waiting":
                    precheck(pkg, peer)
                    waiting.append(pkg)
                    continue
                check(pkg, peer, keys)
                merger = apply(pkg, peer, keys, progress)
            except AppliedMeanwhile:
                result.duplicate += 1
                result.messages.append(f"{describe(peer, pkg.header['package'])}已由另一台电脑导入，未做改动")
                continue
            except (PackageError, OSError) as exc:
                result.rejected += 1
                result.messages.append(f"拒收 {pkg.name}（{describe(peer, pkg.header['package'])}）：{exc}")
                continue
            result.applied += 1
            result.conflicts += merger.conflicts
            result.messages += merger.notes
            result.changes += sum(merger.counts.values())
        peer = Peer.get_by_id(site_id)
        waiting = [p for p in waiting if classify(p, peer) == "waiting"]
        result.waiting += len(waiting)
        if waiting:
            state = stream(waiting[0], peer)
            assert state is not None  # classify() said "waiting"
            applied_package = state[1]
            gap = range(applied_package + 1, min(p.header["package"] for p in waiting))
            numbers = list(gap) or [applied_package + 1]
            missing_state[site_id] = {"missing": numbers, "waiting": len(waiting)}
            for number in numbers:
                result.missing.append(f"{describe(peer, number)}缺失")
    LocalState.set_value("sync:missing", json.dumps(missing_state, ensure_ascii=False))
    LocalState.set_value("sync:last_import", now_text())
    LocalState.set_value("sync:last_import_result", json.dumps(result.as_dict(), ensure_ascii=False))
    from gridapp.services import owncategories

    owncategories.load()  # own categories that came in are in force at once
    return result
