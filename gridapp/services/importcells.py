"""Reading the cells of legacy ledgers: which column is which (the Chinese headers
offices use), and values as people and Excel left them — dates typed five ways or
kept as Excel serial numbers, ID numbers Excel turned into numbers (keeping 15
significant digits and losing the rest), phones read as numbers, categories
written as words.

Each reader returns the value and two lists: errors (the row cannot be imported
as it is) and notes (imported, but worth a look).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from gridapp import categories as cats
from gridapp import vocab
from gridapp.services.checks import parse_date
from gridapp.store.catalogue import label


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    aliases: tuple[str, ...]


FIELDS: tuple[Field, ...] = (
    Field("name", label("person", "name"), ("姓名", "名字", "居民姓名", "人员姓名", "成员姓名")),
    Field("id_number", label("person", "id_number"), ("身份证号", "身份证号码", "公民身份号码", "公民身份证号码", "身份证",
                                "证件号码", "证件号", "居民身份证号")),
    Field("gender", label("person", "gender"), ("性别",)),
    Field("birth_date", label("person", "birth_date"), ("出生日期", "出生年月日", "出生年月", "生日")),
    Field("relation", label("person", "relation"), ("与户主关系", "与户主的关系", "关系", "家庭关系")),
    Field("phone", label("person", "phone"), ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码")),
    Field("address", "现住址", ("现住址", "住址", "地址", "现居住地址", "居住地址", "家庭住址", "现居住地",
                             "详细地址", "房屋地址")),
    Field("building", label("house", "building"), ("楼栋", "楼号", "楼栋号", "栋号")),
    Field("unit", label("house", "unit"), ("单元", "单元号")),
    Field("room", label("house", "room"), ("房号", "门牌号", "室号", "房间号")),
    Field("hukou_place", label("person", "hukou_place"), ("户籍地", "户籍地址", "户籍所在地", "户口所在地", "户籍地详址")),
    Field("kinds", label("person", "categories"), ("人员类别", "人口类别", "人员类型", "类别", "人员标识")),
    Field("status", label("person", "status"), ("居住状态", "人员状态", "居住类型", "人口类型")),
    Field("ethnicity", label("person", "ethnicity"), ("民族",)),
    Field("inflow_reason", label("person", "inflow_reason"), ("流入原因", "来此原因", "流动原因")),
    Field("inflow_origin", label("person", "inflow_origin"), ("流出地", "来自", "原籍", "原居住地")),
    Field("arrived_on", label("person", "arrived_on"), ("流入日期", "来此日期", "入住日期", "登记日期", "来本地日期")),
    Field("household_no", "户号", ("户号", "户编号", "家庭编号", "户序号")),
    Field("grid", label("card", "grid"), ("网格", "所属网格", "网格名称")),
    Field("community", label("card", "community"), ("社区", "所属社区", "社区名称")),
)
BY_KEY = {f.key: f for f in FIELDS}
IGNORED = ("序号", "编号", "备注", "NO", "NO.")
_ALIASES = {alias: f.key for f in FIELDS for alias in f.aliases}

STATUS_WORDS = {"常住": "resident", "常住人口": "resident", "户籍": "resident", "户籍人口": "resident",
                "本地": "resident", "流入": "inflow", "流动": "inflow", "流动人口": "inflow", "外来": "inflow",
                "流入人口": "inflow", "暂住": "inflow", "挂户": "registered_only", "空挂户": "registered_only",
                "挂靠": "registered_only"}
CATEGORY_WORDS = {"老人": "elderly", "孕妇": "pregnant", "残疾": "disabled", "残疾人员": "disabled",
                  "留守儿童": "child", "体弱": "frail", "病人": "frail", "党员户": "party_family"}
EXCEL_EPOCH = dt.date(1899, 12, 30)
_SCIENTIFIC = re.compile(r"^\d(\.\d+)?E\+?\d+$")
_SPLIT = re.compile(r"[、,，;；/\s]+")


def clean_header(text) -> str:
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = re.sub(r"[（(][^)）]*[)）]", "", text)  # (必填), （选填）
    return re.sub(r"[\s*★:：]", "", text).upper()


def recognise(header) -> str | None:
    """The field a header names, or None."""
    return _ALIASES.get(clean_header(header))


def text(value, normalise: bool = True) -> str:
    """A cell as text; ``normalise`` folds full-width letters and digits (NFKC) — not for prose,
    whose Chinese punctuation it would turn into ASCII."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return (unicodedata.normalize("NFKC", str(value)) if normalise else str(value)).strip()


def date(value, label: str) -> tuple[dt.date | None, list[str], list[str]]:
    if value in (None, ""):
        return None, [], []
    if isinstance(value, dt.datetime):
        return value.date(), [], []
    if isinstance(value, dt.date):
        return value, [], []
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value).is_integer() and 10000101 <= value <= 29991231:  # 20261122 kept as a number
            value = str(int(value))
        elif 1 <= value < 2958466:  # an Excel serial date in a cell not formatted as a date
            serial = int(value)
            day = EXCEL_EPOCH + dt.timedelta(days=serial if serial > 60 else serial + 1)
            return day, [], [f"{label}为 Excel 日期序号 {serial}，已读为 {day.isoformat()}"]
    raw = text(value)
    raw = re.sub(r"[T ]0?0:00(:00)?(\.0+)?$", "", raw)  # "1949-12-31 00:00:00"
    parsed, issues = parse_date(raw, "", label)
    return parsed, [i.message for i in issues], []


def id_number(value) -> tuple[str, list[str], list[str]]:
    """An ID number as text; numbers that lost digits in Excel are errors that say so."""
    lost = ("身份证号以数字保存，Excel 只保留 15 位有效数字，后几位已丢失（读到 {}）："
            "请把该列设为“文本”后按原件重新填写")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = str(int(value)) if float(value).is_integer() else text(value)
        if len(digits) == 15:
            return digits, [], ["身份证号以数字保存（15 位旧号码），已按文本读取"]
        return digits, [lost.format(f"{value:.14E}" if len(digits) > 15 else digits)], []
    raw = text(value).upper().replace(" ", "")
    if _SCIENTIFIC.match(raw):
        return raw, [lost.format(raw)], []
    if re.fullmatch(r"\d{15}000", raw):
        from gridapp.idnumber import is_valid
        if not is_valid(raw):
            return raw, [lost.format(raw) + "（末三位为 000，疑为 Excel 截断）"], []
    return raw, [], []


def phone(value) -> str:
    return text(value)


def kinds(value) -> tuple[str, list[str], list[str], list[str]]:
    """人员类别 as words: a residence status and category codes, or errors for words not known."""
    status, person, household, errors = "", [], [], []
    for word in filter(None, _SPLIT.split(text(value))):
        if word in STATUS_WORDS or word in vocab.STATUS.values():
            status = STATUS_WORDS.get(word) or vocab.code_of(vocab.STATUS, word, label("person", "status"))
            continue
        code = CATEGORY_WORDS.get(word) or (cats.BY_LABEL[word].code if word in cats.BY_LABEL else None)
        if code is None:
            errors.append(f"{label('person', 'categories')}“{word}”无法识别")
        elif cats.BY_CODE[code].level == cats.PERSON:
            person.append(code)
        else:
            household.append(code)
    return status, person, household, errors


def status(value) -> tuple[str, list[str]]:
    word = text(value)
    if not word:
        return "", []
    code = STATUS_WORDS.get(word) or next((c for c, label in vocab.STATUS.items() if label == word or c == word), "")
    return code, ([] if code else [f"{label('person', 'status')}“{word}”无法识别（常住、流入或挂户）"])


def unit(value) -> str:
    return re.sub(r"单元$", "", text(value))


def is_same_as_above(value) -> bool:
    return text(value) in ("同上", "同户主", "〃", "\"", "”")
