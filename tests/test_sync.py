"""Sync between a street office and its communities: what flows where, merging, the
conflict list, duplicates, missing packages, acknowledgements."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gridapp import idnumber
from gridapp.models import Grid, House, Household, Outbox, Person, Staff
from gridapp.services import conflicts
from gridapp.store import journal
from gridapp.sync import status
from tests.conftest import ENGINES
from tests.syncnet import own_community, snapshot


@pytest.fixture(params=ENGINES)
def net(request, tmp_path):
    """A fresh copy of the street office and its two communities, the street office's
    database on each engine."""
    if request.param == "sqlite":
        return request.getfixturevalue("sync_template").clone(tmp_path)
    return request.getfixturevalue("pg_sync_template").clone(tmp_path, request.getfixturevalue("pg_server"))


def send(node, to_node) -> None:
    for path, to in node.export():
        assert to == to_node.site.site_id
        to_node.receive(path)


def add_family(node, name="张三", phone="13800000001", number=None):
    node.use()
    house = House.select().order_by(House.id).first()
    household = Household.create(house=house, note="")
    return Person.create(household=household, name=name, phone=phone, relation="户主", id_number=number)


def test_enrolled_community_holds_the_street_structure_and_only_its_own_houses(net):
    aihe, jianxin = net.communities
    aihe.use()
    assert {g.name for g in Grid.select()} == {"第一网格", "第二网格"} | {"第一网格"}
    assert Grid.select().count() == 3 and Staff.select().count() == 3
    assert House.select().count() == 96  # 爱和社区's houses; 建新社区's 10 stay away
    jianxin.use()
    assert House.select().count() == 10


def test_household_goes_up_and_a_street_correction_comes_back_to_its_community_only(net):
    aihe, jianxin = net.communities
    person = add_family(aihe)
    send(aihe, net.hub)
    assert net.hub.import_().applied == 1
    net.hub.use()
    at_hub = Person.get_by_id(person.id)
    assert at_hub.name == "张三"
    at_hub.phone = "13900000002"
    at_hub.save()
    made = net.hub.export()
    assert {to for _, to in made} == {aihe.site.site_id}  # nothing about 张三 for 建新社区
    for path, _to in made:
        aihe.receive(path)
    assert aihe.import_().applied == 1
    aihe.use()
    assert Person.get_by_id(person.id).phone == "13900000002"
    jianxin.use()
    assert Person.select().count() == 0


def test_different_fields_changed_at_both_ends_both_survive(net):
    aihe = net.communities[0]
    person = add_family(aihe)
    net.exchange()
    aihe.use()
    p = Person.get_by_id(person.id)
    p.phone = "13700000003"
    p.save()
    net.hub.use()
    p = Person.get_by_id(person.id)
    p.name = "张叁"
    p.save()
    net.exchange()
    for node in (aihe, net.hub):
        node.use()
        p = Person.get_by_id(person.id)
        assert (p.name, p.phone) == ("张叁", "13700000003")
        assert conflicts.conflicts() == []


def test_same_field_changed_at_both_ends_one_wins_everywhere_and_the_other_is_listed(net):
    aihe = net.communities[0]
    person = add_family(aihe)
    net.exchange()
    for node, phone in ((aihe, "13700000003"), (net.hub, "13600000004")):
        node.use()
        p = Person.get_by_id(person.id)
        p.phone = phone
        p.save()
    net.exchange()
    seen = set()
    for node in (aihe, net.hub):
        node.use()
        (c,) = conflicts.conflicts()
        seen.add((Person.get_by_id(person.id).phone, c["current"], c["other"]))
        assert c["record"] == "张三" and c["field"] == "phone"
        assert {c["current_by"].removesuffix("（本站）"), c["other_by"].removesuffix("（本站）")} == {"滨江街道", "爱和社区"}
    assert len(seen) == 1  # the same winner at both ends
    winner, _, loser = seen.pop()
    # the street office swaps to the other value: an edit like any other, and it travels
    net.hub.use()
    conflicts.swap(conflicts.conflicts()[0]["id"])
    assert conflicts.conflicts() == []
    net.exchange()
    aihe.use()
    assert Person.get_by_id(person.id).phone == loser


def test_the_same_package_twice_changes_nothing_and_says_so(net):
    aihe = net.communities[0]
    add_family(aihe)
    send(aihe, net.hub)
    first = net.hub.import_()
    assert (first.applied, first.duplicate) == (1, 0)
    net.hub.use()
    before = snapshot(net.hub)
    again = net.hub.import_()
    assert (again.applied, again.duplicate, again.changes) == (0, 1, 0)
    assert "已导入过" in again.messages[0]
    assert snapshot(net.hub) == before


def test_a_missing_package_is_named_and_later_ones_wait_for_it(net):
    aihe = net.communities[0]
    add_family(aihe, "甲")
    (first, _), = aihe.export()
    add_family(aihe, "乙")
    send(aihe, net.hub)  # only the second package arrives
    result = net.hub.import_()
    assert (result.applied, result.waiting) == (0, 1)
    assert result.missing == ["爱和社区 第 1 号数据包缺失"]
    net.hub.use()
    assert Person.select().count() == 0
    assert status.status()["missing"] == ["爱和社区 第 1 号数据包缺失"]
    net.hub.receive(first)
    result = net.hub.import_()
    assert (result.applied, result.waiting, result.missing) == (2, 0, [])
    net.hub.use()
    assert {p.name for p in Person.select()} == {"甲", "乙"}
    assert status.status()["missing"] == []


def test_the_street_acknowledges_what_it_applied(net):
    aihe = net.communities[0]
    add_family(aihe)
    send(aihe, net.hub)
    aihe.use()
    (hub_peer,) = status.status()["peers"]
    assert (hub_peer["last_package_sent"], hub_peer["acknowledged_package"], hub_peer["unacknowledged"]) == (1, 0, 2)
    net.hub.import_()
    send(net.hub, aihe)  # nothing new for 爱和社区 but the acknowledgement
    aihe.import_()
    aihe.use()
    (hub_peer,) = status.status()["peers"]
    assert (hub_peer["acknowledged_package"], hub_peer["unacknowledged"]) == (1, 0)


def test_pending_changes_are_counted_until_exported(net):
    aihe = net.communities[0]
    add_family(aihe)
    aihe.use()
    assert status.status()["pending"] == 2
    assert "待发送 2" in status.status_line()
    aihe.export()
    aihe.use()
    assert status.status()["pending"] == 0


def test_a_tombstone_travels_and_the_row_leaves_the_counts(net):
    aihe = net.communities[0]
    person = add_family(aihe)
    net.exchange()
    net.hub.use()
    Person.get_by_id(person.id).delete_instance()
    net.exchange()
    aihe.use()
    assert Person.get_by_id(person.id).deleted and Person.live().count() == 0


def test_street_flags_an_id_number_present_in_two_communities(net):
    number = idnumber.make("110105", dt.date(1980, 2, 3), 77)
    aihe, jianxin = net.communities
    add_family(aihe, "王五", number=number)
    add_family(jianxin, "王五", number=number)
    net.exchange()
    net.hub.use()
    (dupe,) = conflicts.duplicate_id_numbers()
    assert dupe["communities"] == ["建新社区", "爱和社区"] and dupe["id_number"] == idnumber.mask(number)
    assert status.status()["duplicate_id_numbers"] == 1


def test_reference_change_at_one_community_reaches_the_others(net):
    aihe, jianxin = net.communities
    aihe.use()
    staff = Staff.get(Staff.name == "赵敏")
    staff.phone = "13500000005"
    staff.save()
    net.exchange()
    jianxin.use()
    assert Staff.get_by_id(staff.id).phone == "13500000005"
    assert snapshot(jianxin) == snapshot(net.hub, own_community(jianxin))


def test_save_that_changes_nothing_writes_nothing(net):
    aihe = net.communities[0]
    person = add_family(aihe)
    before = Outbox.select().count()
    p = Person.get_by_id(person.id)
    p.phone = p.phone
    assert p.save() == 0
    assert Outbox.select().count() == before


def test_query_level_writes_are_refused_because_they_would_not_sync(net):
    net.hub.use()
    with pytest.raises(TypeError, match="bypass sync"):
        Person.update(phone="x").execute()
    with pytest.raises(TypeError, match="bypass sync"):
        Person.insert_many([])
    with pytest.raises(TypeError, match="bypass sync"):
        Person.delete()
    assert Staff.update_rows(Staff.role == "grid_worker", active=False) == 2
    assert not Staff.live().where(Staff.active == True).where(Staff.role == "grid_worker").exists()  # noqa: E712


def test_sequence_numbers_have_no_gaps_when_a_change_is_rolled_back(net):
    from gridapp.models import database

    aihe = net.communities[0]
    add_family(aihe, "甲")
    with pytest.raises(RuntimeError):
        with database.atomic():
            add_family(aihe, "乙")
            raise RuntimeError("cancelled")
    add_family(aihe, "丙")
    seqs = [e.seq for e in Outbox.select().order_by(Outbox.seq)]
    assert seqs == list(range(1, len(seqs) + 1))


def test_a_lost_package_is_sent_again_from_what_was_acknowledged(net):
    from gridapp.sync.export import export

    aihe = net.communities[0]
    add_family(aihe, "甲")
    send(aihe, net.hub)
    net.hub.import_()
    send(net.hub, aihe)  # the street acknowledges package 1
    aihe.import_()
    add_family(aihe, "乙")
    first_lost = journal.last_seq() - 3  # 乙's household, person and their two audit entries
    aihe.export()  # package 2: lost on the way
    add_family(aihe, "丙")
    send(aihe, net.hub)  # package 3 arrives and waits
    assert net.hub.import_().missing == ["爱和社区 第 2 号数据包缺失"]
    aihe.use()
    (again,) = export(aihe.outbox, resend=True)
    assert again["package"] == 2 and again["seq"][0] == first_lost
    net.hub.receive(Path(again["file"]))
    result = net.hub.import_()
    assert result.applied == 1 and result.missing == []
    net.hub.use()
    assert {p.name for p in Person.select()} == {"甲", "乙", "丙"}
