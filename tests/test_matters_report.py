"""The month's matters in figures (hand-computed), ``stats`` with its matters line, the report as
PDF and XLSX."""

from __future__ import annotations

import datetime as dt
import json

from openpyxl import load_workbook

from gridapp.models import Matter
from gridapp.services import matters
from gridapp.services.matterstats import month_report
from tests.test_cli import run
from tests.test_matters import first_grid, request

TODAY = dt.date(2026, 11, 20)


def made(kind, line, found_at, promised_on, steps=(), closed_on=None):
    m = matters.add(request(kind=kind, line=line, found_at=found_at), today=TODAY)
    for step in steps:
        step(m)
    m = Matter.get_by_id(m.id)
    m.promised_on = promised_on
    if closed_on:
        m.closed_at = dt.datetime.combine(closed_on, dt.time(10))
    m.save()
    return m


def month_of_matters():
    """October: one closed on time and satisfied, one closed late, one overdue and open, one called
    back dissatisfied and not yet due; one from November that does not count."""
    handled = (lambda m: matters.assign(m, m.line), lambda m: matters.done(m, "办好了"))
    made("诉求", "民政", "2026-10-08", dt.date(2026, 10, 15),
         handled + (lambda m: matters.check(m, True), lambda m: matters.close(m)), dt.date(2026, 10, 10))
    made("隐患", "城建环境", "2026-10-09", dt.date(2026, 10, 15), handled + (lambda m: matters.close(m),),
         dt.date(2026, 10, 20))
    made("诉求", "民政", "2026-10-12", dt.date(2026, 10, 20))
    made("矛盾纠纷", "综治平安", "2026-10-30", dt.date(2026, 11, 30), handled + (lambda m: matters.check(m, False),))
    made("代办", "社保", "2026-11-02", dt.date(2026, 11, 9))


def test_the_months_figures_by_hand(community_db):
    month_of_matters()
    data = month_report("2026-10", today=TODAY)
    assert (data["matters"], data["closed"], data["closed_on_time"], data["overdue_open"]) == (4, 2, 1, 1)
    assert data["on_time_rate"] == round(1 / 3, 4)  # 1 on time ÷ (2 closed + 1 overdue)
    assert (data["called_back"], data["satisfied"], data["satisfaction"]) == (2, 1, 0.5)
    assert data["by_kind"] == {"诉求": 2, "巡查发现": 0, "隐患": 1, "矛盾纠纷": 1, "代办": 0}
    assert data["by_line"] == {"城建环境": 1, "民政": 2, "综治平安": 1}
    assert (data["by_state"]["已办结"], data["by_state"]["已登记"], data["by_state"]["已回访"]) == (2, 1, 1)
    grid = next(g for g in data["by_grid"] if g["grid"] == first_grid().name)
    assert grid["matters"] == 4 and sum(g["matters"] for g in data["by_grid"]) == 4


def test_stats_and_the_report_on_the_command_line(community_db, capsys, tmp_path):
    month_of_matters()
    code, out, err = run(capsys, "stats", "--json", "--db", community_db)
    assert code == 0, err
    figures = json.loads(out)["matters"]
    assert (figures["total"], figures["open"], figures["by_state"]["closed"], figures["by_kind"]["hazard"]) == (5, 3, 2, 1)
    pdf, book = tmp_path / "m.pdf", tmp_path / "m.xlsx"
    assert run(capsys, "matters", "report", "--month", "2026-10", "--out", pdf, "--db", community_db)[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    from tests import pdftools

    text = pdftools.text(pdf)
    assert "事项月报" in text and "按时办结率" in text and "张三明" not in text
    assert run(capsys, "matters", "report", "--month", "2026-10", "--out", book, "--db", community_db)[0] == 0
    ws = load_workbook(book)["按网格"]
    assert [c.value for c in ws[2]][:4] == ["网格", "受理", "已办结", "按时办结"]
    code, _, err = run(capsys, "matters", "report", "--month", "2026-13", "--db", community_db)
    assert code == 2 and "不是月份" in err
