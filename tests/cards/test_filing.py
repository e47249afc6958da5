"""Filing by grid: archive numbers, ticking cards filed, the register and the missing list."""

import datetime as dt

import openpyxl
import pytest

import cli
from gridapp import db, settings
from gridapp.errors import UserError, ValidationError
from gridapp.models import Card, Community
from gridapp.services import audittrail, filing
from gridapp.services.cards import save_card
from gridapp.store import session
from reports.filing_register import export_register
from tests.cards.helpers import card, grid_and_worker, new_id
from tests.conftest import PASSPHRASE

GRID = "第十二网格"  # a grid of the demo without households, so its binders start empty


def _key(n: int, worker, grid_name=GRID, entered="2026-11-10"):
    members = [{"name": f"归档户{n}", "id_number": new_id(dt.date(1975, 1, 1) + dt.timedelta(days=n), 301),
                "relation": "户主", "phone": "13900000000"}]
    data = card(f"F{n:03d}", worker, room=f"97{n:02d}", members=members, collected_on="2026-11-08",
                entered_on=entered)
    data["grid"] = grid_name
    return save_card(data, today=dt.date(2026, 11, 22)).card


def test_keyed_cards_get_archive_numbers_from_their_grid_in_binders(community_db):
    settings.put("filing.binder_capacity", 3, Community.get())
    grid, worker = grid_and_worker(GRID)
    numbers = [_key(n, worker).archive_no for n in range(1, 6)]
    assert numbers == ["12-01-001", "12-01-002", "12-01-003", "12-02-001", "12-02-002"]
    assert filing.normalise("3-2-1") == "03-02-001"
    with pytest.raises(ValidationError, match="不是档案号"):
        filing.normalise("0302")


def test_filing_register_and_missing_list(community_db, tmp_path, capsys):
    grid, worker = grid_and_worker(GRID)
    cards = [_key(n, worker, entered="2026-11-10" if n < 3 else "2026-11-20") for n in range(1, 5)]
    result = filing.file_cards(["12-1-1", "12-01-003", "12-01-003", "99-01-001"])
    assert result.filed == ["12-01-001", "12-01-003"] and result.already == ["12-01-003"]
    assert result.unknown == ["99-01-001"]
    c = Card.get(Card.archive_no == "12-01-001")
    assert c.state == "filed" and c.filed_at is not None and c.filed_by
    missing = [r for r in filing.missing(today=dt.date(2026, 11, 22)) if r.grid == GRID]
    assert [r.archive_no for r in missing] == ["12-01-002"]  # keyed 12 days ago, not filed
    assert missing[0].head == "归档户2"
    out = tmp_path / "register.xlsx"
    assert cli.main(["filing", "register", "--out", str(out), "--db", str(community_db)]) == 0
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "第一网格" and GRID in wb.sheetnames and len(wb.sheetnames) == 11
    ws = wb[GRID]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("档案号", "册", "卡号", "地址", "户主")
    assert [r[0] for r in rows[1:]] == ["12-01-001", "12-01-002", "12-01-003", "12-01-004"]
    assert rows[1][8] == "已归档" and rows[2][11] == "缺失"
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:L5"
    assert len(cards) == 4


def test_ticking_from_the_command_line_reads_a_scanner_stream(community_db, capsys, monkeypatch):
    import io

    _, worker = grid_and_worker(GRID)
    _key(1, worker)
    monkeypatch.setattr("sys.stdin", io.StringIO("12-01-001\n\n"))
    assert cli.main(["filing", "file", "--db", str(community_db)]) == 0
    assert Card.get(Card.archive_no == "12-01-001").state == "filed"


def test_binder_index_pdf_holds_every_archive_number_and_head(community_db, tmp_path, capsys):
    from gridapp.models import Grid
    from tests import pdftools

    grid = Grid.get(Grid.number == 2)
    rows = filing.register(grid=grid)
    out = tmp_path / "index.pdf"
    assert cli.main(["filing", "index", "--grid", grid.name, "--out", str(out), "--db", str(community_db)]) == 0
    text = pdftools.text(out).replace(" ", "")
    assert len(rows) > 300
    missing = [r.archive_no for r in rows if r.archive_no not in text]
    assert missing == []
    heads = [r.head for r in rows if r.head and r.head not in text]
    assert heads == []
    assert "第1册" in text and "脊标" in text
    assert all(f["emb"] == "yes" for f in pdftools.fonts(out))
    from pypdf import PdfReader

    spines = PdfReader(str(out)).pages[-1].extract_text().replace("\n", "").replace(" ", "")
    assert "人口信息登记卡" in spines and grid.community.name in spines and grid.name in spines  # what, whose
    first = rows[0].collected_on
    assert f"{first.year}年{first.month}月{first.day}日" in text and f"{first:%Y-%m-%d}" not in text  # one date style


def test_the_register_export_is_in_the_audit_trail_once(community_db, tmp_path, capsys):
    out = tmp_path / "register.xlsx"
    assert cli.main(["filing", "register", "--out", str(out), "--grid", "第一网格", "--db", str(community_db)]) == 0
    count = int(capsys.readouterr().out.split("：")[1].split(" ")[0])
    db.open_database(community_db, PASSPHRASE)
    (entry,) = audittrail.query(action="export")
    assert entry["table"] == "filing_register" and entry["user"] == session.current_user()
    assert "第一网格" in entry["note"] and f"{count} 张登记卡" in entry["note"] and count > 0
    assert "register.xlsx" not in entry["note"]
    assert audittrail.as_cells(entry)[2:4] == ["导出", "归档登记表"]


def test_a_register_that_cannot_be_written_is_said_and_not_recorded(community_db, tmp_path):
    (tmp_path / "a-file").write_text("")
    with pytest.raises(UserError, match="归档登记表未导出"):
        export_register(tmp_path / "a-file" / "register.xlsx")
    assert audittrail.query(action="export") == []
