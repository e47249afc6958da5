"""The work diary on the office file and on a hub server: a week's summary (日清周结) from
day entries counted by hand, flagged findings and the hook that turns one into a matter, bad
input refused whole, the command line and the signed PDF."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import cli
from gridapp.errors import UserError
from gridapp.models import DiaryDay, DiaryFinding, Staff, VisitEntry
from gridapp.services import diary
from tests import daily_data, pdftools

TUE, WED, FRI = dt.date(2026, 11, 17), dt.date(2026, 11, 18), dt.date(2026, 11, 20)


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def team(hub_db):
    return daily_data.build()


def _key_the_week(capsys, db) -> None:
    """Tuesday and Wednesday keyed on the command line; Friday's visit is in daily_data."""
    assert run(capsys, "diary", "day", "--worker", "孙网格", "--date", TUE, "--visit", "1栋1单元101 102",
               "--finding", "隐患：1栋楼道堆放杂物", "--finding", "李四希望了解产检补助", "--hours", "3.5",
               "--db", db)[0] == 0
    assert run(capsys, "diary", "day", "--worker", "孙网格", "--date", "2026年11月18日", "--visit", "1栋1单元102 202",
               "--finding", "社情民意：居民反映路灯不亮", "--hours", "２小时", "--db", db)[0] == 0
    code, out, err = run(capsys, "diary", "day", "--worker", "孙网格", "--date", FRI, "--finding",
                         "矛盾：2单元201两户因漏水起纠纷", "--place", "1栋2单元201", "--json", "--db", db)
    assert code == 0, err
    friday = json.loads(out)
    assert (friday["households"], friday["must_visit"], friday["hours"]) == (2, 1, None)
    assert [(f["kind_label"], f["flagged"]) for f in friday["findings"]] == [("矛盾", True)]


def test_the_week_summary_adds_up_the_days(team, hub_db, capsys, tmp_path):
    _key_the_week(capsys, hub_db)
    code, out, err = run(capsys, "diary", "week", "--worker", "孙网格", "--date", WED, "--json", "--db", hub_db)
    assert code == 0, err
    week = json.loads(out)
    assert (week["start"], week["end"]) == ("2026-11-16", "2026-11-22")
    # Tue 101, 102 (李四); Wed 102, 202 (王小𠇔); Fri both households of 2单元201 (赵一)
    assert week["totals"] == {"days_in_grid": 3, "visits": 6, "households": 5, "must_visit": 3, "hours": 5.5,
                              "findings": {"需求": 1, "社情民意": 1, "隐患": 1, "矛盾": 1}}
    assert [d["in_grid"] for d in week["days"]] == [False, True, True, False, True, False, False]
    assert [(f["date"], f["kind_label"]) for f in week["flagged"]] == [("2026-11-17", "隐患"), ("2026-11-20", "矛盾")]
    pdf = tmp_path / "week.pdf"
    assert run(capsys, "diary", "week", "--worker", "孙网格", "--date", WED, "--out", pdf, "--db", hub_db)[0] == 0
    text = pdftools.text(pdf)
    assert "日清周结" in text and "网格长审核签名" in text and "1栋楼道堆放杂物" in text


def test_a_day_with_a_bad_field_writes_nothing(team, hub_db, capsys):
    before = VisitEntry.select().count(), DiaryFinding.select().count(), DiaryDay.select().count()
    code, _out, err = run(capsys, "diary", "day", "--worker", "孙网格", "--date", TUE, "--visit", "1栋1单元101",
                          "--finding", "隐患：漏电", "--hours", "25", "--db", hub_db)
    assert code == 2 and "入格时长" in err and "0 到 24" in err
    code, _out, err = run(capsys, "diary", "day", "--worker", "孙网格", "--date", TUE, "--finding", "需求：\x07",
                          "--db", hub_db)
    assert code == 2 and "控制字符" in err
    code, _out, err = run(capsys, "diary", "day", "--worker", "孙网格", "--date", "2099-01-01", "--hours", "2",
                          "--db", hub_db)
    assert code == 2 and "日记只能记今天和以前" in err
    from gridapp import db

    db.open_database(hub_db, "test-passphrase" if hasattr(hub_db, "parent") else None)
    assert (VisitEntry.select().count(), DiaryFinding.select().count(), DiaryDay.select().count()) == before


def test_a_flagged_finding_waits_until_it_becomes_a_matter(team, monkeypatch):
    worker = Staff.get(Staff.name == "孙网格")
    need = diary.add_finding(worker, TUE, "需求", "代购药品")
    hazard = diary.add_finding(worker, TUE, "hazard", "电动车楼道充电", "1栋1单元")
    assert (need.flagged, hazard.flagged) == (False, True)
    monkeypatch.setattr(diary, "MATTER_HOOK", None)  # without the events register: flagged only
    assert diary.escalate(need) == "已标记为待处理"
    assert sorted(r["text"] for r in diary.flagged()) == ["代购药品", "电动车楼道充电"]
    monkeypatch.setattr(diary, "MATTER_HOOK", lambda finding: "SJ-2026-0001")
    assert diary.escalate(hazard) == "已转为事件 SJ-2026-0001"
    assert [r["text"] for r in diary.flagged()] == ["代购药品"]
    assert [r["matter"] for r in diary.flagged(handled=True)] == ["SJ-2026-0001"]
    with pytest.raises(UserError, match="没有“闲聊”这一类"):
        diary.add_finding(worker, TUE, "闲聊", "x")
    assert diary.parse_finding("隐患：井盖缺失") == ("hazard", "井盖缺失")
    assert diary.parse_finding("楼下：有人吵架") == ("need", "楼下：有人吵架")


def test_a_finding_turned_into_a_matter_is_in_the_events_register(team):
    from gridapp.models import Matter

    worker = Staff.get(Staff.name == "孙网格")
    hazard = diary.add_finding(worker, TUE, "隐患", "电动车楼道充电", "1栋")
    said = diary.escalate(hazard)
    matter = Matter.get()
    assert said == f"已转为事件 {matter.number}"
    assert (matter.kind, matter.description, matter.found_by, matter.found_at.date()) == \
        ("hazard", "电动车楼道充电", "孙网格", TUE)
    assert matter.grid_id in {a.grid_id for a in worker.assignments if not a.deleted}
    assert diary.flagged() == [] and [r["matter"] for r in diary.flagged(handled=True)] == [matter.number]
    assert diary.escalate(DiaryFinding.get_by_id(hazard.id)) == "已标记为待处理"  # once only: no second matter
    assert Matter.select().count() == 1


def test_a_visit_line_without_addresses_says_how_many_households(team):
    worker = Staff.get(Staff.name == "孙网格")
    VisitEntry.create(community=worker.community_id, staff=worker, day=TUE, households="[]", visited=4,
                      purpose="入户走访", typed="")
    assert diary.day_view(worker, TUE)["lines"] == ["4 户（入户走访，未记地址）"]
