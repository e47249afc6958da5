"""The daily work travels like cards: a community's diary, service-needs sheet, rota and tasks
reach the street office (on each engine), a correction there comes back, and the other
community receives none of it."""

from __future__ import annotations

import datetime as dt

import pytest

from gridapp import categories as cats
from gridapp.models import (
    Community,
    DiaryFinding,
    DutyRota,
    House,
    Household,
    Meeting,
    Person,
    ServiceSheet,
    Staff,
    Task,
)
from gridapp.services import diary, rota, servicesheets, tasks
from tests.conftest import ENGINES
from tests.syncnet import own_community


@pytest.fixture(params=ENGINES)
def net(request, tmp_path):
    if request.param == "sqlite":
        return request.getfixturevalue("sync_template").clone(tmp_path)
    return request.getfixturevalue("pg_sync_template").clone(tmp_path, request.getfixturevalue("pg_server"))


def test_the_daily_work_of_a_community_reaches_the_street_and_only_it(net):
    aihe, jianxin = net.communities
    community = Community.get_by_id(own_community(aihe))
    worker = Staff.live().where(Staff.community == community).first()
    finding = diary.add_finding(worker, dt.date(2026, 11, 17), "隐患", "楼道堆放杂物")
    household = Household.create(house=House.select().order_by(House.id).first())
    old = Person.create(household=household, name="孙老", relation="户主",
                        categories=cats.to_mask(["elderly"], cats.PERSON))
    sheet = servicesheets.save(old, {"hospital": "第三人民医院", "entitlements": ["长寿补贴"]})
    rota.set_rota(community, dt.date(2026, 11, 2), [{"name": "甲组", "staff": [worker.name]}])
    meeting = tasks.record_meeting(community, dt.date(2026, 11, 2), [worker.name], "布置工作")
    task = tasks.assign(community, "排查隐患", dt.date(2026, 11, 20), worker=worker.name, meeting=meeting)
    net.exchange()
    net.hub.use()
    assert DiaryFinding.get_by_id(finding.id).text == "楼道堆放杂物"
    assert ServiceSheet.get_by_id(sheet.id).hospital == "第三人民医院"
    assert Task.get_by_id(task.id).meeting_id == meeting.id and DutyRota.select().count() == 1
    at_hub = ServiceSheet.get_by_id(sheet.id)
    at_hub.hospital = "市人民医院"
    at_hub.save()
    net.exchange()
    aihe.use()
    assert ServiceSheet.get_by_id(sheet.id).hospital == "市人民医院"
    jianxin.use()
    assert [m.select().count() for m in (DiaryFinding, ServiceSheet, DutyRota, Meeting, Task)] == [0] * 5
