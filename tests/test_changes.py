"""The population change report on the office file and on a hub server, against a scripted week
(16–22 November 2026) of arrivals, a household leaving, a move between grids and cards collected;
the command line with JSON, PDF and XLSX."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from openpyxl import load_workbook

import cli
from gridapp.errors import UserError
from gridapp.services import changes
from tests import changes_data, pdftools

D = dt.date


@pytest.fixture
def week(hub_db):
    return changes_data.build_week()


def test_the_week_by_grid_matches_the_script(week):
    data = changes.report(*changes.week_of(D(2026, 11, 19)))
    assert (data["start"], data["end"]) == ("2026-11-16", "2026-11-22")
    rows = {r["grid"]: r for r in data["grids"]}
    assert {k: rows["第一网格"][k] for k in ("arrivals", "departures", "moved_in", "moved_out", "new_households",
                                          "new_cards", "net")} == \
        {"arrivals": 2, "departures": 1, "moved_in": 0, "moved_out": 1, "new_households": 1, "new_cards": 1, "net": 0}
    assert (rows["第二网格"]["moved_in"], rows["第二网格"]["new_cards"], rows["第二网格"]["net"]) == (1, 1, 1)
    assert data["totals"] == {"arrivals": 2, "departures": 1, "moved_in": 1, "moved_out": 1, "new_households": 1,
                              "new_cards": 2, "net": 1}
    assert sorted((p["date"], p["kind_label"], p["name"]) for p in data["people"]) == [
        ("2026-11-16", "迁入", "新来乙"), ("2026-11-16", "迁入", "新来甲"), ("2026-11-17", "迁出", "欧阳娜娜"),
        ("2026-11-18", "内部迁入", "赵一"), ("2026-11-18", "内部迁出", "赵一")]
    week_before = changes.report(*changes.week_of(D(2026, 10, 14)))  # nothing happened: every grid says so
    assert [(r["grid"], r["net"], r["new_cards"]) for r in week_before["grids"]] == [("第一网格", 0, 0), ("第二网格", 0, 0)]
    month = changes.report(*changes.month_of("2026-11"))
    assert (month["totals"]["arrivals"], month["totals"]["new_cards"]) == (3, 3)


def test_one_grid_counts_only_its_own_changes(week, hub_db, capsys):
    from gridapp.models import Grid

    second = Grid.get(Grid.name == "第二网格")
    data = changes.report(*changes.week_of(D(2026, 11, 19)), grid_ids=[second.id])
    assert [r["grid"] for r in data["grids"]] == ["第二网格"]
    assert (data["totals"]["moved_in"], data["totals"]["moved_out"], data["totals"]["new_cards"]) == (1, 0, 1)
    assert [(p["kind_label"], p["name"]) for p in data["people"]] == [("内部迁入", "赵一")]
    code, out, err = run(capsys, "changes", "--date", "2026-11-19", "--grid", "第二网格", "--json", "--db", hub_db)
    assert code == 0, err
    assert json.loads(out)["totals"] == data["totals"]


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_command_line_json_pdf_and_xlsx(week, hub_db, tmp_path, capsys):
    code, out, err = run(capsys, "changes", "--date", "2026-11-19", "--json", "--db", hub_db)
    assert code == 0, err
    assert json.loads(out)["totals"]["net"] == 1
    pdf, book = tmp_path / "changes.pdf", tmp_path / "changes.xlsx"
    assert run(capsys, "changes", "--date", "2026-11-19", "--out", pdf, "--masked", "--db", hub_db)[0] == 0
    text = pdftools.text(pdf)
    assert "人口变动情况" in text and "2026年11月16日 至 2026年11月22日" in text and "欧**娜" not in text
    assert "欧阳**" in text and "欧阳娜娜" not in text
    assert run(capsys, "changes", "--month", "2026-11", "--out", book, "--db", hub_db)[0] == 0
    wb = load_workbook(book)
    grid_rows = list(wb["分网格"].iter_rows(values_only=True))
    assert grid_rows[1][:3] == ("社区", "网格", "迁入人数") and grid_rows[-1][0] == "合计" and grid_rows[-1][2] == 3
    code, _out, err = run(capsys, "changes", "--month", "2026-13", "--db", hub_db)
    assert code == 2 and "YYYY-MM" in err
    code, _out, err = run(capsys, "changes", "--from", "2026-11-20", "--to", "2026-11-01", "--db", hub_db)
    assert code == 2 and "早于开始日期" in err


def test_the_periods_seen_from_a_day():
    assert changes.period("this_week", D(2026, 11, 19)) == (D(2026, 11, 16), D(2026, 11, 22))
    assert changes.period("last_week", D(2026, 11, 16)) == (D(2026, 11, 9), D(2026, 11, 15))
    assert changes.period("this_month", D(2026, 2, 10)) == (D(2026, 2, 1), D(2026, 2, 28))
    assert changes.period("last_month", D(2027, 1, 31)) == (D(2026, 12, 1), D(2026, 12, 31))
    with pytest.raises(UserError, match="期间"):
        changes.period("next_year", D(2026, 11, 19))


@pytest.mark.parametrize("typed", ["2026-02", "2026/2", "2026.02", "2026年2月", "２０２６年２月", "2026 年 2 月"])
def test_a_month_is_taken_as_people_type_it(typed):
    assert changes.month_of(typed) == (D(2026, 2, 1), D(2026, 2, 28))


@pytest.mark.parametrize("typed", ["2026-13", "2026年2", "202602", "2026-02-01", ""])
def test_what_is_not_a_month_is_refused_with_the_forms_it_takes(typed):
    with pytest.raises(UserError, match="须写成 YYYY-MM 或 YYYY年M月"):
        changes.month_of(typed)
