"""Applying received changes, field by field, inside the caller's transaction.

A change of a field carries its version (clock, site) and, for an edit, the version it
replaced where it was made (its base). For every field each site keeps the current value
and the losing branches (the conflict list), so every site that has seen the same changes
shows the same value and the same conflicts, whatever order they came in:

- the same version again changes nothing;
- an edit of the current version replaces it;
- an edit of another version is concurrent: the higher version (clock, then site id) wins,
  the other is a loser, kept in ``sync_conflict`` with both values for a person to review;
- an edit of a losing version supersedes that loser (it is no longer a branch of its own).

Whole rows (new rows, full packages) carry no bases: the higher version wins per field.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict

from gridapp.models import model_of
from gridapp.models.sync import Conflict
from gridapp.store import journal, versions
from gridapp.store import rows as R
from gridapp.sync import scope
from gridapp.sync.package import PackageError

log = logging.getLogger(__name__)
BATCH = 500


def _now() -> str:
    import datetime as dt

    return dt.datetime.now().isoformat(timespec="seconds")


def wire_text(raw) -> str:
    return json.dumps(R.encode(raw), ensure_ascii=False)


class Merger:
    """Applies the lines of one package; at the street office, queues relays to other communities."""

    def __init__(self, sender: str, relay_to: set[str], skip_upto: float, max_clock: int):
        self.sender, self.relay_to = sender, relay_to
        self.relay, self.skip_upto, self.max_clock = bool(relay_to), skip_upto, max_clock
        self.counts: Counter = Counter()
        self.conflicts = 0
        self.newest = 0
        self.batch: list = []
        self.batch_table: str | None = None
        self.relays: dict[str, list] = defaultdict(list)
        self.declared: dict[str, list] = {}
        self.losers: list = []  # conflict lines of a full package, added once its rows are in
        self.touched: dict[str, set] = defaultdict(set)  # the ids of the rows applied, by table
        self.notes: list[str] = []  # what the user is told of the import beyond the counts

    # -- lines -------------------------------------------------------------
    def line(self, line) -> None:
        try:
            kind, seq, table = line[0], line[1], line[2]
        except (IndexError, TypeError):
            raise PackageError("数据包内容无法识别，未导入") from None
        if kind == "T":  # the column order of the table's state lines that follow
            self.flush()
            self.declared[table] = list(line[3])
            return
        if kind == "s":  # whole rows merge by version: taking one again changes nothing, and a
            # bulk insert's rows carry the later edits of the package (left out as lines of their own)
            if table != self.batch_table or len(self.batch) >= BATCH:
                self.flush()
                self.batch_table = table
            self.batch.append(line)
        elif kind == "c":
            self.losers.append(line[2:])
        elif kind == "u":
            if seq and seq <= self.skip_upto:
                return  # applied already: an edit taken twice would look like a concurrent one
            self.flush()
            self._update(*line[2:])
        else:
            raise PackageError("数据包内容无法识别，未导入")

    def finish(self) -> None:
        self.flush()
        self._add_losers()
        if self.relay:
            self._relay()

    def _add_losers(self) -> None:
        """Conflicts listed by the sender (a full package) that are not listed here, unless the
        losing value is this site's current one; and losing values it knows were edited further."""
        for table, row_id, column, loser, winner, head in self.losers:
            model = self._model(table)
            version = self._seen(loser[1:])
            row = R.select_raw(model, [row_id]).get(row_id)
            if row is None or column not in row:
                continue
            known = Conflict.get_or_none(Conflict.tbl == table, Conflict.row_id == row_id, Conflict.field == column,
                                         Conflict.loser_clock == version[0], Conflict.loser_site == version[1])
            if known is not None:
                if known.head and not head:
                    known.head = False
                    known.save()
                continue
            entries = versions.load(table, [row_id]).get(row_id, {})
            if versions.of(entries, (row["clock"], row["site"]), column) == version:
                continue
            Conflict.create(tbl=table, row_id=row_id, field=column, loser_value=str(loser[0]),
                            loser_clock=version[0], loser_site=version[1], winner_value=str(winner[0]),
                            winner_clock=int(winner[1]), winner_site=str(winner[2]), head=bool(head),
                            found_at=_now())
            self.conflicts += bool(head)

    def _model(self, table: str):
        model = model_of(table)
        if model is None:
            raise PackageError(f"数据包含有本程序不认识的数据表 {table}：请先升级 gridapp，未导入")
        return model

    def _seen(self, version) -> tuple:
        version = (int(version[0]), str(version[1]))
        if version[0] > self.max_clock:
            raise PackageError("数据包内的时间与清单不符，未导入")
        self.newest = max(self.newest, version[0])
        return version

    # -- edits ---------------------------------------------------------------
    def _update(self, table, row_id, clock, site, fields, bases) -> None:
        model = self._model(table)
        version = self._seen((clock, site))
        known = set(R.columns(model))
        values = {c: R.decode(w) for c, w in fields.items() if c in known}
        row = R.select_raw(model, [row_id]).get(row_id)
        if row is None:
            if bases is not None:
                self.counts["orphans"] += 1
                log.warning("change for a row this site does not hold: %s %s", table, row_id)
                return
            full = {c: values[c] if c in values else R.default_raw(model, c) for c in R.columns(model)}
            R.insert_raw(model, [dict(full, id=row_id, clock=version[0], site=version[1])])
            self.counts[table] += 1
            self.touched[table].add(row_id)
            new = True
        else:
            entries = versions.load(table, [row_id]).get(row_id, {})
            applied, new = self._merge(model, row, values, dict.fromkeys(values, version), bases, entries)
            if applied:
                self.counts[table] += 1
                self.touched[table].add(row_id)
        if new and self.relay:
            self.relays[table].append((row_id, version, {"f": fields, "b": bases}))

    def _losers(self, table: str, row_id: str) -> dict[str, list]:
        found: dict[str, list] = defaultdict(list)
        for c in Conflict.select().where(Conflict.tbl == table, Conflict.row_id == row_id, Conflict.head == True):  # noqa: E712
            found[c.field].append(c)
        return found

    def _merge(self, model, row: dict, values: dict, incoming: dict, bases: dict | None, entries: dict):
        """Merge one row's fields; returns (fields applied, whether anything was new)."""
        table, row_id = model._meta.table_name, row["id"]
        row_version = (row["clock"], row["site"])
        changes, new_versions, new = {}, {}, False
        losers = None
        for column, value in values.items():
            version = incoming[column]
            current = versions.of(entries, row_version, column)
            if version == current:
                continue
            if bases is None or bases.get(column) is None:
                new = True
                if version > current:
                    changes[column], new_versions[column] = value, version
                continue
            if losers is None:
                losers = self._losers(table, row_id)
            if any((c.loser_clock, c.loser_site) == version for c in losers[column]):
                continue
            new = True
            base = (int(bases[column][0]), str(bases[column][1]))
            for c in losers[column]:
                if (c.loser_clock, c.loser_site) == base:
                    c.head = False
                    c.save()
            if base == current:
                changes[column], new_versions[column] = value, version
            elif version > current:
                changes[column], new_versions[column] = value, version
                self._conflict(table, row_id, column, (row[column], current), (value, version))
            else:
                self._conflict(table, row_id, column, (value, version), (row[column], current))
        if changes:
            newest = max([row_version] + list(new_versions.values()))
            R.update_raw(model, row_id, {**changes, "clock": newest[0], "site": newest[1]})
            versions.write(table, row_id, entries, row_version, new_versions)
        return changes, new

    def _conflict(self, table, row_id, column, loser, winner) -> None:
        Conflict.create(tbl=table, row_id=row_id, field=column,
                        loser_value=wire_text(loser[0]), loser_clock=loser[1][0], loser_site=loser[1][1],
                        winner_value=wire_text(winner[0]), winner_clock=winner[1][0], winner_site=winner[1][1],
                        found_at=_now())
        self.conflicts += 1

    # -- whole rows ------------------------------------------------------------
    def _values(self, model, table: str, values) -> dict:
        if isinstance(values, list):
            columns = self.declared.get(table)
            if columns is None or len(columns) != len(values):
                raise PackageError("数据包内容无法识别，未导入")
            values = dict(zip(columns, values))
        known = R.columns(model)
        if not values.keys() <= set(known):
            values = {c: v for c, v in values.items() if c in known}
        for column in R.blob_columns(model) & values.keys():
            values[column] = R.decode(values[column])
        return values

    def flush(self) -> None:
        if not self.batch:
            return
        table, lines = self.batch_table, self.batch
        assert table is not None  # set with the batch's first line
        self.batch, self.batch_table = [], None
        model = self._model(table)
        known = R.columns(model)
        same_order = self.declared.get(table) == list(known) and not R.blob_columns(model)
        existing = R.select_raw(model, [line[3] for line in lines])
        entries = versions.load(table, list(existing)) if existing else {}
        defaults = None
        inserts, field_rows = [], []
        for _, _, _, row_id, base, values, overrides in lines:
            base = self._seen(base)
            overrides = {c: self._seen(v) for c, v in overrides.items() if c in known} if overrides else None
            newest = max([base] + list(overrides.values())) if overrides else base
            if row_id not in existing and same_order and isinstance(values, list):
                inserts.append((row_id, newest[0], newest[1], *values))  # the usual case, made fast
                applied = values = dict(zip(known, values)) if self.relay else values
            else:
                values = self._values(model, table, values)
                if row_id in existing:
                    incoming = {c: (overrides or {}).get(c, base) for c in values}
                    applied, _ = self._merge(model, existing[row_id], values, incoming, None,
                                             entries.setdefault(row_id, {}))
                else:
                    if defaults is None:
                        defaults = {c: R.default_raw(model, c) for c in known}
                    inserts.append((row_id, newest[0], newest[1], *(values.get(c, defaults[c]) for c in known)))
                    applied = values
            if overrides and row_id not in existing:
                field_rows.append((table, row_id, versions.BASE) + base)
                field_rows += [(table, row_id, c) + v for c, v in overrides.items()]
            if applied:
                self.counts[table] += 1
                self.touched[table].add(row_id)
                if self.relay:
                    self.relays[table].append((row_id, None, (applied, overrides or {}, base)))
        R.insert_state(model, inserts)
        versions.insert_many(field_rows)

    # -- street office: pass on to the other communities -----------------------
    def _relay(self) -> None:
        for table, items in self.relays.items():
            model = model_of(table)
            wanted = scope.relayed(model, {row_id for row_id, _, _ in items}, self.relay_to)
            for row_id, version, op in items:
                if row_id not in wanted:
                    continue
                if version is None:  # a whole row: its applied fields, each with its version
                    applied, overrides, base = op
                    op = {"s": {c: [R.encode(v), *overrides.get(c, base)] for c, v in applied.items()}}
                    version = max(tuple(v[1:]) for v in op["s"].values())
                journal.relay(table, row_id, version, self.sender, op)
        self.relays.clear()
