"""The main window and the entry form on a street hub kept on a PostgreSQL server."""

import pytest

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
