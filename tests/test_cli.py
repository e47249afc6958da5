"""``python -m gridapp``: the commands street offices script."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import cli
from tests.test_org_import import DATA

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_init_org_import_and_stats(tmp_path, passphrase, capsys):
    path = tmp_path / "hub.db"
    assert run(capsys, "init", "--site-type", "street", "--name", "滨江街道", "--db", path)[0] == 0
    assert run(capsys, "org", "import", DATA, "--db", path)[0] == 0
    code, out, _ = run(capsys, "org", "import", DATA, "--db", path, "--json")
    assert code == 0 and json.loads(out) == {"created": {}, "updated": {}}
    code, out, _ = run(capsys, "stats", "--json", "--db", path)
    data = json.loads(out)
    assert (data["communities"], data["grids"], data["buildings"], data["houses"]) == (2, 3, 3, 106)
    assert data["persons"] == 0 and set(data["by_status"]) == {"resident", "inflow", "registered_only"}
    assert set(data["inflow_by_reason"]) == {"other_county", "study_companion", "business_work", "other"}
    code, out, _ = run(capsys, "stats", "--json", "--community", "建新社区", "--db", path)
    assert json.loads(out)["houses"] == 10


def test_dates_are_taken_as_people_type_them():
    import datetime as dt

    from cli.common import date_arg

    for typed in ("2026-11-22", "２０２６-11-22", "2026/11/22", "2026年11月22日", " 2026.11.22 "):
        assert date_arg(typed, "日期") == dt.date(2026, 11, 22), typed
    assert date_arg("", "日期") is None


@pytest.mark.parametrize("argv, words", [
    (["stats", "--json", "--community", "无此社区"], "没有名为“无此社区”的社区"),
    (["stats", "--json", "--grid", "第一网格"], "多个社区"),
    (["org", "import", "missing.json"], "找不到文件"),
    (["init", "--site-type", "street", "--name", "又一个"], "已存在"),
    # a date that is not one, in every command that takes a date
    (["appraisal", "visit", "--worker", "孙网格", "--households", "1栋1单元101", "--date", "2026-13-01"],
     "走访日期 “2026-13-01” 不是日期"),
    (["stats", "--today", "2026-02-30"], "--today “2026-02-30” 不是日期"),
    (["ledger", "population", "--out", "x.xlsx", "--today", "昨天"], "--today “昨天” 不是日期"),
    (["filing", "missing", "--today", "11-25"], "--today “11-25” 不是日期"),
    (["audit", "--since", "2026-1-1x"], "--since “2026-1-1x” 不是日期"),
    (["import-xlsx", "missing.xlsx", "--today", "2026-11-31"], "--today “2026-11-31” 不是日期"),
])
def test_user_errors_are_one_line_and_exit_2(tmp_path, passphrase, capsys, argv, words):
    from gridapp import db
    from gridapp.models import VisitEntry

    path = tmp_path / "hub.db"
    run(capsys, "init", "--site-type", "street", "--name", "滨江街道", "--db", path)
    run(capsys, "org", "import", DATA, "--db", path)
    code, out, err = run(capsys, *argv, "--db", path)
    assert code == 2
    assert words in err and err.count("\n") == 1 and "Traceback" not in err
    db.open_database(path, passphrase)
    assert VisitEntry.select().count() == 0  # nothing written
    db.close_database()


def test_wrong_passphrase_from_the_environment(tmp_path, passphrase, capsys, monkeypatch):
    path = tmp_path / "hub.db"
    run(capsys, "init", "--site-type", "community", "--name", "爱和社区", "--db", path)
    monkeypatch.setenv("GRIDAPP_PASSPHRASE", "wrong-passphrase")
    code, _, err = run(capsys, "info", "--db", path)
    assert code == 2 and "口令错误" in err


def test_module_entry_point_runs_headless(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "GRIDAPP_PASSPHRASE": "test-passphrase", "HOME": str(tmp_path)}
    help_text = subprocess.run([sys.executable, "-m", "gridapp", "--help"], cwd=ROOT, env=env,
                               capture_output=True, text=True, check=True).stdout
    for command in ("init", "demo", "org", "stats"):
        assert command in help_text
    done = subprocess.run([sys.executable, "-m", "gridapp", "stats", "--db", str(tmp_path / "no.db")],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 2 and "找不到数据库" in done.stderr
