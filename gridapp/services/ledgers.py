"""The ledgers (台账) the street asks for, each declared once: its rows, columns and
filters. The ledger screen, the XLSX export and ``python -m gridapp ledger`` all read
these declarations (the machinery is in ``ledgerquery``).
"""

from __future__ import annotations

import datetime as dt

from peewee import Case, fn

from gridapp import categories as cats
from gridapp import vocab
from gridapp.engines import engine
from gridapp.errors import UserError
from gridapp.models import Building, Community, Grid, House, Household, Person, database
from gridapp.services import sqlparts
from gridapp.services.ledgerquery import Choice, Column, Filter, Ledger, Query, describe
from gridapp.store import audit
from gridapp.store.catalogue import label

PRESENT_PERSON = ((Person.deleted == False) & Person.departed_on.is_null()  # noqa: E712
                  & (Household.deleted == False) & Household.departed_on.is_null())  # noqa: E712
PRESENT_HOUSEHOLD = (Household.deleted == False) & Household.departed_on.is_null()  # noqa: E712
MUST_VISIT_MASK = cats.MUST_VISIT_MASK
PERMIT_PLACES = {"81": "香港", "82": "澳门", "83": "台湾"}
HEAD_FIRST = (Case(None, [(Person.relation == "户主", 0)], 1), Person.birth_date)  # within a household


def _down(query):
    """Join a query on House down to its building, grid and community."""
    return query.join(Building).join(Grid).join(Community)


def _persons(today: dt.date, *where):
    return _down(Person.select().join(Household).join(House)).where(*where)


def persons_first(query, first):
    """``query`` (persons down to their community) limited to the persons matching ``first``, a
    condition on the person's own row, read first: the engine scans persons alone for the few
    that match instead of reading every household's persons (a fixed ledger or a saved list)."""
    key = engine().row_key(Person)
    return query.where(key.in_(Person.select(key).where(first)))


# columns shared by several ledgers
COMMUNITY = Column("community", "社区", 12, Community.name, sort_by=(Community.name,))
GRID = Column("grid", "网格", 10, Grid.name, sort_by=(Community.name, Grid.number))
ADDRESS = Column("address", "地址", 26, sqlparts.address(), search=True,
                 sort_by=(Building.sort_key, House.unit, House.floor, House.room))
NAME = Column("name", label("person", "name"), 10, Person.name, search=True, initials=Person.initials)
RELATION = Column("relation", label("person", "relation"), 10, Person.relation)
GENDER = Column("gender", label("person", "gender"), 6, Person.gender, kind="code", labels=vocab.GENDER)
BIRTH = Column("birth_date", label("person", "birth_date"), 12, Person.birth_date, kind="date")
AGE = Column("age", "年龄", 6, lambda today: sqlparts.age(today), kind="int")
ID_NUMBER = Column("id_number", label("person", "id_number"), 21, Person.id_number, sensitive="id", search=True)
ETHNICITY = Column("ethnicity", label("person", "ethnicity"), 8, Person.ethnicity)
PHONE = Column("phone", label("person", "phone"), 14, Person.phone, sensitive="phone", search=True)
HUKOU = Column("hukou_place", label("person", "hukou_place"), 22, Person.hukou_place, search=True)
STATUS = Column("status", label("person", "status"), 8, Person.status, kind="code", labels=vocab.STATUS)
REASON = Column("inflow_reason", label("person", "inflow_reason"), 10, Person.inflow_reason, kind="code", labels=vocab.INFLOW_REASON)
ORIGIN = Column("inflow_origin", label("person", "inflow_origin"), 20, Person.inflow_origin, search=True)
PERSON_CATS = Column("categories", label("person", "categories"), 20, Person.categories, kind="flags", level=cats.PERSON)
HOUSEHOLD_CATS = Column("household_categories", "户类别", 20, Household.categories, kind="flags",
                        level=cats.HOUSEHOLD)
HEAD = Column("head", "户主", 10, sqlparts.head_of(Person.household), search=True)
HEAD_PHONE = Column("head_phone", "户主电话", 14, sqlparts.head_of(Person.household, Person.phone),
                    sensitive="phone")
LANDLORD = Column("landlord", "房东", 10, House.landlord_name, search=True)
LANDLORD_PHONE = Column("landlord_phone", "房东电话", 14, House.landlord_phone, sensitive="phone", search=True)


def _status_filter() -> Filter:
    return Filter("status", label("person", "status"), {"all": Choice("全部"), **{
        code: Choice(label, Person.status == code) for code, label in vocab.STATUS.items()}})


def _category_filter(codes=None) -> Filter:
    choices = {"all": Choice("全部")}
    for c in cats.CATEGORIES:
        if codes is None or c.code in codes:
            column = Person.categories if c.level == cats.PERSON else Household.categories
            choices[c.code] = Choice(c.label, column.bin_and(c.mask) != 0)
    return Filter("category", "类别", choices)


def _present_members(household_column):
    member = Person.alias("member")
    return member, (member.household == household_column) & (member.deleted == False) & \
        member.departed_on.is_null()  # noqa: E712


def _member_count(household_column):
    member, present = _present_members(household_column)
    return member.select(fn.COUNT(member.id)).where(present)


def _member_names(household_column):
    member, present = _present_members(household_column)
    return member.select(fn.group_concat(member.name, "、")).where(present)


def _tenants(what: str):
    """For a house: its present households' heads, people or counts."""
    member = Person.alias("tenant")
    hh = Household.alias("tenancy")
    q = (member.select(fn.group_concat(member.name, "、") if what != "count" else fn.COUNT(member.id))
         .join(hh, on=(member.household == hh.id))
         .where(hh.house == House.id, hh.deleted == False, hh.departed_on.is_null(),  # noqa: E712
                member.deleted == False, member.departed_on.is_null()))  # noqa: E712
    return q.where(member.relation == "户主") if what == "heads" else q


def _compatriot_place():
    prefix = fn.substr(Person.id_number, 1, 2)
    whens = [(prefix == code, place) for code, place in PERMIT_PLACES.items()]
    whens += [(fn.instr(Person.hukou_place, place) > 0, place) for place in PERMIT_PLACES.values()]
    return Case(None, whens, "")


def _aged(years: int):
    return lambda today: Person.birth_date <= sqlparts.born_on_or_before(today, years)


def _largest(n: int):
    return _member_count(Household.id) >= n


_ARRIVED = fn.COALESCE(Person.arrived_on, Household.arrived_on)
_DEPARTED = fn.COALESCE(Person.departed_on, Household.departed_on)
_DEPARTED_TO = fn.COALESCE(fn.NULLIF(Person.departed_to, ""), Household.departed_to)
_GONE = _DEPARTED.is_null(False)

LEDGERS: dict[str, Ledger] = {led.name: led for led in (
    Ledger("population", "人口台账", "在册人员，按网格和地址排列，含档案号", Person,
           lambda today: _persons(today, PRESENT_PERSON),
           (Column("archive_no", "档案号", 11, sqlparts.archive_no_of(Person.household), search=True),
            COMMUNITY, GRID, ADDRESS, HEAD, NAME, RELATION, GENDER, BIRTH, AGE, ID_NUMBER, ETHNICITY, PHONE,
            HUKOU, STATUS, REASON, PERSON_CATS, HOUSEHOLD_CATS),
           ("grid", "address", *HEAD_FIRST), (_status_filter(), _category_filter())),
    Ledger("floating", "流动人口台账", "流入人员：来时登记，走时注销（含已注销人员及迁出日期、迁往）", Person,
           lambda today: _persons(today, Person.deleted == False, Household.deleted == False,  # noqa: E712
                                  Person.status == "inflow"),
           (COMMUNITY, GRID, ADDRESS, NAME, GENDER, BIRTH, ID_NUMBER, PHONE, HUKOU, ORIGIN, REASON,
            Column("arrived_on", label("person", "arrived_on"), 14, _ARRIVED, kind="date"),
            Column("departed_on", label("person", "departed_on"), 12, _DEPARTED, kind="date"),
            Column("departed_to", label("person", "departed_to"), 20, _DEPARTED_TO, search=True),
            Column("state", "状态", 8, Case(None, [(_GONE, "已注销")], "在册"))),
           ("grid", "address", "name"),
           (Filter("state", "状态", {"all": Choice("全部"), "present": Choice("在册", _DEPARTED.is_null()),
                                    "gone": Choice("已注销", _GONE)}),
            Filter("reason", "流入原因", {"all": Choice("全部"), **{
                code: Choice(label, Person.inflow_reason == code) for code, label in vocab.INFLOW_REASON.items()}}))),
    Ledger("rented", "出租房屋台账", "出租房屋：房东、租户、治安责任书是否签订", House,
           lambda today: _down(House.select()).where(House.deleted == False, House.ownership == "rented"),  # noqa: E712
           (COMMUNITY, GRID, ADDRESS, LANDLORD, LANDLORD_PHONE,
            Column("letter", "责任书", 8, House.responsibility_letter, kind="bool", labels={True: "已签", False: "未签"}),
            Column("tenant_heads", "租户户主", 12, _tenants("heads"), search=True),
            Column("tenant_count", "租住人数", 8, _tenants("count"), kind="int"),
            Column("tenants", "租住人员", 30, _tenants("names"), search=True)),
           ("grid", "address"),
           (Filter("letter", "责任书", {"all": Choice("全部"), "signed": Choice("已签", House.responsibility_letter == True),  # noqa: E712
                                      "unsigned": Choice("未签", House.responsibility_letter == False)}),  # noqa: E712
            Filter("occupied", "租住", {"all": Choice("全部"), "occupied": Choice("有人租住", _tenants("count") > 0),
                                      "vacant": Choice("无人登记租住", _tenants("count") == 0)}))),
    Ledger("must-visit", "必访人员名单", "五必访对象（老、弱、幼、残、孕），每个网格一张表", Person,
           lambda today: _persons(today, PRESENT_PERSON, Person.categories.bin_and(MUST_VISIT_MASK) != 0),
           (COMMUNITY, GRID, ADDRESS, NAME, GENDER, AGE, BIRTH,
            Column("must_visit", "必访类别", 16, Person.categories, kind="flags", level=cats.PERSON,
                   only=cats.MUST_VISIT_CODES),
            PHONE, HEAD, HEAD_PHONE, ID_NUMBER),
           ("grid", "address", "name"), (_category_filter(cats.MUST_VISIT_CODES),), by_grid=True),
    Ledger("compatriots", "港澳台同胞名单", "居住证号以 81/82/83 开头，或户籍地为香港、澳门、台湾", Person,
           lambda today: persons_first(_persons(today, PRESENT_PERSON), _compatriot_place() != ""),
           (Column("place", "类型", 6, _compatriot_place()), COMMUNITY, GRID, ADDRESS, NAME, GENDER, BIRTH,
            Column("id_number", "证件号码", 21, Person.id_number, sensitive="id", search=True),
            PHONE, HUKOU, STATUS),
           ("grid", "address", "name"),
           (Filter("place", "类型", {"all": Choice("全部"), **{
               code: Choice(place, _compatriot_place() == place) for code, place in
               (("hk", "香港"), ("mo", "澳门"), ("tw", "台湾"))}}),)),
    Ledger("large-households", "六人及以上户名单", "在册六人及以上的户（如共用电表申请）", Household,
           lambda today: _down(Household.select().join(House)).where(PRESENT_HOUSEHOLD, _largest(6)),
           (COMMUNITY, GRID, ADDRESS,
            Column("head", "户主", 10, sqlparts.head_of(Household.id), search=True),
            Column("head_id", "户主身份证号", 21, sqlparts.head_of(Household.id, Person.id_number), sensitive="id",
                   search=True),
            Column("head_phone", "户主电话", 14, sqlparts.head_of(Household.id, Person.phone), sensitive="phone"),
            Column("members", "在册人数", 8, _member_count(Household.id), kind="int"),
            Column("names", "成员", 40, _member_names(Household.id), search=True)),
           ("grid", "address"),
           (Filter("size", "人数", {"6": Choice("6 人及以上"), "7": Choice("7 人及以上", _largest(7)),
                                   "8": Choice("8 人及以上", _largest(8)), "10": Choice("10 人及以上", _largest(10))}),)),
    Ledger("aged-80", "八十岁以上老人名单", "年满 80 周岁的在册老人（高龄津贴）", Person,
           lambda today: _persons(today, PRESENT_PERSON, _aged(80)(today)),
           (COMMUNITY, GRID, ADDRESS, NAME, GENDER, BIRTH, AGE, ID_NUMBER, PHONE, HEAD, HEAD_PHONE, STATUS),
           ("grid", "address", "name"),
           (Filter("age", "年龄", {"80": Choice("80 岁及以上"), "90": Choice("90 岁及以上", _aged(90)),
                                  "100": Choice("100 岁及以上", _aged(100))}), _status_filter())),
    Ledger("nonlocal-renters", "非本县租房人员名单", "“非本县租房户”的在册成员", Person,
           lambda today: _persons(today, PRESENT_PERSON,
                                  Household.categories.bin_and(cats.BY_CODE["nonlocal_renter"].mask) != 0),
           (COMMUNITY, GRID, ADDRESS, HEAD, NAME, RELATION, GENDER, BIRTH, ID_NUMBER, PHONE, HUKOU, ORIGIN,
            REASON, Column("arrived_on", label("person", "arrived_on"), 12, _ARRIVED, kind="date"), LANDLORD, LANDLORD_PHONE),
           ("grid", "address", *HEAD_FIRST)),
)}


def in_force(led: Ledger) -> Ledger:
    """The ledger as the card designs have it: the population ledger gains a column per
    supplementary field asked (the household's and the person's), in the form's order."""
    if led.name != "population":
        return led
    from dataclasses import replace

    from gridapp.engines import engine
    from gridapp.services import cardfields

    def column(target: str, label: str) -> Column:
        level, key = target[len(cardfields.EXTRA_TARGET):].split(".", 1)
        stored = Person.extra if level == "person" else Household.extra
        return Column(target, label, max(8, len(label) * 2), lambda today: engine().json_field(stored, key),
                      kind="json")

    return replace(led, columns=led.columns + tuple(column(t, label) for t, label in
                                                    cardfields.import_targets().items()))


def ledger(name: str) -> Ledger:
    """A fixed ledger by its code or its Chinese title (``listbuilder.ledger`` also finds saved lists)."""
    found = LEDGERS.get(name) or next((x for x in LEDGERS.values() if x.title == name), None)
    if found is None:
        raise UserError(f"没有台账“{name}”（可选：{'、'.join(f'{k}（{x.title}）' for k, x in LEDGERS.items())}）。")
    return found


def export_masked(requested: bool) -> bool:
    """Whether an export is masked: when asked, and always for a role without ``export.full``."""
    from gridapp.store.roles import allowed

    return requested or not allowed("export.full")


def record_export(q: Query, rows: int, masked: bool) -> None:
    """Who exported which ledger, when, how many rows (the file name is not kept)."""
    with database.atomic():
        audit.record_event("export", "ledger", q.ledger.name,
                           f"{describe(q)}；{rows} 行；{'已遮蔽' if masked else '完整信息'}")
