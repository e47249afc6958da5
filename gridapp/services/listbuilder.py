"""Lists on demand (按需名单): conditions over any field and category, combined with and/or,
columns chosen and sorted, saved under a name beside the fixed ledgers. A saved list is read
as a ``Ledger`` (one SQL query), so the screen, the XLSX export with its masking and the
audit trail of the ledgers serve it unchanged.

A condition is written as people say it, ``项目 运算 值``:

    性别=女      年龄=15-49      年龄>=80      户人数>=6      网格=第一网格
    港澳台=是    类别=重点人口    医保类型=未参保 (a supplementary field)    户籍地~海口

Operators: ``=``, ``!=`` (``≠``), ``>=``, ``<=``, ``>``, ``<``, ``~`` (contains); a range
``a-b`` with ``=``. Conditions are combined by ``match``: ``all`` (and) or ``any`` (or); an
item may itself be a group ``{"match": "any", "conditions": [...]}``.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import re
import unicodedata
from dataclasses import dataclass
from functools import reduce

from peewee import ColumnBase, Value, fn

from gridapp import categories as cats
from gridapp import vocab
from gridapp.errors import UserError, ValidationError
from gridapp.models import Building, CardField, Community, Grid, House, Household, Person, SavedList, database
from gridapp.plaintext import controls, describe
from gridapp.services import cardfields, ledgers, sqlparts
from gridapp.services.ledgerquery import Column, Ledger

LEVELS = {"person": "人员", "household": "户"}
MATCH = {"all": "同时满足（且）", "any": "满足其一（或）"}
_CLAUSE = re.compile(r"^\s*(.+?)\s*(>=|<=|!=|≠|=|>|<|~|≥|≤)\s*(.*?)\s*$")
_RANGE = re.compile(r"^(-?\d+(?:\.\d+)?)\s*[-–—~～至到]\s*(-?\d+(?:\.\d+)?)$")


@dataclass(frozen=True)
class Subject:
    """What a condition may look at: its words, its SQL, the kind of its values."""

    key: str
    label: str
    words: tuple[str, ...]
    expr: object  # an expression, or a function of the day
    kind: str = "text"  # text, number, code, category, yesno, json
    labels: dict | None = None  # "code": code → label
    field: CardField | None = None  # "json": the supplementary field

    def sql(self, today: dt.date):
        return self.expr(today) if callable(self.expr) else self.expr


def _subjects(level: str) -> dict[str, Subject]:
    size = ledgers._member_count(Household.id)
    common = [Subject("community", "社区", ("社区",), Community.name),
              Subject("grid", "网格", ("网格",), Grid.name),
              Subject("building", "楼栋", ("楼栋",), Building.name),
              Subject("household_size", "户人数", ("户人数", "人数", "在册人数"), size, "number"),
              Subject("category", "类别", ("类别", "人员类别", "户类别"), None, "category")]
    if level == "person":
        found = common + [
            Subject("name", "姓名", ("姓名",), Person.name),
            Subject("gender", "性别", ("性别",), Person.gender, "code", vocab.GENDER),
            Subject("age", "年龄", ("年龄",), lambda today: sqlparts.age(today), "number"),
            Subject("birth_date", "出生日期", ("出生日期",), Person.birth_date),
            Subject("status", "居住状态", ("居住状态", "状态"), Person.status, "code", vocab.STATUS),
            Subject("inflow_reason", "流入原因", ("流入原因",), Person.inflow_reason, "code", vocab.INFLOW_REASON),
            Subject("relation", "与户主关系", ("与户主关系", "关系"), Person.relation),
            Subject("ethnicity", "民族", ("民族",), Person.ethnicity),
            Subject("hukou_place", "户籍地", ("户籍地",), Person.hukou_place),
            Subject("compatriot", "港澳台", ("港澳台", "港澳台同胞"), ledgers._compatriot_place(), "yesno")]
    else:
        found = common
    levels = ("person", "household") if level == "person" else ("household",)
    for f in _extra_fields(levels):
        stored = Person.extra if f.level == "person" else Household.extra
        found.append(Subject(f"extra.{f.level}.{f.key}", f.label, (f.label, f.key),
                             _json_reader(stored, f.key), "json", field=f))
    return {s.key: s for s in found}


def _json_reader(stored, key):
    """A subject's value: ``key`` of the stored JSON column."""
    return lambda today: _json(stored, key)


def _json(stored, key: str):
    from gridapp.engines import engine

    return engine().json_field(stored, key)


def _extra_fields(levels) -> list:
    from gridapp.models import CardField

    return list(CardField.live().where(CardField.retired == False, CardField.level.in_(levels))  # noqa: E712
                .order_by(CardField.level, CardField.position))


def _subject(word: str, subjects: dict[str, Subject]) -> Subject:
    for s in subjects.values():
        if word == s.key or word in s.words:
            return s
    raise ValidationError(f"没有可用作条件的项目“{word}”（可用：{'、'.join(s.label for s in subjects.values())}）",
                          "条件")


def _number(text: str, where: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ValidationError(f"“{text}”须为数字", where) from None


def _compare(expr, op: str, value):
    return {"=": operator.eq, "!=": operator.ne, ">=": operator.ge, "<=": operator.le,
            ">": operator.gt, "<": operator.lt}[op](expr, value)


def condition(text: str, level: str, today: dt.date, subjects: dict[str, Subject] | None = None):
    """One written condition as a SQL expression; a ``ValidationError`` naming it otherwise."""
    subjects = subjects or _subjects(level)
    if not isinstance(text, str):
        raise ValidationError("条件须为文字，如 性别=女", "条件")
    found = controls(text)
    if found:
        raise ValidationError(f"含有不可见的控制字符（{describe(found)}）", "条件")
    norm = unicodedata.normalize("NFKC", text)
    m = _CLAUSE.match(norm)
    where = f"条件“{text}”"
    if not m:
        raise ValidationError("应写成 项目 运算 值（如 性别=女、年龄=15-49、户人数>=6）", where)
    word, op, value = m.group(1), {"≠": "!=", "≥": ">=", "≤": "<="}.get(m.group(2), m.group(2)), m.group(3)
    s = _subject(word, subjects)
    if s.kind == "category":
        cat = cats.BY_CODE.get(value) or cats.BY_LABEL.get(value)
        if cat is None or op not in ("=", "!="):
            raise ValidationError(f"类别“{value}”不存在（或运算不是 = 、!=）", where)
        if level == "household" and cat.level == cats.PERSON:  # a household with such a member
            member = Person.alias("marked")
            has: ColumnBase = fn.EXISTS(member.select(Value(1)).where(
                member.household == Household.id, member.deleted == False,  # noqa: E712
                member.departed_on.is_null(), member.categories.bin_and(cat.mask) != 0))
        else:
            column = Person.categories if cat.level == cats.PERSON else Household.categories
            has = column.bin_and(cat.mask) != 0
        return has if op == "=" else ~has
    expr = s.sql(today)
    if s.kind == "yesno":
        if value not in ("是", "否") or op not in ("=", "!="):
            raise ValidationError(f"{s.label} 只能写 = 是 或 = 否", where)
        has = expr != ""
        return has if (value == "是") == (op == "=") else ~has
    if s.kind == "code":
        assert s.labels is not None, "a code subject has its labels"
        try:
            value = vocab.code_of(s.labels, value, s.label)
        except ValidationError as exc:
            raise ValidationError(exc.message, where) from None
    if s.kind == "json":
        return _json_condition(s, expr, op, value, where)
    if op == "~":
        return fn.instr(expr, value) > 0
    if s.kind == "number":
        span = _RANGE.match(value)
        if span and op == "=":
            low, high = (_number(v, where) for v in span.groups())
            return (expr >= low) & (expr <= high)
        return _compare(expr, op, _number(value, where))
    if value == "" and op in ("=", "!="):
        empty = fn.COALESCE(expr, "") == ""
        return empty if op == "=" else ~empty
    return _compare(expr, op, value)


def _offered(f) -> list[str]:
    """The values ``f`` offers, with those of the fields other communities made under its key
    (one subject stands for all of them)."""
    offered: dict[str, None] = {}
    for same in _extra_fields((f.level,)):
        if same.key == f.key and same.kind in cardfields.LISTED:
            offered.update(dict.fromkeys(json.loads(same.choices or "[]")))
    return list(offered)


def _json_condition(s: Subject, expr, op: str, value: str, where: str):
    f = s.field
    assert f is not None, "a json subject has its field"
    if value == "" and op in ("=", "!="):
        return expr.is_null() if op == "=" else expr.is_null(False)
    if f.kind in cardfields.RANGED:
        span = _RANGE.match(value)
        number = expr.cast("REAL")
        if span and op == "=":
            low, high = (_number(v, where) for v in span.groups())
            return (number >= low) & (number <= high)
        return _compare(number, op, _number(value, where))
    if op not in ("=", "!=", "~"):
        raise ValidationError(f"{s.label} 只能用 =、!=、~", where)
    if f.kind == "bool":
        if value not in cardfields.TRUE + cardfields.FALSE:
            raise ValidationError(f"{s.label} 只能写 是 或 否", where)
        literal = "true" if value in cardfields.TRUE else "false"
        return _compare(fn.COALESCE(expr, "false"), op if op != "~" else "=", literal)
    offered = _offered(f) if f.kind in cardfields.LISTED else []
    if offered and op != "~" and value not in offered:
        raise ValidationError(f"“{value}” 不是{s.label}的可选值（可选：{'、'.join(offered)}）", where)
    quoted = json.dumps(value, ensure_ascii=False)
    if f.kind == "multi" or op == "~":  # one of the values chosen, or a part of the text
        has = fn.instr(expr, quoted if f.kind == "multi" else value) > 0
        return has if op != "!=" else ~fn.COALESCE(has, False)
    return _compare(fn.COALESCE(expr, ""), op, quoted)


def _where(body: dict, level: str, today: dt.date, subjects, path: str = ""):
    match = body.get("match", "all")
    if match not in MATCH:
        raise ValidationError(f"match 须为 all（且）或 any（或），不是“{match}”", f"名单{path}")
    items = body.get("conditions")
    if not isinstance(items, list):
        raise ValidationError("conditions 须为列表", f"名单{path}")
    parts = []
    for i, item in enumerate(items):
        if isinstance(item, dict):
            parts.append(_where(item, level, today, subjects, f"{path}第 {i + 1} 组"))
        else:
            parts.append(condition(item, level, today, subjects))
    if not parts:
        return None
    combined = reduce(operator.and_ if match == "all" else operator.or_, parts)
    return combined


def _catalogue(level: str) -> dict[str, Column]:
    """The columns a list may show."""
    population = ledgers.in_force(ledgers.LEDGERS["population"])
    if level == "person":
        found = list(population.columns) + [Column("place", "港澳台", 6, ledgers._compatriot_place()),
                                            Column("household_size", "户人数", 8, ledgers._member_count(Household.id),
                                                   kind="int")]
    else:
        found = [c for c in ledgers.LEDGERS["large-households"].columns] + \
                [c for c in population.columns if c.key.startswith("extra.household.")] + \
                [Column("household_categories", "户类别", 20, Household.categories, kind="flags", level=cats.HOUSEHOLD)]
    return {c.key: c for c in found}


def _column(catalogue: dict[str, Column], key: str) -> Column:
    if key in catalogue:
        return catalogue[key]
    for c in catalogue.values():
        if key == c.header:
            return c
    raise ValidationError(f"没有可选的列“{key}”（可选：{'、'.join(c.header for c in catalogue.values())}）", "名单的列")


DEFAULT_COLUMNS = {"person": ("grid", "address", "name", "gender", "age", "phone"),
                   "household": ("grid", "address", "head", "head_phone", "members")}


def checked(body: dict, today: dt.date | None = None) -> dict:
    """A list's definition checked (types, conditions, columns, sort) and normalised."""
    if not isinstance(body, dict):
        raise ValidationError("名单定义须为对象（{…}）")
    level = body.get("level", "person")
    if level not in LEVELS:
        raise ValidationError(f"层级须为 person（人员）或 household（户），不是“{level}”", "名单")
    today = today or dt.date.today()
    _where(body, level, today, _subjects(level))
    catalogue = _catalogue(level)
    columns = body.get("columns") or list(DEFAULT_COLUMNS[level])
    sort = body.get("sort") or []
    if not isinstance(columns, list) or not isinstance(sort, list):
        raise ValidationError("columns 和 sort 须为列表", "名单")
    keys = list(dict.fromkeys(_column(catalogue, c).key for c in columns))
    order = [("-" if str(s).startswith("-") else "") + _column(catalogue, str(s).lstrip("-")).key for s in sort]
    keys += [k.lstrip("-") for k in order if k.lstrip("-") not in keys]  # what it is sorted by is shown
    return {"level": level, "match": body.get("match", "all"), "conditions": body["conditions"],
            "columns": keys, "sort": order}


def as_ledger(name: str, body: dict, description: str = "") -> Ledger:
    """The list as a ledger: the same screen, export, masking and audit as the fixed ones."""
    level = body["level"]
    catalogue = _catalogue(level)
    columns = tuple(catalogue[k] for k in body["columns"])
    order = tuple(k.lstrip("-") for k in body["sort"]) or tuple(k for k in ("grid", "address") if k in body["columns"])
    subjects = _subjects(level)

    def base(today: dt.date):
        present = ledgers.PRESENT_PERSON if level == "person" else ledgers.PRESENT_HOUSEHOLD
        query = (ledgers._persons(today, present) if level == "person"
                 else ledgers._down(Household.select().join(House)).where(present))
        own, match, rest = _split_person_only(body, level, subjects)
        if own:  # the persons' own conditions first, so the engine reads the few that match
            query = ledgers.persons_first(query, reduce(operator.and_ if match == "all" else operator.or_,
                                                        [condition(c, level, today, subjects) for c in own]))
        where = _where(rest, level, today, subjects)
        return query.where(where) if where is not None else query

    return Ledger(name, name, description or describe_body(body), Person if level == "person" else Household,
                  base, columns, order)


def _split_person_only(body: dict, level: str, subjects) -> tuple[list[str], str, dict]:
    """For a person list: the conditions on the person's own row that can be read first (a scan
    of persons alone), how they combine, and the rest of the body. A list limited to a grid or
    building by name is left whole: the place's index finds its few persons faster."""
    items = body.get("conditions") or []
    match = body.get("match", "all")
    if level != "person" or not items:
        return [], match, body
    own, places = [], False
    for c in items:
        m = _CLAUSE.match(unicodedata.normalize("NFKC", c)) if isinstance(c, str) else None
        if m is None:
            continue
        s = _subject(m.group(1), subjects)
        cat = cats.BY_CODE.get(m.group(3)) or cats.BY_LABEL.get(m.group(3))
        places |= s.key in ("grid", "building") and m.group(2) == "="
        if s.key in PERSON_ONLY or s.key.startswith("extra.person.") or (
                s.kind == "category" and cat is not None and cat.level == cats.PERSON):
            own.append(c)
    if (match == "all" and places) or (match == "any" and len(own) < len(items)):
        return [], match, body
    return own, match, dict(body, conditions=[c for c in items if c not in own])


PERSON_ONLY = ("name", "gender", "age", "birth_date", "status", "inflow_reason", "relation", "ethnicity",
               "hukou_place", "compatriot")


def sort_of(body: dict) -> tuple[tuple[str, bool], ...]:
    return tuple((k.lstrip("-"), k.startswith("-")) for k in body["sort"])


def describe_body(body: dict) -> str:
    def words(b: dict) -> str:
        joiner = " 且 " if b.get("match", "all") == "all" else " 或 "
        return joiner.join(f"（{words(c)}）" if isinstance(c, dict) else str(c) for c in b["conditions"])
    return f"{LEVELS[body['level']]}：{words(body) or '全部'}"


# --- saved lists ---------------------------------------------------------------------------
def _name(name) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValidationError("名单名称不能为空")
    found = controls(name)
    if found:
        raise ValidationError(f"名单名称含有不可见的控制字符（{describe(found)}）")
    name = name.strip()
    if name in ledgers.LEDGERS or any(x.title == name for x in ledgers.LEDGERS.values()):
        raise ValidationError(f"“{name}”是固定台账的名称，请换一个")
    return name


def has_groups(body: dict) -> bool:
    """Whether a list nests condition groups (made with ``lists add --group``): the builder
    screen shows only flat conditions, so it opens such a list to preview and export only."""
    return any(isinstance(c, dict) for c in body.get("conditions") or [])


def grouped_note(name: str, body: dict) -> str:
    return (f"名单“{name}”含有嵌套的条件组（{describe_body(body)}），在此只能预览和导出，不能保存或改名；"
            "请用命令行 python -m gridapp lists 修改。")


def save(name: str, body: dict, community=None, flat_only: bool = False) -> SavedList:
    """Save (or replace) a named list; leader roles and grid leaders. ``flat_only`` (the builder
    screen, which shows no condition groups): a saved list with groups is not replaced."""
    from gridapp.store.roles import require
    from gridapp.store.session import current_user

    require("cards.edit")
    name = _name(name)
    clean = checked(body)
    cid = community.id if isinstance(community, Community) else community
    with database.atomic():
        row = SavedList.live().where(SavedList.name == name).first()
        if flat_only and row is not None and has_groups(json.loads(row.body)):
            raise ValidationError(grouped_note(row.name, json.loads(row.body)))
        row = row or SavedList(name=name, community=cid, created_at=dt.datetime.now(), created_by=current_user())
        row.body = json.dumps(clean, ensure_ascii=False)
        row.save()
    return row


def find(name: str) -> SavedList | None:
    return SavedList.live().where(SavedList.name == name.strip()).first()


def saved_ledger(name: str) -> Ledger | None:
    row = find(name)
    if row is None:
        return None
    return as_ledger(row.name, json.loads(row.body))


def remove(name: str) -> None:
    from gridapp.store.roles import require

    require("cards.edit")
    row = find(name)
    if row is None:
        raise UserError(f"没有名单“{name}”。")
    row.delete_instance()


def all_saved() -> list[dict]:
    return [{"name": r.name, "by": r.created_by, "at": r.created_at.isoformat(timespec="seconds"),
             **json.loads(r.body), "description": describe_body(json.loads(r.body))}
            for r in SavedList.live().order_by(SavedList.name)]


def columns_of(level: str) -> list[dict]:
    return [{"key": c.key, "header": c.header} for c in _catalogue(level).values()]


def subjects_of(level: str) -> list[str]:
    return [s.label for s in _subjects(level).values()]


def query(name: str, scope=None, today: dt.date | None = None):
    """A saved list as a ledger query (scope: a ``Scope``)."""
    row = find(name)
    if row is None:
        raise UserError(f"没有名单“{name}”（已保存的：{'、'.join(r['name'] for r in all_saved()) or '无'}）。")
    return _query_of(row.name, json.loads(row.body), scope, today)


def _query_of(name: str, body: dict, scope=None, today: dt.date | None = None):
    from gridapp.services.ledgerquery import Query
    from gridapp.services.scope import Scope

    return Query(as_ledger(name, body), scope or Scope(), sort=sort_of(body), today=today or dt.date.today())


# --- what the list-builder screen asks --------------------------------------------------------
OPERATORS = {"=": "等于", "!=": "不等于", ">=": "大于等于", "<=": "小于等于", ">": "大于", "<": "小于", "~": "包含"}
UNTITLED = "未保存的名单"


def subject_choices(level: str) -> list[dict]:
    """What a condition may look at, for a drop-down: key, label, and the values it knows
    (a coded field's labels, the categories, a supplementary field's choices, 是/否)."""
    out = []
    for s in _subjects(level).values():
        if s.kind == "category":
            values = [c.label for c in cats.all_categories()]  # a household list: one with such a member
        elif s.kind == "code":
            values = list((s.labels or {}).values())
        elif s.kind == "yesno":
            values = ["是", "否"]
        elif s.kind == "json" and s.field is not None:
            values = (["是", "否"] if s.field.kind == "bool"
                      else list(json.loads(s.field.choices or "[]")) if s.field.kind in cardfields.LISTED else [])
        else:
            values = []
        kind = s.field.kind if s.kind == "json" and s.field is not None else s.kind
        out.append({"key": s.key, "label": s.label, "kind": kind, "values": values})
    return out


def clause(level: str, key: str, op: str, value: str) -> str:
    """A condition written from its parts: the subject by its label (by its key when another
    subject answers to the same label)."""
    subjects = _subjects(level)
    s = subjects[key]
    word = s.label if _subject(s.label, subjects).key == key else key
    return f"{word}{op}{unicodedata.normalize('NFKC', value).strip()}"


def clause_parts(level: str, text: str) -> tuple[str, str, str] | None:
    """(subject key, operator, value) of a written condition; None when it names nothing known."""
    m = _CLAUSE.match(unicodedata.normalize("NFKC", text)) if isinstance(text, str) else None
    if m is None:
        return None
    try:
        s = _subject(m.group(1), _subjects(level))
    except ValidationError:
        return None
    return s.key, {"≠": "!=", "≥": ">=", "≤": "<="}.get(m.group(2), m.group(2)), m.group(3)


def saved_body(name: str) -> dict:
    """A saved list's definition, to open it in the builder."""
    row = find(name)
    if row is None:
        raise UserError(f"没有名单“{name}”。")
    return json.loads(row.body)


def preview(body: dict, scope=None, limit: int = 20, today: dt.date | None = None) -> dict:
    """An unsaved list tried: how many rows, the headers and the first ``limit`` rows (ID
    numbers and phones masked)."""
    from gridapp.services.ledgerquery import display, keys, rows

    clean = checked(body, today)
    q = _query_of(UNTITLED, clean, scope, today)
    found = keys(q)
    return {"count": len(found), "headers": [c.header for c in q.ledger.columns],
            "rows": [[display(v) for v in r] for r in rows(q, found[:limit], mask=True)],
            "description": describe_body(clean)}


def draft_query(body: dict, name: str = "", scope=None, today: dt.date | None = None):
    """An unsaved list as a ledger query (to export it as it stands)."""
    return _query_of(name.strip() or UNTITLED, checked(body, today), scope, today)


def rename(old: str, new: str) -> SavedList:
    """Give a saved list another name (one not taken)."""
    from gridapp.store.roles import require

    require("cards.edit")
    row = find(old)
    if row is None:
        raise UserError(f"没有名单“{old}”。")
    new = _name(new)
    if new != row.name and find(new) is not None:
        raise ValidationError(f"已有名为“{new}”的名单")
    with database.atomic():
        row.name = new
        row.save()
    return row


def ledger(name: str):
    """A ledger by its code or Chinese title, or a list on demand saved under ``name``."""
    try:
        return ledgers.ledger(name)
    except UserError:
        found = saved_ledger(name) if database.obj is not None else None
        if found is None:
            raise
        return found
