"""Weekly meetings and tasks on the office file and on a hub server: tasks for a group and for
workers, progress only from the group leader, the open and overdue list on a given day, the
appraisal's share of tasks done on time, the command line all-or-nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import cli
from gridapp.errors import UserError
from gridapp.models import Meeting, Staff, Task
from gridapp.services import appraisal_system, tasks
from tests import boards_data

D = dt.date
TODAY = D(2026, 11, 25)


@pytest.fixture
def made(hub_db):
    made = boards_data.build()
    c = made["community"]
    tasks.set_group(c, "第一小组", "吴组长", ["孙网格", "周备岗"])
    m = tasks.record_meeting(c, D(2026, 11, 2), ["吴组长", "孙网格", "周备岗"], "布置本月工作")
    made["t1"] = tasks.assign(c, "入户核查出租房", D(2026, 11, 20), group="第一小组", meeting=m)
    made["t2"] = tasks.assign(c, "排查楼道隐患", D(2026, 11, 10), worker="孙网格", meeting=m)
    made["t3"] = tasks.assign(c, "整理五必访台账", D(2026, 11, 24), worker="周备岗", meeting=m)
    made["t4"] = tasks.assign(c, "准备年终总结", D(2026, 12, 15), group="第一小组")
    tasks.report(made["t1"], "吴组长", 50, "已查 2 栋", D(2026, 11, 18))
    tasks.report(made["t1"], "吴组长", "100%", "全部查完", D(2026, 11, 19))
    tasks.report(made["t2"], "孙网格", 100, "", D(2026, 11, 12))
    return made


def test_open_and_overdue_tasks_on_a_day(made):
    rows = tasks.listing(today=TODAY)
    assert [(r["title"], r["state"], r["state_label"]) for r in rows] == [
        ("整理五必访台账", "overdue", "逾期 1 天"), ("准备年终总结", "open", "还剩 20 天")]
    done = {r["title"]: r for r in tasks.listing(today=TODAY, open_only=False) if r["state"] == "done"}
    assert (done["入户核查出租房"]["on_time"], done["排查楼道隐患"]["on_time"]) == (True, False)
    assert done["入户核查出租房"]["leader"] == "吴组长" and done["入户核查出租房"]["percent"] == 100


def test_only_the_group_leader_reports_progress(made):
    with pytest.raises(UserError, match="“周备岗”不是这项任务所在小组的组长"):
        tasks.report(made["t4"], "周备岗", 30)
    with pytest.raises(UserError, match="须为 0 到 100 的整数"):
        tasks.report(made["t4"], "吴组长", 120)
    with pytest.raises(UserError, match="二者选一"):
        tasks.assign(made["community"], "x", D(2026, 12, 1), group="第一小组", worker="孙网格")
    assert Task.get_by_id(made["t4"].id).percent == 0
    with pytest.raises(UserError, match="汇报日期 2026-11-01 早于布置这项任务的例会 2026-11-02"):
        tasks.report(made["t3"], "吴组长", 100, "", D(2026, 11, 1))
    with pytest.raises(UserError, match="还没有到"):
        tasks.report(made["t3"], "吴组长", 100, "", dt.date.today() + dt.timedelta(days=1))
    assert Task.get_by_id(made["t3"].id).done_on is None
    tasks.report(made["t3"], "吴组长", 40)  # a member's own task: the leader of their group may report it


def test_a_task_may_not_fall_due_before_its_meeting(made, hub_db, capsys):
    code, _out, err = run(capsys, "tasks", "meeting", "--date", "2026-12-07", "--attendee", "吴组长",
                          "--task", "消防检查|2026/12/1|第一小组", "--db", hub_db)
    assert code == 2 and "任务“消防检查”的完成期限：2026-12-01 早于布置任务的例会日期 2026-12-07" in err
    assert not Meeting.select().where(Meeting.day == D(2026, 12, 7)).exists()
    code, _out, err = run(capsys, "tasks", "meeting", "--date", "2026-12-07", "--attendee", "吴组长",
                          "--task", "消防检查|2026-12-07|第一小组", "--db", hub_db)
    assert code == 0, err  # due the day of the meeting itself is fine


def test_the_appraisal_counts_tasks_done_on_time(made):
    ev = appraisal_system.evidence("2026-11", [made["community"].id], TODAY)
    sun, zhou = (ev[Staff.get(Staff.name == n).id]["tasks_on_time"] for n in ("孙网格", "周备岗"))
    # 孙网格: the group's task on time, his own late; 周备岗: the group's on time, his own not done by the 24th
    assert (sun["value"], sun["late"], zhou["value"]) == (0.5, 1, 0.5)
    assert "按期完成任务 1 项 ÷ 到期任务 2 项 = 50.0%" in sun["text"]
    assert appraisal_system.item_points({"max": 10, "target": 1.0}, sun) == 5.0


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_command_line_meeting_tasks_and_list(made, hub_db, capsys):
    code, out, err = run(capsys, "tasks", "meeting", "--date", "2026-11-23", "--attendee", "吴组长,孙网格",
                         "--minutes", "部署冬季消防检查", "--task", "冬季消防检查|2026-11-30|第一小组",
                         "--task", "走访独居老人|2026-11-27|孙网格", "--db", hub_db)
    assert code == 0, err
    code, out, err = run(capsys, "tasks", "list", "--date", "2026-11-28", "--json", "--db", hub_db)
    assert code == 0, err
    data = json.loads(out)
    assert (data["open"], data["overdue"]) == (4, 2)
    assert [t["title"] for t in data["tasks"][:2]] == ["整理五必访台账", "走访独居老人"]
    code, out, err = run(capsys, "tasks", "report", "--task", "冬季消防检查", "--by", "吴组长", "--percent", "100",
                         "--date", "2026-11-29", "--db", hub_db)
    assert code == 0, err
    code, _out, err = run(capsys, "tasks", "meeting", "--date", "2026-11-30", "--attendee", "吴组长",
                          "--task", "好任务|2026-12-05|第一小组", "--task", "坏任务|2026-13-01|第一小组", "--db", hub_db)
    assert code == 2 and "完成期限" in err and "不是有效日期" in err
    code, out, _err = run(capsys, "tasks", "meetings", "--json", "--db", hub_db)
    assert [m["date"] for m in json.loads(out)] == ["2026-11-23", "2026-11-02"]  # the bad one left nothing


def test_the_rows_sync_like_cards():
    from gridapp.models import SYNC_MODELS, TaskReport

    assert {Task, Meeting, TaskReport} <= set(SYNC_MODELS)
