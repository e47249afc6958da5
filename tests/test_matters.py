"""Matters (事项) from intake to closure: the chain, promised dates in working days, roles,
masking, bad input refused with nothing changed."""

from __future__ import annotations

import datetime as dt

import pytest

from gridapp import settings
from gridapp.errors import Forbidden, ValidationError
from gridapp.models import AffairItem, AuditEntry, CalendarDay, Grid, Household, Matter, MatterPhoto, MatterStep
from gridapp.services import matterlist, matters
from gridapp.services.matterlist import Filter
from gridapp.store import session

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40


def first_grid() -> Grid:
    return Grid.live().order_by(Grid.number).first()


def request(**extra) -> dict:
    raw = {"kind": "诉求", "grid": first_grid().name, "place": "爱和路口", "contact_name": "张三明",
           "contact_phone": "１３８-００００-１２３４", "description": "楼道灯坏了", "urgency": "一般",
           "line": "城建环境", "found_by": "王芳", "found_at": "2026-11-02"}
    raw.update(extra)
    return raw


def counts() -> tuple[int, int, int]:
    return Matter.select().count(), MatterStep.select().count(), MatterPhoto.select().count()


def test_a_request_walks_from_intake_to_closure_with_every_step_kept(community_any):
    m = matters.add(request(), today=dt.date(2026, 11, 3))
    assert m.number == "2026-0001" and m.state == "received" and m.contact_phone == "13800001234"
    assert matters.next_steps(m) == ["assign", "refer"]
    matters.assign(m, "城建环境", "李委员", "请物业更换")
    matters.progress(m, "已联系物业")
    matters.done(m, "已更换灯泡")
    with pytest.raises(ValidationError, match="须先回访"):
        matters.close(m)
    matters.check(m, satisfied=True, note="电话回访，满意")
    matters.close(m)
    stored = Matter.get_by_id(m.id)
    assert stored.state == "closed" and stored.satisfied == "yes" and stored.result == "已更换灯泡"
    steps = [s.action for s in matters.timeline(stored)]
    assert steps == ["receive", "assign", "progress", "done", "check", "close"]
    assert stored.steps == 6
    notes = [e.note for e in AuditEntry.select().where(AuditEntry.action == "matter", AuditEntry.row_id == str(m.id))]
    assert len(notes) == 6 and notes[-1] == "事项 2026-0001 办结归档"
    assert matters.add(request(), today=dt.date(2026, 11, 3)).number == "2026-0002"


def test_the_promised_date_counts_working_days_of_the_affairs_item(community_db):
    item = AffairItem.live().where(AffairItem.code == "HJ-01").first()  # 居住证办理, 15 working days
    assert item.promised_days == 15
    # Friday 2026-09-25; the National Day holiday runs 10-01 to 10-08 (make-up workdays 09-28 and 10-11)
    m = matters.add(request(affair="HJ-01", line="", found_at="2026-09-25"), today=dt.date(2026, 10, 1))
    assert m.line == "户籍与居住"
    assert m.promised_on == dt.date(2026, 10, 22)
    assert matters.overdue(m, dt.date(2026, 10, 22)) is False
    assert matters.overdue(m, dt.date(2026, 10, 23)) is True
    late = matterlist.page(Filter(view="overdue", today=dt.date(2026, 10, 23)))
    assert [r["number"] for r in late] == [m.number] and late[0]["days_late"] == 1


def test_an_office_keyed_holiday_moves_the_promised_date(community_db):
    settings.put("matters.promised_days", 2)
    CalendarDay(day=dt.date(2026, 11, 3), workday=False, name="停电放假").save()
    m = matters.add(request(found_at="2026-11-02"), today=dt.date(2026, 11, 3))  # Monday
    assert m.promised_on == dt.date(2026, 11, 5)


@pytest.mark.parametrize("change, message", [
    ({"line": "水电"}, "没有业务口“水电”"),
    ({"kind": "投诉"}, "类型：“投诉”不对"),
    ({"urgency": "很急"}, "紧急程度"),
    ({"description": ""}, "事项内容：不能为空"),
    ({"found_at": "2026-02-30"}, "发现/受理时间"),
    ({"found_at": "2031-01-01"}, "不晚于今天"),
    ({"contact_phone": "12345"}, "电话号码"),
    ({"place": "1栋\x1b[2J"}, "控制字符"),
    ({"grid": "第九十九网格"}, "网格"),
    ({"description": 5}, "事项内容（description）须为文字"),
    ({"affair": "不存在的事项"}, "清单中没有"),
    ({"colour": "red"}, "不认识的字段：colour"),
])
def test_bad_input_is_refused_in_chinese_and_nothing_is_written(community_db, change, message):
    before = counts()
    with pytest.raises(ValidationError, match=message):
        matters.add(request(**change), today=dt.date(2026, 11, 3))
    assert counts() == before


def test_a_closed_matter_and_a_step_out_of_order_are_refused_with_nothing_changed(community_db):
    m = matters.add(request(kind="巡查发现"), today=dt.date(2026, 11, 3))
    with pytest.raises(ValidationError, match="当前为“已登记”，不能办理完毕"):
        matters.done(m, "好了")
    with pytest.raises(ValidationError, match="没有业务口“水电”"):
        matters.assign(m, "水电")
    matters.assign(m, "城建环境")
    matters.done(m, "已清理")
    matters.close(m)  # a patrol finding has nobody to call back
    before = counts(), Matter.get_by_id(m.id).clock
    for step in (lambda: matters.progress(m, "再看看"), lambda: matters.assign(m, "民政"),
                 lambda: matters.check(m, False)):
        with pytest.raises(ValidationError, match="已于 .* 办结归档，不能再"):
            step()
    assert (counts(), Matter.get_by_id(m.id).clock) == before


def test_a_photo_is_kept_in_the_database_and_a_non_photo_refused(community_db, tmp_path):
    (tmp_path / "a.png").write_bytes(PNG)
    (tmp_path / "b.txt").write_text("not a photo")
    m = matters.add(request(photos=["a.png"]), base=tmp_path, today=dt.date(2026, 11, 3))
    assert [(p.name, bytes(p.data)) for p in matters.photos(m)] == [("照片1.png", PNG)]
    before = counts()
    with pytest.raises(ValidationError, match="b.txt 不是照片"):
        matters.add(request(photos=["b.txt"]), base=tmp_path, today=dt.date(2026, 11, 3))
    assert counts() == before


def test_committee_members_handle_their_line_and_names_are_masked_for_clerks(community_db, monkeypatch):
    settings.put("matters.line_members", ["民政=wangli"])
    m = matters.add(request(line="民政"), today=dt.date(2026, 11, 3))
    other = matters.add(request(line="社保"), today=dt.date(2026, 11, 3))
    assert matterlist.page(Filter())[0]["contact_name"] == "张三明"

    from gridapp.models import Account
    monkeypatch.setattr(session, "_account", Account(name="wangli", role="committee"))
    matters.assign(m, "民政", "王莉")
    with pytest.raises(Forbidden, match="分管委员.*“社保”"):
        matters.assign(other, "社保")
    assert [r["number"] for r in matterlist.page(Filter())] == [m.number]
    assert [r["number"] for r in matterlist.page(Filter(view="mine"))] == [m.number]

    monkeypatch.setattr(session, "_account", Account(name="luru", role="clerk"))
    row = matterlist.page(Filter())[0]
    assert (row["contact_name"], row["contact_phone"]) == ("张*明", "138****1234")
    with pytest.raises(Forbidden, match="录入员"):
        matters.progress(m, "看看")
    matters.add(request(), today=dt.date(2026, 11, 3))  # clerks record


def test_a_matter_at_a_household_address_links_the_household_and_shows_in_its_list(community_db):
    household = Household.live().where(Household.house.is_null(False)).first()
    house = household.house
    place = f"{house.building.name}{house.unit}单元{house.room}"
    m = matters.add(request(grid=house.building.grid.name, place=place), today=dt.date(2026, 11, 3))
    assert m.household_id == household.id and m.house_id == house.id
    assert [r["number"] for r in matterlist.of_household(household)] == [m.number]


def test_a_households_matters_show_a_committee_member_only_the_lines_in_his_charge(community_any, monkeypatch):
    from gridapp.models import Account

    settings.put("matters.line_members", ["民政=wangli"])
    household = Household.live().where(Household.house.is_null(False)).first()
    house = household.house
    place = f"{house.building.name}{house.unit}单元{house.room}"
    mine = matters.add(request(grid=house.building.grid.name, place=place, line="民政"), today=dt.date(2026, 11, 3))
    other = matters.add(request(grid=house.building.grid.name, place=place, line="社保"), today=dt.date(2026, 11, 3))
    assert {r["number"] for r in matterlist.of_household(household)} == {mine.number, other.number}
    monkeypatch.setattr(session, "_account", Account(name="wangli", role="committee"))
    assert [r["number"] for r in matterlist.of_household(household)] == [mine.number]
    assert [r["number"] for r in matterlist.page(Filter())] == [mine.number]  # as in the lists
    monkeypatch.setattr(session, "_account", Account(name="luru", role="clerk"))
    assert len(matterlist.of_household(household)) == 2  # clerks see every line


def test_lists_filter_by_grid_line_state_and_kind(community_db):
    for kind, line in (("诉求", "民政"), ("隐患", "城建环境"), ("矛盾纠纷", "综治平安")):
        matters.add(request(kind=kind, line=line), today=dt.date(2026, 11, 3))
    assert matterlist.count(Filter(kind="隐患")) == 1
    assert matterlist.count(Filter(line="民政")) == 1
    assert matterlist.count(Filter(state="已登记")) == 3
    assert matterlist.count(Filter(grid=first_grid())) == 3
    with pytest.raises(ValidationError, match="没有状态"):
        matterlist.count(Filter(state="挂起"))


def test_a_matters_photos_are_given_to_whoever_sees_the_matter_and_refused_to_others(community_db, tmp_path,
                                                                                     monkeypatch):
    from gridapp.models import Account

    settings.put("matters.line_members", ["民政=wangli"])
    (tmp_path / "a.png").write_bytes(PNG)
    (tmp_path / "b.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 20)
    mine = matters.add(request(line="民政", photos=["a.png", "b.jpg"]), base=tmp_path, today=dt.date(2026, 11, 3))
    other = matters.add(request(line="社保", photos=["a.png"]), base=tmp_path, today=dt.date(2026, 11, 3))
    monkeypatch.setattr(session, "_account", Account(name="wangli", role="committee"))
    shots = matters.photo_files(mine)
    assert [(p.name, p.mime, p.data[:4]) for p in shots] == [("照片1.png", "image/png", PNG[:4]),
                                                             ("照片2.jpg", "image/jpeg", b"\xff\xd8\xff\xe0")]
    with pytest.raises(Forbidden, match="分管委员.*无权查看事项 2026-0002"):
        matters.photo_files(other)
    with pytest.raises(Forbidden):
        matters.save_photos(other, tmp_path)
    with pytest.raises(Forbidden, match="无权查看事项 2026-0002"):
        matterlist.detail(other)  # matters show, as the photos
    assert matterlist.detail(mine)["photos"] == [{"name": "照片1.png", "bytes": len(PNG)},
                                                 {"name": "照片2.jpg", "bytes": 24}]
    monkeypatch.setattr(session, "_account", Account(name="luru", role="clerk"))
    assert len(matters.photo_files(other)) == 1  # clerks see every line, as in the lists
