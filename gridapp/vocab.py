"""Coded vocabularies: stable codes in data and files, Chinese labels on screen and paper."""

from __future__ import annotations

from gridapp.errors import ValidationError

GENDER = {"M": "男", "F": "女"}

STATUS = {"resident": "常住", "inflow": "流入", "registered_only": "挂户"}

INFLOW_REASON = {
    "other_county": "外县流入",
    "study_companion": "陪读",
    "business_work": "经商务工",
    "other": "其他",
}

OWNERSHIP = {"owned": "自有", "rented": "出租", "bought": "购买", "other": "其他"}

STAFF_ROLE = {"grid_worker": "网格员", "grid_leader": "网格长"}

# 一格三员: each grid is served by a community cadre, a residents' group leader and a recruited grid worker.
STAFF_KIND = {"cadre": "社区专职干部", "group_leader": "居民小组长", "recruited": "专职网格员"}


def staff_kind_for(role: str) -> str:
    """The kind a worker is taken for when none is said: a grid leader is a community cadre."""
    return "cadre" if role == "grid_leader" else "recruited"

POST = {"A": "A岗", "B": "B岗"}

SITE_TYPE = {"community": "社区", "street": "街道"}

# Relation to the head of household, the words of GB/T 4761 as clerks write them.
RELATIONS = (
    "户主", "配偶", "子", "女", "孙子", "孙女", "外孙子", "外孙女", "儿媳", "女婿",
    "父亲", "母亲", "公公", "婆婆", "岳父", "岳母", "祖父", "祖母", "外祖父", "外祖母",
    "兄弟姐妹", "兄", "弟", "姐", "妹", "侄子", "侄女", "曾孙子", "曾孙女", "其他",
)

ETHNICITIES = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族", "其他",
)


def code_of(vocab: dict[str, str], value: str, what: str) -> str:
    """Accept a code or its Chinese label; return the code."""
    if value in vocab:
        return value
    for code, label in vocab.items():
        if label == value:
            return code
    choices = "、".join(vocab.values())
    raise ValidationError(f"“{value}” 不是有效的{what}（可选：{choices}）")
