"""``cards import``: key cards in bulk from a JSON file (docs/cards-format.md).

The whole file is checked first; if any card has an error nothing is imported and
the report lists every bad card with its reasons. Otherwise all cards are saved in
one transaction. Warnings do not stop a batch; they are reported with the counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from gridapp import cardlife, jsonfile
from gridapp.errors import ValidationError
from gridapp.models import Card, database
from gridapp.plaintext import printable
from gridapp.services import cardplace
from gridapp.services.cardinput import parse_card
from gridapp.services.cards import CardRejected, duplicate_issues, resolve_grid, save_card
from gridapp.services.cardshape import shape_issues
from gridapp.services.checks import ERROR, Issue
from gridapp.services.intake import worker_of


@dataclass
class BatchReport:
    cards: int = 0
    households_created: int = 0
    persons_created: int = 0
    persons_updated: int = 0
    persons_moved: int = 0
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"cards": self.cards, "households_created": self.households_created,
                "persons_created": self.persons_created, "persons_updated": self.persons_updated,
                "persons_moved": self.persons_moved, "warnings": len(self.warnings)}


class BatchRejected(ValidationError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} 张登记卡有误，未导入任何内容：\n" + "\n".join(problems))


def _label(i: int, raw) -> str:
    number = raw.get("card_no") if isinstance(raw, dict) else None
    return f"第 {i + 1} 张卡（卡号 {printable(number) if isinstance(number, str) and number else '空'}）"


# what a card says to settle its place (docs/cards-format.md)
KEYS = {"address.building": '如确是新楼栋，在 address 中写 "new": true',
        "address.room": '如确是新房屋，在 address 中写 "new": true',
        "household.at_address": '在 household 中写 "at_address": "new"（该地址另立新户），'
                                '或 "at_address": 要更新的那户户主的姓名或身份证号'}


def _with_key(issue: Issue) -> str:
    """A place issue with the field it is about and the key that settles it."""
    if issue.field not in KEYS:
        return issue.message
    return f"{issue.field}：{cardplace.fact(issue)}；{KEYS[issue.field]}"


def check_batch(cards: list, today: dt.date) -> list[str]:
    problems: list[str] = []
    shapes = [shape_issues(c) for c in cards]
    good = [c for c, shape in zip(cards, shapes) if not shape]
    numbers = Counter((c.get("community") or "", c.get("card_no") or "") for c in good)
    ids = Counter(m.get("id_number") for c in good for m in c.get("members") or [] if m.get("id_number"))
    for i, (raw, shape) in enumerate(zip(cards, shapes)):
        if shape:
            problems.append(f"{_label(i, raw)}：" + "；".join(x.message for x in shape))
            continue
        reasons = []
        try:
            grid = resolve_grid(raw.get("community") or "", raw.get("grid") or "")
        except ValidationError as exc:
            problems.append(f"{_label(i, raw)}：{exc}")
            continue
        parsed = parse_card(raw, grid.community_id, today)
        reasons += [x.message for x in parsed.errors]
        if parsed.collected_by:
            try:
                worker_of(grid, parsed.collected_by)
            except ValidationError as exc:
                reasons.append(str(exc))
        if numbers[(raw.get("community") or "", raw.get("card_no") or "")] > 1:
            reasons.append(f"卡号 {parsed.card_no} 在文件中出现多次")
        existing = Card.live().where(Card.community == grid.community, Card.card_no == parsed.card_no).first()
        if existing is not None and existing.state not in cardlife.OPEN:
            reasons.append(f"卡号 {parsed.card_no} 已录入过")
        for m in parsed.members:
            if m.id_number and ids[m.id_number] > 1:
                reasons.append(f"身份证号 {m.id_number[:6]}…{m.id_number[-4:]}（{m.name}）在文件中出现多次")
        if not parsed.errors:
            place = cardplace.locate(grid, parsed)
            reasons += [_with_key(x) for x in place.issues]
            reasons += [x.message for x in duplicate_issues(parsed, place.household) if x.level == ERROR]
        if reasons:
            problems.append(f"{_label(i, raw)}：" + "；".join(dict.fromkeys(reasons)))
    return problems


def import_cards(data: dict, today: dt.date | None = None) -> BatchReport:
    today = today or dt.date.today()
    if not isinstance(data, dict) or not isinstance(data.get("cards"), list):
        raise ValidationError("文件须为 {\"cards\": [...]}", "登记卡文件")
    cards = data["cards"]
    problems = check_batch(cards, today)
    if problems:
        raise BatchRejected(problems)
    report = BatchReport()
    with database.atomic():
        for i, raw in enumerate(cards):
            try:
                result = save_card(raw, confirmed=True, today=today)
            except CardRejected as exc:  # a card that conflicts with one earlier in the same file
                raise BatchRejected([f"{_label(i, raw)}：" + "；".join(_with_key(x) for x in exc.issues)]) from None
            report.cards += 1
            report.households_created += result.household_created
            report.persons_created += len(result.created)
            report.persons_updated += len(result.updated)
            report.persons_moved += len(result.moved)
            report.warnings += [f"{_label(i, raw)}：{w.message}" for w in result.warnings]
    return report


def import_cards_file(path: str | Path, today: dt.date | None = None) -> BatchReport:
    return import_cards(jsonfile.load(path), today)
