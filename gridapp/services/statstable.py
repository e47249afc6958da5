"""The statistics as tables people read: labelled sections of totals and a row per grid.

Declared once here for the screen, the PDF and the XLSX (``stats`` computes the
figures; this names and orders them).
"""

from __future__ import annotations

from typing import Any, Callable

from gridapp import categories as cats
from gridapp import vocab
from gridapp.services.stats import AGE_GROUP_LABELS, HOUSE_USE_LABELS, HOUSE_USES


def summary(data: dict) -> list[tuple[str, list[tuple[str, int]]]]:
    """Sections of (label, count), in the order of a report."""
    return [
        ("概况", [("社区", data["communities"]), ("网格", data["grids"]), ("楼栋", data["buildings"]),
                 ("房屋", data["houses"]), ("在册户数", data["households"]), ("在册人数", data["persons"])]),
        ("居住状态", [(label, data["by_status"][code]) for code, label in vocab.STATUS.items()]),
        ("流入原因", [(label, data["inflow_by_reason"][code]) for code, label in vocab.INFLOW_REASON.items()]),
        ("性别", [("男", data["by_gender"]["M"]), ("女", data["by_gender"]["F"])]
         + ([("不详", data["by_gender"]["unknown"])] if data["by_gender"]["unknown"] else [])),
        ("年龄", [(AGE_GROUP_LABELS[k], n) for k, n in data["age_groups"].items() if k != "unknown" or n]),
        ("房屋", [(HOUSE_USE_LABELS[u], data["houses_by_use"][u]) for u in HOUSE_USES
                if u != "unknown" or data["houses_by_use"][u]]),
        ("必访对象（五必访）", [("必访人数", data["must_visit"])]
         + [(cats.BY_CODE[c].label, data["by_category"][c]) for c in cats.MUST_VISIT_CODES]),
        ("户类别", [(c.label, data["by_category"][c.code]) for c in cats.of_level(cats.HOUSEHOLD)]),
        ("人员类别", [(c.label, data["by_category"][c.code]) for c in cats.of_level(cats.PERSON)
                   if c.code not in cats.MUST_VISIT_CODES]),
    ]


# summary sections whose items split a whole (persons, inflow, houses): they get a 合计 line
PARTS = ("居住状态", "流入原因", "性别", "年龄", "房屋")


def grid_totals(data: dict) -> list:
    """The 合计 row under ``grid_rows``."""
    return ["合计", None, *(sum(get(r) for r in data["by_grid"]) for _h, _w, get in GRID_COLUMNS[2:])]


def _get(*path) -> Callable[[dict], int]:
    def get(row: dict) -> int:
        value: Any = row
        for key in path:
            value = value[key]
        return value
    return get


# groups of by-grid columns: (group title, [(header, XLSX width, value of a by_grid row)])
GRID_GROUPS: tuple[tuple[str, tuple], ...] = (
    ("人口", (("户数", 7, _get("households")), ("人数", 7, _get("persons")),
             *((label, 7, _get("by_status", code)) for code, label in vocab.STATUS.items()),
             *(("其他流入" if code == "other" else label, 9, _get("inflow_by_reason", code))
               for code, label in vocab.INFLOW_REASON.items()),
             ("男", 6, _get("by_gender", "M")), ("女", 6, _get("by_gender", "F")))),
    ("年龄与必访", (*((AGE_GROUP_LABELS[k].replace("（0–17 岁）", ""), 9, _get("age_groups", k))
                     for k in ("0-17", "18-59", "60-79", "80+")),
                   ("必访", 6, _get("must_visit")),
                   *((cats.BY_CODE[c].label, 8, _get("by_category", c)) for c in cats.MUST_VISIT_CODES))),
    ("房屋", (("房屋", 7, _get("houses")),
             *((HOUSE_USE_LABELS[u], 9, _get("houses_by_use", u)) for u in HOUSE_USES))),
    ("户类别", tuple((c.label, 8, _get("by_category", c.code)) for c in cats.of_level(cats.HOUSEHOLD))),
    ("人员类别", tuple((c.label, 8, _get("by_category", c.code)) for c in cats.of_level(cats.PERSON)
                    if c.code not in cats.MUST_VISIT_CODES)),
)
GRID_COLUMNS = (("社区", 10, _get("community")), ("网格", 10, _get("grid")),
                *(column for _title, columns in GRID_GROUPS for column in columns))
# what a bar per grid can show
BAR_MEASURES: dict[str, tuple[str, Callable[[dict], int]]] = {
    "persons": ("在册人数", _get("persons")), "households": ("在册户数", _get("households")),
    "inflow": ("流入人数", _get("by_status", "inflow")), "must_visit": ("必访人数", _get("must_visit")),
    "aged_80": ("80 岁及以上", _get("age_groups", "80+")), "rented": ("出租房屋", _get("houses_by_use", "rented")),
    "vacant": ("空置房屋", _get("vacant_houses")),
}


def grid_headers() -> list[str]:
    return [h for h, _w, _g in GRID_COLUMNS]


def grid_rows(data: dict) -> list[list]:
    return [[get(row) for _h, _w, get in GRID_COLUMNS] for row in data["by_grid"]]


def grid_label(row: dict, several_communities: bool) -> str:
    return f"{row['community']}{row['grid']}" if several_communities else row["grid"]


def bars(data: dict, measure: str) -> list[tuple[str, int]]:
    """(grid, value) for each grid that has people or houses."""
    several = len({r["community"] for r in data["by_grid"]}) > 1
    get = BAR_MEASURES[measure][1]
    return [(grid_label(r, several), get(r)) for r in data["by_grid"] if r["persons"] or r["houses"]]


def pyramid_rows(data: dict) -> list[tuple[str, int, int]]:
    """(age band, men, women), youngest first."""
    return [(b["band"], b["M"], b["F"]) for b in data["age_bands"]]


# --- own categories and supplementary fields (``stats`` keys "categories" and "fields") -----------
def extra_sections(data: dict) -> list[tuple[str, list[tuple[str, int, list[int]]]]]:
    """Sections of (item, total, count per grid in ``by_grid`` order): the own categories, then
    each one-of, several-of and yes/no supplementary field by value."""
    def per_grid(found: list[dict]) -> list[int]:
        counts = {(g["community"], g["grid"]): g["count"] for g in found}
        return [counts.get((g["community"], g["grid"]), 0) for g in data["by_grid"]]

    sections = []
    own = data.get("categories") or []
    if own:
        sections.append(("自定义类别", [(f"{c['label']}（{'人' if c['counts'] == 'persons' else '户'}）", c["total"],
                                     per_grid(c["by_grid"])) for c in own]))
    several = len({r["community"] for r in data["by_grid"]}) > 1
    for f in data.get("fields") or []:
        unit = "人" if f["counts"] == "persons" else "户"
        # a community's own field, where several communities are shown: whose it is
        whose = f"，{f['scope']}" if several and f.get("scope", "全街道") != "全街道" else ""
        sections.append((f"{f['label']}（{unit}{whose}）", [(v["value"], v["total"], per_grid(v["by_grid"]))
                                                            for v in f["values"]]))
    return sections


def extra_headers(data: dict) -> list[str]:
    several = len({r["community"] for r in data["by_grid"]}) > 1
    return ["项目", "值", "合计", *(grid_label(r, several) for r in data["by_grid"])]


def extra_rows(data: dict) -> list[list]:
    """A row per own category and per value of a counted supplementary field (``extra_headers``)."""
    return [[section if i == 0 else "", item, total, *grids]
            for section, items in extra_sections(data) for i, (item, total, grids) in enumerate(items)]


def extra_groups(data: dict) -> list[tuple[str, tuple]]:
    """``extra_sections`` as groups of by-grid columns, like ``GRID_GROUPS``."""
    index = {(g["community"], g["grid"]): i for i, g in enumerate(data["by_grid"])}

    def get(grids: list[int]) -> Callable[[dict], int]:
        return lambda row: grids[index[(row["community"], row["grid"])]]

    return [(section, tuple((item, 8, get(grids)) for item, _total, grids in items))
            for section, items in extra_sections(data)]
