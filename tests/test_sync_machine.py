"""A street office and two communities editing at random while packages are delayed,
duplicated and reordered, and sites going back to a backup; after a full exchange every site
holds exactly what it should, with the same values and versions, and every concurrent edit of
one field is in the conflict list of every site holding the record. With restores: nothing is
lost but what only the replaced database ever held."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from gridapp.models import Conflict, Grid, House, Household, Outbox, Person, Staff
from gridapp.sync import epoch
from tests.syncnet import Network, conflict_heads, memory_db, own_community, snapshot

FIELDS = {  # model, field, values to choose from
    "person_phone": (Person, "phone"),
    "person_name": (Person, "name"),
    "person_note": (Person, "note"),
    "household_note": (Household, "note"),
    "house_landlord": (House, "landlord_name"),
    "grid_note": (Grid, "note"),
    "staff_phone": (Staff, "phone"),
}


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """Two communities with a few households each, already known at the street office."""
    net = Network.build(tmp_path_factory.mktemp("template"))
    for i, node in enumerate(net.communities):
        node.use()
        houses = list(House.select().limit(3))
        for j, house in enumerate(houses):
            household = Household.create(house=house, note=f"户{i}{j}")
            for k in range(2):
                Person.create(household=household, name=f"居民{i}{j}{k}", relation="户主" if k == 0 else "配偶")
    net.exchange()
    return net


class SyncMachine(RuleBasedStateMachine):
    template: Network = None

    @initialize()
    def start(self):
        self.folder = Path(tempfile.mkdtemp(prefix="syncm-"))
        self.net = self.template.clone(self.folder)
        self.pending: list[tuple[Path, str]] = []
        self.edits: list[tuple] = []  # (table, row id, field, version, base)
        self.counter = 0
        self.backups: dict[int, tuple] = {}  # node index -> (in-memory copy, edits made until then)
        self.maybe_lost: set[tuple] = set()  # versions of edits a restore took from their site
        self.restores = 0

    def teardown(self):
        if not hasattr(self, "net"):
            return
        try:
            self.final_exchange_and_checks()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def node(self, index: int):
        return self.net.nodes[index % len(self.net.nodes)]

    def _record_last_edit(self, node):
        entry = Outbox.select().order_by(Outbox.seq.desc()).first()
        op = json.loads(entry.op)
        for column, base in (op.get("b") or {}).items():
            self.edits.append((entry.tbl, entry.row_id, column, (entry.clock, entry.site), tuple(base), node.name))

    @rule(site=st.integers(0, 2))
    def back_up(self, site):
        node = self.node(site)
        copy = memory_db()
        node.db.connection().backup(copy.connection())
        self.backups[site % len(self.net.nodes)] = (copy, len(self.edits))

    @precondition(lambda self: self.backups)
    @rule(pick=st.integers(0, 1000))
    def restore(self, pick):
        """A site's database goes back to its backup (which is kept, to be restored again)."""
        index = sorted(self.backups)[pick % len(self.backups)]
        copy, edits_then = self.backups[index]
        node = self.net.nodes[index]
        restored = memory_db()
        copy.connection().backup(restored.connection())
        epoch.begin(restored)
        node.db = restored
        node.use(load=True)
        self.restores += 1
        self.maybe_lost |= {e[3] for e in self.edits[edits_then:] if e[5] == node.name}

    @rule(site=st.integers(0, 2), what=st.sampled_from(sorted(FIELDS)), pick=st.integers(0, 1000))
    def edit(self, site, what, pick):
        node = self.node(site).use()
        model, field = FIELDS[what]
        rows = list(model.select().order_by(model.id))
        if not rows:
            return
        row = rows[pick % min(len(rows), 3)]
        self.counter += 1
        setattr(row, field, f"{node.name[:2]}{self.counter}")
        if row.save():
            self._record_last_edit(node)

    @rule(site=st.integers(1, 2), pick=st.integers(0, 1000))
    def add_household(self, site, pick):
        self.node(site).use()
        houses = list(House.select().order_by(House.id))
        household = Household.create(house=houses[pick % len(houses)], note="新户")
        Person.create(household=household, name=f"新人{pick}", relation="户主")

    @rule(site=st.integers(0, 2), pick=st.integers(0, 1000))
    def bulk_add(self, site, pick):
        self.node(site).use()
        households = list(Household.select().order_by(Household.id))
        if not households:
            return
        household = households[pick % len(households)]
        Person.bulk_insert([{"household": household.id, "name": f"批量{pick}-{i}", "relation": "其他"}
                            for i in range(2)])

    @rule(site=st.integers(0, 2), pick=st.integers(0, 1000))
    def delete_person(self, site, pick):
        node = self.node(site).use()
        people = list(Person.select().order_by(Person.id))
        if people:
            person = people[pick % len(people)]
            if person.delete_instance():
                self._record_last_edit(node)

    @rule(site=st.integers(0, 2))
    def export(self, site):
        self.pending += self.node(site).export()

    @precondition(lambda self: self.pending)
    @rule(pick=st.integers(0, 1000), keep=st.booleans())
    def deliver(self, pick, keep):
        """Deliver one package, in any order; keep it to deliver it again later (a duplicate)."""
        path, to = self.pending[pick % len(self.pending)]
        self.net.by_site(to).receive(path)
        if not keep:
            self.pending.remove((path, to))

    @precondition(lambda self: self.pending)
    @rule(pick=st.integers(0, 1000))
    def delay(self, pick):
        """Hold a package back to the end (it arrives after everything sent later)."""
        item = self.pending.pop(pick % len(self.pending))
        self.pending.insert(0, item)

    @rule(site=st.integers(0, 2))
    def import_(self, site):
        result = self.node(site).import_()
        assert result.rejected == 0, result.messages
        assert result.superseded == 0 or self.restores, result.messages

    def final_exchange_and_checks(self):
        for path, to in self.pending:
            self.net.by_site(to).receive(path)
        self.net.exchange()
        hub = self.net.hub
        for node in self.net.communities:
            assert snapshot(node) == snapshot(hub, own_community(node)), node.name
        hub_heads = conflict_heads(hub)
        if self.restores:
            self.nothing_lost_but_the_replaced()
        else:
            expected = _losers(self.edits)
            assert {k[:3] + v for k, vs in expected.items() for v in vs} == hub_heads
        for node in self.net.communities:
            held = snapshot(node)
            wanted = {h for h in hub_heads if h[1] in held.get(h[0], {})}
            assert conflict_heads(node) == wanted, node.name

    def nothing_lost_but_the_replaced(self):
        """Every edit that was not made on a database later replaced by a restore is held at
        the street office: as the field's value, as a losing value in the conflict list, or
        in an edit made on top of it that is."""
        hub = self.net.hub
        state = snapshot(hub)
        hub.use()
        held = {(c.tbl, c.row_id, c.field, (c.loser_clock, c.loser_site)) for c in Conflict.select()}
        for table, rows in state.items():
            held |= {(table, i, c, v[1]) for i, row in rows.items() for c, v in row.items()}
        on_top: dict[tuple, list] = {}
        for table, row_id, column, version, base, _ in self.edits:
            on_top.setdefault((table, row_id, column, base), []).append(version)

        def present(table, row_id, column, version) -> bool:
            return (table, row_id, column, version) in held or any(
                present(table, row_id, column, v) for v in on_top.get((table, row_id, column, version), ()))

        lost = [(table, row_id, column, version) for table, row_id, column, version, _, _ in self.edits
                if version not in self.maybe_lost and not present(table, row_id, column, version)]
        assert not lost, lost


def _losers(edits) -> dict:
    """From the edit history: per field, the versions that are heads (no edit based on them)
    other than the highest one."""
    by_field: dict[tuple, list] = {}
    for table, row_id, column, version, base, _ in edits:
        by_field.setdefault((table, row_id, column), []).append((version, base))
    result = {}
    for key, items in by_field.items():
        bases = {b for _, b in items}
        heads = {v for v, _ in items if v not in bases}
        winner = max(heads)
        losers = heads - {winner}
        if losers:
            result[key] = losers
    return result


def test_sites_converge_whatever_the_delivery(template):
    SyncMachine.template = template
    run = SyncMachine.TestCase
    run.settings = settings(max_examples=40, stateful_step_count=35, deadline=None,
                            suppress_health_check=list(HealthCheck))
    run().runTest()
