"""The main window and the entry form on a street hub kept on a PostgreSQL server."""

import pytest
from PySide6.QtCore import Qt

from forms.app import start
from gridapp import db
from gridapp.services import site
from gridapp.services.org import import_org_file
from tests.test_org_import import DATA

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (propagateSizeHints|raise|grabbing)")


def test_the_window_opens_a_hub_on_the_server(pg_url, qtbot, closes_database):
    db.open_database(pg_url, None)
    site.initialise("street", "滨江街道")
    import_org_file(DATA)
    db.close_database()
    window = start(["--db", pg_url])
    qtbot.addWidget(window)
    assert window.isVisible()
    assert window.windowTitle() == "gridapp 社区网格化管理 — 滨江街道"
    assert window.tree_model.rowCount() > 0


def test_a_card_keyed_on_the_server_is_saved(community_any, qtbot):
    """The entry form, keyboard only, on each engine; the database checked afterwards."""
    import datetime as dt

    from forms.cards.entry import CardEntryForm
    from gridapp.models import Card, Person
    from gridapp.services import drafts
    from tests.cards.helpers import new_id, show_active
    from tests.cards.test_entry_form import focused, key_card

    drafts.discard(drafts.ENTRY)
    form = CardEntryForm()
    form.resize(1400, 800)
    show_active(qtbot, form)
    form.card_no.setFocus()
    key_card(qtbot, form, "K7001", "501", new_id(dt.date(1971, 1, 2), 11), new_id(dt.date(1973, 3, 4), 22))
    qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    card = Card.get(Card.card_no == "K7001")
    assert card.state == "keyed" and card.archive_no in form.result.text()
    assert {p.name for p in Person.select().where(Person.household == card.household)} == {"键盘户主", "键盘配偶"}


def test_a_card_whose_household_changed_meanwhile_is_not_saved_and_says_why(community_db, qtbot, monkeypatch):
    from forms.cards.entry import CardEntryForm
    from gridapp.errors import RecordChanged
    from gridapp.services import cards
    from tests.cards.helpers import show_active

    def changed(*args, **kwargs):
        raise RecordChanged("住户", ["备注"])

    monkeypatch.setattr(cards, "save_card", changed)
    form = CardEntryForm()
    show_active(qtbot, form)
    form.card_no.setText("K7002")
    assert form.save() is None
    assert "已被他人修改" in form.status.text() and form.card_no.text() == "K7002"
