"""The 人口变动 tab on the scripted week of the change report's tests (16–22 November 2026): the
figures by grid equal the service's for this week, last week, this month, a range typed by hand
and one grid, all chosen with the keyboard; the PDF and the workbook are exported with Alt+D and
Alt+X and the exports are in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from gridapp.models import AuditEntry, Grid
from gridapp.services import changes
from tests import changes_data, pdftools

D = dt.date
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def week(street_db):
    return changes_data.build_week()


def _focus(qtbot, widget):
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def _counted(qtbot, tab, start: str, end: str) -> dict:
    qtbot.waitUntil(lambda: tab.data is not None and (tab.data["start"], tab.data["end"]) == (start, end)
                    and "正在统计" not in tab.status.text(), timeout=10000)
    assert tab.data is not None
    return tab.data


def _shown(tab) -> list[dict]:
    return tab.model.rows


def _expected(start: dt.date, end: dt.date, communities=None, grids=None) -> list[dict]:
    data = changes.report(start, end, communities, grids)
    return data["grids"] + [{"community": "合计", "grid": f"{len(data['grids'])} 个网格", **data["totals"]}]


def test_the_screen_shows_the_services_figures_chosen_by_keyboard(week, qtbot):
    from forms.daily.changestab import ChangesTab

    cid = week["community"].id
    tab = ChangesTab(today=D(2026, 11, 19))
    qtbot.addWidget(tab)
    tab.resize(1000, 500)
    tab.show()
    tab.setFocus()
    _focus(qtbot, tab.period)
    assert tab.community.currentData() == cid  # the office's one community
    _counted(qtbot, tab, "2026-11-16", "2026-11-22")  # 本周
    assert _shown(tab) == _expected(D(2026, 11, 16), D(2026, 11, 22), [cid])
    assert _shown(tab)[-1]["net"] == 1 and "迁入 2 人" in tab.status.text()

    qtbot.keyClick(tab.period, Qt.Key.Key_Down)  # 上周: 早来丙 arrived on the 10th
    _counted(qtbot, tab, "2026-11-09", "2026-11-15")
    assert _shown(tab) == _expected(D(2026, 11, 9), D(2026, 11, 15), [cid])
    assert (_shown(tab)[0]["grid"], _shown(tab)[0]["arrivals"]) == ("第一网格", 1)

    qtbot.keyClick(tab.period, Qt.Key.Key_Down)  # 本月
    _counted(qtbot, tab, "2026-11-01", "2026-11-30")
    assert _shown(tab)[-1]["arrivals"] == 3 and _shown(tab)[-1]["new_cards"] == 3

    # a range typed by hand: Alt+A to the start, 17 November; Alt+Z to the end, 18 November
    qtbot.keyClick(tab.period, Qt.Key.Key_A, ALT)
    _focus(qtbot, tab.start)
    qtbot.keyClicks(tab.start, "20261117")
    qtbot.keyClick(tab.start, Qt.Key.Key_Z, ALT)
    _focus(qtbot, tab.end)
    qtbot.keyClicks(tab.end, "20261118")
    data = _counted(qtbot, tab, "2026-11-17", "2026-11-18")
    assert tab.period.currentText() == "自定义"
    assert _shown(tab) == _expected(D(2026, 11, 17), D(2026, 11, 18), [cid])
    assert (data["totals"]["arrivals"], data["totals"]["departures"], data["totals"]["moved_in"]) == (0, 1, 1)

    # one grid: Alt+W, ↓↓ to 第二网格
    qtbot.keyClick(tab.end, Qt.Key.Key_W, ALT)
    _focus(qtbot, tab.grid)
    qtbot.keyClick(tab.grid, Qt.Key.Key_Down)
    qtbot.keyClick(tab.grid, Qt.Key.Key_Down)
    assert tab.grid.currentText() == "第二网格"
    qtbot.keyClick(tab.grid, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: tab.data is not None and [r["grid"] for r in tab.data["grids"]] == ["第二网格"],
                    timeout=10000)
    second = Grid.get(Grid.name == "第二网格")
    assert _shown(tab) == _expected(D(2026, 11, 17), D(2026, 11, 18), [cid], [second.id])
    assert "和平社区 第二网格" in tab.status.text()


def test_the_pdf_and_the_workbook_are_exported_and_audited(week, qtbot, monkeypatch, tmp_path):
    from forms.daily.changestab import ChangesTab

    tab = ChangesTab(today=D(2026, 11, 19))
    qtbot.addWidget(tab)
    tab.show()
    tab.setFocus()
    _focus(qtbot, tab.period)
    _counted(qtbot, tab, "2026-11-16", "2026-11-22")
    asked = []
    out = {".pdf": tmp_path / "周报.pdf", ".xlsx": tmp_path / "周报"}  # the ending is added when left out

    def save_as(_parent, _title, suggested, _kinds):
        asked.append(suggested)
        return str(out[".pdf" if suggested.endswith(".pdf") else ".xlsx"]), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    before = AuditEntry.select().where(AuditEntry.table == "population_changes").count()
    qtbot.keyClick(tab.period, Qt.Key.Key_D, ALT)
    qtbot.waitUntil(lambda: "已导出" in tab.status.text(), timeout=10000)
    assert asked[0].endswith("人口变动2026-11-16至2026-11-22.pdf")
    text = pdftools.text(out[".pdf"])
    assert "人口变动情况" in text and "和平社区" in text and "2026年11月16日 至 2026年11月22日" in text
    assert "欧阳**" in text and "欧阳娜娜" not in text  # names masked by default
    _focus(qtbot, tab.period)  # back where it was
    qtbot.keyClick(tab.period, Qt.Key.Key_X, ALT)
    qtbot.waitUntil(lambda: "周报.xlsx" in tab.status.text(), timeout=10000)
    rows = list(load_workbook(tmp_path / "周报.xlsx")["分网格"].iter_rows(values_only=True))
    assert rows[-1][0] == "合计" and rows[-1][2] == 2
    entries = list(AuditEntry.select().where(AuditEntry.table == "population_changes"))
    assert len(entries) == before + 2
    assert all("2026-11-16 至 2026-11-22（姓名遮蔽）" in e.note for e in entries)
