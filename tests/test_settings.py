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
