"""The Qt models pass Qt's own model checks, before and after lazy loading."""

from PySide6.QtCore import QModelIndex

from forms import tables
from forms.orgtree import OrgTreeModel
from forms.tables import HouseholdsModel, MembersModel
from gridapp.models import Community, Grid


def first_of_kind(model, kind):
    """Walk down the first branch, loading levels, to the first node of ``kind``."""
    index = model.index(0, 0)
    while model.node(index)["kind"] != kind:
        model.fetchMore(index)
        index = model.index(0, 0, index)
    return index


def test_tree_model(opened_db, qtmodeltester):
    model = OrgTreeModel()
    qtmodeltester.check(model)
    building = first_of_kind(model, "building")
    assert not model.hasChildren(building)
    qtmodeltester.check(model)


def test_tree_loads_a_level_only_when_asked(opened_db):
    model = OrgTreeModel()
    community = first_of_kind(model, "community")
    assert model.rowCount(community) == 0
    assert model.hasChildren(community) and model.canFetchMore(community)
    model.fetchMore(community)
    grids = Grid.select().where(Grid.community == model.node(community)["id"], Grid.deleted == False)  # noqa: E712
    assert [model.index(r, 0, community).data() for r in range(model.rowCount(community))] == \
        [g.name for g in grids.order_by(Grid.number, Grid.name)]
    assert not model.canFetchMore(community)


def test_households_model(opened_db, qtmodeltester, monkeypatch):
    monkeypatch.setattr(tables, "PAGE", 100)
    model = HouseholdsModel()
    model.show_node("community", Community.select().first().id)
    assert model.rowCount() == 100 and model.total > 100
    qtmodeltester.check(model)
    assert model.rowCount() > 100  # the tester asked for more


def test_members_model(opened_db, qtmodeltester):
    households = HouseholdsModel()
    households.show_node("community", Community.select().first().id)
    model = MembersModel()
    model.show_household(households.row(0)["id"])
    assert model.rowCount() > 0
    qtmodeltester.check(model)
    model.show_household(None)
    assert model.rowCount(QModelIndex()) == 0
