"""The headless sync commands on real encrypted databases, and processes killed halfway."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import cli
from gridapp import db
from gridapp.models import House, Household, Person, database
from gridapp.sync.faults import ENV as FAULT_ENV
from tests.conftest import ENGINES, PASSPHRASE
from tests.pgserver import TEMPLATE
from tests.test_org_import import DATA

ROOT = Path(__file__).resolve().parent.parent
CODE = "WXYZ-2345-ABCD-6789"


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module", params=ENGINES)
def offices(request, tmp_path_factory):
    """A street office (its hub on each engine) and an enrolled community that has keyed one
    household."""
    folder = tmp_path_factory.mktemp("offices")
    hub, aihe = folder / "hub.db", folder / "aihe.db"
    if request.param == "postgresql":
        hub = request.getfixturevalue("pg_server").create(TEMPLATE)
        (folder / "hub.url").write_text(hub)
    env = {db.PASSPHRASE_ENV: PASSPHRASE, "GRIDAPP_ENROL_CODE": CODE}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        assert cli.main(["init", "--site-type", "street", "--name", "滨江街道", "--db", str(hub)]) == 0
        assert cli.main(["org", "import", str(DATA), "--db", str(hub)]) == 0
        assert cli.main(["sync", "enrol", "--community", "爱和社区", "--out", str(folder / "aihe.enrol"),
                         "--db", str(hub)]) == 0
        assert cli.main(["init", "--site-type", "community", "--enrolment", str(folder / "aihe.enrol"),
                         "--db", str(aihe)]) == 0
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    db.open_database(aihe, PASSPHRASE)
    household = Household.create(house=House.select().order_by(House.id).first())
    Person.create(household=household, name="李四", phone="13800001234", relation="户主")
    db.close_database()
    return folder


@pytest.fixture
def sites(offices, tmp_path, passphrase):
    for name in ("hub.db", "aihe.db", "aihe.enrol"):
        if (offices / name).exists():
            shutil.copy(offices / name, tmp_path / name)
    (tmp_path / "stick").mkdir()
    return tmp_path


@pytest.fixture
def hub(sites, offices, request):
    """The street hub of ``sites``: its file, or a copy of the built hub on the server."""
    if not (offices / "hub.url").exists():
        return sites / "hub.db"
    built = (offices / "hub.url").read_text().rsplit("/", 1)[1]
    return request.getfixturevalue("pg_server").create(built)


def persons(path: Path) -> int:
    db.open_database(path, PASSPHRASE)
    try:
        if isinstance(path, Path):
            assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        return Person.live().count()
    finally:
        db.close_database()


def test_export_import_status_round_trip(sites, hub, capsys):
    stick, aihe = sites / "stick", sites / "aihe.db"
    code, out, _ = run(capsys, "sync", "export", "--to", stick, "--db", aihe)
    assert code == 0 and "可以拔出 U 盘" in out
    code, out, _ = run(capsys, "sync", "import", "--from", stick, "--json", "--db", hub)
    counts = json.loads(out)
    assert code == 0
    assert {k: counts[k] for k in ("applied", "duplicate", "waiting", "rejected", "conflicts")} == \
        {"applied": 1, "duplicate": 0, "waiting": 0, "rejected": 0, "conflicts": 0}
    code, out, _ = run(capsys, "sync", "import", "--from", stick, "--json", "--db", hub)
    assert (json.loads(out)["applied"], json.loads(out)["duplicate"]) == (0, 1)
    code, out, _ = run(capsys, "stats", "--json", "--db", hub)
    assert json.loads(out)["persons"] == 1
    code, out, _ = run(capsys, "sync", "status", "--json", "--db", hub)
    (peer,) = json.loads(out)["peers"]
    assert (peer["name"], peer["last_package_received"], peer["missing"]) == ("爱和社区", 1, [])
    run(capsys, "sync", "export", "--to", stick, "--db", hub)  # the acknowledgement
    run(capsys, "sync", "import", "--from", stick, "--db", aihe)
    code, out, _ = run(capsys, "sync", "status", "--json", "--db", aihe)
    data = json.loads(out)
    assert data["peers"][0]["acknowledged_package"] == 1 and data["pending"] == 0
    code, out, _ = run(capsys, "stats", "--json", "--db", aihe)
    assert json.loads(out)["scope"] == "爱和社区" and json.loads(out)["grids"] == 2


def test_enrolment_file_needs_its_code(sites, hub, capsys, monkeypatch):
    monkeypatch.delenv("GRIDAPP_ENROL_CODE", raising=False)
    enrol = sites / "aihe.enrol"
    code, _, err = run(capsys, "init", "--site-type", "community", "--enrolment", enrol, "--db", sites / "x.db")
    assert code == 2 and "需要登记码" in err
    code, _, err = run(capsys, "init", "--site-type", "community", "--enrolment", enrol,
                       "--code", "AAAA-BBBB-CCCC-DDDD", "--db", sites / "x.db")
    assert code == 2 and "登记码不对" in err and err.count("\n") == 1
    assert not (sites / "x.db").exists()
    raw = enrol.read_bytes()
    for secret in ("爱和社区", "王芳", "13800001111", "爱和路"):
        assert secret.encode() not in raw


def test_enrolling_twice_needs_replace(sites, hub, capsys):
    code, _, err = run(capsys, "sync", "enrol", "--community", "爱和社区", "--out", sites / "again.enrol",
                       "--db", hub)
    assert code == 2 and "已经登记过" in err


def _stop_at(point: str, *argv) -> None:
    """Run ``python -m gridapp ARGV`` until it reaches the fault point, then kill it."""
    env = dict(os.environ, **{FAULT_ENV: point, db.PASSPHRASE_ENV: PASSPHRASE})
    proc = subprocess.Popen([sys.executable, "-m", "gridapp", *map(str, argv)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stderr:
            if f"fault point: {point}" in line:
                break
        else:
            pytest.fail(f"the process ended before {point}")
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL


@pytest.mark.parametrize("point", ["export-written", "export-renamed"])
def test_a_process_killed_while_exporting_loses_nothing(sites, hub, capsys, point):
    stick, aihe = sites / "stick", sites / "aihe.db"
    _stop_at(point, "sync", "export", "--to", stick, "--db", aihe, "--json")
    code, out, _ = run(capsys, "sync", "import", "--from", stick, "--json", "--db", hub)
    result = json.loads(out)
    assert result["rejected"] == 0 and result["applied"] == (1 if point == "export-renamed" else 0)
    run(capsys, "sync", "export", "--to", stick, "--db", aihe)  # the office syncs again
    code, out, _ = run(capsys, "sync", "import", "--from", stick, "--json", "--db", hub)
    assert json.loads(out)["rejected"] == 0
    assert persons(hub) == 1 and persons(aihe) == 1
    assert not [p for p in stick.iterdir() if p.name.endswith(".tmp")]


def test_a_process_killed_while_importing_changes_nothing(sites, hub, capsys):
    stick, aihe = sites / "stick", sites / "aihe.db"
    run(capsys, "sync", "export", "--to", stick, "--db", aihe)
    _stop_at("import-applied", "sync", "import", "--from", stick, "--db", hub, "--json")
    assert persons(hub) == 0
    code, out, _ = run(capsys, "sync", "import", "--from", stick, "--json", "--db", hub)
    assert json.loads(out)["applied"] == 1
    assert persons(hub) == 1


@pytest.mark.parametrize("offices", ["sqlite"], indirect=True)
def test_export_to_a_full_stick_says_so_in_one_line_and_leaves_nothing(sites, capsys, monkeypatch):
    stick, aihe = sites / "stick", sites / "aihe.db"

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(os, "fsync", full)
        code, out, err = run(capsys, "sync", "export", "--to", stick, "--json", "--db", aihe)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("错误：") and "磁盘已满" in err and str(stick) in err and "Traceback" not in err
    assert list(stick.iterdir()) == []
    code, out, _ = run(capsys, "sync", "status", "--json", "--db", aihe)
    assert json.loads(out)["peers"][0]["last_package_sent"] == 0
    code, out, _ = run(capsys, "sync", "export", "--to", stick, "--json", "--db", aihe)
    (made,) = json.loads(out)["packages"]
    assert code == 0 and made["package"] == 1 and made["counts"]["person"] == 1


@pytest.mark.parametrize("offices", ["sqlite"], indirect=True)
def test_import_exits_3_when_a_package_is_refused_and_says_what_it_skipped(sites, hub, capsys):
    stick, aihe = sites / "stick", sites / "aihe.db"
    run(capsys, "sync", "export", "--to", stick, "--db", aihe)
    (good,) = stick.glob("*.gsp")
    data = good.read_bytes()
    cut = stick / good.name.replace("_c00001_", "_c00002_")
    cut.write_bytes(data[:len(data) // 2])  # a copy that did not finish
    foreign = stick / "_".join(["gridapp", "0badc0de", "0badbeef"] + good.name.split("_")[3:])
    foreign.write_bytes(data)
    code, out, err = run(capsys, "sync", "import", "--from", stick, "--db", hub)
    assert code == 3 and "导入 1 个数据包" in out and "拒收 1" in out and "跳过 1" in out
    assert f"拒收 {cut.name}" in err and "不完整" in err
    assert f"跳过 {foreign.name}" in err and "另一个街道" in err
    assert persons(hub) == 1
    code, out, _ = run(capsys, "sync", "import", "--from", stick, "--json", "--db", hub)
    result = json.loads(out)
    assert code == 3
    assert {k: result[k] for k in ("applied", "duplicate", "waiting", "rejected", "conflicts", "skipped")} == \
        {"applied": 0, "duplicate": 1, "waiting": 0, "rejected": 1, "conflicts": 0, "skipped": 1}
    cut.unlink()
    code, out, _ = run(capsys, "sync", "import", "--from", stick, "--json", "--db", hub)
    assert code == 0 and json.loads(out)["skipped"] == 1


@pytest.mark.parametrize("offices", ["sqlite"], indirect=True)
def test_an_enrolment_file_that_cannot_be_written_is_said_and_registers_nothing(sites, hub, capsys):
    (sites / "a-file").write_text("")
    code, _, err = run(capsys, "sync", "enrol", "--community", "爱和社区", "--replace",
                       "--out", sites / "a-file" / "aihe.enrol", "--db", hub)
    assert code == 2 and err.count("\n") == 1 and "登记文件未生成" in err and str(sites / "a-file") in err
    code, out, _ = run(capsys, "sync", "status", "--json", "--db", hub)
    assert [p["name"] for p in json.loads(out)["peers"]] == ["爱和社区"]  # the enrolled one, still in use
