"""Shared fixtures. Qt runs offscreen; databases are copied from templates built once."""

from __future__ import annotations

import os
import shutil
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from gridapp import db  # noqa: E402

PASSPHRASE = "test-passphrase"


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item):
    """A window's background work (counts, sync status) ends with the test that started it,
    before that test's fixtures close its database and the next test opens another."""
    tasks = sys.modules.get("forms.tasks")
    if tasks is not None:
        tasks.wait_for_tasks()


@pytest.fixture
def passphrase(monkeypatch):
    monkeypatch.setenv(db.PASSPHRASE_ENV, PASSPHRASE)
    return PASSPHRASE


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server for the session. Skipped when it cannot start, except on CI."""
    from tests.pgserver import Server

    try:
        server = Server().start()
        server.make_template()
    except Exception as exc:  # no binaries, no postgres user, no free port …
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL server did not start: {exc}")
        pytest.skip(f"PostgreSQL server did not start: {exc}")
    yield server
    db.close_database()
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    """A new PostgreSQL database with the schema applied (not opened)."""
    from tests.pgserver import TEMPLATE

    return pg_server.create(TEMPLATE)


ENGINES = ["sqlite", "postgresql"]


@pytest.fixture(params=ENGINES)
def hub_db(request, tmp_path, passphrase):
    """A new, opened street hub with nothing in it but its site, on each engine: the file's
    path, or the server's URL."""
    from gridapp.services import site

    if request.param == "postgresql":
        target = request.getfixturevalue("pg_url")
        db.open_database(target, None)
    else:
        target = tmp_path / "street.db"
        db.open_database(target, passphrase, create=True)
    site.initialise("street", "滨江街道")
    yield target
    db.close_database()


@pytest.fixture
def street_db(tmp_path, passphrase):
    """A new, opened street database with nothing in it but its site."""
    from gridapp.services import site

    path = tmp_path / "street.db"
    db.open_database(path, passphrase, create=True)
    site.initialise("street", "滨江街道")
    yield path
    db.close_database()


def _template(tmp_path_factory, scale: str):
    from gridapp.demo import build_demo

    path = tmp_path_factory.mktemp(f"demo-{scale}") / "demo.db"
    db.open_database(path, PASSPHRASE, create=True)
    build_demo(scale, seed=1)
    db.database.obj.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close_database()
    return path


@pytest.fixture(scope="session")
def community_template(tmp_path_factory):
    return _template(tmp_path_factory, "community")


@pytest.fixture(scope="session")
def street_template(tmp_path_factory):
    return _template(tmp_path_factory, "street")


def _open_copy(template, tmp_path, monkeypatch):
    monkeypatch.setenv(db.PASSPHRASE_ENV, PASSPHRASE)
    path = tmp_path / template.name
    shutil.copy(template, path)
    db.open_database(path, PASSPHRASE)
    return path


@pytest.fixture(scope="session")
def pg_community_template(pg_server):
    """The community demo built once on the server, as a database to copy."""
    from gridapp.demo import build_demo
    from tests.pgserver import TEMPLATE

    url = pg_server.create(TEMPLATE)
    db.open_database(url, None)
    build_demo("community", seed=1)
    db.close_database()
    return url.rsplit("/", 1)[1]


@pytest.fixture(params=ENGINES)
def community_any(request, tmp_path, monkeypatch):
    """``community_db`` on each engine: an opened copy of the community demo (path or URL)."""
    if request.param == "sqlite":
        yield _open_copy(request.getfixturevalue("community_template"), tmp_path, monkeypatch)
    else:
        monkeypatch.setenv(db.PASSPHRASE_ENV, PASSPHRASE)
        url = request.getfixturevalue("pg_server").create(request.getfixturevalue("pg_community_template"))
        db.open_database(url, None)
        yield url
    db.close_database()


@pytest.fixture
def community_db(community_template, tmp_path, monkeypatch):
    """An opened copy of the community demo (seed 002's community)."""
    yield _open_copy(community_template, tmp_path, monkeypatch)
    db.close_database()


@pytest.fixture
def street_demo_db(street_template, tmp_path, monkeypatch):
    """An opened copy of the street demo (seed 001's street, 135k people)."""
    yield _open_copy(street_template, tmp_path, monkeypatch)
    db.close_database()


@pytest.fixture(scope="session")
def sync_template(tmp_path_factory):
    """A street office and two enrolled communities, in memory (see tests/syncnet.py)."""
    from tests.syncnet import Network

    return Network.build(tmp_path_factory.mktemp("sync-template"))


@pytest.fixture(scope="session")
def pg_sync_template(pg_server, tmp_path_factory):
    """``sync_template`` with the street office on the server."""
    from gridapp.engines import postgres
    from tests.syncnet import Network

    hub = postgres.connect(pg_server.create())
    hub.connect()
    network = Network.build(tmp_path_factory.mktemp("pg-sync-template"), hub_db=hub)
    hub.close()
    return network


@pytest.fixture
def net(sync_template, tmp_path):
    """A fresh copy of ``sync_template``."""
    return sync_template.clone(tmp_path)
