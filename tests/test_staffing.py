"""Staff edited in the app: added, assigned to a grid on post A or B, a photo from a file cropped
to the notice board's frame and printed on it, retired; street roles only; both engines."""

import io

import pytest
from PIL import Image
from pypdf import PdfReader

import cli
from gridapp.errors import Forbidden
from gridapp.models import Staff, StaffGrid
from gridapp.services import boards, staffing
from tests import boards_data


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def board_db(hub_db):
    return boards_data.build()


def test_a_worker_added_with_a_photo_is_on_the_notice_board(board_db, hub_db, tmp_path, capsys):
    picture = tmp_path / "photo.png"
    Image.new("RGB", (800, 400), "#3366aa").save(picture)  # wide: its middle is kept
    code, out, err = run(capsys, "staff", "add", "钱新人", "--role", "网格员", "--community", "和平社区", "--phone",
                         "139-0000-2222", "--grid", "第一网格", "--post", "b", "--photo", picture, "--json", "--db", hub_db)
    assert code == 0, err
    shown = __import__("json").loads(out)
    assert shown["grids"] == [{"grid": "第一网格", "post": "B"}] and shown["photo"] and shown["phone"] == "13900002222"
    out_pdf = tmp_path / "n.pdf"
    code, _, err = run(capsys, "noticeboard", "--grid", "第一网格", "--community", "和平社区", "--out", out_pdf,
                       "--db", hub_db)
    assert code == 0, err
    images = PdfReader(str(out_pdf)).pages[0].images
    assert len(images) == 1  # the new worker's photo; the others have none
    assert Image.open(io.BytesIO(images[0].data)).size == (450, 600)  # cut to the frame's 3:4
    code, out, _ = run(capsys, "staff", "edit", "钱新人", "--retire", "--db", hub_db)
    assert code == 0 and "已离岗" in out
    nb = boards.notice_boards(boards.find_grids("第一网格", "和平社区"))[0]
    assert "钱新人" not in [s.name for s in nb.staff]


def test_bad_photos_and_names_are_one_line_and_clerks_may_not(board_db, hub_db, tmp_path, capsys, monkeypatch):
    (tmp_path / "not.png").write_text("hello")
    for argv, words in ((["edit", "孙网格", "--photo", tmp_path / "not.png"], "不是可以读取的图片"),
                        (["edit", "孙网格", "--photo", tmp_path / "none.png"], "找不到照片文件"),
                        (["edit", "无此人"], "没有名为“无此人”的网格人员"),
                        (["add", "某人", "--role", "主任", "--community", "和平社区"], "不是有效的岗位"),
                        (["edit", "孙网格", "--grid", "第一网格", "--post", "C"], "不是有效的岗")):
        code, _, err = run(capsys, "staff", *argv, "--db", hub_db)
        assert code == 2 and words in err and err.count("\n") == 1, err
    staff = Staff.get(Staff.name == "孙网格")
    assert staff.photo is None
    monkeypatch.setattr("gridapp.store.roles.current_role", lambda: "clerk")
    with pytest.raises(Forbidden):
        staffing.assign(staff, staff.assignments[0].grid, "B")
    assert StaffGrid.get(StaffGrid.staff == staff).post == "A"


def test_a_worker_typed_twice_with_spaces_or_renamed_onto_another_is_refused(board_db, hub_db, capsys):
    from gridapp.models import Community

    Staff.create(name="赵 六", community=Community.get(Community.name == "和平社区").id, role="grid_worker",
                 kind="recruited")  # as an org file may have written it
    code, out, err = run(capsys, "staff", "add", " 王 五 ", "--role", "网格员", "--community", "和平社区",
                         "--phone", "１３８ ００００ ０００１", "--db", hub_db)
    assert code == 0 and "王五" in out, err
    assert Staff.get(Staff.name == "王五").phone == "13800000001"
    for argv, words in ((["add", "王五", "--role", "网格员", "--community", "和平社区"], "已有在岗的同名人员“王五”"),
                        (["add", "王　五", "--role", "网格员", "--community", "和平社区"], "已有在岗的同名人员“王五”"),
                        (["edit", "孙网格", "--rename", "王 五"], "已有在岗的同名人员“王五”"),
                        (["edit", "王 五", "--phone", "abc"], "电话号码 “abc” 格式不对"),
                        (["add", "长" * 60, "--role", "网格员", "--community", "和平社区"], "超过上限 50")):
        code, _, err = run(capsys, "staff", *argv, "--db", hub_db)
        assert code == 2 and words in err and err.count("\n") == 1, (argv, err)
    assert [s.name for s in Staff.select().where(Staff.name.contains("五"))] == ["王五"]
    assert Staff.get(Staff.name == "王五").phone == "13800000001"
    assert Staff.get_or_none(Staff.name == "孙网格") is not None
    code, out, err = run(capsys, "staff", "edit", "赵六", "--retire", "--db", hub_db)
    assert code == 0 and not Staff.get(Staff.name == "赵 六").active, err
