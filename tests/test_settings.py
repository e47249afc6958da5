import pytest

from gridapp import settings
from gridapp.errors import ValidationError
from gridapp.models import Community


def test_community_value_overrides_street_value_overrides_default(street_db):
    a = Community.create(name="爱和社区")
    b = Community.create(name="建新社区")
    assert settings.get("filing.binder_capacity", a) == 100
    settings.put("filing.binder_capacity", 80)
    settings.put("filing.binder_capacity", 50, a)
    assert settings.get("filing.binder_capacity", a) == 50
    assert settings.get("filing.binder_capacity", b) == 80
    settings.put("filing.binder_capacity", 60, a)
    assert settings.get("filing.binder_capacity", a.id) == 60


def test_wrong_type_and_unknown_key_are_refused(street_db):
    with pytest.raises(ValidationError, match="整数"):
        settings.put("filing.binder_capacity", "many")
    with pytest.raises(ValidationError, match="没有设置项"):
        settings.get("no.such")


def test_settings_from_the_command_line_say_where_a_value_comes_from(street_db, capsys):
    import json

    import cli
    from gridapp import db

    Community.create(name="爱和社区")
    db.close_database()
    args = ["--db", str(street_db)]
    assert cli.main(["settings", "set", "boards.show.pregnant", "是", "--community", "爱和社区", *args]) == 0
    assert cli.main(["settings", "set", "cards.due_days", "3", *args]) == 0
    assert cli.main(["settings", "set", "cards.basic_items", "name，id_number、phone", *args]) == 0
    assert cli.main(["settings", "set", "cards.due_days", "三天", *args]) == 2
    assert "须为整数" in capsys.readouterr().err
    assert cli.main(["settings", "set", "sync.folder", "/mnt/u", "--community", "爱和社区", *args]) == 2
    capsys.readouterr()
    assert cli.main(["settings", "list", "--community", "爱和社区", "--json", *args]) == 0
    rows = {r["key"]: r for r in json.loads(capsys.readouterr().out)}
    assert (rows["boards.show.pregnant"]["value"], rows["boards.show.pregnant"]["origin"]) == (True, "本社区")
    assert (rows["cards.due_days"]["value"], rows["cards.due_days"]["origin"]) == (3, "全街道")
    assert rows["cards.basic_items"]["value"] == ["name", "id_number", "phone"]
    assert rows["filing.binder_capacity"]["origin"] == "默认"
    db.open_database(street_db, db.passphrase_from_env())


def test_several_settings_are_written_all_or_none(street_db):
    with pytest.raises(ValidationError):
        settings.put_many({"filing.binder_capacity": 80, "cards.due_days": "two"})
    assert settings.get("filing.binder_capacity") == 100
    settings.put_many({"filing.binder_capacity": 80, "boards.full_names": True})
    assert settings.get("filing.binder_capacity") == 80 and settings.get("boards.full_names") is True
