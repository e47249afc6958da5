"""Matters and their steps travel in packages: a referral goes up to the street office, which
assigns and answers it, and the answer comes back down; edits of different fields merge, the
steps of both sites are all kept. On both engines of the street office."""

from __future__ import annotations

from gridapp.models import Conflict, Matter, MatterPhoto
from gridapp.services import matters
from tests.syncnet import snapshot
from tests.test_matters import PNG
from tests.test_sync import net, send  # noqa: F401 (the fixture on both engines)


def add_referred(node, tmp_path) -> str:
    node.use()
    (tmp_path / "p.png").write_bytes(PNG)
    m = matters.add({"kind": "隐患", "grid": "第一网格", "community": "爱和社区", "place": "长安阁1栋北侧",
                     "description": "挡土墙开裂", "urgency": "重大", "line": "城建环境", "photos": ["p.png"]},
                    base=tmp_path)
    matters.refer(m, "涉及公共设施，社区无力处置")
    return str(m.id)


def matter(node, matter_id) -> Matter:
    node.use()
    return Matter.get_by_id(matter_id)


def actions(node, matter_id) -> list[tuple[str, str]]:
    node.use()
    return [(s.action, s.site_type) for s in matters.timeline(Matter.get_by_id(matter_id))]


def test_a_referral_goes_up_and_the_street_offices_answer_comes_down(net, tmp_path):
    aihe = net.communities[0]
    matter_id = add_referred(aihe, tmp_path)
    send(aihe, net.hub)
    net.hub.import_()
    at_hub = matter(net.hub, matter_id)
    assert (at_hub.state, at_hub.referred, at_hub.number) == ("referred", True, matter(aihe, matter_id).number)
    net.hub.use()
    assert [bytes(p.data) for p in MatterPhoto.select().where(MatterPhoto.matter == at_hub)] == [PNG]
    matters.assign(at_hub, "城建环境", "街道城管科")
    matters.done(at_hub, "已加固挡土墙")
    matters.close(at_hub, "街道办结")
    send(net.hub, aihe)
    aihe.import_()
    back = matter(aihe, matter_id)
    assert (back.state, back.assignee, back.result) == ("closed", "街道城管科", "已加固挡土墙")
    assert actions(aihe, matter_id) == [("receive", "community"), ("refer", "community"), ("assign", "street"),
                                        ("done", "street"), ("close", "street")]
    net.exchange()
    assert snapshot(aihe)["matter_step"] == snapshot(net.hub, own_community_id(aihe))["matter_step"]
    net.communities[1].use()
    assert Matter.select().count() == 0  # another community never sees it


def own_community_id(node) -> str:
    from tests.syncnet import own_community

    return own_community(node)


def handled_at_the_street(net, tmp_path):
    """A referral handled at the street office and synced back: awaiting its call-back."""
    aihe = net.communities[0]
    matter_id = add_referred(aihe, tmp_path)
    net.exchange()
    at_hub = matter(net.hub, matter_id)
    matters.assign(at_hub, "城建环境")
    matters.done(at_hub, "已加固")
    net.exchange()
    return aihe, matter_id


def test_a_call_back_and_a_closure_at_the_same_time_keep_both_steps(net, tmp_path):
    aihe, matter_id = handled_at_the_street(net, tmp_path)
    matters.check(matter(aihe, matter_id), satisfied=True, note="居民满意")  # at the community …
    matters.close(matter(net.hub, matter_id))  # … while the street office closes it
    net.exchange()
    a, h = matter(aihe, matter_id), matter(net.hub, matter_id)
    assert (a.satisfied, a.closed_at is not None) == ("yes", True)  # different fields: both kept
    assert (a.state, a.steps, a.satisfied, a.closed_at) == (h.state, h.steps, h.satisfied, h.closed_at)
    assert sorted(x for x, _ in actions(aihe, matter_id)) == sorted(x for x, _ in actions(net.hub, matter_id))
    assert {"check", "close"} <= {x for x, _ in actions(aihe, matter_id)}
    assert (a.state, a.steps) == ("closed", 6)  # as the chain of its steps leads
    conflicts = []
    for node in net.nodes:
        node.use()
        conflicts += [c.field for c in Conflict.select().where(Conflict.tbl == "matter")]
    assert "state" in conflicts


def test_a_closure_then_a_call_back_elsewhere_leaves_the_matter_closed_on_both_sites(net, tmp_path):
    from gridapp.models import AuditEntry

    aihe, matter_id = handled_at_the_street(net, tmp_path)
    matters.close(matter(net.hub, matter_id))  # the street office closes it …
    aihe.use()
    aihe.site.clock.observe(net.hub.site.clock.last + 100)  # … the community's call-back is written later
    matters.check(matter(aihe, matter_id), satisfied=False, note="居民不满意")
    net.exchange()
    for node in (aihe, net.hub):
        m = matter(node, matter_id)
        assert (m.state, m.steps, m.satisfied) == ("closed", 6, "no"), node
        assert m.closed_at is not None and matters.next_steps(m) == []
        assert [x for x, _ in actions(node, matter_id)] == ["receive", "refer", "assign", "done", "close", "check"]
        notes = [e.note for e in AuditEntry.select().where(AuditEntry.row_id == str(m.id), AuditEntry.action == "matter")]
        assert any("两地同时办理" in n and "定为“已办结”" in n for n in notes), notes


def test_at_the_street_office_a_number_is_found_with_its_community(net, tmp_path):
    import pytest

    from gridapp.errors import ValidationError

    aihe, jianxin = net.communities
    matter_id = add_referred(aihe, tmp_path)
    jianxin.use()
    other = matters.add({"kind": "诉求", "grid": "第一网格", "community": "建新社区", "description": "路灯不亮",
                         "line": "城建环境"})
    matters.refer(other, "街道管护")
    net.exchange()
    number = matter(aihe, matter_id).number
    net.hub.use()
    assert other.number == number
    with pytest.raises(ValidationError, match="在多个社区都有（建新社区、爱和社区），请写明社区"):
        matters.find(number)
    assert matters.find(number, "爱和社区").id.hex == matter_id.replace("-", "")


def test_the_street_office_and_the_community_never_give_two_matters_one_number(net, tmp_path):
    aihe = net.communities[0]
    aihe.use()
    first = matters.add({"kind": "诉求", "grid": "第一网格", "community": "爱和社区", "description": "路灯不亮",
                         "line": "城建环境"})
    net.exchange()
    net.hub.use()  # the street office records a matter of 爱和社区 itself …
    at_hub = matters.add({"kind": "隐患", "grid": "第一网格", "community": "爱和社区", "description": "井盖松动",
                          "line": "城建环境"})
    aihe.use()  # … while the community records another, before they sync
    second = matters.add({"kind": "诉求", "grid": "第一网格", "community": "爱和社区", "description": "楼道堵塞",
                          "line": "城建环境"})
    net.exchange()
    year = first.found_at.year
    assert (first.number, second.number, at_hub.number) == (f"{year}-0001", f"{year}-0002", f"街{year}-0001")
    for node in (aihe, net.hub):
        node.use()
        numbers = [m.number for m in Matter.live()]
        assert sorted(numbers) == sorted([first.number, second.number, at_hub.number]), node
        assert matters.find(f"j{year}-0001", "爱和社区").id == at_hub.id  # typed without 街
    net.hub.use()
    assert matters.add({"kind": "诉求", "grid": "第一网格", "community": "爱和社区", "description": "占道",
                        "line": "城建环境"}).number == f"街{year}-0002"
    aihe.use()
    assert matters.add({"kind": "诉求", "grid": "第一网格", "community": "爱和社区", "description": "噪音",
                        "line": "城建环境"}).number == f"{year}-0003"


def test_two_matters_given_one_number_before_syncing_are_told_apart_on_import(net, tmp_path):
    from gridapp.models import AuditEntry
    from tests.test_sync import send

    aihe = net.communities[0]
    net.hub.use()  # numbered as an older version did at the street office (or kept from before a restore) …
    twin = matters.add({"kind": "隐患", "grid": "第一网格", "community": "爱和社区", "description": "井盖松动",
                        "line": "城建环境", "found_at": "2026-11-03 09:00"})
    twin.number = "2026-0001"
    twin.save()
    aihe.use()  # … while the community gave the same number to a matter found earlier
    first = matters.add({"kind": "诉求", "grid": "第一网格", "community": "爱和社区", "description": "路灯不亮",
                         "line": "城建环境", "found_at": "2026-11-02 09:00"})
    assert first.number == "2026-0001"
    send(aihe, net.hub)
    told = net.hub.import_().messages
    renamed = f"2026-0001-{twin.id.hex[:4].upper()}"
    assert told == [f"事项编号 2026-0001 在爱和社区重复：后发现的一件改为 {renamed}"]
    net.exchange()
    for node in (aihe, net.hub):
        node.use()
        assert {m.id: m.number for m in Matter.live()} == {first.id: "2026-0001", twin.id: renamed}, node
    assert AuditEntry.select().where(AuditEntry.row_id == str(twin.id), AuditEntry.note.contains(renamed)).count() == 1
    aihe.use()
    assert matters.add({"kind": "诉求", "grid": "第一网格", "community": "爱和社区", "description": "噪音",
                        "line": "城建环境"}).number.endswith("-0002")
    assert not Conflict.select().where(Conflict.tbl == "matter").exists()
