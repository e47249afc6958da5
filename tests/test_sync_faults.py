"""Bad packages change nothing: truncated, flipped, forged, replayed, from the future,
or from a PC whose clock runs a year ahead. Each is refused (or is a harmless duplicate)
with a clear message, and the database stays whole."""

from __future__ import annotations

import json
import shutil
import struct

from gridapp import clock, db
from gridapp.models import House, Household, Peer, Person, Staff, database
from gridapp.sync import crypto, importer, package
from gridapp.sync.package import MAGIC, Writer
from tests.syncnet import snapshot


def families(node, count: int) -> None:
    node.use()
    for i, house in enumerate(House.select().order_by(House.id).limit(count)):
        household = Household.create(house=house, note=f"第{i}户")
        Person.create(household=household, name=f"居民{i}", phone=f"1380000{i:04d}", relation="户主")


def healthy(node) -> None:
    node.use()
    assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []


def one_package(node) -> bytes:
    ((path, _),) = node.export()
    return path.read_bytes(), path.name


def try_import(hub, data: bytes, name: str):
    """Put ``data`` alone in the street office's in folder under ``name``; import it."""
    shutil.rmtree(hub.inbox)
    hub.inbox.mkdir()
    (hub.inbox / name).write_bytes(data)
    return hub.import_()


def record_ends(data: bytes) -> list[int]:
    """Offsets just after the preamble and after every chunk record."""
    (head_len,) = struct.unpack(">I", data[10:14])
    offset = 14 + head_len
    ends = [offset]
    while True:
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        offset += 4 + length
        ends.append(offset)
        if length == 0:
            return ends


def test_a_package_cut_at_any_chunk_boundary_is_refused(net, monkeypatch):
    monkeypatch.setattr(package, "CHUNK_SIZE", 512)
    aihe = net.communities[0]
    families(aihe, 40)
    data, name = one_package(aihe)
    ends = record_ends(data)
    assert len(ends) > 5
    before = snapshot(net.hub)
    for cut in ends + [e + 2 for e in ends[:-1]] + [len(data) - 1, len(data) - 70, 13, 0]:
        result = try_import(net.hub, data[:cut], name)
        assert (result.applied, result.rejected) == (0, 1), cut
        assert "不完整" in result.messages[0] or "不是 gridapp 数据包" in result.messages[0], result.messages
    assert snapshot(net.hub) == before
    healthy(net.hub)
    assert try_import(net.hub, data, name).applied == 1  # the whole file still goes in


def test_a_flipped_byte_anywhere_is_refused(net, monkeypatch):
    monkeypatch.setattr(package, "CHUNK_SIZE", 512)
    aihe = net.communities[0]
    families(aihe, 20)
    data, name = one_package(aihe)
    before = snapshot(net.hub)
    ends = record_ends(data)
    spots = [9, 20, 40, ends[0] + 1] + [e + 10 for e in ends[:-2]] + [len(data) - 100, len(data) - 40,
                                                                       len(data) - 3]
    for spot in spots:
        bad = bytearray(data)
        bad[spot] ^= 0x01
        result = try_import(net.hub, bytes(bad), name)
        assert (result.applied, result.rejected) == (0, 1), spot
        assert "未导入" in result.messages[0]
    assert snapshot(net.hub) == before
    healthy(net.hub)


def test_a_package_claiming_to_come_from_another_community_is_refused(net):
    aihe, jianxin = net.communities
    families(jianxin, 2)
    jianxin.use()
    keys = crypto.SiteKeys.load()
    header = {"from": aihe.site.site_id, "to": net.hub.site.site_id, "kind": "changes", "package": 1,
              "seq": [1, 1]}
    street = Peer.get()  # the forger knows the street office's public key from its own enrolment
    writer = Writer(jianxin.outbox, keys, header, bytes(street.box_key))
    writer.write(["u", 1, "grid", "0" * 32, 1, aihe.site.site_id, {"note": "伪造"}, None])
    (path,) = writer.finish({"schema": db.schema_version(), "clock": clock.now_ms() << 16, "counts": {},
                             "acks": {}})
    before = snapshot(net.hub)
    result = try_import(net.hub, path.read_bytes(), path.name)
    assert (result.applied, result.rejected) == (0, 1)
    assert "签名无效" in result.messages[0]
    assert snapshot(net.hub) == before


def test_a_replayed_package_changes_nothing(net):
    aihe = net.communities[0]
    families(aihe, 2)
    old, old_name = one_package(aihe)
    assert try_import(net.hub, old, old_name).applied == 1
    aihe.use()
    person = Person.get()
    person.phone = "13900009999"
    person.save()
    new, new_name = one_package(aihe)
    assert try_import(net.hub, new, new_name).applied == 1
    before = snapshot(net.hub)
    result = try_import(net.hub, old, old_name)
    assert (result.applied, result.duplicate) == (0, 1)
    assert snapshot(net.hub) == before
    net.hub.use()
    assert Person.get_by_id(person.id).phone == "13900009999"


def test_a_package_from_a_newer_gridapp_is_refused(net):
    aihe = net.communities[0]
    families(aihe, 1)
    data, name = one_package(aihe)
    newer_format = MAGIC + struct.pack(">H", 2) + data[10:]
    result = try_import(net.hub, newer_format, name)
    assert result.rejected == 1 and "格式版本 2" in result.messages[0] and "升级" in result.messages[0]
    aihe.use()
    keys = crypto.SiteKeys.load()
    hub_peer = Peer.get()
    header = {"from": aihe.site.site_id, "to": hub_peer.site_id, "kind": "changes", "package": 2, "seq": [3, 3]}
    writer = Writer(aihe.outbox, keys, header, bytes(hub_peer.box_key))
    (path,) = writer.finish({"schema": 999, "clock": clock.now_ms() << 16, "counts": {}, "acks": {}})
    before = snapshot(net.hub)
    result = try_import(net.hub, path.read_bytes(), path.name)
    assert result.rejected == 1 and "更新版本" in result.messages[0]
    assert snapshot(net.hub) == before


def test_a_pc_clock_a_year_ahead_cannot_win_every_conflict(net, monkeypatch):
    aihe = net.communities[0]
    families(aihe, 1)
    net.exchange()
    real = clock.now_ms
    monkeypatch.setattr(clock, "now_ms", lambda: real() + 365 * 86_400_000)
    aihe.use()
    person = Person.get()
    person.phone = "13900000000"
    person.save()
    data, name = one_package(aihe)
    monkeypatch.setattr(clock, "now_ms", real)
    before = snapshot(net.hub)
    result = try_import(net.hub, data, name)
    assert result.rejected == 1 and "超前约 365 天" in result.messages[0] and "日期和时间" in result.messages[0]
    assert snapshot(net.hub) == before
    healthy(net.hub)


def test_temporary_and_unknown_files_are_ignored(net):
    aihe = net.communities[0]
    families(aihe, 1)
    data, name = one_package(aihe)
    (net.hub.inbox / f".gridapp-{name[8:16]}-abc.1.tmp").write_bytes(data[:100])
    (net.hub.inbox / "照片.jpg").write_bytes(b"\xff\xd8")
    (net.hub.inbox / "readme.txt").write_text("x")
    result = net.hub.import_()
    assert (result.applied, result.rejected, result.waiting) == (0, 0, 0)


def test_a_big_package_is_split_into_parts_that_must_all_be_there(net, monkeypatch):
    monkeypatch.setattr(package, "CHUNK_SIZE", 1024)
    aihe = net.communities[0]
    families(aihe, 60)
    aihe.use()
    from gridapp.sync.export import export
    (made,) = export(aihe.outbox, part_size=1500)
    assert made["parts"] > 2
    parts = sorted(aihe.outbox.glob("*.gsp"))
    assert all(p.stat().st_size <= 1500 for p in parts)
    assert all(".part" in p.name for p in parts)
    for p in parts[1:]:
        shutil.copy(p, net.hub.inbox / p.name)
    result = net.hub.import_()
    assert result.rejected == 1 and "缺少第 1 部分" in result.messages[0]
    shutil.copy(parts[0], net.hub.inbox / parts[0].name)
    assert net.hub.import_().applied == 1
    net.hub.use()
    assert Person.select().count() == 60


def test_package_files_carry_no_personal_data(net):
    aihe = net.communities[0]
    families(aihe, 3)
    data, name = one_package(aihe)
    assert package.NAME.match(name)
    for secret in ("居民1", "13800000001", "爱和社区", "滨江街道", "第1户"):
        assert secret.encode() not in data and secret not in name
    manifest = json.loads(data[-76 - struct.unpack(">I", data[-76:-72])[0]:-76])
    assert manifest["counts"] == {"household": 3, "person": 3, "audit_entry": 7}  # the trail travels along, this package in it


def test_packages_for_other_sites_in_a_shared_folder_are_skipped_and_said(net):
    aihe = net.communities[0]
    net.hub.use()
    staff = Staff.get()  # reference data: the street sends it to every community
    staff.phone = "13911112222"
    staff.save()
    shared = net.hub.outbox
    made = net.hub.export()
    assert len(made) == 2
    data, name = made[0][0].read_bytes(), made[0][0].name
    strange = "_".join(["gridapp", "0badc0de", "0badbeef"] + name.split("_")[3:])
    (shared / strange).write_bytes(data)  # from an office of another street
    aihe.use()
    result = importer.import_from(shared)
    assert (result.applied, result.rejected, result.skipped) == (1, 0, 2)
    skipped = [m for m in result.messages if m.startswith("跳过")]
    assert len(skipped) == 2 and all("未导入" in m for m in skipped)
    assert any("“滨江街道”发给其他站点" in m for m in skipped)
    assert any(strange in m and "另一个街道" in m for m in skipped)
    assert "跳过 2 个不是发给本站点的" in result.summary()
    assert result.as_dict()["skipped"] == 2
    assert Staff.get_by_id(staff.id).phone == "13911112222"
    aihe.export()
    assert importer.import_from(aihe.outbox).skipped == 0  # its own packages, waiting to go, are no news
