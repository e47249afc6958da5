"""A saved list on demand is chosen on the ledger screen beside the fixed ledgers."""

from gridapp.services import listbuilder
from gridapp.services.ledgerquery import keys
from tests.gui.test_ledger_screens import _wait, choose


def test_a_saved_list_is_read_on_the_ledger_screen(opened_db, qtbot):
    from forms.ledgers.screen import LedgerScreen

    listbuilder.save("老年党员", {"conditions": ["类别=老年人", "类别=党员"], "columns": ["grid", "name", "age"]})
    expected = len(keys(listbuilder.query("老年党员")))
    screen = LedgerScreen("population")
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    qtbot.waitExposed(screen)
    _wait(qtbot, screen.model)
    assert screen.ledger_box.findText("老年党员（按需名单）") == 8  # after the eight fixed ledgers
    choose(qtbot, screen.ledger_box, "老年党员")
    qtbot.waitUntil(lambda: screen.model.query.ledger.name == "老年党员" and not screen.model.loading, timeout=20000)
    assert expected > 0 and len(screen.model.keys) == expected
    assert [c.header for c in screen.ledger.columns] == ["网格", "姓名", "年龄"]
