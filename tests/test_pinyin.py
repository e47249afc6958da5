import pytest

from gridapp.pinyin import initials


@pytest.mark.parametrize("name, expected", [
    ("张三丰", "zsf"), ("单田芳", "stf"), ("曾国藩", "zgf"), ("解缙", "xj"), ("仇英", "qy"),
    ("区家麟", "ojl"), ("朴树", "ps"), ("乐嘉", "yj"), ("欧阳娜娜", "oynn"),
])
def test_initials_read_surnames_as_surnames(name, expected):
    assert initials(name) == expected


def test_rare_characters_do_not_break_initials():
    assert initials("王䶮").startswith("w")
    assert initials("李𠇔").startswith("l")
