"""The menus: opening another database (or giving up on it), quitting."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from forms.dialogs import PassphraseDialog
from gridapp import db
from gridapp.services import site
from gridapp.services.ledgers import LEDGERS


def menu_actions(window):
    return {menu.title(): [(a.text(), a.shortcut().toString()) for a in menu.actions() if a.text()]
            for menu in (a.menu() for a in window.menuBar().actions())}


def test_the_menus_speak_chinese(window):
    assert menu_actions(window) == {
        "文件(&F)": [("打开数据库(&O)…", "Ctrl+O"), ("导入组织结构文件(&I)…", "Ctrl+Shift+O"),
                   ("用登记文件重建数据库(&R)…", ""), ("新建网格和楼栋(&G)…", "Ctrl+Shift+G"),
                   ("设置(&S)…", "Ctrl+,"), ("工作人员(&W)…", "Ctrl+Shift+W"), ("退出(&Q)", "Ctrl+Q")],
        "登记卡(&C)": [("接收登记卡(&R)…", "Ctrl+R"), ("查找住户和人员(&F)…", "Ctrl+F"),
                     ("复核录入(&V)…", "Ctrl+Shift+V"), ("登记卡设计(&D)…", "Ctrl+Shift+D"),
                     ("打印归档目录(&I)…", "Ctrl+Shift+P")],
        "统计台账(&T)": [("统计报表(&S)", "Ctrl+5"), ("台账(&L)", "Ctrl+6"), ("社区事务清单(&A)", "Ctrl+7"),
                       *((f"{led.title}（所选社区或网格）", "") for led in LEDGERS.values()),
                       ("按需名单(&N)…", "Ctrl+Shift+B"), ("自定义类别(&Y)…", "Ctrl+Shift+K"),
                       ("导入 Excel 旧台账(&I)…", "Ctrl+Shift+I")],
        "考评(&K)": [("月度考评(&M)", "Ctrl+8"), ("走访日志(&V)…", ""), ("年度考评(&Y)…", ""), ("打印考评表(&P)…", ""),
                   ("导出考评模板(&E)…", ""), ("导入考评模板(&I)…", "")],
        "事项(&J)": [("事项列表(&L)", "Ctrl+9"), ("登记事项(&N)…", "Ctrl+Shift+E"), ("事项月报(&R)…", "")],
        "打印(&P)": [("楼栋信息栏(&B)…", ""), ("网格员公示牌(&G)…", "")],
        "同步(&S)": [("立即同步(&N)", "F9"), ("重新发送未确认的数据(&R)", ""), ("同步状态(&T)…", ""),
                   ("冲突列表(&C)…", ""), ("同步设置(&O)…", "")],
        "帐户(&U)": [("锁定(&L)", "Ctrl+L"), ("修改密码(&P)…", ""), ("用户管理(&U)…", ""), ("操作记录(&A)…", ""),
                   ("备份与恢复(&B)…", "")],
        "帮助(&H)": [("关于(&A)", "")],
        "日常工作(&O)": [("民情日记(&R)", "Ctrl+0"), ("五必访跟踪(&G)", ""), ("值班表(&B)", ""),
                         ("例会与任务(&L)", ""), ("人口变动(&Y)", "")],
    }


@pytest.fixture
def choose_file(monkeypatch):
    """Answer the file dialog with ``path`` (the system's file picker is not ours to test)."""
    def choose(path):
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args, **kwargs: (str(path), ""))
    return choose


def trigger(window, text):
    next(a for menu in window.menuBar().actions() for a in menu.menu().actions() if a.text() == text).trigger()


def test_open_another_database(window, street_path, passphrase, choose_file, monkeypatch, qtbot):
    monkeypatch.setenv(db.PASSPHRASE_ENV, passphrase)
    choose_file(street_path)
    trigger(window, "打开数据库(&O)…")
    assert window.windowTitle() == "gridapp 社区网格化管理 — 滨江街道"
    assert window.path == street_path
    assert window.tree.currentIndex().data() == "和平社区"
    assert window.pages.currentWidget() is window.pages.board  # back on the first screen
    assert window.focusWidget() is window.pages.board.open_view
    qtbot.waitUntil(lambda: window.counts_label.text() == "2 个社区 · 2 个网格 · 6 户 · 6 人")


def test_giving_up_keeps_the_current_database(window, street_path, choose_file, monkeypatch, qtbot,
                                              when_shown):
    monkeypatch.delenv(db.PASSPHRASE_ENV, raising=False)
    title, name = window.windowTitle(), site.describe()["name"]
    choose_file(street_path)
    when_shown(PassphraseDialog, lambda dialog: qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Escape))
    trigger(window, "打开数据库(&O)…")
    assert window.windowTitle() == title
    assert site.describe()["name"] == name
    qtbot.keyClick(window.tree, Qt.Key.Key_Right)
    qtbot.keyClick(window.tree, Qt.Key.Key_Right)  # the old database still answers
    assert window.households_model.total > 0


def test_ctrl_q_quits(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window.tree, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()


def test_no_two_commands_share_a_shortcut(window):
    """A key bound twice where both are live does nothing at all in Qt ("ambiguous shortcut"):
    window-wide keys are unique, and a page's own keys do not repeat a window-wide one."""
    from PySide6.QtGui import QAction, QShortcut

    for i in range(window.pages.count()):
        page = window.pages.widget(i)
        if hasattr(page, "ensure"):
            page.ensure()
    window_wide: dict[str, str] = {}
    for action in window.findChildren(QAction):
        for key in action.shortcuts():
            name = key.toString()
            assert name not in window_wide, f"{name}: {window_wide[name]} / {action.text()}"
            window_wide[name] = action.text()
    page_keys = {s.key().toString() for s in window.findChildren(QShortcut)
                 if s.context() == Qt.ShortcutContext.WidgetWithChildrenShortcut}
    assert len(page_keys) > 5  # the pages' own keys were found
    assert not page_keys & set(window_wide), page_keys & set(window_wide)
