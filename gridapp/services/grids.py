"""A grid and its buildings made by hand, when the office has no organisation file yet.

The grid goes through the same check and the same writing as a grid of the org file
(``org.check_grid`` and ``org._put_grid``): the same rules, the same houses.
"""

from __future__ import annotations

import re
import unicodedata

from gridapp.errors import UserError, ValidationError
from gridapp.models import Community, Grid, database
from gridapp.plaintext import controls, describe
from gridapp.services.org import ImportResult, _Checker, _put_grid, check_grid, next_grid_number
from gridapp.store import roles

DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """3 → 三, 12 → 十二, 20 → 二十, 105 → 一百零五 (as grids are named: 第十二网格)."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + DIGITS[rest] if rest < 10 else
                                 ("一" + chinese_number(rest) if rest < 20 else chinese_number(rest)))
    return DIGITS[n // 100] + "百" + tail


def next_grid_name(community: Community) -> tuple[int, str]:
    """The next grid's code and its usual name: after 第二网格 comes (3, 第三网格)."""
    number = next_grid_number(community)
    taken = {g.name for g in Grid.live(Grid.name).where(Grid.community == community)}
    n = number
    while f"第{chinese_number(n)}网格" in taken:
        n += 1
    return number, f"第{chinese_number(n)}网格"


def own_community(name: str | None = None) -> Community:
    """The community named, or this office's one when the database holds only one."""
    if name:
        found = Community.live().where(Community.name == name.strip()).first()
        if found is None:
            raise UserError(f"没有名为“{name}”的社区。")
        return found
    communities = list(Community.live().limit(2))
    if len(communities) != 1:
        raise UserError("请指明社区（--community）。" if communities else "数据库中还没有社区：请先导入组织结构。")
    return communities[0]


RANGE = re.compile(r"(.*?)(\d+)\s*[-~－～至–—]\s*(\d+)(.*)")
SIZE = re.compile(r"(\d+)\s*(层|单元|户)")
SIZE_KEYS = {"层": "floors", "单元": "units", "户": "rooms_per_floor"}


def parse_buildings(text: str) -> list[dict]:
    """Buildings as a clerk types them, one line each: ``1栋 6层 2单元 2户 爱和路1号``
    (floors, units, flats per floor in each unit; the rest is the address). ``1-6栋 6层`` is
    six buildings. Full-width digits are accepted."""
    buildings: list[dict] = []
    problems: list[str] = []
    for number, line in enumerate((text or "").splitlines(), 1):
        found = controls(line)
        if found:
            problems.append(f"第 {number} 行含有不可见的控制字符（{describe(found)}）")
            continue
        line = unicodedata.normalize("NFKC", line).replace("每层", "").strip()
        if not line:
            continue
        name, _, rest = line.partition(" ")
        sizes = {SIZE_KEYS[unit]: int(value) for value, unit in SIZE.findall(rest)}
        address = SIZE.sub("", rest).strip(" ，,")
        names = [name]
        m = RANGE.fullmatch(name)
        if m:
            prefix, a, b, suffix = m.groups()
            if int(b) < int(a) or int(b) - int(a) >= 100:
                problems.append(f"第 {number} 行：“{name}” 不是 100 栋以内的区间（如 1-6栋）")
                continue
            names = [f"{prefix}{n}{suffix}" for n in range(int(a), int(b) + 1)]
        buildings += [{"name": n, **sizes, **({"address": address} if address else {})} for n in names]
    if problems:
        raise ValidationError("；".join(problems), "楼栋")
    return buildings


def add_grid(community: Community, name: str | None = None, buildings: list[dict] | None = None,
             number: int | None = None) -> dict:
    """Make a new grid in ``community`` with its buildings (and their houses); nothing if anything
    is wrong. Returns what was made."""
    roles.require("org.edit")
    default_number, default_name = next_grid_name(community)
    data: dict = {"name": (name or "").strip() or default_name, "buildings": buildings or []}
    data["number"] = number if number is not None else default_number
    c = _Checker()
    owner = f"社区“{community.name}”"
    check_grid(c, data, owner)
    if Grid.live().where(Grid.community == community, Grid.name == data["name"]).exists():
        c.errors.append(f"{owner}已经有“{data['name']}”")
    clash = Grid.live().where(Grid.community == community, Grid.number == data["number"]).first()
    if clash is not None:
        c.errors.append(f"{owner}的网格编号 {data['number']} 已是“{clash.name}”的")
    if c.errors:
        raise ValidationError("\n".join(c.errors), "新建网格，未做任何改动")
    result = ImportResult()
    with database.atomic():
        grid = _put_grid(community, data, result)
    return {"community": community.name, "grid": grid.name, "number": grid.number,
            "buildings": [b["name"] for b in data["buildings"]], "houses": result.created.get("houses", 0)}
