"""The month's appraisal (月度考评): a sheet per community and month scored with its template
version; system items computed from the recorded work, the three evaluations typed at the
meeting (residents from survey tallies), totals, ranking, stars for the top N and the talk
(约谈) for a worker last three months running. A locked month changes only by amendment."""

from __future__ import annotations

import datetime as dt

from gridapp import settings
from gridapp.errors import UserError
from gridapp.models import (
    Amendment,
    AppraisalMonth,
    AppraisalScore,
    AppraisalTemplate,
    Community,
    SurveyTally,
    database,
)
from gridapp.services import appraisal_system as system
from gridapp.services import apptemplates
from gridapp.sortkeys import by_name
from gridapp.store.roles import require
from gridapp.store.session import current_user

SURVEY_SOURCES = {"questionnaire": "问卷", "phone": "电话", "sms": "短信", "third_party": "第三方"}


def find_community(name: str | None) -> list[Community]:
    q = Community.live()
    if name:
        q = q.where(Community.name == name)
    found = by_name(q)
    if name and not found:
        raise UserError(f"找不到社区“{name}”。")
    return found


def sheet_of(community, month: str) -> AppraisalMonth | None:
    system.month_range(month)
    return AppraisalMonth.live().where(AppraisalMonth.community == community, AppraisalMonth.month == month).first()


def open_month(community, month: str) -> AppraisalMonth:
    """The month's sheet, opened with the template in force now when it is new."""
    with database.atomic():
        found = sheet_of(community, month)
        if found is not None:
            return found
        return AppraisalMonth.create(community=community, month=month, template=apptemplates.current(community))


def _body(sheet: AppraisalMonth | None, community) -> tuple[dict, int]:
    if sheet is not None:
        pinned = AppraisalTemplate.get_by_id(sheet.template_id)
        return apptemplates.body_of(pinned), pinned.version
    t = apptemplates.current(community, store=False)
    return (apptemplates.body_of(t), t.version) if t else (apptemplates.default_body(), 1)


def survey_points(item: dict, tallies: list[dict], rule: dict) -> float | None:
    n = sum(t["satisfied"] + t["basic"] + t["dissatisfied"] for t in tallies)
    if not n:
        return None
    got = sum(t["satisfied"] * rule.get("satisfied", 1) + t["basic"] * rule.get("basic", 0.8)
              + t["dissatisfied"] * rule.get("dissatisfied", 0) for t in tallies)
    return round(item["max"] * got / n, 1)


def _section_total(section: dict, points: dict, weights: dict) -> float:
    if not section.get("weighted"):
        return sum(points.get(i["key"]) or 0 for i in section["items"])
    return section["max"] * sum(weights.get(i["source"], 0) * (points.get(i["key"]) or 0) / (i["max"] or 1)
                                for i in section["items"])


def _section_max(section: dict, left_out: set) -> float:
    """The section's maximum, less the items not applicable this month."""
    if section.get("weighted"):
        return section["max"]
    return sum(max(i["max"], 0) for i in section["items"] if i["key"] not in left_out)


def full_marks(body: dict) -> float:
    return sum(_section_max(s, set()) for s in body["sections"])


def _pro_rata(section: dict, points: dict, empty: dict) -> None:
    """Pro-rata items score the share of their maximum that the section's measured system items
    earned; with nothing measured beside them they are not applicable."""
    measured = [i for i in section["items"] if i["source"] == "system" and i["key"] not in empty
                and points.get(i["key"]) is not None and i["max"] > 0]
    got, of = sum(points[i["key"]] for i in measured), sum(i["max"] for i in measured)
    for item in section["items"]:
        if empty.get(item["key"]) == "prorata" and points.get(item["key"]) is None:
            if of:
                points[item["key"]] = round(item["max"] * got / of, 1)
            else:
                empty[item["key"]] = "not_applicable"


def _totals(body: dict, points: dict, empty: dict) -> dict:
    """Section subtotals, the maximum this month, the points earned, and the total: the points
    counted out of the template's full marks when items were not applicable (their maximum left
    out, the rest scaled up), so that workers compare on one scale. Deductions are not scaled."""
    weights = body.get("weights", {})
    left_out = {k for k, rule in empty.items() if rule == "not_applicable"}
    sections = {s["key"]: round(_section_total(s, points, weights), 1) for s in body["sections"]}
    maxima = {s["key"]: _section_max(s, left_out) for s in body["sections"]}
    full, top = full_marks(body), sum(maxima.values())
    earned = round(sum(sections.values()), 1)
    deductions = _deductions(body)
    scaled = sum(v for k, v in sections.items() if k not in deductions)
    fixed = earned - scaled
    total = earned if top >= full or top <= 0 else round(scaled * full / top + fixed, 1)
    return {"sections": sections, "section_max": maxima, "max": top, "full": full, "earned": earned,
            "total": total}


def _deductions(body: dict) -> set:
    """Sections that only take points away (maximum 0)."""
    return {s["key"] for s in body["sections"] if not s.get("weighted") and _section_max(s, set()) <= 0}


ACTIVITY_FORMULAS = ("on_time_rate", "days_per_week", "daily_visits", "must_visit_coverage", "cards_filed")


def _has_data(body: dict, points: dict, empty: dict) -> bool:
    """Whether the month holds anything the worker did: points from the month's work (the grid's
    data completeness is a state, not the month's work), or a score typed at the meeting."""
    for item in apptemplates.items(body):
        value = points.get(item["key"])
        if item["source"] == "system":
            if item.get("formula") in ACTIVITY_FORMULAS and item["key"] not in empty and value:
                return True
        elif value is not None and item["max"] > 0:
            return True
    return False


def _rank(rows: list[dict], stars: int, min_total: float = 0) -> None:
    """Rank by total; stars for the top ``stars`` with data and at least ``min_total``; last place
    only when someone ranks above it (an empty month ties everyone and flags no one)."""
    ordered = sorted(rows, key=lambda r: -r["total"])
    for n, row in enumerate(ordered):
        row["rank"] = n + 1 if n == 0 or row["total"] != ordered[n - 1]["total"] else ordered[n - 1]["rank"]
    last = max((r["rank"] for r in rows), default=0)
    for row in rows:
        row["star"] = row["rank"] <= stars and row.get("has_data", True) and row["total"] >= min_total
        row["last"] = last > 1 and row["rank"] == last


NOT_RANKED = "—"


def rank_shown(worker: dict) -> int | str:
    """The rank as screens and printed sheets show it: — for a worker with nothing recorded in
    the month (not ranked)."""
    return worker["rank"] if worker.get("has_data", True) else NOT_RANKED


def ranking_order(workers: list[dict]) -> list[dict]:
    """The workers by rank, those with nothing recorded (not ranked) last."""
    return sorted(workers, key=lambda w: (not w.get("has_data", True), w["rank"], w["name"]))


def place_text(worker: dict) -> str:
    """The worker's place as the meeting reads it: ``第 2 名``, or that there is nothing to rank
    (no work recorded and no score in the month: a tie of empty rows is not first place)."""
    return f"第 {worker['rank']} 名" if worker.get("has_data", True) else "本月无记录，不排名"


def month_sheet(community, month: str, today: dt.date | None = None, *, talks: bool = True,
                _ev: dict | None = None, evidence_of=None) -> dict:
    """Everything the meeting table, the PDF and the XLSX show for one community's month."""
    community = community if isinstance(community, Community) else Community.get_by_id(community)
    sheet = sheet_of(community, month)
    body, version = _body(sheet, community)
    staff = system.workers([community.id])
    locked = bool(sheet and sheet.locked)
    ev = _ev
    if locked:
        ev = {}  # a locked month reads its system items as they were stored when it closed
    elif ev is None:
        ev = evidence_of(month) if evidence_of else system.evidence(month, [community.id], today, staff)
    stored: dict = {}
    said: dict = {}
    tallies: dict = {}
    amendments: list = []
    if sheet is not None:
        for s in AppraisalScore.live().where(AppraisalScore.sheet == sheet):
            stored[(s.staff_id, s.item)] = s.points
            said[(s.staff_id, s.item)] = s.evidence
        for t in SurveyTally.live().where(SurveyTally.sheet == sheet):
            tallies.setdefault(t.staff_id, []).append({"source": t.source, "satisfied": t.satisfied,
                                                        "basic": t.basic, "dissatisfied": t.dissatisfied})
        amendments = [{"staff": a.staff_id, "item": a.item, "old": a.old, "new": a.new, "reason": a.reason,
                       "user": a.user, "at": a.at} for a in
                      Amendment.live().where(Amendment.sheet == sheet).order_by(Amendment.at)]
    items = apptemplates.items(body)
    names = {i["key"]: i["name"] for i in items + body.get("bonus", [])}
    for a in amendments:
        a["name"] = names.get(a["item"], a["item"])
    rows = []
    for w in staff:
        points, evidence, empty = {}, {}, {}
        for item in items:
            key = item["key"]
            if item["source"] == "system":
                e = ev.get(w.id, {}).get(item["formula"], {"value": None, "text": ""})
                evidence[key] = said.get((w.id, key)) or e["text"] if locked else e["text"]
                if locked and (w.id, key) in stored:
                    points[key] = stored[(w.id, key)]
                else:
                    points[key] = system.item_points(item, e)
                    if e["value"] is None:  # nothing to measure: the template's rule says what it scores
                        empty[key] = apptemplates.empty_rule(item)
            elif item["source"] == "residents" and (w.id, key) not in stored:
                points[key] = survey_points(item, tallies.get(w.id, []), body.get("survey", {}))
            else:
                points[key] = stored.get((w.id, key))
        for section in body["sections"]:
            _pro_rata(section, points, empty)
        rows.append({"staff": w.id, "name": w.name, "grids": w.grid_names, "points": points, "evidence": evidence,
                     "empty": empty, **_totals(body, points, empty), "has_data": _has_data(body, points, empty),
                     "surveys": tallies.get(w.id, []), "talk": False,
                     "bonus": {b["key"]: stored.get((w.id, b["key"])) for b in body.get("bonus", [])},
                     "amendments": [a for a in amendments if a["staff"] == w.id]})
    stars = {"top": settings.get("appraisal.stars", community.id),
             "min_total": settings.get("appraisal.star_min_total", community.id)}
    _rank(rows, stars["top"], stars["min_total"])
    result = {"community": community.name, "community_id": community.id, "month": month, "stars": stars,
              "template": {"name": body["name"], "version": version}, "body": body, "locked": locked,
              "locked_at": sheet.locked_at if sheet else None, "locked_by": sheet.locked_by if sheet else "",
              "workers": rows}
    if talks:
        apply_talks(result, talk_history(community, month, today, evidence_of))
    return result


def _one(points) -> str:
    return "—" if points is None else f"{points:.1f}"


def empty_note(w: dict, item: dict) -> str:
    """What the sheet says of an item that had nothing to measure this month."""
    rule = w["empty"].get(item["key"])
    if rule is None:
        return ""
    return {"not_applicable": f"本月无可考核的记录，不适用：满分 {item['max']:g} 不计入总分",
            "full": "本月无可考核的记录，按模板得满分", "zero": "本月无可考核的记录，按模板得 0 分",
            "prorata": "本月无可考核的记录，按本分项其他系统项的得分率计分"}[rule]


def total_line(w: dict) -> str:
    """The total as the sheet says it; with items not applicable, how it was counted."""
    text = f"总分：{_one(w['total'])}"
    if w["max"] < w["full"]:
        text += f"（实得 {_one(w['earned'])}，满分 {w['max']:g}，不适用项不计，折合 {w['full']:g} 分制）"
    return text


def talk_history(community, month: str, today: dt.date | None = None, evidence_of=None) -> list[set] | None:
    """The workers last in each of the two months before ``month``; None when one was not scored.
    ``evidence_of(month)``, when given, supplies the system evidence (counted once for many communities)."""
    history = []
    for back in (1, 2):
        before = system.shift_month(month, -back)
        if sheet_of(community, before) is None:
            return None
        history.append({r["staff"] for r in month_sheet(community, before, today, talks=False,
                                                         evidence_of=evidence_of)["workers"] if r["last"]})
    return history


def apply_talks(result: dict, history: list[set] | None) -> None:
    """Flag for a talk (约谈) whoever is last in this month and in the two before."""
    flagged = set.intersection({r["staff"] for r in result["workers"] if r["last"]}, *history) if history else set()
    for row in result["workers"]:
        row["talk"] = row["staff"] in flagged


def compute(month: str, community_name: str | None = None, today: dt.date | None = None) -> list[dict]:
    """Every community's month (or one community's), read only: the evidence counted once for all."""
    communities = find_community(community_name)
    evidence_of = system.counter([c.id for c in communities], today)
    return [month_sheet(c, month, today, evidence_of=evidence_of) for c in communities]


def _writable(sheet: AppraisalMonth) -> None:
    if sheet.locked:
        raise UserError(f"{sheet.month} 的考评已锁定：更改须作为更正记录（说明原因）。")


def _item(sheet: AppraisalMonth, key: str) -> dict:
    body = apptemplates.body_of(AppraisalTemplate.get_by_id(sheet.template_id))
    found = next((i for i in apptemplates.items(body) if i["key"] == key), None) or \
        next((dict(b, source="bonus") for b in body.get("bonus", []) if b["key"] == key), None)
    if found is None:
        raise UserError(f"考评表中没有“{key}”这一项。")
    return found


def _check_points(item: dict, points: float) -> float:
    low, high = min(item.get("min", 0), item["max"]), max(item["max"], 0)
    if not low <= points <= high:
        raise UserError(f"“{item['name']}”的分数须在 {low:g} 到 {high:g} 之间，不是 {points:g}。")
    return float(points)


def _put(sheet, staff_id, key: str, points: float | None, evidence: str | None = None,
         scores: dict | None = None) -> float | None:
    """Store one score (None removes it); the old points. ``scores``: the sheet's rows by
    (staff, item), read once by a caller that stores many."""
    row = scores.get((staff_id, key)) if scores is not None else \
        AppraisalScore.live().where(AppraisalScore.sheet == sheet, AppraisalScore.staff == staff_id,
                                    AppraisalScore.item == key).first()
    old = row.points if row else None
    if points is None:
        if row:
            row.delete_instance()
    else:
        row = row or AppraisalScore(sheet=sheet, staff=staff_id, item=key)
        row.points = points
        if evidence is not None:
            row.evidence = evidence
        row.save()
    return old


def set_score(sheet: AppraisalMonth, staff_id, key: str, points: float | None) -> None:
    """A score typed at the meeting (None clears it); refused for system items and locked months."""
    item = _item(sheet, key)
    if item["source"] == "system":
        raise UserError(f"“{item['name']}”由系统按记录计算，不能手填。")
    with database.atomic():
        _writable(sheet)
        _put(sheet, staff_id, key, None if points is None else _check_points(item, points))


def set_survey(sheet: AppraisalMonth, staff_id, source: str, satisfied: int, basic: int, dissatisfied: int) -> None:
    if source not in SURVEY_SOURCES:
        code = next((k for k, v in SURVEY_SOURCES.items() if v == source), None)
        if code is None:
            raise UserError(f"测评来源须为 {'、'.join(SURVEY_SOURCES.values())} 之一。")
        source = code
    if min(satisfied, basic, dissatisfied) < 0:
        raise UserError("测评人数不能为负。")
    with database.atomic():
        _writable(sheet)
        row = SurveyTally.live().where(SurveyTally.sheet == sheet, SurveyTally.staff == staff_id,
                                       SurveyTally.source == source).first() or \
            SurveyTally(sheet=sheet, staff=staff_id, source=source)
        row.satisfied, row.basic, row.dissatisfied = satisfied, basic, dissatisfied
        row.save()


def lock(sheet: AppraisalMonth, user: str | None = None, today: dt.date | None = None) -> dict:
    """Close the month: the computed points (system items, resident evaluation) are stored as they
    stand, so later records do not change a signed sheet."""
    require("appraisal.close")
    with database.atomic():
        _writable(sheet)
        data = month_sheet(sheet.community_id, sheet.month, today, talks=False)
        scores = {(s.staff_id, s.item): s for s in AppraisalScore.live().where(AppraisalScore.sheet == sheet)}
        for row in data["workers"]:
            for item in apptemplates.items(data["body"]):
                if item["source"] in ("system", "residents") and row["points"][item["key"]] is not None:
                    _put(sheet, row["staff"], item["key"], row["points"][item["key"]],
                         row["evidence"].get(item["key"]), scores)
        sheet.locked, sheet.locked_at, sheet.locked_by = True, dt.datetime.now(), user or current_user()
        sheet.save()
    return data


def amend(sheet: AppraisalMonth, staff_id, key: str, points: float, reason: str, user: str | None = None) -> Amendment:
    """Correct a locked month: the new points, the old ones, why, who and when."""
    require("appraisal.close")
    if not sheet.locked:
        raise UserError("本月尚未锁定，直接修改分数即可。")
    if not (reason or "").strip():
        raise UserError("更正须说明原因。")
    item = _item(sheet, key)
    with database.atomic():
        old = _put(sheet, staff_id, key, _check_points(item, points))
        return Amendment.create(sheet=sheet, staff=staff_id, item=key, old=old, new=float(points),
                                reason=reason.strip(), user=user or current_user(), at=dt.datetime.now())


def year_view(community, year: int, today: dt.date | None = None) -> dict:
    """The year: each worker's monthly totals and stars, yearly bonus points (each item capped at
    its maximum), the year's score (mean of the scored months plus bonus) and ranking."""
    community = community if isinstance(community, Community) else Community.get_by_id(community)
    months = [m for (m,) in AppraisalMonth.live(AppraisalMonth.month)
              .where(AppraisalMonth.community == community, AppraisalMonth.month.startswith(f"{year:04d}-"))
              .order_by(AppraisalMonth.month).tuples()]
    bonus_items = _body(sheet_of(community, months[-1]) if months else None, community)[0].get("bonus", [])
    rows: dict = {}
    evidence_of = system.counter([community.id], today)
    for month in months:
        data = month_sheet(community, month, today, talks=False, evidence_of=evidence_of)
        for w in data["workers"]:
            row = rows.setdefault(w["staff"], {"staff": w["staff"], "name": w["name"], "months": {}, "stars": 0,
                                               "bonus": {b["key"]: 0.0 for b in bonus_items}})
            row["months"][month] = w["total"]
            row["stars"] += w["star"]
            for key, points in w["bonus"].items():
                if key in row["bonus"] and points is not None:
                    row["bonus"][key] += points
    for row in rows.values():
        caps = {b["key"]: b["max"] for b in bonus_items}
        row["bonus"] = {k: min(v, caps[k]) for k, v in row["bonus"].items()}
        scored = list(row["months"].values())
        row["average"] = round(sum(scored) / len(scored), 1) if scored else 0.0
        row["bonus_total"] = round(sum(row["bonus"].values()), 1)
        row["total"] = round(row["average"] + row["bonus_total"], 1)
    out = sorted(rows.values(), key=lambda r: (-r["total"], r["name"]))
    _rank(out, 0)
    return {"community": community.name, "year": year, "months": months, "bonus_items": bonus_items,
            "workers": out}
