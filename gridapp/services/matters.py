"""Matters from intake to closure (事项：登记 → 分派 → 办理 → 办结 → 回访 → 归档, or 上报).

Every step is a new ``MatterStep`` row (history is never overwritten) and moves the matter's
state; a step that does not follow from the state, a closed matter changed, an unknown
business line, or a role that may not take the step is refused with a Chinese message and
nothing written. A referred matter (上报) is handled by the street office, whose steps reach
the community by sync. The promised date comes from the affairs item's promised working days
(or the ``matters.promised_days`` setting), counted on the official calendar.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from gridapp import settings
from gridapp.errors import Forbidden, UserError, ValidationError
from gridapp.models import Community, Matter, MatterPhoto, MatterStep, database
from gridapp.models.base import current_site
from gridapp.plaintext import printable
from gridapp.services.checks import check_text, clean_name
from gridapp.services.matterinput import KINDS, MatterInput, check_line, parse
from gridapp.services.workdays import add_working_days
from gridapp.store import audit, roles
from gridapp.store.roles import current_role
from gridapp.store.session import current_user

STATES = {"received": "已登记", "assigned": "已分派", "in_hand": "办理中", "done": "已办理",
          "checked": "已回访", "closed": "已办结", "referred": "已上报街道"}
STEPS = {"receive": "登记受理", "assign": "分派", "progress": "办理", "done": "办理完毕", "check": "回访",
         "close": "办结归档", "refer": "上报街道"}
# step: (the states it may follow, the state it leaves)
FLOW = {
    "assign": ({"received", "assigned", "in_hand", "referred"}, "assigned"),
    "progress": ({"assigned", "in_hand", "checked"}, "in_hand"),
    "done": ({"assigned", "in_hand"}, "done"),
    "check": ({"done"}, "checked"),
    "close": ({"checked", "done"}, "closed"),
    "refer": ({"received", "assigned", "in_hand"}, "referred"),
}
NO_CALL_BACK = {"patrol", "hazard"}  # nobody to call back: closed once handled
PHOTO_LIMIT = 10 * 1024 * 1024
PHOTO_TYPES = {b"\xff\xd8\xff": ("image/jpeg", ".jpg"), b"\x89PNG": ("image/png", ".png"),
               b"GIF8": ("image/gif", ".gif"), b"BM": ("image/bmp", ".bmp")}


@dataclass(frozen=True)
class Changed:
    """What a step changed: the matter and the step written."""

    matter: Matter
    step: MatterStep


def label(matter: Matter) -> str:
    return f"事项 {matter.number}"


def find(number: str, community: str | None = None) -> Matter:
    """A matter by its number; at the street office, where each community numbers its own, the
    community's name may be needed too."""
    number = unicodedata.normalize("NFKC", number or "").strip()
    if number[:1] in ("J", "j"):  # 街, typed without a Chinese input method
        number = STREET_MARK + number[1:]
    q = Matter.live().where(Matter.number == number)
    if community:
        q = q.join(Community).where(Community.name == community.strip())
    found = list(q)
    if not found:
        where = f"{community}没有" if community else "没有"
        raise ValidationError(f"{where}编号为“{printable(number)}”的事项", "事项编号")
    if len(found) > 1:
        names = "、".join(sorted(Community.get_by_id(m.community_id).name for m in found))
        raise ValidationError(f"编号“{number}”在多个社区都有（{names}），请写明社区（--community）", "事项编号")
    return found[0]


STREET_MARK = "街"  # before the numbers of matters recorded at the street office: 街2026-0001


def _next_number(community_id, year: int) -> str:
    """The community's next number of the year at this site. The community office numbers
    2026-0001, 2026-0002 …; the street office, recording a matter of a community itself,
    街2026-0001 …: the two never give the same number, whichever records first, before syncing."""
    prefix = f"{STREET_MARK if current_site().site_type == 'street' else ''}{year}-"
    last = (Matter.select(Matter.number)
            .where(Matter.community == community_id, Matter.number.startswith(prefix))
            .order_by(Matter.number.desc()).first())
    digits = re.match(r"\d+", last.number[len(prefix):]) if last else None
    n = int(digits.group()) + 1 if digits else 1
    return f"{prefix}{n:04d}"


def promised_on(start: dt.date, affair=None, community=None) -> dt.date:
    days = affair.promised_days if affair is not None and affair.promised_days is not None else None
    if days is None:
        days = settings.get("matters.promised_days", community)
    return add_working_days(start, days).day if days > 0 else start


def _photo(path: str | Path, base: Path | None = None) -> tuple[bytes, str, str]:
    p = Path(path)
    if base is not None and not p.is_absolute():
        p = base / p
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ValidationError(f"无法读取照片文件 {p.name}：{exc.strerror or exc}", "照片") from None
    if len(data) > PHOTO_LIMIT:
        raise ValidationError(f"照片 {p.name} 超过 {PHOTO_LIMIT // 1024 // 1024} MB", "照片")
    for magic, (mime, suffix) in PHOTO_TYPES.items():
        if data.startswith(magic):
            return data, mime, suffix
    raise ValidationError(f"{p.name} 不是照片（只收 JPEG、PNG、GIF、BMP）", "照片")


def add(raw: dict, *, today: dt.date | None = None, base: Path | None = None) -> Matter:
    """Record a new matter from ``raw`` (see ``matterinput``); all checked first."""
    roles.require("matters.record")
    m, problems = parse(raw, today)
    if m.grid is None and not problems:
        problems.append("网格：缺少网格")
    if problems:
        raise ValidationError("；".join(problems), "事项")
    photos = [_photo(p, base) for p in m.photos]
    with database.atomic():
        return _write(m, photos)


def _write(m: MatterInput, photos: list) -> Matter:
    now = dt.datetime.now().replace(microsecond=0)
    found_at = m.found_at or now
    assert m.grid is not None, "a matter without its grid is refused before it is written"
    community = m.grid.community_id
    matter = Matter(number=_next_number(community, found_at.year), community=community, grid=m.grid, kind=m.kind,
                    building=m.building, house=m.house, place=m.place, household=m.household, person=m.person,
                    contact_name=m.contact_name, contact_phone=m.contact_phone, description=m.description,
                    urgency=m.urgency, affair=m.affair, line=m.line, found_by=m.found_by or current_user(),
                    found_at=found_at, recorded_by=current_user(),
                    promised_on=promised_on(found_at.date(), m.affair, community), state="received", steps=1)
    matter.save()
    _step(matter, "receive", note=f"{KINDS[m.kind]}：{m.description[:60]}", line=m.line)
    for i, (data, mime, suffix) in enumerate(photos, 1):
        MatterPhoto(matter=matter, name=f"照片{i}{suffix}", mime=mime, data=data, added_at=now,
                    added_by=current_user()).save()
    audit.record("matter", matter, note=f"{label(matter)} 登记受理")
    return matter


def _step(matter: Matter, action: str, **values) -> MatterStep:
    step = MatterStep(matter=matter, action=action, at=dt.datetime.now().replace(microsecond=0),
                      user=current_user(), site_type=current_site().site_type, **values)
    step.save()
    return step


def _lines_of(user: str, community=None) -> set[str]:
    """The business lines a committee member looks after (setting ``matters.line_members``)."""
    lines = set()
    for item in settings.get("matters.line_members", community):
        line, _, who = str(item).replace("＝", "=").partition("=")
        if who.strip() == user:
            lines.add(line.strip())
    return lines


def may_handle(matter: Matter, line: str | None = None) -> bool:
    role = current_role()
    if not roles.allowed("matters.handle", role):
        return False
    if role == roles.COMMITTEE:
        return (line or matter.line) in _lines_of(current_user(), matter.community_id)
    return True


def _check_step(matter: Matter, action: str, line: str | None = None) -> None:
    what = f"{label(matter)}"
    if matter.deleted:
        raise ValidationError("该事项已删除", what)
    if matter.state == "closed":
        raise ValidationError(f"已于 {matter.closed_at:%Y-%m-%d} 办结归档，不能再{STEPS[action]}", what)
    allowed, _ = FLOW[action]
    if matter.state not in allowed:
        need = "、".join(STATES[s] for s in sorted(allowed, key=list(STATES).index))
        raise ValidationError(f"当前为“{STATES[matter.state]}”，不能{STEPS[action]}（须为：{need}）", what)
    if action == "close" and matter.state == "done" and matter.kind not in NO_CALL_BACK and not matter.referred:
        raise ValidationError(f"{KINDS[matter.kind]}须先回访，再办结归档", what)
    at_street = current_site().site_type == "street"
    if action == "refer" and at_street:
        raise ValidationError("上报是社区向街道报送，街道不能上报", what)
    if at_street and action != "check" and not matter.referred:
        raise ValidationError("该事项未上报街道，由社区办理", what)
    if not at_street and matter.state == "referred" and action != "assign":
        raise ValidationError("已上报街道，由街道办理", what)
    if not at_street and matter.referred and action in ("assign", "progress", "done"):
        raise ValidationError("已上报街道，由街道分派和办理", what)
    if action == "check":
        if not roles.allowed("matters.record"):
            raise Forbidden(roles.label(current_role()), "回访事项")
    elif not may_handle(matter, line):
        role = current_role()
        if roles.allowed("matters.handle", role):
            raise Forbidden(roles.label(role), f"办理“{matter.line or '未分派'}”业务口的事项")
        raise Forbidden(roles.label(role), roles.PERMISSIONS["matters.handle"][0])


def _note(text: str | None, label_: str, required: bool = False) -> str:
    text = unicodedata.normalize("NFC", text or "").strip()
    issues = check_text(text, "note", label_, 2000, multiline=True)
    if issues:
        raise ValidationError(issues[0].message, label_)
    if required and not text:
        raise ValidationError("不能为空", label_)
    return text


def _advance(matter: Matter, action: str, step_values: dict, **changes) -> Changed:
    _, state = FLOW[action]
    with database.atomic():
        for name, value in {"state": state, "steps": matter.steps + 1, **changes}.items():
            setattr(matter, name, value)
        matter.save()
        step = _step(matter, action, **step_values)
        audit.record("matter", matter, note=f"{label(matter)} {STEPS[action]}")
    return Changed(matter, step)


def assign(matter: Matter, line: str, assignee: str = "", note: str = "") -> Changed:
    line = check_line(line, matter.community_id)
    _check_step(matter, "assign", line)
    assignee = clean_name(assignee or "")
    note = _note(note, "说明")
    return _advance(matter, "assign", {"line": line, "assignee": assignee, "note": note},
                    line=line, assignee=assignee)


def progress(matter: Matter, note: str) -> Changed:
    _check_step(matter, "progress")
    return _advance(matter, "progress", {"note": _note(note, "办理情况", required=True)})


def done(matter: Matter, result: str) -> Changed:
    _check_step(matter, "done")
    result = _note(result, "办理结果", required=True)
    return _advance(matter, "done", {"note": result}, result=result,
                    done_at=dt.datetime.now().replace(microsecond=0))


def check(matter: Matter, satisfied: bool, note: str = "") -> Changed:
    _check_step(matter, "check")
    answer = "yes" if satisfied else "no"
    return _advance(matter, "check", {"note": _note(note, "回访情况"), "satisfied": answer}, satisfied=answer)


def close(matter: Matter, note: str = "") -> Changed:
    _check_step(matter, "close")
    return _advance(matter, "close", {"note": _note(note, "说明")},
                    closed_at=dt.datetime.now().replace(microsecond=0))


def refer(matter: Matter, note: str) -> Changed:
    _check_step(matter, "refer")
    return _advance(matter, "refer", {"note": _note(note, "上报理由", required=True)}, referred=True)


ACTIONS: dict[str, Callable[..., Changed]] = {"assign": assign, "progress": progress, "done": done, "check": check, "close": close, "refer": refer}


def timeline(matter: Matter) -> list[MatterStep]:
    """The steps, oldest first (time, then clock: steps from two sites interleave by time)."""
    return list(MatterStep.live().where(MatterStep.matter == matter).order_by(MatterStep.at, MatterStep.clock))


def _replayed(matter: Matter) -> tuple[str, int, MatterStep | None]:
    """The state the matter's steps lead to, taken in the order they were made (the logical
    clock: a step made after another site's step was received comes after it), a step that does
    not follow from the state then reached changing nothing; the number of steps; the closing step."""
    state, count, closing = "received", 0, None
    steps = MatterStep.live().where(MatterStep.matter == matter).order_by(MatterStep.clock, MatterStep.site,
                                                                          MatterStep.id)
    for step in steps:
        count += 1
        if step.action in FLOW and state in FLOW[step.action][0]:
            state = FLOW[step.action][1]
            closing = step if state == "closed" else None
    return state, count, closing


def settle(step_ids, matter_ids=()) -> list[Matter]:
    """After a package is applied: each matter whose steps or state it brought is given the state
    its steps lead to (``_replayed``), when steps taken at two sites at once (a call-back at the
    community while the street office closes it) left it otherwise; every step is kept. The same
    on every site, whatever order the packages came in; each correction is in the audit trail."""
    ids = {s.matter_id for s in MatterStep.select(MatterStep.matter).where(MatterStep.id.in_(list(step_ids)))} \
        if step_ids else set()
    ids |= {m.id for m in Matter.select(Matter.id).where(Matter.id.in_(list(matter_ids)))} if matter_ids else set()
    settled = []
    for matter in Matter.live().where(Matter.id.in_(list(ids))) if ids else ():
        state, count, closing = _replayed(matter)
        closed_at = (matter.closed_at or closing.at) if closing is not None else None
        if (matter.state, matter.steps, matter.closed_at) == (state, count, closed_at) or count == 0:
            continue
        was = STATES.get(matter.state, matter.state)
        matter.state, matter.steps, matter.closed_at = state, count, closed_at
        matter.save()
        audit.record("matter", matter, note=f"{label(matter)} 两地同时办理：{count} 个步骤均保留，"
                                            f"状态按办理顺序由“{was}”定为“{STATES[state]}”")
        settled.append(matter)
    return settled


def renumber_twins(matter_ids) -> list[str]:
    """After a package is applied: two live matters of one community with one number (one
    recorded again after the office went back to a backup, or numbered at the street office by an
    older version) are told apart: the one found first keeps it, the other gets the number followed
    by the start of its key (2026-0005-3F2A), the same on every site without asking another. Each
    is in the audit trail; returns what to tell the user."""
    told = []
    touched = list(Matter.select(Matter.community, Matter.number).where(Matter.id.in_(list(matter_ids)))) \
        if matter_ids else []
    for community_id, number in {(m.community_id, m.number) for m in touched}:
        twins = list(Matter.live().where(Matter.community == community_id, Matter.number == number)
                     .order_by(Matter.found_at, Matter.id))
        for twin in twins[1:]:
            twin.number = f"{number}-{twin.id.hex[:4].upper()}"
            twin.save()
            note = f"事项编号 {number} 在{Community.get_by_id(community_id).name}重复：后发现的一件改为 {twin.number}"
            audit.record("matter", twin, note=note)
            told.append(note)
    return told


def photos(matter: Matter) -> list[MatterPhoto]:
    return list(MatterPhoto.live().where(MatterPhoto.matter == matter).order_by(MatterPhoto.name))


def may_see(matter: Matter) -> bool:
    """Whether the session's user sees this matter: the rule of the lists (``matterlist.query``)."""
    role, user = current_role(), current_user()
    if roles.allowed("matters.all", role):
        return True
    lines = _lines_of(user, matter.community_id) if role == roles.COMMITTEE else set()
    return matter.line in lines or user in (matter.assignee, matter.recorded_by)


@dataclass(frozen=True)
class Photo:
    """A matter's photo as stored: its name (照片1.jpg, never a person's), type and content."""

    name: str
    mime: str
    data: bytes

    @property
    def suffix(self) -> str:
        return next((s for m, s in PHOTO_TYPES.values() if m == self.mime), Path(self.name).suffix or ".jpg")


def require_seen(matter: Matter) -> None:
    """Refuse (``Forbidden``) a user who may not see the matter (``may_see``)."""
    if not may_see(matter):
        raise Forbidden(roles.label(current_role()), f"查看{label(matter)}")


def photo_files(matter: Matter) -> list[Photo]:
    """The matter's photos, to view or save; refused (``Forbidden``) to a user who may not see the matter."""
    require_seen(matter)
    return [Photo(p.name, p.mime, bytes(p.data)) for p in photos(matter) if not matter.deleted]


def photo_file_name(matter: Matter, index: int, photo: Photo) -> str:
    """A file name for a saved photo: the matter's number and the photo's place, nothing personal."""
    return f"事项{matter.number}-照片{index}{photo.suffix}"


def save_photos(matter: Matter, folder: str | Path) -> list[Path]:
    """Write the matter's photos into ``folder`` (recorded in the audit trail, as an export)."""
    from gridapp import files

    shots = photo_files(matter)
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"找不到文件夹 {folder}：照片未保存。")
    written: list[Path] = []
    try:
        for i, photo in enumerate(shots, 1):
            written.append(folder / photo_file_name(matter, i, photo))
            with files.open_private(written[-1], "wb") as out:
                out.write(photo.data)
    except OSError as exc:
        for path in written:  # all or nothing
            files.remove(path)
        raise UserError(files.write_failed(folder, exc, "照片未保存。")) from None
    with database.atomic():
        audit.record_event("export", "matter_photo", str(matter.id), f"{label(matter)} 照片 {len(written)} 张")
    return written


def next_steps(matter: Matter) -> list[str]:
    """The steps the matter's state allows (whether this user may take them is checked on the step)."""
    if matter.state == "closed":
        return []
    out = [a for a, (states, _) in FLOW.items() if matter.state in states]
    if matter.state == "done" and matter.kind not in NO_CALL_BACK and not matter.referred:
        out.remove("close")
    return out


def overdue(matter: Matter, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    if matter.promised_on is None:
        return False
    if matter.state == "closed":
        assert matter.closed_at is not None, "closing stamps the time"
        return matter.closed_at.date() > matter.promised_on
    return today > matter.promised_on


class BatchRejected(ValidationError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(f"{len(problems)} 个事项有误，未导入任何内容：\n" + "\n".join(problems))


def import_matters(data, *, base: Path | None = None, today: dt.date | None = None) -> list[Matter]:
    """``{"matters": [...]}``: every matter checked first, then all written in one transaction, or none."""
    roles.require("matters.record")
    if not isinstance(data, dict) or not isinstance(data.get("matters"), list):
        raise ValidationError('文件须为 {"matters": [...]}', "事项文件")
    checked, problems = [], []
    for i, raw in enumerate(data["matters"]):
        m, found = parse(raw, today)
        if m.grid is None and not found:
            found.append("网格：缺少网格")
        photos = []
        for p in m.photos if not found else ():
            try:
                photos.append(_photo(p, base))
            except ValidationError as exc:
                found.append(exc.args[0])
        if found:
            problems.append(f"第 {i + 1} 个事项：" + "；".join(found))
        checked.append((m, photos))
    if problems:
        raise BatchRejected(problems)
    with database.atomic():
        made = [_write(m, photos) for m, photos in checked]
        audit.record_event("import", "matter", note=f"导入事项 {len(made)} 个")
    return made
