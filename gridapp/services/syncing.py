"""Sync as the office runs it: with the sync folder from the settings, import what has
arrived, then export what is new (so the package also acknowledges what was just applied)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from gridapp import settings
from gridapp.errors import UserError
from gridapp.models import LocalState
from gridapp.sync.export import export, now_text, peers
from gridapp.sync.importer import ImportResult, import_from

Progress = Callable[..., bool]


@dataclass
class SyncOutcome:
    imported: ImportResult
    exported: list[dict] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether data arrived (the screens should be redrawn)."""
        return self.imported.changes > 0

    def summary(self) -> str:
        sent = "，".join(f"给{m['peer']}第 {m['package']} 号（{m['changes']} 条）" for m in self.exported)
        return f"{self.imported.summary()}；导出：{sent or '没有新数据'}"

    def problems(self) -> list[str]:
        found = [m for m in self.imported.messages if m.startswith("拒收")] + self.imported.missing
        if self.imported.missing:
            found.append("后面的数据包会等缺失的到了再导入。若缺失的数据包已丢失，请对方"
                         "“重新发送未确认的数据”（同步菜单，或 sync export --resend）。")
        return found


def folder() -> str:
    path = settings.get("sync.folder")
    if not path:
        raise UserError("还没有设置同步文件夹：请在“同步 → 同步设置”中选择 U 盘或共享文件夹。")
    return path


def ready() -> bool:
    """Whether this site has somewhere and someone to sync with."""
    return bool(settings.get("sync.folder")) and bool(peers())


def sync_now(progress: Progress | None = None) -> SyncOutcome:
    if not peers():
        raise UserError("本站点还没有同步对象：社区数据库须用街道的登记文件创建，街道须先登记社区。")
    where = folder()
    outcome = SyncOutcome(import_from(where, progress))
    outcome.exported = export(where, progress=progress)
    LocalState.set_value("sync:last_sync", now_text())
    return outcome


def export_now(progress: Progress | None = None, resend: bool = False) -> list[dict]:
    """Export only: on closing the app, or (``resend``) when the other side misses a package."""
    made = export(folder(), progress=progress, resend=resend)
    LocalState.set_value("sync:last_sync", now_text())
    return made
