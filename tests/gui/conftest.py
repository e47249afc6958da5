"""Fixtures for the Qt interface: template databases built once per session, copied per test."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
import sys  # noqa: E402
from datetime import date  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gridapp import db  # noqa: E402
from gridapp.demo import build_demo  # noqa: E402
from gridapp.models import Building, House, Household, Person  # noqa: E402
from gridapp.services import org, site  # noqa: E402

PASSPHRASE = "testpass123"

# Qt's offscreen platform warns about this for every top-level window; it is not ours.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"

SMALL_STREET = {
    "street": "滨江街道",
    "communities": [
        {"name": "和平社区", "grids": [
            {"name": "第一网格", "buildings": [
                {"name": "1栋", "address": "和平路1号", "floors": 3, "units": 2, "rooms_per_floor": 2},
                {"name": "2栋", "address": "和平路3号", "floors": 2, "units": 1, "rooms_per_floor": 2}]}]},
        {"name": "幸福社区", "grids": [
            {"name": "第一网格", "buildings": [
                {"name": "A座", "address": "幸福街2号", "floors": 2, "units": 1, "rooms_per_floor": 2}]}]},
    ],
}
HEADS = {"1栋": ["张建国", "王芳", "刘洋"], "2栋": ["吴强"], "A座": ["马超", "胡斌"]}


def pytest_collection_modifyitems(config, items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE, extend=True))


def fill_small_street() -> None:
    """A street office with two communities, six households and one that moved away."""
    site.initialise("street", "滨江街道")
    org.import_org(SMALL_STREET)
    for building_name, heads in HEADS.items():
        houses = (House.select().join(Building).where(Building.name == building_name)
                  .order_by(House.unit, House.floor, House.room))
        for house, head in zip(houses, heads + ["钱多多"]):
            household = Household.create(house=house)
            Person.create(household=household, name=head, relation="户主", gender="M",
                          birth_date=date(1970, 5, 1), status="resident")
            if head == "钱多多":
                household.departed_on = date(2024, 3, 1)
                household.save()


def _template(factory, name, fill):
    path = factory.mktemp("templates") / f"{name}.db"
    db.open_database(path, PASSPHRASE, create=True)
    fill()
    db.close_database()
    return path


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    return _template(tmp_path_factory, "demo", lambda: build_demo("community", seed=1))


@pytest.fixture(scope="session")
def street_template(tmp_path_factory):
    return _template(tmp_path_factory, "street", fill_small_street)


@pytest.fixture
def db_path(demo_template, tmp_path):
    """A fresh copy of the community demo (not opened)."""
    path = tmp_path / "gridapp.db"
    shutil.copyfile(demo_template, path)
    return path


@pytest.fixture
def street_path(street_template, tmp_path):
    """A fresh copy of the small street database (not opened)."""
    path = tmp_path / "street.db"
    shutil.copyfile(street_template, path)
    return path


@pytest.fixture
def closes_database():
    """Whatever a test opens is closed afterwards."""
    yield
    db.close_database()


@pytest.fixture
def opened_db(db_path, closes_database):
    db.open_database(db_path, PASSPHRASE)
    return db_path


def _window(path, qtbot):
    from forms.mainwindow import MainWindow

    w = MainWindow(path)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=3000)
    assert w.pages.currentWidget() is w.pages.board  # the two-day board comes first
    qtbot.keyClick(w.pages.board.open_view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # 住户
    return w


@pytest.fixture
def window(opened_db, qtbot):
    """The main window on the community demo, shown."""
    return _window(opened_db, qtbot)


@pytest.fixture
def street_window(street_path, closes_database, qtbot):
    """The main window on the small street database, shown."""
    db.open_database(street_path, PASSPHRASE)
    return _window(street_path, qtbot)


@pytest.fixture(scope="session")
def sound_qt_binding():
    """Skip a test that makes thousands of Qt calls where the binding miscounts references
    (test_environment.py fails there and says why): it would abort the whole test run."""
    from PySide6.QtCore import QObject

    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(200):
        obj.setObjectName("x")
    if sys.getrefcount(None) < before - 100:
        pytest.skip("PySide6 drops references to None here (see test_environment.py)")


@pytest.fixture
def passphrase():
    return PASSPHRASE


@pytest.fixture
def when_shown(qtbot):
    """``when_shown(kind, handle)``: call ``handle(widget)`` once a window of ``kind`` is visible.

    For modal dialogs: arrange the answer, then call what opens the dialog.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen = []

    def arrange(kind, handle):
        def poll():
            for w in QApplication.topLevelWidgets():
                if isinstance(w, kind) and w.isVisible() and w not in seen:
                    seen.append(w)
                    handle(w)
                    return
            QTimer.singleShot(10, poll)

        QTimer.singleShot(0, poll)

    return arrange
