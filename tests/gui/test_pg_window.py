"""The main window on a street hub kept on a PostgreSQL server."""

from forms.app import start
from gridapp import db
from gridapp.services import site
from gridapp.services.org import import_org_file
from tests.test_org_import import DATA


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
