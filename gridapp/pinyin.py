"""Pinyin initials for finding people by typing ``zsf`` for 张三丰.

pypinyin reads a name as ordinary text and gets surnames wrong (单 dan, 曾 ceng,
解 jie, 仇 chou, 区 qu, 朴 pu, 乐 le); surnames are read by the override table.
"""

from __future__ import annotations

from functools import lru_cache

SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao",
    "乐": "yue", "查": "zha", "盖": "ge", "尉迟": "yuchi", "万俟": "moqi", "长孙": "zhangsun",
    "覃": "qin", "缪": "miao", "繁": "po", "员": "yun", "宓": "mi", "纪": "ji", "燕": "yan",
    "华": "hua", "任": "ren", "葛": "ge", "沈": "shen", "柏": "bai", "秘": "bi", "句": "gou",
    "翟": "zhai", "召": "shao", "牟": "mou", "洗": "xian", "冼": "xian",
}
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "万俟", "长孙",
                     "慕容", "夏侯", "司徒", "令狐", "公孙", "轩辕", "端木", "独孤", "南宫")


@lru_cache(maxsize=20000)
def _char_initial(ch: str) -> str:
    if ch.isascii():
        return ch.lower() if ch.isalnum() else ""
    from pypinyin import Style, lazy_pinyin  # 0.3 s to import: only when a name is read

    reading = lazy_pinyin(ch, style=Style.FIRST_LETTER, errors="ignore")
    return reading[0][:1].lower() if reading else ""


def split_surname(name: str) -> tuple[str, str]:
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound) and len(name) > len(compound):
            return compound, name[len(compound):]
    return name[:1], name[1:]


def surname_reading(surname: str) -> str:
    if surname in SURNAME_READINGS:
        return SURNAME_READINGS[surname]
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(surname, errors="ignore"))


@lru_cache(maxsize=200000)
def initials(name: str) -> str:
    """``张三丰`` → ``zsf``; ``单田芳`` → ``stf``; ``欧阳娜娜`` → ``oynn``."""
    name = (name or "").strip()
    if not name:
        return ""
    surname, given = split_surname(name)
    if surname in SURNAME_READINGS:
        head = SURNAME_READINGS[surname][:1]
    else:
        head = "".join(_char_initial(ch) for ch in surname)
    return head + "".join(_char_initial(ch) for ch in given)


@lru_cache(maxsize=20000)
def text_initials(text: str) -> str:
    """Initials of ordinary text (no surname readings): ``居住证办理`` → ``jzzbl``."""
    return "".join(_char_initial(ch) for ch in (text or "").strip())
