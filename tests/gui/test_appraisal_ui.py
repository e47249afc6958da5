"""The 考评 page: a whole meeting table keyed from the keyboard, survey tallies, locking and an
amendment, the visit log; each checked in the database."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from forms.appraisal.dialogs import AmendDialog, SurveyDialog, VisitDialog, YearDialog
from gridapp.models import Amendment, AppraisalMonth, AppraisalScore, SurveyTally, VisitEntry


@pytest.fixture
def screen(opened_db, qtbot):
    from forms.appraisal.screen import AppraisalScreen

    s = AppraisalScreen()
    qtbot.addWidget(s)
    s.resize(1300, 700)
    s.show()
    s.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is s, timeout=3000)
    qtbot.waitUntil(lambda: not s.loading and s.model.rowCount() > 0, timeout=20000)
    s.view.setFocus()
    return s


def keys(qtbot, text):
    for ch in text:
        qtbot.keyClicks(QApplication.focusWidget(), ch)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)
    QApplication.processEvents()  # the editor closes by a queued call


def test_a_whole_meeting_table_from_the_keyboard(screen, qtbot, when_shown, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(a[2]))  # no score is refused
    model, rows = screen.model, screen.model.rowCount()
    start = screen.view.currentIndex()
    assert model.cols[start.column()]["key"] == "self" and start.row() == 0
    for row in range(rows):
        keys(qtbot, str(70 + row))  # 自评
        press(qtbot, Qt.Key.Key_Tab)
        keys(qtbot, str(90 - row))  # 领导评
        press(qtbot, Qt.Key.Key_Tab)
        if row == 1:
            keys(qtbot, "-2")  # 违纪扣分
        press(qtbot, Qt.Key.Key_Return)  # down to the next worker's 自评
    sheet = AppraisalMonth.get()
    scores = {(s.staff_id, s.item): s.points for s in AppraisalScore.live().where(AppraisalScore.sheet == sheet)}
    workers = [model.worker(r) for r in range(rows)]
    assert [scores[(w["staff"], "self")] for w in workers] == [70 + r for r in range(rows)]
    assert [scores[(w["staff"], "leader")] for w in workers] == [90 - r for r in range(rows)]
    assert scores[(workers[1]["staff"], "deduction")] == -2 and len(scores) == 2 * rows + 1
    # totals and ranking follow: the first worker gained 30 × (0.2 × 0.7 + 0.4 × 0.9)
    first = model.worker(0)
    assert first["sections"]["evaluation"] == 15.0
    assert sorted(w["rank"] for w in model.data_["workers"])[0] == 1
    assert sum(w["star"] for w in model.data_["workers"]) == 3

    # resident tallies for the current worker
    screen.view.setCurrentIndex(model.index(0, start.column()))

    def tally(dialog):
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.counts[0])
        for value in ("8", "2"):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            keys(qtbot, value)
            press(qtbot, Qt.Key.Key_Tab)
        press(qtbot, Qt.Key.Key_Return)
    when_shown(SurveyDialog, tally)
    press(qtbot, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    t = SurveyTally.get()
    assert (t.source, t.satisfied, t.basic, t.dissatisfied) == ("questionnaire", 8, 2, 0)
    assert model.worker(0)["points"]["residents"] == 96.0
    screen.activateWindow()  # back from the dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.view)

    # close the month, then a correction asks for its reason
    when_shown(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    press(qtbot, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert AppraisalMonth.get().locked and "已锁定" in screen.state.text()
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.view)
    def reason(dialog):
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.reason)
        keys(qtbot, "typo at the meeting")
        press(qtbot, Qt.Key.Key_Return)
    when_shown(AmendDialog, reason)
    keys(qtbot, "95")
    press(qtbot, Qt.Key.Key_Return)
    a = Amendment.get()
    assert (a.item, a.old, a.new, a.reason) == ("self", 70, 95, "typo at the meeting")
    assert model.worker(0)["points"]["self"] == 95


def test_visit_log_from_the_keyboard(screen, qtbot, monkeypatch):
    from gridapp.models import Building, House, Household

    dialog = VisitDialog(screen.community_id(), screen.month.text(), screen)
    qtbot.addWidget(dialog)
    dialog.show()
    worker = dialog.worker.currentData()
    house = (House.live().join(Household, on=(Household.house == House.id))
             .where(Household.departed_on.is_null()).join(Building, on=(House.building == Building.id))
             .where(Building.grid.in_([g for w in __import__("gridapp.services.appraisal_system", fromlist=["x"])
                                       .workers() if w.id == worker for g in w.grids])).first())
    before = VisitEntry.live().count()
    from tests.gui.test_ledger_screens import type_chinese
    type_chinese(dialog.households, f"{house.building.name}{house.unit}单元{house.room}")
    qtbot.keyClick(dialog.households, Qt.Key.Key_Return)
    assert VisitEntry.live().count() == before + 1, dialog.status.text()
    assert dialog.households.text() == "" and "已保存" in dialog.status.text()
    type_chinese(dialog.households, "不存在9栋1单元101")
    qtbot.keyClick(dialog.households, Qt.Key.Key_Return)
    assert VisitEntry.live().count() == before + 1 and "找不到" in dialog.status.text()


def test_ctrl_8_opens_the_appraisal_page(window, qtbot):
    from forms.appraisal.screen import AppraisalScreen

    qtbot.keyClick(window.tree, Qt.Key.Key_8, Qt.KeyboardModifier.ControlModifier)
    page = window.pages.currentWidget()
    assert isinstance(page.content, AppraisalScreen)
    qtbot.waitUntil(lambda: not page.content.loading, timeout=20000)
    assert page.content.model.rowCount() == 14 and window.pages.tabText(window.pages.currentIndex()) == "考评(&8)"


def test_year_view_and_printing_from_the_page(screen, qtbot, when_shown, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    from tests import pdftools

    rows = []

    def year(dialog):
        rows.append(dialog.model.rowCount())
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.view)
        qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    when_shown(YearDialog, year)
    press(qtbot, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert rows == [0]  # no month of the year scored yet
    out = tmp_path / "sheets.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    screen.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.view)
    press(qtbot, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert pdftools.pages(out) == 15 and "网格员月度考评排名" in pdftools.text(out)


def test_a_template_imported_on_the_page_is_the_next_version(screen, monkeypatch, tmp_path):
    import json

    from PySide6.QtWidgets import QFileDialog

    from gridapp.models import AppraisalTemplate

    path = tmp_path / "t.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    screen.export_template()
    body = json.loads(path.read_text(encoding="utf-8"))
    body["name"] = "爱和社区网格员考评表"
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    screen.import_template()
    t = AppraisalTemplate.live().where(AppraisalTemplate.community == screen.community_id()).get()
    assert (t.name, t.version) == ("爱和社区网格员考评表", 1)


def test_an_empty_month_shows_items_not_applicable_and_no_stars(screen, qtbot):
    screen.month.setFocus()
    screen.month.selectAll()
    qtbot.keyClicks(screen.month, "202501")  # before any card or visit of the demo
    qtbot.keyClick(screen.month, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.loading and screen.model.data_["month"] == "2025-01", timeout=20000)
    model = screen.model
    on_time = next(n for n, c in enumerate(model.cols) if c.get("key") == "on_time")
    marks = next(n for n, c in enumerate(model.cols) if c["kind"] == "marks")
    assert {model.data(model.index(r, on_time)) for r in range(model.rowCount())} == {"不适用"}
    assert not any("★" in model.data(model.index(r, marks)) for r in range(model.rowCount()))
    screen.view.setCurrentIndex(model.index(0, on_time))
    assert "不适用" in screen.explain.toPlainText() and "折合" in screen.explain.toPlainText()


def test_the_table_opens_by_rank_and_an_empty_month_ranks_no_one(screen, qtbot):
    model = screen.model
    ranks = [model.worker(r)["rank"] for r in range(model.rowCount())]
    assert ranks == sorted(ranks) and model.data(model.index(0, 0)) == str(ranks[0])
    screen.month.setFocus()
    screen.month.selectAll()
    qtbot.keyClicks(screen.month, "202501")  # nothing recorded: no one is 第 1 名
    qtbot.keyClick(screen.month, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not screen.loading and model.data_["month"] == "2025-01", timeout=20000)
    assert {model.data(model.index(r, 0)) for r in range(model.rowCount())} == {"—"}
    screen.view.setCurrentIndex(model.index(0, 2))
    assert "本月无记录，不排名" in screen.explain.toPlainText() and "第 1 名" not in screen.explain.toPlainText()
