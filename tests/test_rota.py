"""The duty rota on the office file and on a hub server: three groups take the working days in
turn over the 2026 Mid-autumn and National Day holidays (and a day the office keyed itself), a
swap and a stand-in, the month printed, today's duty with the day's intake."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import cli
from gridapp.errors import UserError
from gridapp.models import Card, DutyChange
from gridapp.services import rota, workdays
from tests import boards_data, pdftools

D = dt.date
GROUPS = [{"name": "甲组", "staff": ["孙网格"]}, {"name": "乙组", "staff": ["周备岗"]}, {"name": "丙组", "staff": ["吴组长"]}]


@pytest.fixture
def made(hub_db):
    made = boards_data.build()
    rota.set_rota(made["community"], D(2026, 9, 28), GROUPS)
    return made


def _plan(community, start, end):
    return [(d.day, d.group) for d in rota.duties(community, start, end)[0]]


def test_the_groups_take_the_working_days_in_turn_over_the_holidays(made):
    c = made["community"]
    # 1–7 October are National Day holidays; Saturday 10 October is a make-up workday; 11 October a Sunday
    assert _plan(c, D(2026, 9, 28), D(2026, 10, 13)) == [
        (D(2026, 9, 28), "甲组"), (D(2026, 9, 29), "乙组"), (D(2026, 9, 30), "丙组"),
        (D(2026, 10, 8), "甲组"), (D(2026, 10, 9), "乙组"), (D(2026, 10, 10), "丙组"),
        (D(2026, 10, 12), "甲组"), (D(2026, 10, 13), "乙组")]
    workdays.key_day(D(2026, 10, 12), False, "社区调休")  # the office's own day off moves the turn on
    assert _plan(c, D(2026, 10, 12), D(2026, 10, 14)) == [(D(2026, 10, 13), "甲组"), (D(2026, 10, 14), "乙组")]
    assert rota.on(c, D(2026, 10, 3)) is None


def test_a_swap_and_a_stand_in_change_only_their_days(made):
    c = made["community"]
    rota.swap(c, D(2026, 10, 8), D(2026, 10, 9), "家中有事")
    rota.stand_in(c, D(2026, 10, 10), "吴组长", "孙网格", "培训")
    days = {d.day: d for d in rota.duties(c, D(2026, 10, 8), D(2026, 10, 12))[0]}
    assert (days[D(2026, 10, 8)].group, days[D(2026, 10, 9)].group) == ("乙组", "甲组")
    assert days[D(2026, 10, 8)].changed == "与 10-09 调换"
    assert (days[D(2026, 10, 10)].staff, days[D(2026, 10, 10)].changed) == (["孙网格"], "孙网格 替 吴组长")
    assert days[D(2026, 10, 12)].group == "甲组"
    before = DutyChange.select().count()
    with pytest.raises(UserError, match="2026-10-04 不是值班日"):
        rota.swap(c, D(2026, 10, 4), D(2026, 10, 9))
    with pytest.raises(UserError, match="值班的是孙网格，不是“周备岗”"):
        rota.stand_in(c, D(2026, 10, 10), "周备岗", "吴组长")
    with pytest.raises(UserError, match="本社区没有在岗工作人员“张三”"):
        rota.set_rota(c, D(2026, 11, 2), [{"name": "甲组", "staff": ["张三"]}])
    assert DutyChange.select().count() == before


def test_a_stand_in_is_someone_else_not_on_duty_that_day(made):
    c = made["community"]
    rota.set_rota(c, D(2026, 11, 2), [{"name": "甲组", "staff": ["孙网格", "周备岗"]}, {"name": "乙组", "staff": ["吴组长"]}])
    before = DutyChange.select().count()
    with pytest.raises(UserError, match="替班人与请假人都是“孙网格”"):
        rota.stand_in(c, D(2026, 11, 2), "孙网格", "孙网格")
    with pytest.raises(UserError, match="“周备岗”2026-11-02 本来就在值班"):
        rota.stand_in(c, D(2026, 11, 2), "孙网格", "周备岗")
    assert DutyChange.select().count() == before
    assert rota.on(c, D(2026, 11, 2)).staff == ["孙网格", "周备岗"]


def test_a_day_without_duty_says_why(hub_db, capsys):
    made = boards_data.build()
    c = made["community"]
    with pytest.raises(UserError, match="2026-10-09 不是值班日（还没有设置值班表"):
        rota.stand_in(c, D(2026, 10, 9), "孙网格", "周备岗")
    code, out, err = run(capsys, "rota", "today", "--date", "2026-10-09", "--db", hub_db)
    assert code == 0 and "2026-10-09：不是值班日（还没有设置值班表：Alt+E 设置）" in out, err
    code, out, err = run(capsys, "rota", "set", "--start", "2026-09-28", "--group", "甲组:孙网格", "--db", hub_db)
    assert code == 0, err
    code, out, err = run(capsys, "rota", "today", "--date", "2026-09-25", "--db", hub_db)
    assert "2026-09-25：不是值班日（值班表自 2026-09-28 起）" in out, err
    code, _out, err = run(capsys, "rota", "swap", "--date", "2026-10-03", "--other", "2026-10-09", "--db", hub_db)
    assert code == 2 and "2026-10-03 不是值班日（节假日或休息日）" in err


def test_two_groups_of_one_rota_may_not_share_a_name(made):
    c = made["community"]
    with pytest.raises(UserError, match="值班表第 2 组：组名“甲组”与前面的组重复"):
        rota.set_rota(c, D(2026, 11, 2), [{"name": "甲组", "staff": ["孙网格"]}, {"name": "甲组 ", "staff": ["吴组长"]}])
    assert len(rota.rotas(c)) == 1


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_command_line_month_print_and_today(made, hub_db, tmp_path, capsys):
    at = dt.datetime(2026, 10, 9, 10, 30)
    Card.create(card_no="000123", community=made["community"], grid=made["grid"],
                collected_by=boards_data_worker(), collected_on=D(2026, 10, 8), due_on=D(2026, 10, 10),
                received_at=at, state="received")
    code, out, err = run(capsys, "rota", "show", "--month", "2026年10月", "--json", "--db", hub_db)
    assert code == 0, err
    data = json.loads(out)
    assert [(d["date"], d["group"]) for d in data["duties"][:3]] == \
        [("2026-10-08", "甲组"), ("2026-10-09", "乙组"), ("2026-10-10", "丙组")]
    assert data["duties"][2]["weekday"] == "周六" and len(data["duties"]) == 18  # 8–10, 12–16, 19–23, 26–30 October
    code, out, err = run(capsys, "rota", "today", "--date", "2026-10-09", "--json", "--db", hub_db)
    assert code == 0, err
    today = json.loads(out)
    assert today["duty"]["staff"] == ["周备岗"] and [c["card_no"] for c in today["intake"]] == ["000123"]
    pdf = tmp_path / "rota.pdf"
    assert run(capsys, "rota", "show", "--month", "2026-10", "--out", pdf, "--db", hub_db)[0] == 0
    text = pdftools.text(pdf)
    assert "2026年10月值班表" in text and "周备岗" in text and "签到" in text
    code, _out, err = run(capsys, "rota", "swap", "--date", "2026-10-03", "--other", "2026-10-09", "--db", hub_db)
    assert code == 2 and "不是值班日" in err
    code, _out, err = run(capsys, "rota", "set", "--start", "2026-11-02", "--group", "甲组孙网格", "--db", hub_db)
    assert code == 2 and "组名:姓名" in err


def test_a_long_group_wraps_in_its_column_of_the_printed_month(made, tmp_path):
    from reportlab.lib.units import mm

    from gridapp.models import Staff
    from reports import rota_pdf

    c = made["community"]
    names = ["欧阳明华", "司马小芳", "诸葛文静", "上官志强", "东方晓燕", "皇甫建国", "尉迟丽娟", "公孙海涛"]
    for name in names:
        Staff.create(community=c, name=name, role="grid_worker")
    rota.set_rota(c, D(2026, 11, 2), [{"name": "第一值班组（周一三五）", "staff": names}, {"name": "乙组", "staff": ["吴组长"]}])
    rota.stand_in(c, D(2026, 11, 2), "欧阳明华", "孙网格", "培训")
    pdf = tmp_path / "rota.pdf"
    rota_pdf.write_month(c.name, 2026, 11, [d.as_json() for d in rota.month(c, 2026, 11)[0]], pdf)
    swaps_start = rota_pdf.MARGIN + sum(w for _t, w in rota_pdf.COLUMNS[:4]) * mm
    placed = pdftools.words(pdf)
    assert all(name in pdftools.text(pdf) for name in names[1:])
    # nothing written in the 值班人员 column runs on into the 调换 column
    assert [w for w, left, right in placed if left < swaps_start < right and any(n[:2] in w for n in names)] == []


def boards_data_worker():
    from gridapp.models import Staff

    return Staff.get(Staff.name == "孙网格")


def test_the_set_up_starts_from_the_rota_in_force_and_the_grid_staff(made):
    c = made["community"]
    assert rota.current_groups(c, D(2026, 10, 9)) == GROUPS
    rota.set_rota(c, D(2026, 11, 2), [{"name": "新一组", "staff": ["孙网格", "周备岗"]}])
    assert rota.current_groups(c, D(2026, 10, 9)) == GROUPS
    assert rota.current_groups(c) == [{"name": "新一组", "staff": ["孙网格", "周备岗"]}]
    assert rota.current_groups(c, D(2026, 9, 1)) == [{"name": "新一组", "staff": ["孙网格", "周备岗"]}]  # none yet: the latest
    assert rota.candidates(c) == [("吴组长", "第一网格"), ("孙网格", "第一网格"), ("周备岗", "第一网格")]
