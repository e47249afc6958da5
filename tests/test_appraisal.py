"""The monthly appraisal, on the office file and on a hub server: system items from a month of
known work, the three evaluations, ranking and the talk flag, locking and amendments, the
command line and the sheets."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

import cli
from gridapp.errors import UserError
from gridapp.models import Amendment, VisitEntry
from gridapp.services import appraisal, apptemplates, visits
from tests import appraisal_data, pdftools
from tests.appraisal_data import MONTH

TODAY = dt.date(2026, 11, 5)


@pytest.fixture
def month(hub_db):
    made = appraisal_data.build()
    made["sheet"] = appraisal.open_month(made["community"], MONTH)
    return made


def _row(data, name):
    return next(w for w in data["workers"] if w["name"] == name)


def test_system_items_match_the_hand_count(month):
    w = _row(appraisal.month_sheet(month["community"], MONTH, TODAY), "孙网格")
    # 3 on time of 4 → 20 × 0.75 = 15, less 2 for the late card
    assert w["points"]["on_time"] == 13.0
    # 6 days in 31/7 weeks = 1.35 a week against 3 → 15 × 0.4516
    assert w["points"]["days_in_grid"] == 6.8
    # 2 households a day of 7 is above 4%; the one must-visit household was visited
    assert w["points"]["daily_visits"] == 15.0 and w["points"]["must_visit"] == 10.0
    # 3 filed in the month (one collected in September) against 20; 4 of 7 heads with ID number and phone
    assert w["points"]["cards_filed"] == 0.8 and w["points"]["completeness"] == 2.9
    assert w["sections"]["system"] == 48.5
    assert "按时录入 3 张" in w["evidence"]["on_time"] and "逾期 1 张" in w["evidence"]["on_time"]
    assert "入格 6 天" in w["evidence"]["days_in_grid"]
    assert "网格 7 户" in w["evidence"]["daily_visits"]
    assert VisitEntry.live().count() == 6 and sum(v.must_visit for v in VisitEntry.live()) == 2  # 李四, twice


def test_the_three_evaluations_weigh_into_the_total(month):
    sheet, worker = month["sheet"], month["worker"].id
    appraisal.set_score(sheet, worker, "self", 90)
    appraisal.set_score(sheet, worker, "leader", 80)
    appraisal.set_survey(sheet, worker, "问卷", 8, 2, 0)
    data = appraisal.month_sheet(month["community"], MONTH, TODAY)
    w = _row(data, "孙网格")
    assert w["points"]["residents"] == 96.0  # (8 + 2 × 0.8) ÷ 10
    assert w["sections"]["evaluation"] == 26.5  # 30 × (0.2 × 0.9 + 0.4 × 0.8 + 0.4 × 0.96)
    assert w["total"] == 75.0 and w["rank"] == 1 and w["star"]
    with pytest.raises(UserError, match="系统"):
        appraisal.set_score(sheet, worker, "on_time", 20)
    with pytest.raises(UserError, match="0 到 100"):
        appraisal.set_score(sheet, worker, "leader", 120)


def test_last_three_months_running_is_flagged_for_a_talk(month):
    community, worker = month["community"], month["worker"].id
    for before in ("2026-08", "2026-09"):
        appraisal.set_score(appraisal.open_month(community, before), worker, "leader", 80)
    data = appraisal.month_sheet(community, MONTH, TODAY)
    assert _row(data, "周备岗")["talk"] and not _row(data, "孙网格")["talk"]
    # a month the community did not score breaks the run
    appraisal.open_month(community, "2026-09").delete_instance()
    assert not _row(appraisal.month_sheet(community, MONTH, TODAY), "周备岗")["talk"]


def test_a_locked_month_changes_only_by_amendment(month, tmp_path):
    sheet, worker = month["sheet"], month["worker"].id
    appraisal.set_score(sheet, worker, "leader", 80)
    appraisal.lock(sheet, "主任", TODAY)
    with pytest.raises(UserError, match="已锁定"):
        appraisal.set_score(sheet, worker, "leader", 90)
    with pytest.raises(UserError, match="已锁定"):
        appraisal.set_survey(sheet, worker, "phone", 1, 0, 0)
    visits.record("孙网格", dt.date(2026, 10, 27), "1栋1单元101")  # later records leave the signed sheet alone
    before = _row(appraisal.month_sheet(month["community"], MONTH, TODAY), "孙网格")
    assert before["points"]["days_in_grid"] == 6.8 and "入格 6 天" in before["evidence"]["days_in_grid"]
    with pytest.raises(UserError, match="原因"):
        appraisal.amend(sheet, worker, "leader", 90, " ")
    appraisal.amend(sheet, worker, "leader", 90, "漏记了防汛值班", "主任")
    after = _row(appraisal.month_sheet(month["community"], MONTH, TODAY), "孙网格")
    assert after["points"]["leader"] == 90 and after["total"] == round(before["total"] + 1.2, 1)
    a = Amendment.get()
    assert (a.old, a.new, a.reason, a.user) == (80, 90, "漏记了防汛值班", "主任")
    assert after["amendments"][0]["reason"] == "漏记了防汛值班"
    from reports.appraisal_pdf import build_month

    build_month([appraisal.month_sheet(month["community"], MONTH, TODAY)], tmp_path / "m.pdf")
    text = pdftools.text(tmp_path / "m.pdf")
    assert "已锁定" in text and "将“领导评”由 80.0 改为 90.0" in text and "漏记了防汛值班" in text


def test_a_month_keeps_the_template_it_was_opened_with(month, tmp_path):
    path = tmp_path / "t.json"
    apptemplates.export(path, None)
    body = json.loads(path.read_text(encoding="utf-8"))
    body["sections"][0]["items"][0]["max"] = 30
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    assert apptemplates.import_file(path).version == 2
    assert appraisal.month_sheet(month["community"], MONTH, TODAY)["template"]["version"] == 1
    assert appraisal.open_month(month["community"], "2026-11").template.version == 2
    body["sections"][0]["items"][0]["source"] = "boss"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(UserError, match="来源"):
        apptemplates.import_file(path)


def test_visit_lines_name_households_by_address_or_archive_number(month):
    entry = visits.record("孙网格", dt.date(2026, 10, 28), "1栋2单元201，1单元102 301")
    assert entry.visited == 4  # two households share 2单元201
    with pytest.raises(UserError, match="9栋1单元101"):
        visits.record("孙网格", dt.date(2026, 10, 28), "1栋1单元101 9栋1单元101")
    with pytest.raises(UserError, match="99-01-001"):
        visits.record("孙网格", dt.date(2026, 10, 28), "99-01-001")


def test_year_view_ranks_the_year(month):
    community, worker = month["community"], month["worker"].id
    appraisal.set_score(month["sheet"], worker, "innovation", 4)
    appraisal.set_score(appraisal.open_month(community, "2026-09"), worker, "innovation", 3)
    data = appraisal.year_view(community, 2026, TODAY)
    w = next(r for r in data["workers"] if r["name"] == "孙网格")
    assert data["months"] == ["2026-09", "2026-10"] and w["bonus"]["innovation"] == 5  # capped at 5
    assert w["rank"] == 1 and w["total"] == round(w["average"] + 5, 1)


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_command_line_compute_and_sheets(month, hub_db, tmp_path, capsys):
    code, out, err = run(capsys, "appraisal", "compute", "--month", MONTH, "--json", "--db", hub_db)
    assert code == 0, err
    data = json.loads(out)
    w = next(w for w in data[0]["workers"] if w["name"] == "孙网格")
    assert w["system"]["on_time"]["points"] == 13.0 and w["total"] == 48.5
    code, out, err = run(capsys, "appraisal", "score", "--month", MONTH, "--worker", "孙网格", "--item", "leader",
                         "--points", "80", "--db", hub_db)
    assert code == 0, err
    pdf, xlsx = tmp_path / "m.pdf", tmp_path / "m.xlsx"
    assert run(capsys, "appraisal", "sheets", "--month", MONTH, "--out", pdf, "--db", hub_db)[0] == 0
    text = pdftools.text(pdf)
    for words in ("网格员月度考评表", "孙网格", "按时录入 3 张", "网格员签字", "网格员月度考评排名", "58.1"):
        assert words in text
    assert pdftools.pages(pdf) == 3  # two scoresheets and the ranking
    assert run(capsys, "appraisal", "sheets", "--month", MONTH, "--out", xlsx, "--db", hub_db)[0] == 0
    ws = load_workbook(xlsx).active
    header = [c.value for c in ws[1]]
    first = dict(zip(header, [c.value for c in ws[2]]))
    assert first["网格员"] == "孙网格" and first["两日录入及时率（20）"] == 13 and first["总分"] == 58.1
    code, out, err = run(capsys, "appraisal", "visit", "--worker", "孙网格", "--date", "2026-10-30",
                         "--households", "1栋1单元101 201", "--db", hub_db)
    assert code == 0 and "2 户" in out, err
    code, _out, err = run(capsys, "appraisal", "lock", "--month", MONTH, "--db", hub_db)
    code, _out, err = run(capsys, "appraisal", "score", "--month", MONTH, "--worker", "孙网格", "--item", "leader",
                          "--points", "90", "--db", hub_db)
    assert code == 2 and "已锁定" in err
    code, out, err = run(capsys, "appraisal", "year", "--year", "2026", "--json", "--db", hub_db)
    assert code == 0 and json.loads(out)["months"] == [MONTH]


def _with_rule(path, key: str, rule: str | None):
    """The current template exported with item ``key``'s empty rule set (None: the key removed)."""
    apptemplates.export(path, None)
    body = json.loads(path.read_text(encoding="utf-8"))
    item = next(i for s in body["sections"] for i in s["items"] if i["key"] == key)
    item.pop("empty", None)
    if rule is not None:
        item["empty"] = rule
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_item_with_nothing_to_measure_is_not_applicable_and_leaves_the_total(month, tmp_path):
    # 周备岗 collected no card in October: the two-day rate and the cards filed have nothing to measure
    data = appraisal.month_sheet(month["community"], MONTH, TODAY)
    w = _row(data, "周备岗")
    assert w["points"]["on_time"] is None and w["empty"]["on_time"] == "not_applicable"
    assert w["points"]["cards_filed"] is None and w["empty"]["cards_filed"] == "not_applicable"
    assert w["points"]["must_visit"] == 0.0 and "must_visit" not in w["empty"]  # one must-visit home, not visited
    assert w["max"] == 75 and w["full"] == 100  # 20 + 5 left out of the 100
    assert w["total"] == round(w["earned"] * 100 / 75, 1)
    # a template from before the rule existed (no "empty" key) reads the same: not applicable
    apptemplates.import_file(_with_rule(tmp_path / "old.json", "on_time", None))
    sheet = appraisal.open_month(month["community"], "2026-11")
    assert sheet.template.version == 2
    nov = _row(appraisal.month_sheet(month["community"], "2026-11", TODAY), "周备岗")
    assert nov["points"]["on_time"] is None and nov["empty"]["on_time"] == "not_applicable"
    # printed: 不适用 where the points would be, and how the total was counted
    from reports.appraisal_pdf import build_month
    from reports.appraisal_xlsx import write_month

    build_month([data], tmp_path / "m.pdf")
    text = pdftools.text(tmp_path / "m.pdf")
    assert "不适用" in text and "满分 75" in text and "不计入总分" in text
    write_month([data], tmp_path / "m.xlsx")
    ws = load_workbook(tmp_path / "m.xlsx").active
    header = [c.value for c in ws[1]]
    row = next(dict(zip(header, [c.value for c in r])) for r in ws.iter_rows(min_row=2) if r[1].value == "周备岗")
    assert row["两日录入及时率（20）"] == "不适用" and row["本月满分"] == 75


@pytest.mark.parametrize("rule, points", [("full", 20.0), ("zero", 0.0)])
def test_the_template_may_give_full_marks_or_none_when_there_is_nothing_to_measure(month, tmp_path, rule, points):
    apptemplates.import_file(_with_rule(tmp_path / "t.json", "on_time", rule))
    appraisal.open_month(month["community"], "2026-11")
    w = _row(appraisal.month_sheet(month["community"], "2026-11", TODAY), "周备岗")
    assert w["points"]["on_time"] == points and w["empty"]["on_time"] == rule
    assert w["max"] == 95  # only the cards filed are left out; the days in the grid count (none)
    assert "无可考核" in appraisal.empty_note(w, {"key": "on_time", "max": 20})


def test_a_pro_rata_item_scores_what_the_other_system_items_earned(month, tmp_path):
    apptemplates.import_file(_with_rule(tmp_path / "t.json", "on_time", "prorata"))
    appraisal.open_month(month["community"], "2026-11")
    visits.record("周备岗", dt.date(2026, 11, 3), "1栋1单元101 102")
    w = _row(appraisal.month_sheet(month["community"], "2026-11", TODAY), "周备岗")
    measured = [k for k in ("days_in_grid", "daily_visits", "must_visit", "completeness") if k not in w["empty"]]
    maxima = {"days_in_grid": 15, "daily_visits": 15, "must_visit": 10, "completeness": 5}
    rate = sum(w["points"][k] for k in measured) / sum(maxima[k] for k in measured)
    assert w["points"]["on_time"] == round(20 * rate, 1) > 0


def test_one_visit_on_one_day_does_not_earn_the_daily_visits_item(month):
    visits.record("周备岗", dt.date(2026, 10, 3), "1栋1单元101")
    w = _row(appraisal.month_sheet(month["community"], MONTH, TODAY), "周备岗")
    # 1 household ÷ 7 is above 4% on that day, but the month asks for at least 3 days a week
    assert w["points"]["daily_visits"] < 5
    assert "按 13.3 天计" in w["evidence"]["daily_visits"]


def test_an_empty_month_gives_no_stars_and_no_talks(month):
    from gridapp import settings

    community = month["community"]
    settings.put("appraisal.stars", 5)
    for empty in ("2026-04", "2026-05", "2026-06"):
        appraisal.open_month(community, empty)
        data = appraisal.month_sheet(community, empty, TODAY)
        assert not any(w["star"] for w in data["workers"]), empty
        assert not any(w["talk"] or w["last"] for w in data["workers"]), empty
    # a month with work: stars need the minimum total (60 by default) as well as a top place
    appraisal.set_score(month["sheet"], month["worker"].id, "leader", 100)
    appraisal.set_score(month["sheet"], month["worker"].id, "self", 100)
    data = appraisal.month_sheet(community, MONTH, TODAY)
    assert _row(data, "孙网格")["star"] and _row(data, "孙网格")["total"] >= 60
    assert not _row(data, "周备岗")["star"]  # second, without a record of the month


def test_printed_sheets_rank_no_one_with_nothing_recorded_as_the_screen_does(month, tmp_path):
    from reports.appraisal_pdf import build_month
    from reports.appraisal_xlsx import write_month

    appraisal.open_month(month["community"], "2025-01")
    empty = appraisal.month_sheet(month["community"], "2025-01", TODAY)
    assert empty["workers"] and not any(w["has_data"] for w in empty["workers"])
    build_month([empty], tmp_path / "empty.pdf")
    text = pdftools.text(tmp_path / "empty.pdf")
    assert "第 1 名" not in text and text.count("名次：—（本月无记录，不排名）") == len(empty["workers"])
    write_month([empty], tmp_path / "empty.xlsx")
    ws = load_workbook(tmp_path / "empty.xlsx").active
    assert {r[0].value for r in ws.iter_rows(min_row=2)} == {"—"}

    full = appraisal.month_sheet(month["community"], MONTH, TODAY)
    build_month([full], tmp_path / "full.pdf")
    assert "名次：第 1 名" in pdftools.text(tmp_path / "full.pdf")
