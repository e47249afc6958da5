"""How a ledger is declared and read: columns, filters, sorting, all in SQL.

A ``Ledger`` names its rows (a base query: FROM, JOIN, WHERE), its columns (header,
XLSX width, SQL expression, how a value is shown) and its filters. The same
declaration serves the screen, the XLSX export and the command line:

- ``keys(query)``: the row keys (the base table's rowid; on PostgreSQL its id) in the asked
  order, after the filters; the screen holds only these and reads rows a page
  at a time with ``rows(query, keys)``;
- ``iter_rows(query)``: every row in order, for an export, in one pass.

Values are shown through ``Column.show``; ``mask=True`` hides what a role may not
see (``present`` is the one place where masking applies).
"""

from __future__ import annotations

import datetime as dt
import json
import operator
from dataclasses import dataclass, field
from functools import reduce
from typing import Callable, Iterator

from peewee import ColumnBase, ModelSelect, Node, Ordering, fn

from gridapp import categories as cats
from gridapp import idnumber, privacy
from gridapp.engines import engine
from gridapp.errors import UserError
from gridapp.models import database
from gridapp.services.scope import Scope

PAGE = 200
_CHUNK = 500  # keys per IN (...) when reading rows by key


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int  # XLSX column width, in characters
    expr: Node | Callable[[dt.date], Node]  # a peewee expression, or a function of the day the ledger is read on
    kind: str = "text"  # text, int, date, code, flags, bool
    labels: dict = field(default_factory=dict)  # code → label ("code"), True/False → label ("bool")
    level: str = ""  # "flags": the category level
    only: tuple[str, ...] = ()  # "flags": only these category codes
    sensitive: str = ""  # "id" or "phone": hidden when masking
    search: bool = False  # typed filter text is looked for here
    initials: ColumnBase | None = None  # an expression of pinyin initials that typed letters also match
    sort_by: tuple = ()  # expressions to sort by instead of the shown value (grid number, address parts)

    def sql(self, today: dt.date):
        return self.expr if isinstance(self.expr, Node) else self.expr(today)

    def value(self, raw):
        """The stored value as a spreadsheet cell: text, number or date."""
        if raw is None:
            return None if self.kind in ("int", "date") else ""
        kind = self.kind
        if kind == "date":
            return dt.date.fromisoformat(raw[:10]) if isinstance(raw, str) else raw
        if kind == "code":
            return self.labels.get(raw, raw)
        if kind == "bool":
            return self.labels.get(bool(raw), "")
        if kind == "flags":
            return "、".join(c.label for c in cats.of_level(self.level)
                            if raw & c.mask and (not self.only or c.code in self.only))
        if kind == "json":  # a supplementary field, as JSON text
            value = json.loads(raw) if isinstance(raw, str) else raw
            if isinstance(value, list):
                return "、".join(str(v) for v in value)
            if isinstance(value, bool):
                return "是" if value else "否"
            return value
        return raw


@dataclass(frozen=True)
class Choice:
    label: str
    where: object = None  # None: no restriction; an expression or a function of the day


@dataclass(frozen=True)
class Filter:
    key: str
    label: str
    choices: dict  # code → Choice, the first one is the default

    @property
    def default(self) -> str:
        return next(iter(self.choices))


@dataclass(frozen=True)
class Ledger:
    name: str  # the code used on the command line
    title: str  # the Chinese title on screen, sheet and file
    description: str
    table: type  # the base model; its rowid (PostgreSQL: its id) is the row key
    base: Callable[[dt.date], ModelSelect]  # the query: FROM, JOINs (down to Grid) and WHERE, no columns
    columns: tuple[Column, ...]
    order: tuple  # default sort: column keys (or expressions)
    filters: tuple[Filter, ...] = ()
    by_grid: bool = False  # exported as one sheet per grid

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise UserError(f"台账“{self.title}”没有“{key}”这一列。")

    def filter(self, key: str) -> Filter:
        for f in self.filters:
            if f.key == key:
                return f
        raise UserError(f"台账“{self.title}”没有筛选项“{key}”（可选：{'、'.join(f.key for f in self.filters)}）。")


@dataclass
class Query:
    """What the user asked of a ledger: where, which rows, in what order, on which day."""

    ledger: Ledger
    scope: Scope = field(default_factory=Scope)
    text: str = ""
    filters: dict = field(default_factory=dict)  # filter key → choice code
    sort: tuple[tuple[str, bool], ...] = ()  # (column key, descending); () = the ledger's order
    today: dt.date = field(default_factory=dt.date.today)

    def check(self) -> None:
        for key, choice in self.filters.items():
            f = self.ledger.filter(key)
            if choice not in f.choices:
                raise UserError(f"筛选项“{f.label}”没有“{choice}”（可选：{'、'.join(f.choices)}）。")
        for key, _desc in self.sort:
            self.ledger.column(key)


def _rowid(ledger: Ledger):
    return engine().row_key(ledger.table)


def _evaluate(where, today: dt.date):
    return where if isinstance(where, Node) or where is None else where(today)


def _text_condition(ledger: Ledger, text: str, today: dt.date):
    """Every typed word must appear in one of the searchable columns (or match initials)."""
    conditions = []
    for word in text.split():
        options = [fn.instr(c.sql(today), word) > 0 for c in ledger.columns if c.search]
        if word.isascii() and word.isalpha():
            options += [c.initials.startswith(word.lower()) for c in ledger.columns if c.initials is not None]
        if word.isascii():  # an ID number typed with a lower-case x
            options += [fn.instr(c.sql(today), word.upper()) > 0 for c in ledger.columns if c.sensitive == "id"]
        conditions.append(reduce(operator.or_, options))
    return reduce(operator.and_, conditions) if conditions else None


def _filtered(q: Query, *selection):
    led = q.ledger
    q.check()
    query = q.scope.restrict(led.base(q.today).select(*selection))
    for f in led.filters:
        where = _evaluate(f.choices[q.filters.get(f.key, f.default)].where, q.today)
        if where is not None:
            query = query.where(where)
    text = _text_condition(led, (q.text or "").strip(), q.today)
    return query.where(text) if text is not None else query


def _sort_exprs(q: Query, key) -> tuple:
    if not isinstance(key, str):  # an expression in a ledger's default order
        return (key,)
    column = q.ledger.column(key)
    return column.sort_by or (column.sql(q.today),)


def _ordering(q: Query) -> list:
    sort = q.sort or tuple((k, False) for k in q.ledger.order)
    out = []
    for key, desc in sort:
        for expr in _sort_exprs(q, key):
            out.append(Ordering(expr, "DESC" if desc else "ASC", nulls="LAST"))
    return out + [_rowid(q.ledger)]


def keys(q: Query) -> list[int]:
    """The keys of the rows asked for, in order."""
    sql, params = _filtered(q, _rowid(q.ledger)).order_by(*_ordering(q)).sql()
    return [r[0] for r in database.execute_sql(sql, params)]


def count(q: Query) -> int:
    return _filtered(q, _rowid(q.ledger)).count()


def _columns(q: Query) -> list:
    return [c.sql(q.today).alias(f"c{i}") for i, c in enumerate(q.ledger.columns)]


def present(column: Column, value, mask: bool):
    """A value as shown to this user: the one place masking applies."""
    if not mask or not value or not column.sensitive:
        return value
    if column.sensitive == "id":
        return idnumber.mask(value)
    if column.sensitive == "phone":
        return privacy.mask_phone(value)
    return value


def _date(raw):
    if raw is None or raw == "":
        return None
    return dt.date.fromisoformat(raw[:10]) if isinstance(raw, str) else raw


def _cell(column: Column, mask: bool):
    """A fast function from a stored value to the cell value, or None when it is stored as shown."""
    kind = column.kind
    if kind == "date":
        convert = _date
    elif kind == "code":
        labels = column.labels
        convert = lambda v: "" if v is None else labels.get(v, v)  # noqa: E731
    elif kind in ("flags", "bool", "json"):
        memo: dict = {}

        def convert(v):
            try:
                return memo[v]
            except KeyError:
                value = memo[v] = column.value(v)
                return value
    elif kind == "text":
        convert = lambda v: "" if v is None else v  # noqa: E731
    else:
        convert = None
    if mask and column.sensitive:
        return lambda v: present(column, column.value(v), True)
    return convert


def _converter(q: Query, mask: bool) -> Callable[[tuple], list]:
    from gridapp.privacy import sees_full

    mask = mask or not sees_full()  # a role that may not see them gets them masked whatever it asks
    steps = [_cell(c, mask) for c in q.ledger.columns]
    if all(s is None for s in steps):
        return list

    def convert(row) -> list:
        return [v if s is None else s(v) for s, v in zip(steps, row)]

    return convert


def rows_by_key(q: Query, row_keys: list[int], mask: bool = False) -> dict[int, list]:
    """The rows with these keys (those that still exist), as spreadsheet values."""
    convert = _converter(q, mask)
    found: dict = {}
    rowid = _rowid(q.ledger)
    for start in range(0, len(row_keys), _CHUNK):
        chunk = row_keys[start:start + _CHUNK]
        sql, params = (q.ledger.base(q.today).select(rowid, *_columns(q)).where(rowid.in_(chunk))).sql()
        for r in database.execute_sql(sql, params):
            found[r[0]] = convert(r[1:])
    if found:
        _note_full_view(q, mask)
    return found


def describe(q: Query) -> str:
    """What was asked, in words: the title, where, and the filters that narrow it."""
    parts = [q.ledger.title, q.scope.label]
    for f in q.ledger.filters:
        code = q.filters.get(f.key, f.default)
        if code != f.default:
            parts.append(f"{f.label}：{f.choices[code].label}")
    if q.text.strip():
        parts.append(f"筛选“{q.text.strip()}”")
    return "；".join(parts)


_viewed: set = set()


def _note_full_view(q: Query, mask: bool) -> None:
    """A ledger shown with full ID numbers or phones goes into the audit trail, once per ledger,
    filter, user and database in a run of the program (its pages load as the list scrolls)."""
    from gridapp.privacy import sees_full
    from gridapp.store import audit
    from gridapp.store.session import current_user

    if mask or not sees_full() or not any(c.sensitive for c in q.ledger.columns):
        return
    what = describe(q)
    key = (database.obj.database, current_user(), q.ledger.name, what)
    if key not in _viewed:
        _viewed.add(key)
        with database.atomic():
            audit.record_event("view", "ledger", q.ledger.name, f"{what}；完整身份证号和电话")


def rows(q: Query, row_keys: list[int], mask: bool = False) -> list[list]:
    """The rows with these keys, in the keys' order."""
    found = rows_by_key(q, row_keys, mask)
    return [found[k] for k in row_keys if k in found]


def iter_rows(q: Query, mask: bool = False, with_grid: bool = False) -> Iterator[list]:
    """Every row asked for, in order, in one pass; ``with_grid`` puts (community, grid) first."""
    from gridapp.models import Community, Grid

    convert = _converter(q, mask)
    extra = [Community.name, Grid.name] if with_grid else []
    query = _filtered(q, *extra, *_columns(q))
    if with_grid:
        sql, params = query.order_by(Community.name, Grid.number, *_ordering(q)).sql()
        for r in database.execute_sql(sql, params):
            yield [r[0], r[1], *convert(r[2:])]
        return
    sql, params = query.order_by(*_ordering(q)).sql()
    for r in database.execute_sql(sql, params):
        yield convert(r)


def display(value) -> str:
    """A spreadsheet value as text on screen."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
