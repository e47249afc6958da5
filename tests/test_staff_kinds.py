"""一格三员: each worker's kind (community cadre, residents' group leader, recruited grid worker),
each grid's three-person team and what it lacks, the worker's task group, and the community
director editing the staff of their own community only; both engines. A staff change made at a
community office reaches the street office and the other communities with the packages."""

import json

import pytest

import cli
from gridapp.errors import Forbidden, ValidationError
from gridapp.models import AuditEntry, Community, Grid, LocalState, Staff, StaffGrid, TaskGroup
from gridapp.services import staffing, tasks
from gridapp.store import roles
from tests import boards_data
from tests.conftest import ENGINES


def run(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def made(hub_db):
    return boards_data.build()


def test_kinds_are_set_listed_and_each_grid_shows_its_three(made, hub_db, capsys):
    code, out, err = run(capsys, "staff", "add", "冯小组", "--role", "网格员", "--kind", "居民小组长",
                         "--community", "和平社区", "--grid", "第一网格", "--post", "B", "--json", "--db", hub_db)
    assert code == 0, err
    assert json.loads(out)["kind"] == "group_leader" and json.loads(out)["kind_label"] == "居民小组长"
    code, out, err = run(capsys, "staff", "add", "陈组长", "--role", "网格长", "--community", "和平社区",
                         "--db", hub_db)
    assert code == 0 and "社区专职干部" in out  # a grid leader is taken for a community cadre
    code, out, err = run(capsys, "staff", "grids", "--community", "和平社区", "--json", "--db", hub_db)
    first, second = json.loads(out)
    assert first["grid"] == "第一网格" and first["missing_labels"] == ["社区专职干部"]
    team = {t["kind"]: [s["name"] for s in t["staff"]] for t in first["team"]}
    assert team == {"cadre": [], "group_leader": ["冯小组"], "recruited": ["吴组长", "孙网格", "周备岗"]}
    assert second["grid"] == "第二网格" and second["missing"] == ["cadre", "group_leader", "recruited"]
    code, _, err = run(capsys, "staff", "edit", "吴组长", "--kind", "cadre", "--db", hub_db)
    assert code == 0, err
    code, out, _ = run(capsys, "staff", "grids", "--community", "和平社区", "--db", hub_db)
    assert out.splitlines()[0].endswith("齐全") and "吴组长（A岗）" in out.splitlines()[0]
    code, out, _ = run(capsys, "staff", "list", "--community", "和平社区", "--json", "--db", hub_db)
    assert {r["name"]: r["kind_label"] for r in json.loads(out)} == {
        "吴组长": "社区专职干部", "孙网格": "专职网格员", "周备岗": "专职网格员", "冯小组": "居民小组长", "陈组长": "社区专职干部"}
    code, _, err = run(capsys, "staff", "edit", "孙网格", "--kind", "主任", "--db", hub_db)
    assert code == 2 and "不是有效的一格三员类别" in err and Staff.get(Staff.name == "孙网格").kind == "recruited"


def test_a_worker_joins_one_task_group_and_leaves_it_when_retired(made, hub_db, capsys):
    c = made["community"]
    tasks.set_group(c, "第一小组", "吴组长", ["孙网格"])
    tasks.set_group(c, "第二小组", "吴组长", ["周备岗"])
    zhou = Staff.get(Staff.name == "周备岗")
    staffing.set_task_group(zhou, "第一小组")
    members = {g.name: json.loads(g.members) for g in TaskGroup.select()}
    assert zhou.id.hex in members["第一小组"] and members["第二小组"] == []
    assert {r["name"]: r["task_group"] for r in staffing.listed(c)}["周备岗"] == "第一小组"
    with pytest.raises(ValidationError, match="没有任务小组"):
        staffing.set_task_group(zhou, "第九小组")
    code, out, err = run(capsys, "staff", "edit", "周备岗", "--retire", "--db", hub_db)
    assert code == 0, err
    assert zhou.id.hex not in TaskGroup.get(TaskGroup.name == "第一小组").members
    assert not StaffGrid.live().where(StaffGrid.staff == zhou.id).exists()
    notes = [e.note for e in AuditEntry.select().where(AuditEntry.action == "staff")]
    assert "工作人员 周备岗 的任务小组：第一小组" in notes and "工作人员 周备岗 离岗" in notes


def test_the_phone_is_masked_unless_asked_for(made):
    shown = {r["name"]: r["phone"] for r in staffing.listed(made["community"], full=False)}
    assert shown["孙网格"] == "138****1111"


def test_a_community_director_edits_only_their_own_communitys_staff(made, monkeypatch):
    other = Community.create(name="幸福社区")
    stranger = staffing.add("外社区人", "网格员", other)
    monkeypatch.setattr(roles, "current_role", lambda: roles.DIRECTOR)
    with pytest.raises(Forbidden, match="社区主任只能添加、修改本社区"):  # a street office's director: no own community
        staffing.add("新人", "网格员", made["community"])
    LocalState.set_value("community_id", made["community"].id.hex)
    new = staffing.add("新人", "网格员", made["community"], kind="居民小组长")
    staffing.assign(new, made["grid"], "B")
    staffing.edit(Staff.get(Staff.name == "孙网格"), active=False)
    for attempt in (lambda: staffing.edit(stranger, phone="13900000000"),
                    lambda: staffing.add("又一人", "网格员", other),
                    lambda: staffing.assign(stranger, made["grid"], "A")):
        with pytest.raises(Forbidden) as refused:
            attempt()
        assert "幸福社区的工作人员" in str(refused.value) and "本社区（和平社区）" in str(refused.value)
    assert Staff.get_by_id(stranger.id).phone == "" and not Staff.select().where(Staff.name == "又一人").exists()
    monkeypatch.setattr(roles, "current_role", lambda: roles.CLERK)
    with pytest.raises(Forbidden, match="录入员"):
        staffing.edit(new, kind="社区专职干部")
    assert Staff.get_by_id(new.id).kind == "group_leader"
    notes = [e.note for e in AuditEntry.select().where(AuditEntry.action == "staff")]
    assert "添加工作人员 新人（和平社区，居民小组长）" in notes and "工作人员 孙网格 离岗" in notes


@pytest.fixture(params=ENGINES)
def net(request, tmp_path):
    if request.param == "sqlite":
        return request.getfixturevalue("sync_template").clone(tmp_path)
    return request.getfixturevalue("pg_sync_template").clone(tmp_path, request.getfixturevalue("pg_server"))


def test_a_directors_staff_change_goes_up_with_the_package_and_on_to_the_other_communities(net, monkeypatch):
    aihe, jianxin = net.communities
    monkeypatch.setattr(roles, "current_role", lambda: roles.DIRECTOR)
    aihe.use()
    community = Community.get(Community.name == "爱和社区")
    new = staffing.add("钱小组", "网格员", community, "139 0000 1234", kind="居民小组长")
    staffing.assign(new, Grid.get(Grid.community == community.id, Grid.name == "第一网格"), "B")
    staffing.edit(Staff.get(Staff.name == "王芳"), kind="社区专职干部")
    for path, to in aihe.export():  # the package goes to the street office only
        assert to == net.hub.site.site_id
        net.hub.receive(path)
    assert net.hub.import_().applied == 1  # one package
    net.hub.use()
    assert Staff.get_by_id(new.id).kind == "group_leader" and Staff.get_by_id(new.id).phone == "13900001234"
    assert Staff.get(Staff.name == "王芳").kind == "cadre"
    assert {t["grid"]: t["missing"] for t in staffing.grid_teams(community)}["第一网格"] == ["recruited"]
    net.exchange()
    jianxin.use()
    assert Staff.get_by_id(new.id).kind == "group_leader" and Staff.get(Staff.name == "王芳").kind == "cadre"
    with pytest.raises(Forbidden, match="爱和社区的工作人员"):  # 建新社区's director may not
        staffing.edit(Staff.get(Staff.name == "王芳"), kind="专职网格员")


def test_the_org_file_may_say_the_kind_and_a_reimport_keeps_the_one_set_in_the_app(hub_db):
    from gridapp.errors import UserError
    from gridapp.services import org

    data = {"street": "滨江街道", "communities": [{"name": "爱和社区", "grids": [{"name": "第一网格"}]}],
            "staff": [{"name": "王芳", "role": "grid_worker", "grids": ["第一网格"]},
                      {"name": "赵敏", "role": "grid_leader", "grids": ["第一网格"]},
                      {"name": "钱组长", "role": "grid_worker", "kind": "居民小组长", "grids": ["第一网格"]}]}
    org.import_org(data)
    assert {s.name: s.kind for s in Staff.select()} == {"王芳": "recruited", "赵敏": "cadre", "钱组长": "group_leader"}
    staffing.edit(Staff.get(Staff.name == "王芳"), kind="cadre")
    org.import_org(data)
    assert Staff.get(Staff.name == "王芳").kind == "cadre"
    with pytest.raises(UserError, match="不是有效的一格三员类别"):
        org.import_org({**data, "staff": [{"name": "某", "role": "grid_worker", "kind": "主任", "grids": []}]})


def test_a_photo_is_in_the_audit_trail_by_its_size_and_the_screen_offers_the_own_community(made, tmp_path,
                                                                                            monkeypatch):
    from PIL import Image

    picture = tmp_path / "p.png"
    Image.new("RGB", (300, 400), "#336699").save(picture)
    sun = Staff.get(Staff.name == "孙网格")
    staffing.set_photo(sun, picture)
    change = AuditEntry.get(AuditEntry.table == "staff", AuditEntry.field == "photo")
    assert change.new.startswith("（") and change.new.endswith("字节）") and len(change.new) < 20
    assert AuditEntry.select().where(AuditEntry.note == "工作人员 孙网格 的照片已更换").exists()
    Community.create(name="幸福社区")
    assert [c.name for c in staffing.communities_to_edit()] == ["和平社区", "幸福社区"]
    monkeypatch.setattr(roles, "current_role", lambda: roles.DIRECTOR)
    assert staffing.communities_to_edit() == []
    LocalState.set_value("community_id", made["community"].id.hex)
    assert [c.name for c in staffing.communities_to_edit()] == ["和平社区"]
    monkeypatch.setattr(roles, "current_role", lambda: roles.GRID_LEADER)
    assert staffing.communities_to_edit() == []


def test_the_migration_takes_grid_leaders_on_file_for_community_cadres(tmp_path):
    import uuid

    from peewee import SqliteDatabase
    from playhouse.migrations import Runner

    from gridapp import db

    scratch = SqliteDatabase(str(tmp_path / "old.db"))
    runner = Runner(scratch, str(db.MIGRATIONS_DIR))
    runner.up(target="0017_daily_work")
    assert "kind" not in [c.name for c in scratch.get_columns("staff")]
    for name, role in (("王芳", "grid_worker"), ("赵敏", "grid_leader")):
        scratch.execute_sql("INSERT INTO staff (id, site, clock, deleted, name, phone, role, active) "
                            "VALUES (?, 's', 1, 0, ?, '', ?, 1)", (uuid.uuid4().hex, name, role))
    runner.up()
    assert dict(scratch.execute_sql("SELECT name, kind FROM staff").fetchall()) == {"王芳": "recruited", "赵敏": "cadre"}


def test_what_the_teams_lack_is_said_once_per_kind():
    def team(grid, *missing):
        return {"grid": grid, "missing": list(missing)}

    assert staffing.lacking([team("第一网格"), team("第二网格")]) == ""
    assert staffing.lacking([team("第一网格", "group_leader"), team("第二网格", "cadre", "group_leader")]) == \
        "缺社区专职干部：第二网格；缺居民小组长：第一网格、第二网格"
    many = [team(f"第{n}网格", "group_leader") for n in "一二三四五"]
    assert staffing.lacking(many) == "缺居民小组长：全部 5 个网格"
