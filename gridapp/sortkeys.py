"""Names sort as people count them: 第二网格 before 第十二网格, 第一1栋 before 第二3栋 before
第三1栋, 2栋 before 10栋. One key for every list of grids, buildings, rooms and communities:
each run of Arabic digits (full-width too) or Chinese numerals becomes its value, padded."""

from __future__ import annotations

import re
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_RUN = re.compile(r"\d+|[零〇一二两三四五六七八九十百千]+")
WIDTH = 8


def chinese_number(text: str) -> int:
    """``十二`` → 12, ``二十`` → 20, ``一百零五`` → 105, ``三`` → 3; digits read one by one
    when there is no unit (``二〇二六`` → 2026)."""
    if not any(ch in _UNITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, digit = 0, None
    for ch in text:
        if ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            digit = _DIGITS[ch]
    return total + (digit or 0)


def _value(run: str) -> str:
    number = int(run) if run[0].isdigit() else chinese_number(run)
    return str(number).zfill(WIDTH)


def natural_key(text: str | None) -> str:
    """A text that sorts as people count (kept in ``Building.sort_key``, compared in SQL)."""
    return _RUN.sub(lambda m: _value(m.group()), text or "")


def by_name(items: Iterable[T], name: Callable[[T], str] = lambda item: item.name) -> list[T]:  # type: ignore[attr-defined]
    """``items`` sorted by ``natural_key`` of their names."""
    return sorted(items, key=lambda item: natural_key(name(item)))
