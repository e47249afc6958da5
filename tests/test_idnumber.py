import datetime as dt

import pytest

from gridapp import idnumber
from gridapp.errors import ValidationError


def test_valid_number_gives_birth_date_gender_and_place():
    info = idnumber.parse("11010519491231002X")
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.gender == "F"
    assert info.place == "北京市朝阳区"
    assert info.warnings == ()


def test_wrong_check_digit_is_refused_with_the_expected_digit():
    with pytest.raises(ValidationError, match="应为 X"):
        idnumber.parse("110105194912310021")


@pytest.mark.parametrize("bad, words", [
    ("1101051949123100", "18 位"),
    ("11010519491331002X", "出生日期"),
    ("1101051949123100AX", "前 17 位"),
    ("", "为空"),
])
def test_malformed_numbers_say_what_is_wrong(bad, words):
    with pytest.raises(ValidationError, match=words):
        idnumber.parse(bad)


def test_future_birth_date_is_refused():
    number = idnumber.make("110105", dt.date(2030, 1, 1), 12)
    with pytest.raises(ValidationError, match="晚于今天"):
        idnumber.parse(number, today=dt.date(2026, 11, 22))


def test_fifteen_digit_number_is_upgraded():
    info = idnumber.parse("110105491231002")
    assert info.number == "11010519491231002X"
    assert info.upgraded_from == "110105491231002"


def test_input_method_full_width_and_spaces_are_normalised():
    assert idnumber.parse("１１０１０５ １９４９１２３１ ００２ｘ").number == "11010519491231002X"
    assert idnumber.parse("110105-19491231-002×").number == "11010519491231002X"


@pytest.mark.parametrize("prefix, permit", [("810000", "香港"), ("820000", "澳门"), ("830000", "台湾")])
def test_residence_permits_of_hk_macau_taiwan_are_accepted(prefix, permit):
    number = idnumber.make(prefix, dt.date(1985, 3, 9), 21)
    info = idnumber.parse(number)
    assert info.permit == permit
    assert info.warnings == ()


def test_region_code_newer_than_birth_year_is_accepted():
    # Haikou's 龙华区 (460106) was created in 2002; people born before carry it after re-registration
    info = idnumber.parse(idnumber.make("460106", dt.date(1960, 5, 1), 11))
    assert info.place == "海南省龙华区"
    assert info.warnings == ()


def test_unknown_region_code_is_a_warning_not_an_error():
    info = idnumber.parse(idnumber.make("999999", dt.date(1990, 5, 1), 11))
    assert info.warnings and "999999" in info.warnings[0]


def test_mask_keeps_region_and_last_four():
    assert idnumber.mask("11010519491231002X") == "110105********002X"
    assert idnumber.mask(None) == ""
