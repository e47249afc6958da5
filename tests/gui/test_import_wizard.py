"""The import wizard, driven by keyboard: a messy legacy ledger in, exactly its good rows."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from gridapp.models import Person
from tests.importdata import messy_rows, write_sheet


def _present_ids() -> set[str]:
    return {p.id_number for p in Person.select().where(Person.deleted == False,  # noqa: E712
                                                        Person.departed_on.is_null())}


def _open_wizard(qtbot):
    """The wizard, active, with the focus on the file field."""
    from forms.importwizard import ImportWizard

    wizard = ImportWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    wizard.currentPage().path.setFocus()
    return wizard


def test_import_a_messy_ledger_from_the_keyboard(opened_db, qtbot, tmp_path, when_shown):
    registered = Person.select().where(Person.relation == "户主").first()
    rows, expected = messy_rows(registered.id_number)
    sheet = write_sheet(tmp_path / "legacy.xlsx", rows)
    before = _present_ids()
    wizard = _open_wizard(qtbot)
    first = wizard.currentPage()
    qtbot.keyClicks(first.path, str(sheet))
    qtbot.keyClick(first.path, Qt.Key_G, Qt.AltModifier)  # 导入到网格(&G)
    grid = first.places.grid
    assert grid.hasFocus()
    for _ in range(3):
        qtbot.keyClick(grid, Qt.Key_Down)
    assert grid.currentText() == "第三网格" and first.sheet.currentText() == "人口台账"
    qtbot.keyClick(grid, Qt.Key_Return)  # 下一步

    mapping = wizard.currentPage()
    assert [b.currentText() for b in mapping.boxes][:4] == ["（不导入）", "姓名", "性别", "身份证号"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)  # 下一步: every row is checked

    check = wizard.currentPage()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    assert "有误 6 行" in check.summary.text()
    assert sorted(r["number"] for r in check.model.rows) == sorted(n + 2 for n in expected["rejected"])
    when_shown(QMessageBox, lambda box: qtbot.keyClick(box, Qt.Key_Return))
    qtbot.keyClick(check.all_or_nothing, Qt.Key_A, Qt.AltModifier)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)  # 导入: all or nothing refuses, and says why
    qtbot.waitUntil(lambda: not any(isinstance(w, QMessageBox) and w.isVisible() for w in QApplication.topLevelWidgets()))
    assert wizard.currentPage() is check and _present_ids() == before
    wizard.activateWindow()  # offscreen Qt does not hand activation back after a modal box
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_V, Qt.AltModifier)  # 只导入无误的行(&V)
    qtbot.waitUntil(check.valid_only.isChecked)  # a mnemonic clicks after a moment
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key_Return)  # 导入
    qtbot.waitUntil(lambda: wizard.currentPage() is not check, timeout=20000)
    assert "已导入 3 户 6 人" in wizard.currentPage().text.text()
    assert _present_ids() - before == expected["imported_ids"]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    qtbot.keyClick(QApplication.focusWidget() or wizard, Qt.Key_Return)  # 完成
    assert not wizard.isVisible()


def test_a_file_that_is_not_a_workbook_is_a_message_not_a_crash(opened_db, qtbot, tmp_path, when_shown):
    broken = tmp_path / "ledger.xlsx"
    broken.write_bytes(b"")  # a copy that never finished
    before = _present_ids()
    wizard = _open_wizard(qtbot)
    first = wizard.currentPage()
    qtbot.keyClicks(first.path, str(broken))
    said = []
    when_shown(QMessageBox, lambda box: said.append(box.text()) or qtbot.keyClick(box, Qt.Key_Return))
    qtbot.keyClick(first.path, Qt.Key_Return)  # 下一步
    qtbot.waitUntil(lambda: bool(said))
    assert "ledger.xlsx 是空文件" in said[0]
    assert wizard.currentPage() is first and _present_ids() == before
