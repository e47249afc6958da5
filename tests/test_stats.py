"""`stats --json` equals the counts made here, straight from the rows, another way."""

import collections
import datetime as dt
import json

import cli
from gridapp import categories as cats
from gridapp import db
from gridapp.models import House, Household, Person
from gridapp.services.checks import age_on
from gridapp.services.moves import depart_household, depart_person
from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 11, 22)
ROWS = """
SELECT p.status, p.inflow_reason, p.gender, p.categories, p.birth_date, g.name, c.name
FROM person p JOIN household h ON p.household_id = h.id JOIN house ho ON h.house_id = ho.id
JOIN building b ON ho.building_id = b.id JOIN grid g ON b.grid_id = g.id JOIN community c ON g.community_id = c.id
WHERE p.deleted = 0 AND h.deleted = 0 AND p.departed_on IS NULL AND h.departed_on IS NULL
"""


def _band(age: int) -> str:
    start = min(age // 5 * 5, 85)
    return "85+" if start == 85 else f"{start}-{start + 4}"


def _group(age: int) -> str:
    return "0-17" if age < 18 else "18-59" if age < 60 else "60-79" if age < 80 else "80+"


def expected(grid: str | None = None) -> dict:
    rows = [r for r in db.database.execute_sql(ROWS).fetchall() if grid is None or r[5] == grid]
    status = collections.Counter(r[0] for r in rows)
    reasons = collections.Counter(r[1] if r[1] in ("other_county", "study_companion", "business_work") else "other"
                                  for r in rows if r[0] == "inflow")
    gender = collections.Counter(r[2] if r[2] in ("M", "F") else "unknown" for r in rows)
    flags = {c.code: sum(1 for r in rows if r[3] & c.mask) for c in cats.of_level(cats.PERSON)}
    must = sum(1 for r in rows if any(r[3] & cats.BY_CODE[c].mask for c in cats.MUST_VISIT_CODES))
    ages = [age_on(dt.date.fromisoformat(r[4]), TODAY) if r[4] else None for r in rows]
    groups = collections.Counter(_group(a) if a is not None else "unknown" for a in ages)
    bands = collections.Counter((_band(a), r[2]) for a, r in zip(ages, rows) if a is not None)
    return {"persons": len(rows), "status": status, "reasons": reasons, "gender": gender, "flags": flags,
            "must": must, "groups": groups, "bands": bands}


def houses_expected() -> collections.Counter:
    uses = collections.Counter()
    for house in House.select().where(House.deleted == False):  # noqa: E712
        lived = Household.select().where(Household.house == house, Household.deleted == False,  # noqa: E712
                                          Household.departed_on.is_null()).exists()
        uses[("vacant" if house.vacant else "unregistered") if not lived else house.ownership or "unknown"] += 1
    return uses


def run_stats(capsys, path, *extra) -> dict:
    code = cli.main(["stats", "--json", "--today", TODAY.isoformat(), "--db", str(path), *extra])
    out = capsys.readouterr().out
    assert code == 0
    db.open_database(path, PASSPHRASE)
    return json.loads(out)


def test_stats_json_equals_independent_counts(community_any, capsys):
    # departures, a tombstone and a person without a birth date or a reason: edges the counts must respect
    people = list(Person.select().where(Person.status == "inflow").limit(3))
    depart_person(people[0], TODAY, "海口市")
    depart_household(Household.get_by_id(people[1].household_id), TODAY, "合肥市")
    people[2].inflow_reason, people[2].birth_date = "", None
    people[2].save()
    Person.get(Person.status == "resident").delete_instance()

    data = run_stats(capsys, community_any)
    want = expected()
    assert data["persons"] == want["persons"] == sum(g["persons"] for g in data["by_grid"])
    assert data["by_status"] == {s: want["status"][s] for s in ("resident", "inflow", "registered_only")}
    assert data["inflow_by_reason"] == {r: want["reasons"][r] for r in
                                        ("other_county", "study_companion", "business_work", "other")}
    assert data["by_gender"] == {g: want["gender"][g] for g in ("M", "F", "unknown")}
    for code, n in want["flags"].items():
        assert data["by_category"][code] == n, code
    assert data["must_visit"] == want["must"]
    assert data["age_groups"] == {g: want["groups"][g] for g in ("0-17", "18-59", "60-79", "80+", "unknown")}
    assert data["age_groups"]["unknown"] == 1
    for band in data["age_bands"]:
        assert (band["M"], band["F"]) == (want["bands"][(band["band"], "M")], want["bands"][(band["band"], "F")])
    uses = houses_expected()
    assert data["houses_by_use"] == {u: uses[u] for u in ("owned", "bought", "rented", "other", "unknown",
                                                        "unregistered", "vacant")}
    assert data["vacant_houses"] == uses["vacant"] > 0 and data["houses"] == sum(uses.values())
    assert data["unregistered_houses"] == uses["unregistered"] > 0


def test_each_grid_side_by_side(community_any, capsys):
    data = run_stats(capsys, community_any)
    third = next(g for g in data["by_grid"] if g["grid"] == "第三网格")
    want = expected("第三网格")
    assert third["persons"] == want["persons"]
    assert third["by_status"]["inflow"] == want["status"]["inflow"]
    assert third["age_groups"]["80+"] == want["groups"]["80+"]
    assert third["must_visit"] == want["must"]
    assert sum(g["houses"] for g in data["by_grid"]) == data["houses"]
    assert sum(g["age_groups"]["0-17"] for g in data["by_grid"]) == data["age_groups"]["0-17"]
    one = run_stats(capsys, community_any, "--grid", "第三网格")
    assert one["persons"] == third["persons"] and one["grids"] == 1


def test_the_report_prints_the_same_counts_as_pdf_and_xlsx(community_any, capsys, tmp_path):
    from openpyxl import load_workbook

    from tests import pdftools

    data = run_stats(capsys, community_any)
    db.close_database()
    pdf, xlsx = tmp_path / "统计.pdf", tmp_path / "统计.xlsx"
    for out in (pdf, xlsx):
        assert cli.main(["stats", "--today", TODAY.isoformat(), "--db", str(community_any), "--out", str(out)]) == 0
    text = pdftools.text(pdf)
    assert f"{data['persons']:,}" in text or str(data["persons"]) in text
    import subprocess

    from gridapp.services.statstable import GRID_GROUPS, extra_groups

    groups = [*GRID_GROUPS, *extra_groups(data)]  # the own categories' and supplementary fields' tables too
    layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout
    pages = [page for page in layout.split("\f") if "分网格统计" in page]
    assert len(pages) == len(groups) > len(GRID_GROUPS)
    for page in pages:  # a table of 14 grids fits on a page: never split, its total with it
        lines = [line.strip() for line in page.splitlines()]
        titles = sum(line in {t for t, _c in groups} for line in lines)
        assert titles == sum(line.startswith("合计") for line in lines), page
    assert all(g["grid"] in text for g in data["by_grid"])
    book = load_workbook(xlsx)
    by_grid = book["分网格"]
    assert [by_grid.cell(row=i + 3, column=2).value for i in range(len(data["by_grid"]))] == \
        [g["grid"] for g in data["by_grid"]]
    for ws in book:  # the date and the place above, a total below, on every sheet
        assert ws["A1"].value == f"截至{TODAY.year}年{TODAY.month}月{TODAY.day}日，爱和社区", ws.title
        assert ws.cell(row=ws.max_row, column=1).value in ("合计", "在册人数") and ws.print_title_rows == "$1:$2"
    last = [c.value for c in by_grid[by_grid.max_row]]
    assert last[3] == data["persons"] and last[2] == data["households"]
    houses = [n for n, c in enumerate(by_grid[2]) if c.value == "房屋"][0]
    assert last[houses] == data["houses"] == sum(last[houses + 1:houses + 8])  # the houses add up, 未登记 too
    db.open_database(community_any, PASSPHRASE)


def test_each_statistics_export_is_in_the_audit_trail(community_any, capsys, tmp_path):
    from gridapp.services import audittrail
    from gridapp.services.scope import resolve
    from gridapp.services.stats import stats
    from reports.stats_xlsx import write_stats

    db.close_database()
    for out in (tmp_path / "统计.pdf", tmp_path / "统计.xlsx"):
        assert cli.main(["stats", "--today", TODAY.isoformat(), "--db", str(community_any), "--out", str(out)]) == 0
    capsys.readouterr()
    db.open_database(community_any, PASSPHRASE)
    write_stats(stats(resolve(None, "第三网格"), TODAY), tmp_path / "grid.xlsx")  # what the statistics page calls
    entries = audittrail.query(action="export")
    assert sorted(e["note"] for e in entries) == ["统计报表 PDF（截至2026年11月22日，爱和社区）",
                                                 "统计报表 XLSX（截至2026年11月22日，爱和社区 第三网格）",
                                                 "统计报表 XLSX（截至2026年11月22日，爱和社区）"]
    assert {e["table"] for e in entries} == {"stats"} and audittrail.as_cells(entries[0])[3] == "统计报表"
