"""``python -m gridapp matters …``: the chain headless, the JSON import all or nothing."""

from __future__ import annotations

import json

from gridapp import db
from gridapp.models import Grid, Matter
from tests.conftest import PASSPHRASE
from tests.test_cli import run


def grid_name() -> str:
    return Grid.live().order_by(Grid.number).first().name


def test_a_matter_walks_to_closure_on_the_command_line(community_db, capsys):
    grid, path = grid_name(), community_db
    code, out, err = run(capsys, "matters", "add", "--kind", "诉求", "--grid", grid, "--place", "爱和路口",
                         "--contact-name", "张三明", "--contact-phone", "13800001234", "--description", "路灯不亮",
                         "--line", "城建环境", "--found-at", "2026-11-02", "--json", "--db", path)
    assert code == 0, err
    data = json.loads(out)
    number = data["number"]
    assert (data["state"], data["kind"], data["line"], data["next"]) == ("已登记", "诉求", "城建环境", ["assign", "refer"])
    steps = [("assign", "--line", "城建环境", "--to", "李委员"), ("progress", "--note", "已报修"),
             ("done", "--result", "已修好"), ("check", "--satisfied", "--note", "满意"), ("close",)]
    for action, *rest in steps:
        code, out, err = run(capsys, "matters", action, number, *rest, "--json", "--db", path)
        assert code == 0, err
    data = json.loads(out)
    assert data["state"] == "已办结" and data["satisfied"] is True
    assert [s["label"] for s in data["steps"]] == ["登记受理", "分派", "办理", "办理完毕", "回访", "办结归档"]
    code, out, _ = run(capsys, "matters", "list", "--state", "已办结", "--json", "--db", path)
    listed = json.loads(out)
    assert listed["total"] == 1 and listed["matters"][0]["number"] == number
    code, out, err = run(capsys, "matters", "progress", number, "--note", "再看", "--db", path)
    assert code == 2 and "办结归档，不能再办理" in err and "Traceback" not in err


def test_bad_steps_and_filters_say_what_is_wrong(community_db, capsys):
    path = community_db
    assert run(capsys, "matters", "assign", "2026-9999", "--line", "民政", "--db", path)[2].startswith(
        "错误：事项编号：没有编号为“2026-9999”的事项")
    code, _, err = run(capsys, "matters", "list", "--kind", "投诉", "--db", path)
    assert code == 2 and "没有类型“投诉”" in err
    code, _, err = run(capsys, "matters", "list", "--limit", "0", "--db", path)
    assert code == 2 and "--limit" in err


def test_an_import_is_all_or_nothing(community_db, capsys, tmp_path):
    grid, path = grid_name(), community_db
    good = {"kind": "隐患", "grid": grid, "place": "2栋北侧", "description": "井盖松动", "line": "城建环境"}
    bad = dict(good, urgency="很急", found_at="2026-13-01")
    src = tmp_path / "m.json"
    src.write_text(json.dumps({"matters": [good, bad]}, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "matters", "import", src, "--db", path)
    assert code == 2 and "1 个事项有误，未导入任何内容" in err and "第 2 个事项：紧急程度" in err
    src.write_text(json.dumps({"matters": [good, good]}, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "matters", "import", src, "--json", "--db", path)
    assert code == 0, err
    assert json.loads(out)["imported"] == 2
    src.write_text(json.dumps({"matters": {"kind": 1}}), encoding="utf-8")
    code, _, err = run(capsys, "matters", "import", src, "--db", path)
    assert code == 2 and '文件须为 {"matters": [...]}' in err
    db.open_database(path, PASSPHRASE)
    assert Matter.select().count() == 2


def test_a_matters_photos_are_saved_under_its_number_and_the_export_recorded(community_db, capsys, tmp_path):
    from gridapp.services import audittrail

    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
    (tmp_path / "张三明家门口.png").write_bytes(png)
    code, out, err = run(capsys, "matters", "add", "--kind", "诉求", "--grid", grid_name(), "--contact-name", "张三明",
                         "--description", "门口积水", "--photo", str(tmp_path / "张三明家门口.png"), "--json",
                         "--db", community_db)
    assert code == 0, err
    number = json.loads(out)["number"]
    out_dir = tmp_path / "out"
    code, _, err = run(capsys, "matters", "photos", number, "--out", str(out_dir), "--db", community_db)
    assert code == 2 and "找不到文件夹" in err and "Traceback" not in err
    out_dir.mkdir()
    code, out, err = run(capsys, "matters", "photos", number, "--out", str(out_dir), "--db", community_db)
    assert code == 0, err
    (saved,) = out_dir.iterdir()
    assert saved.name == f"事项{number}-照片1.png" and saved.read_bytes() == png  # no resident's name
    assert "张三明" not in out
    code, out, err = run(capsys, "matters", "photos", number, "--json", "--db", community_db)
    assert json.loads(out)["photos"] == [{"name": "照片1.png", "mime": "image/png", "bytes": len(png)}]
    db.open_database(community_db, PASSPHRASE)
    (entry,) = audittrail.query(action="export")
    assert entry["table"] == "matter_photo" and "照片 1 张" in entry["note"]
