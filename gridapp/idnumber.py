"""Resident identity card numbers (居民身份证号码, GB 11643).

python-stdnum supplies the parts (check digit, birth date, region table); the
verdict is ours, because stdnum refuses numbers that are real: region codes
created after the holder's birth (every district code of a city reorganised
later) and the residence permits of Hong Kong, Macau and Taiwan residents
(prefixes 81/82/83). An unknown region code is a warning, never an error.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from stdnum import numdb
from stdnum.cn import ric

from gridapp.errors import ValidationError

PERMIT_PREFIXES = {"81": "香港", "82": "澳门", "83": "台湾"}
_SEPARATORS = " \t-_.·/\u3000"


@dataclass(frozen=True)
class IdInfo:
    number: str  # 18 characters, upper-case X
    birth_date: dt.date
    gender: str  # "M" or "F"
    region_code: str
    place: str | None
    permit: str | None = None  # 香港/澳门/台湾 for residence permits
    upgraded_from: str | None = None  # the 15-digit number typed
    warnings: tuple[str, ...] = field(default=())


def normalise(text: str) -> str:
    """What a clerk typed, through any input method, as plain ASCII."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("×", "X").replace("ｘ", "X")
    return "".join(ch for ch in text if ch not in _SEPARATORS).upper()


def upgrade15(number: str) -> str:
    """The 18-digit form of a first-generation 15-digit number."""
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


@lru_cache(maxsize=8192)
def _place(code: str) -> str | None:
    results = numdb.get("cn/loc").info(code)
    info = {k: v for _part, props in results for k, v in props.items()}
    if not info:
        return None
    county = info.get("county", "")
    # the table lists a code's names over time as "[start-end]name,..."; take the last
    names = [c.split("]")[-1] for c in county.split(",") if c]
    return "".join(filter(None, [info.get("province"), info.get("prefecture"),
                                 names[-1] if names else None])) or None


def parse(text: str, today: dt.date | None = None) -> IdInfo:
    """Check an ID number; raise ValidationError (Chinese) when it cannot be real."""
    today = today or dt.date.today()
    number = normalise(text)
    upgraded_from = None
    if not number:
        raise ValidationError("身份证号为空")
    if len(number) == 15:
        if not number.isdigit():
            raise ValidationError("15 位身份证号只能是数字")
        upgraded_from, number = number, upgrade15(number)
    if len(number) != 18:
        raise ValidationError(f"身份证号应为 18 位，现在是 {len(number)} 位")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError("身份证号前 17 位须为数字，末位为数字或 X")
    try:
        birth = ric.get_birth_date(number)
    except Exception:
        raise ValidationError(f"身份证号中的出生日期 {number[6:14]} 不存在") from None
    if birth > today:
        raise ValidationError(f"身份证号中的出生日期 {birth:%Y-%m-%d} 晚于今天")
    if birth.year < today.year - 130:
        raise ValidationError(f"身份证号中的出生日期 {birth:%Y-%m-%d} 过早")
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise ValidationError(f"校验位不符：末位是 {number[17]}，按前 17 位应为 {expected}，请核对")
    region = number[:6]
    permit = PERMIT_PREFIXES.get(number[:2])
    warnings: list[str] = []
    place: str | None
    if permit:
        place = f"{permit}居民"
    else:
        place = _place(region)
        if place is None:
            warnings.append(f"地区码 {region} 不在行政区划表中，请核对")
    gender = "M" if int(number[16]) % 2 else "F"
    return IdInfo(number, birth, gender, region, place, permit, upgraded_from, tuple(warnings))


def is_valid(text: str) -> bool:
    try:
        parse(text)
    except ValidationError:
        return False
    return True


def mask(number: str | None) -> str:
    """``110105********002X``: region and the last four, for screens and prints that need less."""
    if not number:
        return ""
    if len(number) <= 10:
        return number[:2] + "*" * max(len(number) - 2, 0)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def make(region: str, birth: dt.date, seq: int) -> str:
    """Build a valid 18-digit number (demo data and tests)."""
    body = f"{region}{birth:%Y%m%d}{seq % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")
