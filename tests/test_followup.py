"""Must-visit follow-up on the office file and on a hub server: next due dates from the last
visit and the interval, each worker's due and overdue list, the service-needs sheet (checked,
masked by role, audited, synced columns) and its PDF, the command line."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import cli
from gridapp import settings
from gridapp.errors import UserError
from gridapp.models import AuditEntry, Person, ServiceSheet
from gridapp.services import followup, servicesheets
from gridapp.store import roles
from tests import daily_data, pdftools
from tests.daily_data import TODAY


@pytest.fixture
def team(hub_db):
    return daily_data.build()


def _by_name(rows):
    return {r.name: r for r in rows}


def test_next_due_dates_and_the_overdue_list_match_the_hand_count(team):
    everyone = _by_name(followup.due_list(TODAY, everyone=True))
    # 李四: 2 Nov + 14 = 16 Nov, 9 days late on the 25th
    assert (everyone["李四"].next_due, everyone["李四"].status, everyone["李四"].days) == \
        (dt.date(2026, 11, 16), "overdue", 9)
    # 孙老: last on 10 Nov (the 2nd's visit is older) + 30 = 10 Dec, 15 days left
    assert (everyone["孙老"].last_visit, everyone["孙老"].next_due, everyone["孙老"].status) == \
        (dt.date(2026, 11, 10), dt.date(2026, 12, 10), "ok")
    # 赵一: own interval of 10 days: 20 Nov + 10 = 30 Nov, 5 days left: within the 7-day window
    assert (everyone["赵一"].interval, everyone["赵一"].next_due, everyone["赵一"].status, everyone["赵一"].days) == \
        (10, dt.date(2026, 11, 30), "due", 5)
    # 王小𠇔: never visited
    assert (everyone["王小𠇔"].last_visit, everyone["王小𠇔"].next_due, everyone["王小𠇔"].situation) == \
        (None, None, "从未走访")
    listed = followup.due_list(TODAY, worker=team["worker"].id)
    assert [r.name for r in listed] == ["王小𠇔", "李四", "赵一"]  # overdue first, never visited at the top
    assert [r.name for r in followup.due_list(TODAY, worker=team["backup"].id)] == ["王小𠇔", "李四", "赵一"]
    assert followup.by_worker(listed)[0] == {"worker": "周备岗", "overdue": 2, "due": 1, "ok": 0, "total": 3}


def test_the_lists_of_other_days_and_scopes_match_the_hand_count(team):
    def listed(rows):
        return [(r.name, r.last_visit, r.next_due, r.status, r.days, r.situation) for r in rows]

    # 5 December: 李四 16 Nov (19 days late), 赵一 30 Nov (5 late), 孙老 10 Dec (5 days left: due)
    december = dt.date(2026, 12, 5)
    expected = [("王小𠇔", None, None, "overdue", 0, "从未走访"),
                ("李四", dt.date(2026, 11, 2), dt.date(2026, 11, 16), "overdue", 19, "逾期 19 天"),
                ("赵一", dt.date(2026, 11, 20), dt.date(2026, 11, 30), "overdue", 5, "逾期 5 天"),
                ("孙老", dt.date(2026, 11, 10), dt.date(2026, 12, 10), "due", 5, "还剩 5 天")]
    assert listed(followup.due_list(december)) == expected
    assert listed(followup.due_list(december, [team["community"].id])) == expected
    assert listed(followup.due_list(december, worker="孙网格")) == expected  # by name, as the command line
    assert listed(followup.due_list(december, worker=team["worker"])) == expected
    # 5 November: the visits of the 10th and the 20th have not happened yet
    november = _by_name(followup.due_list(dt.date(2026, 11, 5), everyone=True))
    assert listed([november["李四"], november["孙老"], november["赵一"]]) == [
        ("李四", dt.date(2026, 11, 2), dt.date(2026, 11, 16), "ok", 11, "还剩 11 天"),
        ("孙老", dt.date(2026, 11, 2), dt.date(2026, 12, 2), "ok", 27, "还剩 27 天"),
        ("赵一", None, None, "overdue", 0, "从未走访")]
    assert [r.name for r in followup.due_list(dt.date(2026, 11, 5))] == ["王小𠇔", "赵一"]
    on_time = followup.people([team["community"].id], december, everyone=True)
    assert [(r.name, r.interval, r.categories, r.workers) for r in on_time][-1] == \
        ("孙老", 30, ["老年人"], ["周备岗", "孙网格"])
    assert followup.due_list(december, worker="没有此人") == []


def test_the_index_of_must_visit_people_is_the_one_the_follow_up_reads():
    from pathlib import Path

    from gridapp import categories as cats

    migration = Path(followup.__file__).parents[1] / "migrations" / "0020_must_visit_index.py"
    assert f"(categories & {cats.MUST_VISIT_MASK})" in migration.read_text()


def test_the_category_interval_is_a_setting(team):
    settings.put(settings.followup_interval_key("pregnant"), 30)
    li = _by_name(followup.due_list(TODAY, everyone=True))["李四"]
    assert (li.next_due, li.status, li.days) == (dt.date(2026, 12, 2), "due", 7)  # the 7th day is still due
    settings.put("followup.due_days", 3)
    assert _by_name(followup.due_list(TODAY, everyone=True))["李四"].status == "ok"


def test_a_person_in_two_groups_takes_the_shorter_interval(team):
    from gridapp import categories as cats

    old = Person.get(Person.name == "孙老")
    old.categories = cats.to_mask(["elderly", "frail"], cats.PERSON)
    old.save()
    row = _by_name(followup.due_list(TODAY, everyone=True))["孙老"]
    assert (row.interval, row.next_due, row.status, row.categories) == \
        (14, dt.date(2026, 11, 24), "overdue", ["老年人", "体弱多病"])


def test_the_service_needs_sheet_is_checked_masked_and_audited(team, monkeypatch):
    li = Person.get(Person.name == "李四")
    sheet = servicesheets.save(li, {
        "needs": "产检陪同\n营养指导", "hospital": "市妇幼保健院",
        "contacts": ["张三明 丈夫 １３９－１２３４－５６７８", {"name": "李母", "relation": "母亲", "phone": "0898 6666 8888"}],
        "entitlements": "长寿补贴、长寿补贴、低保"})
    assert (sheet.site, sheet.deleted) and sheet.clock > 0
    shown = servicesheets.view(li)
    assert shown["contacts"][0] == {"name": "张三明", "relation": "丈夫", "phone": "13912345678"}
    assert shown["contacts"][1]["phone"] == "0898-66668888" and shown["entitlements"] == ["长寿补贴", "低保"]
    assert AuditEntry.select().where(AuditEntry.table == "service_sheet").count() >= 1
    before = ServiceSheet.select().count(), ServiceSheet.get_by_id(sheet.id).hospital
    with pytest.raises(UserError, match="紧急联系人第 1 项.*电话“12345”格式不对"):
        servicesheets.save(li, {"hospital": "别的医院", "contacts": ["王五 邻居 12345"]})
    with pytest.raises(UserError, match="紧急联系人第 2 项：“李母”缺少电话：每项写成“姓名 关系 电话”"):
        servicesheets.save(li, {"contacts": ["王五 邻居 13912345678", "李母 母亲"]})
    with pytest.raises(UserError, match="走访间隔.*1 到 366"):
        servicesheets.save(li, {"interval_days": 0})
    with pytest.raises(UserError, match="控制字符"):
        servicesheets.save(li, {"hospital": "医院\x1b[2J"})
    assert (ServiceSheet.select().count(), ServiceSheet.get_by_id(sheet.id).hospital) == before
    monkeypatch.setattr(roles, "current_role", lambda: "clerk")
    assert servicesheets.view(li)["contacts"][0]["phone"] == "139****5678"
    with pytest.raises(UserError, match="不是五必访对象"):
        servicesheets.find_person("张三明")


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_command_line_lists_fills_and_prints(team, hub_db, tmp_path, capsys):
    code, out, err = run(capsys, "followup", "list", "--worker", "孙网格", "--date", "２０２６-11-25", "--json",
                         "--db", hub_db)
    assert code == 0, err
    data = json.loads(out)
    assert (data["overdue"], data["due"]) == (2, 1)
    assert [(p["name"], p["next_due"], p["status_label"]) for p in data["people"]] == \
        [("王小𠇔", None, "逾期"), ("李四", "2026-11-16", "逾期"), ("赵一", "2026-11-30", "待访")]
    code, out, err = run(capsys, "followup", "sheet", "--person", "孙老", "--needs", "助餐", "--hospital", "第三人民医院",
                         "--contact", "孙小 儿子 13800005555", "--entitlement", "长寿补贴", "--json", "--db", hub_db)
    assert code == 0, err
    assert json.loads(out)["entitlements"] == ["长寿补贴"]
    code, out, err = run(capsys, "followup", "sheet", "--person", "孙老", "--contact", "孙小 儿子 555",
                         "--db", hub_db)
    assert code == 2 and "电话“555”格式不对" in err and "Traceback" not in err
    code, _out, err = run(capsys, "followup", "list", "--date", "2026-02-30", "--db", hub_db)
    assert code == 2 and "不是有效日期" in err
    pdf = tmp_path / "sheets.pdf"
    code, out, err = run(capsys, "followup", "print", "--out", pdf, "--date", "2026-11-25", "--masked", "--db", hub_db)
    assert code == 0, err
    assert pdftools.pages(pdf) == 4
    text = pdftools.text(pdf)
    assert "服务需求供给表" in text and "长寿补贴" in text and "138****5555" in text and "13800005555" not in text
    assert "网格员签名" in text


def test_the_sheet_columns_sync_like_cards():
    from gridapp.store.synced import SyncModel

    assert issubclass(ServiceSheet, SyncModel) and ServiceSheet in __import__("gridapp.models").models.SYNC_MODELS


def test_the_appraisal_may_score_must_visits_by_the_follow_up(team):
    from gridapp.services import appraisal_system as system

    ev = system.evidence("2026-11", [team["community"].id], TODAY)[team["worker"].id]["must_visit_followup"]
    # of 李四, 孙老, 赵一 and 王小𠇔, on the 25th 孙老 and 赵一 are not overdue
    assert (ev["value"], ev["overdue"]) == (0.5, 2) and "2 人 ÷ 4 人 = 50.0%" in ev["text"]
    assert system.item_points({"max": 10, "target": 1.0, "formula": "must_visit_followup"}, ev) == 5.0
    october = system.evidence("2026-10", [team["community"].id], TODAY)[team["worker"].id]["must_visit_followup"]
    assert october["value"] == 0.0  # on 31 October nobody had been visited yet
