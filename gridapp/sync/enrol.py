"""Enrolment: the street office registers a community office once, and hands it a file.

``enrol`` (at the street office) makes the community site's id and keys, records it as a
peer, and writes an enrolment file: the street office's public keys, the community site's
own keys, and a full package of what the community should hold (the street's structure,
reference data and the community's rows). The file is sealed with a one-time enrolment
code (scrypt + AES-GCM), given to the community separately.

``initialise_from`` (at the community office) makes the new community database from it.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from pathlib import Path

from gridapp import files
from gridapp.errors import UserError
from gridapp.models import Community, LocalState, Peer, database
from gridapp.models.base import Site, current_site, set_current_site
from gridapp.sync import crypto, importer
from gridapp.sync.export import export_for
from gridapp.sync.package import Package, PackageError

FORMAT = "gridapp-enrolment"
VERSION = 1
AAD = b"gridapp-enrolment-v1"
CODE_ENV = "GRIDAPP_ENROL_CODE"
COMMUNITY_KEY = "community_id"


def _write_atomically(path: Path, data: bytes) -> None:
    """Written whole (readable by its owner only) or not at all; a folder that refuses it is said."""
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".enrol-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, path)
    except OSError as exc:
        raise UserError(files.write_failed(path.parent, exc, "登记文件未生成，数据库没有改动。")) from None
    finally:
        if temp is not None:
            files.remove(Path(temp))  # nothing left after the rename


def enrol(community_name: str, out, code: str | None = None, replace: bool = False) -> dict:
    """Register a community office; write its enrolment file. Returns the file and the code."""
    site = current_site()
    if site.site_type != "street":
        raise UserError("只有街道数据库可以登记社区（sync enrol）。")
    community = Community.live().where(Community.name == community_name).first()
    if community is None:
        raise UserError(f"没有名为“{community_name}”的社区：请先导入组织结构（org import）。")
    out = Path(out)
    existing = Peer.get_or_none(Peer.community == community.id.hex, Peer.active == True)  # noqa: E712
    if existing is not None and not replace:
        raise UserError(f"社区“{community_name}”已经登记过；更换电脑时加 --replace 重新登记（旧电脑的数据包将不再接收）。")
    code = crypto.normalise_code(code) if code else crypto.new_code()
    if len(code.replace("-", "")) < 8:
        raise UserError("登记码至少 8 个字母或数字。")
    street_keys = crypto.SiteKeys.ensure()
    keys = crypto.SiteKeys.generate()
    site_id = str(uuid.uuid4())
    with database.atomic():
        if existing is not None:
            existing.active = False
            existing.save()
        peer = Peer.create(site_id=site_id, name=community.name, kind="community", community=community.id.hex,
                           sign_key=keys.sign_public, box_key=keys.box_public)
        with tempfile.TemporaryDirectory() as temp:
            made = export_for(peer, Path(temp), full=True)
            assert made is not None  # a full package always has something to tell
            package = Path(made["file"])
            sign, box = keys.private_parts()
            plain = {
                "street": {"site_id": site.site_id, "name": site.name,
                           "sign_key": crypto.b64(street_keys.sign_public),
                           "box_key": crypto.b64(street_keys.box_public)},
                "community": {"site_id": site_id, "name": community.name, "community_id": community.id.hex,
                              "sign_key": crypto.b64(sign), "box_key": crypto.b64(box)},
                "package_name": package.name,
                "package": crypto.b64(package.read_bytes()),
            }
        sealed = crypto.seal_with_code(code, json.dumps(plain, ensure_ascii=False).encode("utf-8"), AAD)
        envelope = {"format": FORMAT, "version": VERSION, "sealed": sealed}
        _write_atomically(out, json.dumps(envelope).encode("ascii"))
    return {"file": str(out), "code": code, "community": community.name, "site_id": site_id,
            "bytes": out.stat().st_size}


def read(path, code: str) -> dict:
    path = Path(path)
    if path.is_dir():
        raise UserError(f"{path} 是文件夹，不是登记文件。")
    try:
        envelope = json.loads(path.read_text(encoding="ascii"))
    except FileNotFoundError:
        raise UserError(f"找不到登记文件 {path}") from None
    except OSError as exc:
        raise UserError(f"无法读取登记文件 {path}：{exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise UserError(f"{path.name} 不是 gridapp 登记文件。") from None
    if not isinstance(envelope, dict) or envelope.get("format") != FORMAT:
        raise UserError(f"{path.name} 不是 gridapp 登记文件。")
    version = envelope.get("version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or not isinstance(envelope.get("sealed"), dict):
        raise UserError(f"{path.name} 已损坏，不是完整的 gridapp 登记文件。")
    if version > VERSION:
        raise UserError("登记文件来自更新版本的 gridapp：请先升级 gridapp。")
    try:
        return json.loads(crypto.open_with_code(code, envelope["sealed"], AAD))
    except crypto.BadCipher:
        raise UserError("登记码不对，或登记文件已损坏。") from None


def initialise_from(enrolment: dict, progress=None) -> Site:
    """Make this new, empty database the community site the enrolment describes."""
    if LocalState.get_value("site_id"):
        raise UserError("该数据库已经初始化过。")
    street, me = enrolment["street"], enrolment["community"]
    keys = crypto.SiteKeys(crypto.unb64(me["sign_key"]), crypto.unb64(me["box_key"]))
    with database.atomic():
        for key, value in (("site_id", me["site_id"]), ("site_type", "community"), ("site_name", me["name"]),
                           ("clock", "0"), (COMMUNITY_KEY, me["community_id"])):
            LocalState.set_value(key, value)
        keys.store()
        peer = Peer.create(site_id=street["site_id"], name=street["name"], kind="street",
                           sign_key=crypto.unb64(street["sign_key"]), box_key=crypto.unb64(street["box_key"]))
        site = Site(me["site_id"], "community", me["name"])
        set_current_site(site)
        with tempfile.TemporaryDirectory(dir=_scratch(), prefix=SCRATCH) as temp:
            path = Path(temp) / enrolment["package_name"]
            path.write_bytes(crypto.unb64(enrolment["package"]))
            try:
                pkg = Package.open(path)
                importer.check(pkg, peer, keys)
                importer.apply(pkg, peer, keys, progress)
            except PackageError as exc:
                raise UserError(f"登记文件中的数据包无法使用：{exc}") from None
    return site


SCRATCH = ".gridapp-enrol-"


def _scratch() -> Path | None:
    """Where the enrolment's package is unpacked while it is applied: beside the database
    being made (never the shared temporary folder), else the system's temporary folder."""
    name = getattr(database.obj, "database", "")
    return Path(name).parent if name and name != ":memory:" and Path(name).exists() else None


def own_community() -> str | None:
    """The Community row (hex id) this community site belongs to, if it was enrolled."""
    return LocalState.get_value(COMMUNITY_KEY)
