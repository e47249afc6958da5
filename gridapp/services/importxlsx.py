"""Importing a legacy ledger spreadsheet (``python -m gridapp import-xlsx`` and the wizard).

1. ``open_sheet`` reads it and finds the header row; ``guess_mapping`` recognises the
   common Chinese headers, ``remap`` applies the user's choices for the rest.
2. ``make_plan`` (importplan) checks every row as card entry does and groups rows
   into households.
3. ``run`` writes the households in one transaction: all valid rows
   (``valid_only``) or, when any row is rejected, nothing (``all_or_nothing``).

Households are written with the values card entry stores (``cards.person_values``,
``cards.household_values``) in bulk; a new household is made even where one is
already registered at the address (noted), since a legacy row is not a card for
that household.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from gridapp import memo
from gridapp.errors import UserError
from gridapp.models import Grid, Household, Person, database
from gridapp.models.base import new_id
from gridapp.services import addresses, cardfields, importcells
from gridapp.services.cards import household_values, person_values
from gridapp.services.importplan import Plan, make_plan
from gridapp.services.sheetread import Sheet, read_sheet
from gridapp.store import audit
from gridapp.store.session import current_user

MODES = {"all_or_nothing": "全部无误才导入（有一行有误就都不导入）", "valid_only": "只导入无误的行"}
FIELD_CHOICES = {"": "（不导入）", **{f.key: f.label for f in importcells.FIELDS}}


def open_sheet(path: str | Path, sheet: str | None = None) -> Sheet:
    return read_sheet(path, sheet)


def field_choices() -> dict[str, str]:
    """{field key: label} a column may be imported as: the card's fields, then the
    supplementary fields of the card designs."""
    return {**FIELD_CHOICES, **{k: f"补充项：{v}" for k, v in cardfields.import_targets().items()}}


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Column → field for the headers recognised; the first column of each field wins."""
    mapping: dict[int, str] = {}
    extra = {importcells.clean_header(label): key for key, label in cardfields.import_targets().items()}
    for col, header in enumerate(headers):
        key = importcells.recognise(header) or extra.get(importcells.clean_header(header))
        if key and key not in mapping.values():
            mapping[col] = key
    return mapping


def remap(headers: list[str], mapping: dict[int, str], choices: dict[str, str]) -> dict[int, str]:
    """Apply ``{header or column letter: field key or label or ""}``; unknown names are errors."""
    from openpyxl.utils import column_index_from_string

    choices_all = {**FIELD_CHOICES, **cardfields.import_targets()}
    labels = {label: key for key, label in choices_all.items()}
    out = dict(mapping)
    for column, target in choices.items():
        column, target = column.strip(), target.strip()
        if column in headers:
            col = headers.index(column)
        else:
            try:
                col = column_index_from_string(column.upper()) - 1
            except ValueError:
                raise UserError(f"表中没有“{column}”这一列") from None
            if not 0 <= col < len(headers):
                raise UserError(f"表中没有第 {column} 列")
        key = target if target in choices_all else labels.get(target)
        if key is None:
            raise UserError(f"没有字段“{target}”（可选：{'、'.join(choices_all.values())}）")
        out = {c: k for c, k in out.items() if c != col and (not key or k != key)}
        if key:
            out[col] = key
    return out


def missing_fields(mapping: dict[int, str]) -> list[str]:
    """Fields an import cannot do without (their labels)."""
    values = set(mapping.values())
    need = [f for f in ("name", "relation") if f not in values]
    if "address" not in values and not {"building", "room"} <= values:
        need.append("address")
    return [importcells.BY_KEY[k].label for k in need]


def check_sheet(sheet: Sheet, mapping: dict[int, str], grid: Grid | None = None,
                today: dt.date | None = None, community: str = "") -> Plan:
    """Check every row (nothing is written); ``grid``: where rows without a 网格 column go."""
    missing = missing_fields(mapping)
    if missing:
        raise UserError(f"表中没有对应“{'、'.join(missing)}”的列：请指定哪一列是它")
    with memo.batch():
        return make_plan(sheet, mapping, grid, today or dt.date.today(), community)


@dataclass
class ImportResult:
    mode: str
    imported: bool
    households: int = 0
    persons: int = 0
    rejected_rows: int = 0
    noted_rows: int = 0
    unparsed_addresses: list[tuple[int, str]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"mode": self.mode, "imported": self.imported, "households": self.households,
                "persons": self.persons, "rejected_rows": self.rejected_rows, "noted_rows": self.noted_rows,
                "unparsed_addresses": len(self.unparsed_addresses)}


def run(plan: Plan, mode: str, source: str = "") -> ImportResult:
    """Write the plan's households (see the module's note); return what was done."""
    if mode not in MODES:
        raise UserError(f"导入方式须为 {'、'.join(MODES)} 之一")
    result = ImportResult(mode, False, rejected_rows=len(plan.rejected), noted_rows=len(plan.noted),
                          unparsed_addresses=plan.unparsed_addresses)
    if mode == "all_or_nothing" and plan.rejected:
        return result
    ready = plan.ready
    with memo.batch(), database.atomic():
        now, user = dt.datetime.now(), current_user()
        households, persons, entries = [], [], []
        houses: dict = {}
        for grid in {h.place[0] for h in ready}:
            places = {h.rooms_key for h in ready if h.grid == grid}
            houses.update({(grid.id, *key): hid for key, hid in addresses.ensure_houses(grid, places).items()})
        for h in ready:
            rows = h.live_rows()
            note = f"Excel 导入 {source} 第 {'、'.join(str(r.number) for r in rows)} 行"
            card = h.checked_card
            head = next(m for m in card.members if m.relation == "户主")
            hid = new_id()
            households.append({"id": hid, "arrived_on": head.arrived_on, **household_values(card),
                               "house": houses[(h.place[0].id, *h.rooms_key)]})
            entries.append(audit.entry_row("create", hid, "household", note, now, user))
            for m in card.members:
                pid = new_id()
                persons.append({"id": pid, "household": hid, **person_values(m)})
                entries.append(audit.entry_row("create", pid, "person", note, now, user))
        Household.bulk_insert(households)
        Person.bulk_insert(persons)
        audit.append(entries)
        result.households, result.persons = len(households), len(persons)
        audit.record_event("import", "xlsx", note=f"{source}：导入 {len(households)} 户 {len(persons)} 人，"
                                                  f"未导入 {len(plan.rejected)} 行（{MODES[mode]}）")
    result.imported = True
    return result
