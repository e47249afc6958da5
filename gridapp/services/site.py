"""This installation's identity: a community office or a street office (the hub)."""

from __future__ import annotations

import uuid

from gridapp import vocab
from gridapp.errors import UserError
from gridapp.models import Community, LocalState, Street, database
from gridapp.models.base import Site, current_site, set_current_site


def initialise(site_type: str, name: str) -> Site:
    """Give a new database its site id and its street or community."""
    site_type = vocab.code_of(vocab.SITE_TYPE, site_type, "站点类型")
    name = (name or "").strip()
    if not name:
        raise UserError("请给出街道或社区的名称（--name）。")
    if LocalState.get_value("site_id"):
        raise UserError("该数据库已经初始化过。")
    with database.atomic():
        site = Site(str(uuid.uuid4()), site_type, name)
        for key, value in (("site_id", site.site_id), ("site_type", site_type),
                           ("site_name", name), ("clock", "0")):
            LocalState.set_value(key, value)
        set_current_site(site)
        if site_type == "street":
            Street.create(name=name)
        else:
            Community.create(name=name)
    return site


def describe() -> dict:
    site = current_site()
    return {"site_id": site.site_id, "site_type": site.site_type, "name": site.name}


def is_initialised() -> bool:
    return LocalState.get_value("site_id") is not None


def is_empty() -> bool:
    """No grids yet: the office has still to bring in (or make) its street's structure."""
    from gridapp.models import Grid

    return not Grid.live().exists()
