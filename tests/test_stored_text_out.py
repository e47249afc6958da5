"""Text already stored (typed before input was checked, or arriving by sync) may hold control
characters or look like a formula: every spreadsheet export still opens and shows it as text,
and what a command prints cannot drive the terminal."""

import datetime as dt

import openpyxl
import pytest

import cli
from gridapp.models import Grid, Person
from gridapp.services.cards import save_card
from tests.cards.helpers import card, grid_and_worker, new_id

NAME = "坏\x1b]0;标题\x07名\x08字\x9b2J"
SHOWN = "坏?]0;标题?名?字\x9b2J"  # in a cell: what XML cannot hold is ?; C1 is legal there


@pytest.fixture
def stored(community_db):
    """A keyed card whose head's name was changed behind the input checks, as a sync could."""
    _, worker = grid_and_worker()
    members = [{"name": "原名", "id_number": new_id(dt.date(1970, 3, 4), 11), "relation": "户主",
                "phone": "13912345678"},
               {"name": "配偶", "id_number": new_id(dt.date(1972, 3, 4), 22), "relation": "配偶"}]
    save_card(card("880001", worker, room="9401", members=members), today=dt.date(2026, 11, 22))
    head = Person.get(Person.name == "原名")
    head.name = NAME
    head.save()
    other = Person.get(Person.name == "配偶")
    other.name = '=HYPERLINK("http://example.invalid","点我")'
    other.save()
    grid = Grid.get(Grid.name == "第三网格")
    grid.name = "第三\x01网格"
    grid.save()
    return community_db


def _cells(path) -> list:
    wb = openpyxl.load_workbook(path)
    return [(c.value, c.data_type) for ws in wb.worksheets for row in ws.iter_rows() for c in row]


def test_the_filing_register_and_ledgers_export_stored_control_characters(stored, tmp_path, capsys):
    out = tmp_path / "register.xlsx"
    assert cli.main(["filing", "register", "--out", str(out), "--db", str(stored)]) == 0, capsys.readouterr().err
    cells = _cells(out)
    assert (SHOWN, "s") in cells
    assert "第三_网格" in openpyxl.load_workbook(out).sheetnames
    for name in ("population", "must-visit"):
        out = tmp_path / f"{name}.xlsx"
        assert cli.main(["ledger", name, "--out", str(out), "--db", str(stored)]) == 0, capsys.readouterr().err
    cells = _cells(tmp_path / "population.xlsx")
    assert (SHOWN, "s") in cells
    assert ('=HYPERLINK("http://example.invalid","点我")', "s") in cells  # text, not a formula


def test_printed_names_cannot_drive_the_terminal(stored, capsys):
    assert cli.main(["find", "880001", "--db", str(stored)]) == 0
    out = capsys.readouterr().out
    assert "坏?]0;标题?名?字?2J" in out
    assert not any(ch in out for ch in "\x1b\x07\x08\x9b")
    assert cli.main(["find", "880001", "--json", "--db", str(stored)]) == 0
    out = capsys.readouterr().out
    assert "\\u001b" in out and "\x9b" not in out
