"""Rebuilding a community database that was started by name from the street's enrolment file.

An office that created its database with only its name (first start) and then receives the
enrolment file from the street office can start again from that file — while nothing has been
keyed there (no households, people or cards) and nothing has ever been exchanged with another
site. Everything the database holds is replaced by what the file brings; the office
passphrase and the user accounts stay.
"""

from __future__ import annotations

from pathlib import Path

from gridapp.errors import UserError
from gridapp.models import SYNC_MODELS, SYNC_TABLES, Card, Draft, Household, LocalState, Peer, Person, database
from gridapp.models.base import Site, current_site, set_current_site
from gridapp.store import audit, roles

SITE_KEYS = ("site_id", "site_type", "site_name", "clock", "community_id")


def refusal() -> str | None:
    """Why this database cannot be rebuilt from an enrolment file, or None when it can."""
    from gridapp.sync.enrol import own_community

    if current_site().site_type != "community":
        return "只有社区数据库可以用登记文件重建。"
    if own_community() or Peer.select().exists():
        return "本数据库已经用登记文件建立，或已与街道交换过数据，不能重建。"
    for model, what in ((Household, "住户"), (Person, "人员"), (Card, "登记卡")):
        if model.live().exists():
            return f"本数据库已经有{what}，不能重建：请把登记文件交给新的数据库（启动时选择“用街道办给的登记文件”）。"
    return None


def rebuild(path: str | Path, code: str, progress=None) -> dict:
    """Replace everything in this (still empty) community database with the enrolment file's."""
    from gridapp.sync import enrol

    roles.require("org.edit")
    why = refusal()
    if why:
        raise UserError(why)
    enrolment = enrol.read(path, code)  # a wrong code or file changes nothing
    before = current_site().name
    try:
        with database.atomic():
            for model in reversed(SYNC_MODELS + SYNC_TABLES + (Draft,)):
                database.execute_sql(f'DELETE FROM "{model._meta.table_name}"')
            for key in SITE_KEYS:
                LocalState.delete().where(LocalState.key == key).execute()
            site = enrol.initialise_from(enrolment, progress)
            audit.record_event("rebuild", "database", "", f"用登记文件 {Path(path).name} 重建（原为“{before}”）")
    except BaseException:
        set_current_site(Site.load())  # rolled back: the database is as it was
        raise
    return {"name": site.name, "site_id": site.site_id, "was": before}
