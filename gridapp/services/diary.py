"""The work diary (民情日记, seed 002: "认真填写网格责任人工作日志，做到工作日清周结"): a grid
worker's day is the households visited (the visit-log lines of that day), what was found
(needs, 社情民意, 隐患, 矛盾) and the time spent in the grid; the week's summary (日清周结) is
made from the days.

A hazard or a dispute is flagged to be handled. ``escalate`` turns a finding into a matter of
the events register (``MATTER_HOOK``, by default ``as_matter``); set to None, the line only stays
flagged in the diary and in the week's list of what waits."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from typing import Callable, Literal, overload

from gridapp.errors import ValidationError
from gridapp.models import DiaryDay, DiaryFinding, Staff, VisitEntry, database
from gridapp.plaintext import printable
from gridapp.services.typedtext import text_field as _text
from gridapp.store.roles import require

KINDS = {"need": "需求", "opinion": "社情民意", "hazard": "隐患", "dispute": "矛盾"}
FLAGGED_KINDS = ("hazard", "dispute")
TEXT_LIMIT, PLACE_LIMIT = 500, 60
MATTER_KINDS = {"need": "诉求", "opinion": "诉求", "hazard": "隐患", "dispute": "矛盾纠纷"}


def as_matter(finding: DiaryFinding) -> str:
    """The finding recorded in the events register, found by the worker on the diary's day in
    the grid they hold that its place lies in (else the first they hold); the matter's number."""
    from gridapp.models import Grid, StaffGrid
    from gridapp.services import addresses, matters

    day = finding.diary
    grids = list(Grid.select().join(StaffGrid, on=(StaffGrid.grid == Grid.id))
                 .where(StaffGrid.staff == day.staff_id, StaffGrid.deleted == False, Grid.deleted == False)  # noqa: E712
                 .order_by(StaffGrid.post, Grid.number))
    if not grids:
        raise ValidationError(f"“{day.staff.name}”没有负责的网格，不能转为事件；可先标记待处理", "发现")
    address = addresses.parse(finding.place) if finding.place else None
    building = address.building if address is not None else finding.place
    grid = next((g for g in grids if building and addresses.find_building(g, building) is not None), grids[0])
    matter = matters.add({"kind": MATTER_KINDS[finding.kind], "community": grid.community.name, "grid": grid.name,
                          "place": finding.place, "description": finding.text, "found_by": day.staff.name,
                          "found_at": day.day.isoformat()})
    return matter.number


# what ``escalate`` hands a finding to: (finding) -> the number of the matter made from it
MATTER_HOOK: Callable[[DiaryFinding], str] | None = as_matter


def kind_code(text: str) -> str:
    """A kind by code or Chinese label (需求, 社情民意, 民意, 隐患, 矛盾)."""
    text = unicodedata.normalize("NFKC", str(text or "")).strip()
    for code, label in KINDS.items():
        if text in (code, label) or (text == "民意" and code == "opinion"):
            return code
    raise ValidationError(f"没有“{printable(text)}”这一类：可选 {'、'.join(KINDS.values())}", "发现类别")


def parse_finding(text: str) -> tuple[str, str]:
    """``隐患：3栋楼道堆放杂物`` as (kind, text); a line without a kind is a need."""
    text = (text or "").strip()
    m = re.match(r"^([A-Za-zＡ-Ｚａ-ｚ]+|[\u4e00-\u9fff]{2,4})\s*[:：]\s*(.+)$", text, re.S)
    if m:
        try:
            return kind_code(m.group(1)), m.group(2).strip()
        except ValidationError:
            pass
    return "need", text


def parse_hours(value) -> float | None:
    """Time in the grid: 3.5, ３.５, 3小时, 3h; empty for not recorded."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError("须为小时数", "入格时长")
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().lower()
        text = re.sub(r"\s*(小时|h|hours?)$", "", text)
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise ValidationError(f"须为小时数（如 3.5），不是“{printable(str(value))}”", "入格时长") from None
    if not isinstance(value, (int, float)) or not 0 <= value <= 24:
        raise ValidationError(f"须在 0 到 24 小时之间，不是 {value}", "入格时长")
    return round(float(value), 2)


def _check_day(day: dt.date, today: dt.date | None = None) -> dt.date:
    if not isinstance(day, dt.date):
        raise ValidationError("须为日期", "日记日期")
    if day > (today or dt.date.today()):
        raise ValidationError(f"{day} 还没有到：日记只能记今天和以前", "日记日期")
    return day


@overload
def day_row(staff: Staff, day: dt.date, create: Literal[True]) -> DiaryDay: ...
@overload
def day_row(staff: Staff, day: dt.date, create: bool = False) -> DiaryDay | None: ...
def day_row(staff: Staff, day: dt.date, create: bool = False) -> DiaryDay | None:
    row = DiaryDay.live().where(DiaryDay.staff == staff, DiaryDay.day == day).order_by(DiaryDay.clock).first()
    if row is None and create:
        row = DiaryDay(staff=staff, community=staff.community_id, day=day)
        row.save()
    return row


def save_day(staff: Staff, day: dt.date, hours=None, note: str | None = None) -> DiaryDay:
    """Set the day's time in the grid and note (None: left as it was)."""
    require("cards.edit")
    _check_day(day)
    values: dict[str, object] = {}
    if hours is not None:
        values["hours"] = parse_hours(hours)
    if note is not None:
        values["note"] = _text(note, "备注", 1000, multiline=True)
    with database.atomic():
        row = day_row(staff, day, create=True)
        for key, value in values.items():
            setattr(row, key, value)
        row.save()
        return row


def add_finding(staff: Staff, day: dt.date, kind: str, text: str, place: str = "",
                flagged: bool | None = None) -> DiaryFinding:
    """One finding of the day; hazards and disputes are flagged unless told otherwise."""
    require("cards.edit")
    _check_day(day)
    code = kind_code(kind)
    text = _text(text, f"{KINDS[code]}内容", TEXT_LIMIT, required=True, multiline=True)
    place = _text(place or "", "地点", PLACE_LIMIT)
    with database.atomic():
        row = day_row(staff, day, create=True)
        finding = DiaryFinding(diary=row, community=row.community_id, kind=code, text=text, place=place,
                               flagged=code in FLAGGED_KINDS if flagged is None else bool(flagged))
        finding.save()
        return finding


def remove_finding(finding: DiaryFinding) -> None:
    require("cards.edit")
    with database.atomic():
        finding.delete_instance()


def escalate(finding: DiaryFinding) -> str:
    """The key that hands a finding on: a matter of the events register when there is one
    (its id is kept on the line), else the line is flagged. Returns what happened, in words."""
    require("cards.edit")
    with database.atomic():
        if MATTER_HOOK is not None and not finding.matter:
            finding.matter = str(MATTER_HOOK(finding))
            finding.flagged = True
            finding.save()
            return f"已转为事件 {finding.matter}"
        finding.flagged = not finding.flagged if not finding.matter else True
        finding.save()
    return "已标记为待处理" if finding.flagged else "已取消标记"


def _visits(staff_id, start: dt.date, end: dt.date) -> list[dict]:
    q = (VisitEntry.live().where(VisitEntry.staff == staff_id, VisitEntry.day >= start, VisitEntry.day < end)
         .order_by(VisitEntry.day, VisitEntry.clock))
    return [{"id": str(v.id), "day": v.day, "typed": v.typed, "visited": v.visited, "must_visit": v.must_visit,
             "purpose": v.purpose, "households": v.households} for v in q]


def _findings(staff_id, start: dt.date, end: dt.date) -> list[dict]:
    q = (DiaryFinding.live(DiaryFinding, DiaryDay.day).join(DiaryDay, on=(DiaryFinding.diary == DiaryDay.id))
         .where(DiaryDay.staff == staff_id, DiaryDay.day >= start, DiaryDay.day < end, DiaryDay.deleted == False)  # noqa: E712
         .order_by(DiaryDay.day, DiaryFinding.clock))
    return [{"id": str(f["id"]), "day": _date(f["day"]), "kind": f["kind"], "kind_label": KINDS.get(f["kind"], f["kind"]),
             "text": f["text"], "place": f["place"], "flagged": bool(f["flagged"]), "matter": f["matter"]}
            for f in q.dicts()]


def _date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _days(staff_id, start: dt.date, end: dt.date) -> dict:
    return {d.day: d for d in DiaryDay.live().where(DiaryDay.staff == staff_id, DiaryDay.day >= start,
                                                    DiaryDay.day < end)}


def _line(visit: dict) -> str:
    """A visit-log line as keyed; one that came without its addresses (kept by an older version,
    or the demo) says how many households it covered."""
    return visit["typed"] or f"{visit['visited']} 户（{visit['purpose'] or '走访'}，未记地址）"


def _dayinfo(day: dt.date, visits: list, findings: list, row) -> dict:
    homes = {h for v in visits for h in json.loads(v["households"] or "[]")}
    return {"date": day.isoformat(), "households": len(homes), "visits": sum(v["visited"] for v in visits),
            "must_visit": sum(v["must_visit"] for v in visits), "hours": row.hours if row else None,
            "note": row.note if row else "", "lines": [_line(v) for v in visits],
            "findings": [{k: f[k] for k in ("id", "kind", "kind_label", "text", "place", "flagged", "matter")}
                         for f in findings],
            "in_grid": bool(visits) or bool(row and row.hours)}


def day_view(staff: Staff, day: dt.date) -> dict:
    """The day's diary: households visited, findings, time in the grid, note."""
    end = day + dt.timedelta(days=1)
    return {"worker": staff.name, **_dayinfo(day, _visits(staff.id, day, end), _findings(staff.id, day, end),
                                             _days(staff.id, day, end).get(day))}


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week(staff: Staff, day: dt.date) -> dict:
    """The week's summary (日清周结), Monday to Sunday around ``day``, made from the days."""
    start = week_start(day)
    end = start + dt.timedelta(days=7)
    visits, findings, rows = _visits(staff.id, start, end), _findings(staff.id, start, end), _days(staff.id, start, end)
    days = []
    for n in range(7):
        d = start + dt.timedelta(days=n)
        days.append(_dayinfo(d, [v for v in visits if v["day"] == d], [f for f in findings if f["day"] == d],
                             rows.get(d)))
    kinds = Counter(f["kind"] for f in findings)
    homes = {h for v in visits for h in json.loads(v["households"] or "[]")}
    return {"worker": staff.name, "start": start.isoformat(), "end": (end - dt.timedelta(days=1)).isoformat(),
            "days": days,
            "totals": {"days_in_grid": sum(d["in_grid"] for d in days), "visits": sum(d["visits"] for d in days),
                       "households": len(homes), "must_visit": sum(d["must_visit"] for d in days),
                       "hours": round(sum(d["hours"] or 0 for d in days), 2),
                       "findings": {KINDS[k]: kinds.get(k, 0) for k in KINDS}},
            "flagged": [{**{k: f[k] for k in ("kind_label", "text", "place", "matter")}, "date": f["day"].isoformat()}
                        for f in findings if f["flagged"]]}


def flagged(community_ids: list | None = None, handled: bool = False) -> list[dict]:
    """Flagged findings not yet turned into a matter (``handled``: those that were)."""
    q = (DiaryFinding.live(DiaryFinding, DiaryDay.day, Staff.name.alias("worker"))
         .join(DiaryDay, on=(DiaryFinding.diary == DiaryDay.id)).join(Staff, on=(DiaryDay.staff == Staff.id))
         .where(DiaryFinding.flagged == True))  # noqa: E712
    q = q.where(DiaryFinding.matter != "") if handled else q.where(DiaryFinding.matter == "")
    if community_ids is not None:
        q = q.where(DiaryFinding.community.in_(community_ids))
    return [{"id": str(f["id"]), "date": _date(f["day"]).isoformat(), "worker": f["worker"],
             "kind_label": KINDS.get(f["kind"], f["kind"]), "text": f["text"], "place": f["place"], "matter": f["matter"]}
            for f in q.order_by(DiaryDay.day.desc()).dicts()]


def record_week_print(data: dict) -> None:
    """A printed week summary (日清周结), in the audit trail."""
    from gridapp.store import audit

    with database.atomic():
        audit.record_print("diary_week", f"日清周结 {data['start']} 至 {data['end']}")
