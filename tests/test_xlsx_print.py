"""Spreadsheets made to be printed: the header row on every page, landscape, as wide as the paper,
headers wrapped, identifiers stored as Text (a card number keeps its 0, an ID number its X)."""

from __future__ import annotations

from openpyxl import load_workbook

import cli
from gridapp import db
from tests.conftest import PASSPHRASE


def _made(capsys, path, *argv) -> None:
    code = cli.main([*map(str, argv), "--db", str(path)])
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    db.open_database(path, PASSPHRASE)


def _printable(ws) -> None:
    assert ws.print_title_rows == "$1:$1", ws.title
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert all(c.alignment.wrap_text for c in ws[1])


def _column(ws, header: str) -> list:
    n = [c.value for c in ws[1]].index(header)
    return [row[n] for row in ws.iter_rows(min_row=2, max_row=min(ws.max_row, 50))]


def test_filing_register_ledgers_and_appraisal_are_set_up_for_printing(community_db, capsys, tmp_path):
    register, population, appraisal = tmp_path / "r.xlsx", tmp_path / "p.xlsx", tmp_path / "a.xlsx"
    _made(capsys, community_db, "filing", "register", "--out", register, "--grid", "第一网格")
    _made(capsys, community_db, "ledger", "population", "--out", population, "--grid", "第一网格")
    _made(capsys, community_db, "appraisal", "sheets", "--month", "2026-10", "--out", appraisal)
    ws = load_workbook(register).active
    _printable(ws)
    for header in ("档案号", "卡号"):
        cells = _column(ws, header)
        assert cells and all(c.number_format == "@" and c.data_type == "s" for c in cells), header
    ws = load_workbook(population).active
    _printable(ws)
    for header in ("身份证号", "联系电话"):
        assert all(c.number_format == "@" for c in _column(ws, header)), header
    ws = load_workbook(appraisal).active
    _printable(ws)
    totals = _column(ws, "总分")
    assert all(c.number_format == "0.0" for c in totals)  # 56.0 beside 56.4
