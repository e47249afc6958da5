"""Each ledger's XLSX opens with openpyxl with the rows and headers expected; the
screen's queries (keys, pages, filter text, sorting) agree with it."""

import datetime as dt

import pytest
from openpyxl import load_workbook

import cli
from gridapp import db, engines
from gridapp.models import AuditEntry, Building, Grid, House, Household, Person
from gridapp.services import ledgerquery as lq
from gridapp.services.ledgers import LEDGERS, in_force
from gridapp.services.moves import depart_person
from gridapp.services.scope import resolve
from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 11, 22)
PRESENT = ("p.deleted = 0 AND h.deleted = 0 AND p.departed_on IS NULL AND h.departed_on IS NULL")
FROM = ("FROM person p JOIN household h ON p.household_id = h.id JOIN house ho ON h.house_id = ho.id "
        "JOIN building b ON ho.building_id = b.id JOIN grid g ON b.grid_id = g.id ")


def count(sql: str, *params) -> int:
    if db.database.param != "?":  # written for SQLite; PostgreSQL's parameters are %s
        sql = sql.replace("%", "%%").replace("?", db.database.param)
    return db.database.execute_sql(sql, params).fetchone()[0]


def expected_counts(grid: str) -> dict:
    """Rows each ledger must have for one grid, counted straight from the tables."""
    cutoff = TODAY.replace(year=TODAY.year - 80).isoformat()
    must = sum(1 << b for b in (0, 3, 4, 5, 6))
    where = f"WHERE {PRESENT} AND g.name = ?"
    return {
        "population": count(f"SELECT count(*) {FROM} {where}", grid),
        "floating": count(f"SELECT count(*) {FROM} WHERE p.deleted = 0 AND h.deleted = 0 AND p.status = 'inflow' "
                          "AND g.name = ?", grid),
        "rented": count("SELECT count(*) FROM house ho JOIN building b ON ho.building_id = b.id JOIN grid g "
                        "ON b.grid_id = g.id WHERE ho.deleted = 0 AND ho.ownership = 'rented' AND g.name = ?", grid),
        "must-visit": count(f"SELECT count(*) {FROM} {where} AND (p.categories & ?) != 0", grid, must),
        "compatriots": count(f"SELECT count(*) {FROM} {where} AND (substr(p.id_number, 1, 2) IN "
                             "('81', '82', '83') OR p.hukou_place LIKE '%香港%' OR p.hukou_place LIKE '%澳门%' "
                             "OR p.hukou_place LIKE '%台湾%')", grid),
        "large-households": count(f"SELECT count(*) FROM (SELECT h.id {FROM} {where} GROUP BY h.id "
                                  "HAVING count(*) >= 6) AS big", grid),
        "aged-80": count(f"SELECT count(*) {FROM} {where} AND p.birth_date <= ?", grid, cutoff),
        "nonlocal-renters": count(f"SELECT count(*) {FROM} {where} AND (h.categories & 8) != 0", grid),
    }


def export(capsys, path, name: str, out, *extra) -> None:
    code = cli.main(["ledger", name, "--out", str(out), "--today", TODAY.isoformat(), "--db", str(path), *extra])
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    db.open_database(path, PASSPHRASE)


@pytest.fixture
def ledger_db(community_any):
    """The community demo with a departed inflow person and a Hong Kong resident added by hukou place."""
    in_third = Person.select().join(Household).join(House).join(Building).join(Grid).where(Grid.name == "第三网格")
    gone = in_third.where(Person.status == "inflow").get()
    depart_person(gone, dt.date(2026, 10, 1), "广州市")
    hk = in_third.where(Person.status == "resident", Person.relation == "户主").get()
    hk.hukou_place = "香港特别行政区"
    hk.save()
    return community_any, gone, hk


def test_every_ledger_exports_its_rows_with_chinese_headers(ledger_db, tmp_path, capsys, monkeypatch):
    path, gone, hk = ledger_db
    monkeypatch.setenv("GRIDAPP_USER", "王芳")
    want = expected_counts("第三网格")
    assert all(want.values()), want
    for name, led in LEDGERS.items():
        out = tmp_path / f"{name}.xlsx"
        export(capsys, path, name, out, "--grid", "第三网格")
        wb = load_workbook(out, read_only=False)
        # who made it: the computer's user on a file, the officer's own login on a server
        assert wb.properties.creator == ("postgres" if engines.is_url(path) else "王芳")
        rows = 0
        led = in_force(led)  # the population ledger shows the supplementary fields too
        for ws in wb.worksheets:
            assert [c.value for c in ws[1]] == [c.header for c in led.columns], name
            assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
            assert ws.column_dimensions["A"].width == led.columns[0].width
            rows += ws.max_row - 1
        assert rows == want[name], name
    logged = AuditEntry.select().where(AuditEntry.action == "export", AuditEntry.table == "ledger")
    maker = "postgres" if engines.is_url(path) else "王芳"
    assert logged.count() == len(LEDGERS) and {e.user for e in logged} == {maker}
    assert "第三网格" in logged.first().note


def test_must_visit_list_has_a_sheet_per_grid(community_any, tmp_path, capsys):
    export(capsys, community_any, "must-visit", tmp_path / "m.xlsx")
    wb = load_workbook(tmp_path / "m.xlsx", read_only=True)
    assert wb.sheetnames[:3] == ["第一网格", "第二网格", "第三网格"] and len(wb.sheetnames) == 10
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2, values_only=True):
            assert set(row[7].split("、")) <= {"怀孕对象", "老年人", "体弱多病", "儿童", "残疾人"}


def _rows_by_header(path) -> list[dict]:
    ws = load_workbook(path).worksheets[0]
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], r)) for r in values[1:]]


def test_floating_ledger_keeps_departures_with_date_and_destination(ledger_db, tmp_path, capsys):
    path, gone, _ = ledger_db
    export(capsys, path, "floating", tmp_path / "f.xlsx", "--grid", "第三网格")
    rows = _rows_by_header(tmp_path / "f.xlsx")
    mine = [r for r in rows if r["身份证号"] == gone.id_number]
    assert len(mine) == 1
    assert mine[0]["状态"] == "已注销" and mine[0]["迁往"] == "广州市"
    assert mine[0]["迁出日期"].date() == dt.date(2026, 10, 1)
    assert sum(1 for r in rows if r["状态"] == "在册") == len(rows) - 1
    export(capsys, path, "floating", tmp_path / "g.xlsx", "--filter", "state=已注销", "--community", "爱和社区")
    assert len(_rows_by_header(tmp_path / "g.xlsx")) == 1


def test_rented_ledger_shows_landlord_tenants_and_letter(ledger_db, tmp_path, capsys):
    path, _, _ = ledger_db
    house = House.get(House.ownership == "rented", House.responsibility_letter == False)  # noqa: E712
    tenants = {p.name for p in Person.select().join(Household).where(Household.house == house)}
    export(capsys, path, "rented", tmp_path / "r.xlsx", "--filter", "letter=unsigned")
    rows = _rows_by_header(tmp_path / "r.xlsx")
    assert {r["责任书"] for r in rows} == {"未签"}
    row = next(r for r in rows if r["房东"] == house.landlord_name and r["房东电话"] == house.landlord_phone)
    assert set(row["租住人员"].split("、")) == tenants and row["租住人数"] == len(tenants)


def test_population_ledger_shows_archive_numbers_and_masks_in_one_place(ledger_db, tmp_path, capsys):
    path, _, hk = ledger_db
    from gridapp.services.filing import archive_number_of

    export(capsys, path, "population", tmp_path / "p.xlsx", "--grid", "第一网格", "--masked")
    rows = _rows_by_header(tmp_path / "p.xlsx")
    household = Household.get_by_id(hk.household_id)
    assert rows and all(r["网格"] == "第一网格" for r in rows)
    assert all("*" in (r["身份证号"] or "*") and "*" in (r["联系电话"] or "*") for r in rows)
    first = rows[0]
    person = Person.get(Person.name == first["姓名"], Person.birth_date == first["出生日期"].date())
    assert first["档案号"] == archive_number_of(Household.get_by_id(person.household_id))
    assert first["与户主关系"] == "户主"  # head first within the household
    assert archive_number_of(household)


def test_screen_queries_filter_by_text_and_sort_in_sql(ledger_db):
    _, gone, hk = ledger_db
    led = LEDGERS["population"]
    q = lq.Query(led, text=hk.name, today=TODAY)
    found = lq.rows(q, lq.keys(q))
    assert found and all(hk.name in r[led.columns.index(led.column("name"))] or hk.name in r[4] for r in found)
    by_initials = lq.Query(led, text=hk.initials, today=TODAY)
    assert hk.name in [r[5] for r in lq.rows(by_initials, lq.keys(by_initials))]
    q = lq.Query(led, scope=resolve(None, "第二网格"), sort=(("age", True),), today=TODAY)
    keys = lq.keys(q)
    assert len(keys) == lq.count(q)
    ages = [r[9] for r in lq.rows(q, keys[:300])]
    assert ages == sorted(ages, reverse=True) and ages[0] >= 80
    q = lq.Query(LEDGERS["aged-80"], filters={"age": "90"}, today=TODAY)
    assert all(r[6] >= 90 for r in lq.rows(q, lq.keys(q)))
    with pytest.raises(Exception, match="没有"):
        lq.keys(lq.Query(led, filters={"status": "nobody"}))


def test_every_column_of_every_ledger_sorts_both_ways(community_any):
    scope = resolve(None, "第三网格")
    for led in LEDGERS.values():
        for column in led.columns:
            for descending in (False, True):
                q = lq.Query(led, scope=scope, sort=((column.key, descending),), today=TODAY)
                assert len(lq.keys(q)) == lq.count(q), (led.name, column.key)


def test_the_compatriots_ledger_reads_matching_persons_first_with_the_same_rows_in_the_same_order(ledger_db):
    import dataclasses

    from gridapp.services import ledgers

    _, _, hk = ledger_db
    permit = Person.select().where(Person.status == "resident", Person.id != hk.id).first()
    permit.id_number = "830000199001011234"  # a Taiwan residence permit
    permit.save()
    led = LEDGERS["compatriots"]
    scanned = dataclasses.replace(led, base=lambda today: ledgers._persons(
        today, ledgers.PRESENT_PERSON, ledgers._compatriot_place() != ""))
    assert "IN (SELECT" in led.base(TODAY).sql()[0]
    for ask in ({}, {"filters": {"place": "hk"}}, {"sort": (("name", True),)}, {"text": "香港"}):
        rows = list(lq.iter_rows(lq.Query(led, today=TODAY, **ask)))
        assert rows == list(lq.iter_rows(lq.Query(scanned, today=TODAY, **ask)))
        assert lq.keys(lq.Query(led, today=TODAY, **ask)) == lq.keys(lq.Query(scanned, today=TODAY, **ask))
    assert {"香港", "台湾"} <= {r[0] for r in lq.iter_rows(lq.Query(led, today=TODAY))}
