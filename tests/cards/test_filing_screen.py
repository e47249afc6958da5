"""Ticking cards filed by scanning archive numbers in a row, keyboard only."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from forms.filing.register import FilingRegister
from gridapp.models import Card, Grid
from gridapp.services import audittrail
from tests.cards.helpers import show_active

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")


def test_scanning_archive_numbers_files_cards(community_db, qtbot):
    waiting = list(Card.select().where(Card.state == "keyed").order_by(Card.archive_no).limit(2))
    assert all(c.archive_no.startswith("01-") for c in waiting)
    screen = FilingRegister()
    show_active(qtbot, screen)
    screen.scan.setFocus()
    for card in waiting:
        qtbot.keyClicks(screen.scan, card.archive_no)
        qtbot.keyClick(screen.scan, Qt.Key.Key_Return)
    assert all(Card.get_by_id(c.id).state == "filed" for c in waiting)
    assert screen.feedback.text() == f"已归档 {waiting[1].archive_no}"
    qtbot.keyClicks(screen.scan, "99-09-999")
    qtbot.keyClick(screen.scan, Qt.Key.Key_Return)
    assert "没有档案号 99-09-999" in screen.feedback.text()
    screen.state.setFocus()
    qtbot.keyClick(screen.state, Qt.Key.Key_Down)  # 未归档
    assert all(r["state"] != "filed" for r in screen.model.rows)
    first_grid = waiting[0].grid
    assert screen.grid.currentText() == first_grid.name
    assert screen.model.rowCount() == Card.select().where(Card.state.in_(("keyed", "verified")),
                                                          Card.grid == first_grid).count()


def test_ctrl_e_exports_the_register_and_the_audit_trail_keeps_it(community_db, qtbot, tmp_path, monkeypatch):
    chosen = [str(tmp_path / "a-file" / "归档登记表.xlsx"), str(tmp_path / "归档登记表.xlsx")]
    (tmp_path / "a-file").write_text("")  # no folder can be made there
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (chosen.pop(0), ""))
    screen = FilingRegister()
    show_active(qtbot, screen)
    screen.scan.setFocus()
    qtbot.keyClick(screen.scan, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "无法写入文件夹" in screen.feedback.text() and "归档登记表未导出" in screen.feedback.text()
    assert audittrail.query(action="export") == []
    qtbot.keyClick(screen.scan, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert (tmp_path / "归档登记表.xlsx").exists()
    grid = screen.grid.currentText()
    count = Card.select().join(Grid).where(Grid.name == grid, Card.archive_no != "").count()
    assert screen.feedback.text().startswith(f"已导出 {count} 张")
    (entry,) = audittrail.query(action="export")
    assert entry["table"] == "filing_register" and grid in entry["note"] and f"{count} 张登记卡" in entry["note"]
