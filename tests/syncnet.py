"""Several sites in one test process: a street office and its enrolled communities.

Each site is an in-memory SQLite database with the real schema (migrations), bound to the
models in turn (``Node.use()``): the sync logic does not depend on SQLCipher, and copying a
built network (``Network.clone()``) takes milliseconds. Packages travel through folders:
``export()`` writes to the sender's out folder, ``deliver()`` copies a file to the
recipient's in folder, ``import_()`` reads it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from peewee import PostgresqlDatabase, SqliteDatabase
from playhouse.migrations import Runner

from gridapp import db as dbmod
from gridapp.engines import engine, postgres
from gridapp.models import SYNC_MODELS, Conflict, database
from gridapp.models.base import Site, set_current_site
from gridapp.services import site as site_service
from gridapp.services.org import import_org_file
from gridapp.store import rows as R
from gridapp.store import versions
from gridapp.sync import enrol, export, importer, scope

ORG = Path(__file__).parent / "data" / "org_small.json"
CODE = "TEST-CODE-TEST-CODE"


def memory_db() -> SqliteDatabase:
    conn = SqliteDatabase(":memory:", pragmas={"foreign_keys": 1})
    conn.connect()
    return conn


class Node:
    def __init__(self, name: str, conn: SqliteDatabase, folder: Path):
        self.name, self.db, self.folder = name, conn, folder
        self.outbox, self.inbox = folder / "out", folder / "in"
        self.outbox.mkdir(parents=True, exist_ok=True)
        self.inbox.mkdir(parents=True, exist_ok=True)
        self.use(load=True)

    def use(self, load: bool = False) -> "Node":
        database.initialize(self.db)
        if load:
            self.site = Site.load()
        set_current_site(self.site)
        return self

    def export(self, full: bool = False) -> list[tuple[Path, str]]:
        """Write packages; returns (file, recipient site id) pairs."""
        self.use()
        made = export.export(self.outbox, full=full)
        return [(Path(m["file"]), m["site_id"]) for m in made]

    def import_(self) -> importer.ImportResult:
        self.use()
        return importer.import_from(self.inbox)

    def receive(self, path: Path) -> None:
        for part in path.parent.glob(path.name.removesuffix(".gsp").split(".part")[0] + "*"):
            shutil.copy(part, self.inbox / part.name)


class Network:
    def __init__(self, hub: Node, communities: list[Node], folder: Path):
        self.hub, self.communities, self.folder = hub, communities, folder

    @property
    def nodes(self) -> list[Node]:
        return [self.hub] + self.communities

    def by_site(self, site_id: str) -> Node:
        return next(n for n in self.nodes if n.site.site_id == site_id)

    @classmethod
    def build(cls, folder: Path, names=("爱和社区", "建新社区"), hub_db=None) -> "Network":
        """``hub_db``: the street office on this (empty) database instead of in memory."""
        folder.mkdir(parents=True, exist_ok=True)
        conn = hub_db or memory_db()
        database.initialize(conn)
        Runner(conn, str(dbmod.MIGRATIONS_DIR)).up()
        engine(conn).after_migrations(conn)
        site_service.initialise("street", "滨江街道")
        import_org_file(ORG)
        hub = Node("street", conn, folder / "street")
        communities = []
        for i, name in enumerate(names):
            hub.use()
            path = folder / f"c{i}.enrol"
            enrol.enrol(name, path, code=CODE)
            conn = memory_db()
            database.initialize(conn)
            Runner(conn, str(dbmod.MIGRATIONS_DIR)).up()
            set_current_site(None)
            enrol.initialise_from(enrol.read(path, CODE))
            communities.append(Node(name, conn, folder / f"c{i}"))
        return cls(hub, communities, folder)

    def clone(self, folder: Path, server=None) -> "Network":
        """A copy; a street office on PostgreSQL is copied on ``server`` (tests/pgserver.py)."""
        nodes = []
        for node in self.nodes:
            if isinstance(node.db, PostgresqlDatabase):
                node.db.close()  # a template database must have no one connected
                conn = postgres.connect(server.create(node.db.database.rsplit("/", 1)[1]))
                conn.connect()
                nodes.append(Node(node.name, conn, folder / node.folder.name))
                continue
            conn = memory_db()
            node.db.connection().backup(conn.connection())
            nodes.append(Node(node.name, conn, folder / node.folder.name))
        return Network(nodes[0], nodes[1:], folder)

    def exchange(self, rounds: int = 6) -> None:
        """Export, deliver and import until nothing new moves."""
        for _ in range(rounds):
            for node in self.nodes:
                node.import_()
            moved = False
            for node in self.nodes:
                for path, to in node.export():
                    self.by_site(to).receive(path)
                    moved = True
            if not moved:
                return
        raise AssertionError("sync did not settle")


def snapshot(node: Node, community: str | None = None) -> dict:
    """Every row the site holds (or, at the street office, what ``community`` should hold),
    with each field's version: {table: {id: {column: (value, version)}}}."""
    node.use()
    found = {}
    for model in SYNC_MODELS:
        table = model._meta.table_name
        rows = {r["id"]: r for batch in R.scan_raw(model) for r in batch}
        if community is not None and not scope.is_reference(model):
            keep = scope.routed_to(model, rows, community)
            rows = {i: r for i, r in rows.items() if i in keep}
        entries = versions.load(table, rows)
        found[table] = {
            i: {c: (r[c], versions.of(entries.get(i), (r["clock"], r["site"]), c)) for c in R.columns(model)}
            for i, r in rows.items()}
    return found


def conflict_heads(node: Node) -> set:
    node.use()
    return {(c.tbl, c.row_id, c.field, c.loser_clock, c.loser_site)
            for c in Conflict.select().where(Conflict.head == True)}  # noqa: E712


def own_community(node: Node) -> str:
    node.use()
    return enrol.own_community()
