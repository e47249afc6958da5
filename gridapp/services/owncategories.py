"""Own categories (自定义类别): person or household categories the street or a community adds
(重点人口, 低保户, 优抚对象 …), each with a marker (a one-character symbol and a colour) for the
wall board and a privacy level: ``internal`` (the default) never shows on a public board,
``public`` may. They are recorded in the same ``categories`` column as the fixed ones, on a
bit of their own; leader roles only; synced like the card design."""

from __future__ import annotations

import re

from gridapp import categories as cats
from gridapp.errors import ValidationError
from gridapp.models import Community, OwnCategory, database
from gridapp.plaintext import controls, describe

PRIVACY = {"internal": "仅内部（不上公示栏）", "public": "可上公示栏"}
LEVELS = {cats.HOUSEHOLD: "户", cats.PERSON: "人员"}
# markers offered by name (any #RRGGBB may be chosen besides)
NAMED_COLOURS = {"#c00000": "红", "#e06000": "橙", "#b8860b": "金", "#2e8b57": "绿", "#1e6fd9": "蓝",
                 "#008b8b": "青", "#6a3d9a": "紫", "#8b4513": "棕", "#555555": "灰"}
_CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def load() -> tuple[cats.Category, ...]:
    """Put the own categories in the database into force (``categories.set_own``)."""
    rows = OwnCategory.live().order_by(OwnCategory.level, OwnCategory.bit)
    every = [(r.retired, cats.Category(r.code, r.label, r.symbol, r.colour, r.level, r.bit, own=True,
                                       public=r.privacy == "public",
                                       community=None if r.community_id is None else cats._hex(r.community_id)))
             for r in rows]
    own = tuple(c for retired, c in every if not retired)
    cats.set_own(own, [c for retired, c in every if retired])
    return own


def describe_row(r: OwnCategory) -> dict:
    return {"code": r.code, "label": r.label, "level": r.level, "symbol": r.symbol, "colour": r.colour,
            "privacy": r.privacy, "retired": bool(r.retired), "bit": r.bit,
            "scope": "全街道" if r.community is None else r.community.name}


def listed(community_id=None, retired: bool = False) -> list[dict]:
    q = OwnCategory.live()
    if community_id is not None:
        q = q.where(OwnCategory.community.is_null() | (OwnCategory.community == community_id))
    return [describe_row(r) for r in q.order_by(OwnCategory.level, OwnCategory.bit) if retired or not r.retired]


def suggest_code(label: str) -> str:
    """A free code for a category named ``label``: its pinyin initials (``重点人口`` → ``zdrk``),
    numbered when taken."""
    from gridapp.pinyin import initials

    stem = re.sub(r"[^a-z0-9_]", "", initials(label or "").lower())[:24]
    stem = stem if stem[:1].isalpha() else f"own{stem}"
    taken = set(cats.BY_CODE) | {r.code for r in OwnCategory.live()}
    return next(code for n in range(1, 1000) if (code := stem if n == 1 else f"{stem}{n}") not in taken)


def _text(value, what: str, where: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{what}不能为空", where)
    found = controls(value)
    if found:
        raise ValidationError(f"{what}含有不可见的控制字符（{describe(found)}）", where)
    value = re.sub(r"\s+", "", value)  # 低保 户 is 低保户
    if len(value) > limit:
        raise ValidationError(f"{what}至多 {limit} 个字，现在 {len(value)} 个", where)
    return value


def _label_free(label: str, where: str, but=None) -> None:
    """No two categories, fixed or own, share a name: a condition 类别=… names one."""
    if any(c.label == label for c in cats.CATEGORIES):
        raise ValidationError(f"已有名为“{label}”的固定类别", where)
    if any(r.label == label and r.id != but for r in OwnCategory.live()):
        raise ValidationError(f"已有名为“{label}”的自定义类别", where)


def _where(label) -> str:
    text = label.strip() if isinstance(label, str) else ""
    return f"类别“{text[:12]}{'…' if len(text) > 12 else ''}”"


def add(community, level: str, code: str, label: str, symbol: str = "", colour: str = "#555555",
        privacy: str = "internal") -> OwnCategory:
    """A new category (``community`` None: street-wide); internal unless said otherwise."""
    from gridapp.store.roles import require

    require("templates.edit")
    where = _where(label)
    if level not in LEVELS:
        raise ValidationError(f"层级须为 household（户）或 person（人员），不是“{level}”", where)
    if not isinstance(code, str) or not _CODE.match(code):
        raise ValidationError(f"代码“{code}”须为小写字母开头的字母、数字或下划线", where)
    label = _text(label, "名称", where, 12)
    symbol = _text(symbol or label[0], "标记字", where, 1)
    if not isinstance(colour, str) or not _COLOUR.match(colour):
        raise ValidationError(f"颜色须写成 #RRGGBB，不是“{colour}”", where)
    if privacy not in PRIVACY:
        raise ValidationError(f"公开程度须为 internal（仅内部）或 public（可上公示栏），不是“{privacy}”", where)
    community_id = community.id if isinstance(community, Community) else community
    with database.atomic():
        load()
        if code in cats.BY_CODE or any(r.code == code for r in OwnCategory.live()):
            raise ValidationError(f"代码“{code}”已有", where)
        _label_free(label, where)
        taken = {r.bit for r in OwnCategory.live().where(OwnCategory.level == level)}
        free = next((b for b in cats.OWN_BITS if b not in taken), None)
        if free is None:
            raise ValidationError(f"{LEVELS[level]}的自定义类别已满（至多 {len(cats.OWN_BITS)} 个）", where)
        row = OwnCategory.create(community=community_id, level=level, code=code, label=label, symbol=symbol,
                                 colour=colour, bit=free, privacy=privacy)
    load()
    return row


def change(code: str, **values) -> OwnCategory:
    """Change a category's label, symbol, colour or privacy, or retire it (``retired=True``;
    the people marked keep the mark, it is no longer offered nor shown)."""
    from gridapp.store.roles import require

    require("templates.edit")
    row = OwnCategory.live().where(OwnCategory.code == code).first()
    if row is None:
        raise ValidationError(f"没有自定义类别“{code}”", "类别")
    where = f"类别“{row.label}”"
    if "privacy" in values and values["privacy"] not in PRIVACY:
        raise ValidationError(f"公开程度须为 internal 或 public，不是“{values['privacy']}”", where)
    if "colour" in values and not _COLOUR.match(str(values["colour"])):
        raise ValidationError(f"颜色须写成 #RRGGBB，不是“{values['colour']}”", where)
    if "label" in values:
        values["label"] = _text(values["label"], "名称", where, 12)
        _label_free(values["label"], where, but=row.id)
    if "symbol" in values:
        values["symbol"] = _text(values["symbol"], "标记字", where, 1)
    with database.atomic():
        for k, v in values.items():
            setattr(row, k, v)
        row.save()
    load()
    return row
