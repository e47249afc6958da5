"""One label per field: every place that names a person's field uses the field catalogue's."""

import ast
from pathlib import Path

from gridapp.services import cardinput, cardshape, importcells, verify
from gridapp.services.ledgers import LEDGERS
from gridapp.store import catalogue
from gridapp.store.catalogue import PERSON, field_label, label

ROOT = Path(__file__).resolve().parent.parent


def _wrong(place: str, pairs) -> list[str]:
    return [f"{place}: {key} is “{text}”, the catalogue says “{PERSON[key].label}”"
            for key, text in pairs if key in PERSON and text != PERSON[key].label]


def test_the_card_words_are_the_catalogue_labels():
    assert [label("person", f) for f in ("status", "arrived_on", "inflow_origin", "categories", "phone")] == [
        "居住状态", "流入日期", "来自", "人员类别", "联系电话"]


def test_every_place_labels_a_person_field_as_the_catalogue_does():
    from forms.cards.members import COLUMNS, KEYS
    from forms.tables import MembersModel

    wrong = []
    wrong += _wrong("card shape", {**cardshape.MEMBER_TEXT, **cardshape.MEMBER_DATES}.items())
    wrong += _wrong("card input", cardinput.MEMBER_TEXTS.items())
    wrong += _wrong("verification", verify.COMPARED.items())
    wrong += _wrong("spreadsheet import", ((f.key, f.label) for f in importcells.FIELDS))
    for ledger in LEDGERS.values():
        # the compatriots' ledger lists residence permits: their number is a 证件号码
        wrong += _wrong(f"ledger {ledger.name}", ((c.key, c.header) for c in ledger.columns
                                                  if not (ledger.name == "compatriots" and c.key == "id_number")))
    wrong += _wrong("households browser", zip(MembersModel.KEYS, MembersModel.HEADERS))
    wrong += _wrong("card entry members", zip(KEYS, COLUMNS))
    wrong += _wrong("conflicts and audit trail", ((k, field_label(k, "person")) for k in PERSON))
    assert wrong == []


def test_the_old_conflicting_labels_are_gone_from_the_code():
    old = {"迁入日期", "流入地", "类别标记", "名称/姓名"}
    found = []
    for package in ("gridapp", "forms", "reports"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and node.value in old:
                    found.append(f"{path.relative_to(ROOT)}: {node.value}")
    assert found == []


def test_every_catalogued_table_is_a_synced_table_with_those_fields():
    from gridapp.models import model_of

    for table, fields in catalogue.TABLES.items():
        model = model_of(table)
        assert model is not None and table in catalogue.TABLE_LABELS
        assert set(fields) <= set(model._meta.fields), table
