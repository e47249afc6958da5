"""Importing the street's structure: all or nothing, again and again without duplicates."""

import copy
import json
from pathlib import Path

import pytest

from gridapp.errors import ValidationError
from gridapp.models import Building, Community, Grid, GridGroup, House, Staff, StaffGrid
from gridapp.services.org import import_org, import_org_file

DATA = Path(__file__).parent / "data" / "org_small.json"


def _counts():
    return {m.__name__: m.live().count() for m in (Community, GridGroup, Grid, Building, House, Staff, StaffGrid)}


def test_import_builds_the_structure_with_houses(hub_db):
    import_org_file(DATA)
    counts = _counts()
    assert counts == {"Community": 2, "GridGroup": 1, "Grid": 3, "Building": 3, "House": 24 + 72 + 10,
                      "Staff": 3, "StaffGrid": 3}
    b = Building.get(Building.name == "长安阁2栋")
    rooms = {(h.unit, h.floor, h.room) for h in b.houses}
    assert (1, 18, "1804") in rooms and len(rooms) == 72
    wang = Staff.get(Staff.name == "王芳")
    (post,) = wang.assignments
    assert (post.grid.name, post.grid.community.name, post.post) == ("第一网格", "爱和社区", "A")


def test_importing_again_changes_nothing(hub_db):
    import_org_file(DATA)
    before = _counts()
    result = import_org_file(DATA)
    assert _counts() == before
    assert result.created == {} and result.updated == {}


def test_edited_file_updates_in_place(hub_db):
    import_org_file(DATA)
    data = json.loads(DATA.read_text(encoding="utf-8"))
    data["communities"][0]["grids"][0]["buildings"][0]["floors"] = 7
    data["staff"][0]["phone"] = "13800009999"
    data["staff"][0]["grids"] = ["第二网格"]
    result = import_org(data)
    b = Building.get(Building.name == "长安阁1栋")
    assert b.floors == 7 and b.houses.count() == 28
    wang = Staff.get(Staff.name == "王芳")
    assert wang.phone == "13800009999"
    assert [a.grid.name for a in StaffGrid.live().where(StaffGrid.staff == wang)] == ["第二网格"]
    assert Staff.live().count() == 3
    assert result.updated["buildings"] == 1


def test_a_bad_file_changes_nothing_and_names_every_problem(hub_db):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    bad = copy.deepcopy(data)
    bad["communities"][0]["grids"][0]["buildings"][1]["floors"] = 0
    bad["staff"][1]["grids"] = ["第九网格"]
    bad["staff"][2]["role"] = "boss"
    with pytest.raises(ValidationError) as info:
        import_org(bad)
    message = str(info.value)
    assert "楼栋“长安阁2栋”" in message and "floors" in message
    assert "第九网格" in message
    assert "boss" in message
    assert Community.live().count() == 0 and House.select().count() == 0


def test_ambiguous_grid_name_must_name_its_community(hub_db):
    data = json.loads(DATA.read_text(encoding="utf-8"))
    del data["staff"][0]["community"]
    with pytest.raises(ValidationError, match="多个社区"):
        import_org(data)


def test_file_that_is_not_json_says_where(hub_db, tmp_path):
    path = tmp_path / "org.json"
    path.write_text('{"street": "滨江街道",\n "communities": [}', encoding="utf-8")
    with pytest.raises(ValidationError, match="第 2 行"):
        import_org_file(path)


def test_buildings_are_listed_as_people_count_them(hub_db):
    from gridapp.services import browse

    import_org({"street": "滨江街道", "communities": [{"name": "和平社区", "grids": [{"name": "第一网格", "buildings": [
        {"name": name, "floors": 1, "units": 1, "rooms_per_floor": 1} for name in ("10栋", "2栋", "1栋", "A座")]}]}]})
    grid = Grid.get(Grid.name == "第一网格")
    assert [b["name"] for b in browse.buildings(grid.id)] == ["1栋", "2栋", "10栋", "A座"]
    renamed = Building.get(Building.name == "10栋")
    renamed.name = "3栋"
    renamed.save()
    assert [b["name"] for b in browse.buildings(grid.id)] == ["1栋", "2栋", "3栋", "A座"]
