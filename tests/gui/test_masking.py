"""One masking rule on every screen: 住户 and 台账 mask ID numbers and phones alike for the same
role, full numbers only when asked by a role that may see them; the filer reads as a person."""

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from gridapp import idnumber
from gridapp.models import AuditEntry, Card, Person
from gridapp.services import accounts, browse, filing, site
from gridapp.store import session
from tests.gui.test_ledger_screens import _wait, ledger, saved_to  # noqa: F401 (fixtures)


def column(screen, key):
    return screen.ledger.columns.index(screen.ledger.column(key))


def test_the_ledger_masks_as_the_households_page_does_until_asked(ledger, qtbot, saved_to, tmp_path):
    ids, phones = column(ledger, "id_number"), column(ledger, "phone")
    first = ledger.model.row(0)
    named = Person.select().where(Person.name == first[column(ledger, "name")], Person.departed_on.is_null())
    person = next(p for p in named if p.id_number and idnumber.mask(p.id_number) == first[ids])
    shown = next(m for m in browse.members(person.household_id) if m["id"] == person.id)
    assert first[ids] == shown["id_number"] == idnumber.mask(person.id_number)  # the same for the same role
    assert "*" in first[ids] and (not first[phones] or "*" in first[phones])
    assert ledger.full.isVisible()  # this role may ask
    ledger.full.setFocus()
    qtbot.keyClick(ledger.full, Qt.Key.Key_Space)
    _wait(qtbot, ledger.model)
    assert ledger.model.row(0)[ids] in {p.id_number for p in named}
    assert AuditEntry.select().where(AuditEntry.action == "view", AuditEntry.table == "ledger").count() == 1
    qtbot.keyClick(ledger.full, Qt.Key.Key_Space)  # masked again, and so is the export
    _wait(qtbot, ledger.model)
    qtbot.keyClick(ledger.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "已导出" in ledger.count.text(), timeout=20000)
    cells = [r[ids] for r in load_workbook(tmp_path / "saved.xlsx").active.iter_rows(min_row=2, values_only=True)]
    assert cells and all(c is None or "*" in str(c) for c in cells)


def test_the_filer_reads_as_the_account_or_the_office(opened_db):
    card = Card.get(Card.state == "keyed")
    filing.file_cards([card.archive_no])
    row = next(r for r in filing.register() if r.archive_no == card.archive_no)
    assert row.filed_by == site.describe()["name"]  # no accounts: not the computer's login
    accounts.add_user("admin", "admin", "Admin-pass-12345", "管理员甲")
    accounts.add_user("zhou", "director", "Zhou-pass-12345", "周敏")
    session.set_user("zhou")
    other = Card.get(Card.state == "keyed")
    filing.file_cards([other.archive_no])
    session.set_user(None)
    row = next(r for r in filing.register() if r.archive_no == other.archive_no)
    assert row.filed_by == "周敏"


@pytest.fixture(autouse=True)
def _no_user_left():
    yield
    session.set_user(None)
