"""Staff in the app (the street's JSON ``org import`` no longer the only way): grid workers and
grid leaders added, edited and retired, assigned to grids on post A or B (AB岗), their photos
set from a file — cropped to the notice board's 3:4 frame, stored in the encrypted database
and synced with the staff row. Each is one of 一格三员 (``kind``): a community cadre, a residents'
group leader or a recruited grid worker; ``grid_teams`` tells for each grid who fills each of
the three and who is missing. Street officers and administrators (``org.edit``) edit anyone; a
community director (``staff.edit``) the staff of their own community. The changes are ordinary
synced changes: a community office's go up to the street office with the next package, and
from there to the other communities."""

from __future__ import annotations

import io
from pathlib import Path

from gridapp import vocab
from gridapp.errors import Forbidden, UserError, ValidationError
from gridapp.models import Community, Grid, Staff, StaffGrid, database
from gridapp.plaintext import controls, describe
from gridapp.privacy import shown_phone
from gridapp.services import tasks
from gridapp.services.checks import NAME_LIMIT, check_phone, clean_name, normalise_phone
from gridapp.store import audit, roles

PHOTO_RATIO = 3 / 4  # the notice board's frame: 30 × 40 mm
PHOTO_SIZE = (450, 600)
MAX_PHOTO_BYTES = 20 * 1024 * 1024
PHONE = "电话"  # where a refused phone number is said to be (the form goes back to that field)


def _require(community) -> None:
    """Street roles edit anyone's staff; a community director only their own community's."""
    if roles.allowed("org.edit"):
        return
    roles.require("staff.edit")
    from gridapp.services.scope import resolve

    own = resolve().community
    cid = getattr(community, "id", community)
    if own is None or cid != own.id:
        theirs = Community.get_or_none(Community.id == cid) if cid is not None else None
        where = f"{theirs.name}的工作人员" if theirs is not None else "不属于任何社区的工作人员"
        raise Forbidden(roles.label(roles.current_role()),
                        f"修改{where}：社区主任只能添加、修改本社区（{own.name if own else '未登记社区'}）的工作人员")




def _name(value, what: str = "姓名") -> str:
    """A name as stored: spaces typed inside it dropped (王 五 is 王五), so one worker typed twice
    is caught as the same name."""
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{what}不能为空", "人员")
    found = controls(value)
    if found:
        raise ValidationError(f"{what}含有不可见的控制字符（{describe(found)}）", "人员")
    name = clean_name(value)
    if len(name) > NAME_LIMIT:
        raise ValidationError(f"{what}有 {len(name)} 个字符，超过上限 {NAME_LIMIT}：请核对是否把别的内容填进了{what}", "人员")
    return name


def _unique(name: str, community_id, staff_id=None) -> None:
    """No two serving workers of one community share a name."""
    q = Staff.live().where(Staff.name == name, Staff.community == community_id, Staff.active == True)  # noqa: E712
    if staff_id is not None:
        q = q.where(Staff.id != staff_id)
    if q.exists():
        where = Community.get_or_none(Community.id == community_id)
        raise ValidationError(f"{where.name if where else ''}已有在岗的同名人员“{name}”", "人员")


def find(name: str, community: Community | None = None) -> Staff:
    q = Staff.live()
    if community is not None:
        q = q.where((Staff.community == community.id) | Staff.community.is_null())
    wanted = clean_name(name)
    found = list(q.where(Staff.name == wanted)) or \
        [s for s in q if clean_name(s.name) == wanted]  # a name stored with spaces (an org file's)
    if not found:
        raise UserError(f"没有名为“{name}”的网格人员。")
    if len(found) > 1:
        raise UserError(f"名为“{name}”的人员有 {len(found)} 位：请用 --community 指明社区。")
    return found[0]


def describe_staff(s: Staff, full: bool = True, groups: dict | None = None) -> dict:
    """A worker as listed: ``full`` False masks the phone (the screen's rule, ``privacy.shows_full``);
    ``groups`` is ``tasks.groups_of`` of their community, when already at hand."""
    posts = (StaffGrid.live().join(Grid).where(StaffGrid.staff == s.id).order_by(Grid.number))
    if groups is None:
        groups = tasks.groups_of(s.community_id) if s.community_id else {}
    return {"id": str(s.id), "name": s.name, "role": s.role, "role_label": vocab.STAFF_ROLE.get(s.role, s.role),
            "kind": s.kind, "kind_label": vocab.STAFF_KIND.get(s.kind, s.kind), "phone": shown_phone(s.phone, full),
            "community": s.community.name if s.community is not None else "", "active": bool(s.active),
            "photo": bool(s.photo), "grids": [{"grid": p.grid.name, "post": p.post} for p in posts],
            "task_group": groups.get(s.id, "")}


def listed(community: Community | None = None, everyone: bool = False, full: bool = True) -> list[dict]:
    q = Staff.live()
    if community is not None:
        q = q.where(Staff.community == community.id)
    if not everyone:
        q = q.where(Staff.active == True)  # noqa: E712
    groups: dict = {}
    out = []
    for s in q.order_by(Staff.active.desc(), Staff.role, Staff.name):
        if s.community_id not in groups:
            groups[s.community_id] = tasks.groups_of(s.community_id) if s.community_id else {}
        out.append(describe_staff(s, full, groups[s.community_id]))
    return out


def grid_teams(community: Community | None = None) -> list[dict]:
    """一格三员: for each grid (of ``community``, or all), who of its serving staff fills each of
    the three kinds, and the kinds no one fills."""
    from gridapp.services.scope import grid_choices

    out = []
    for _label, grid in grid_choices(community.id if community is not None else None):
        serving = (Staff.live().join(StaffGrid, on=(StaffGrid.staff == Staff.id))
                   .where(StaffGrid.grid == grid.id, StaffGrid.deleted == False, Staff.active == True)  # noqa: E712
                   .select(Staff.name, Staff.kind, StaffGrid.post).order_by(StaffGrid.post, Staff.name).objects())
        team: dict[str, list] = {kind: [] for kind in vocab.STAFF_KIND}
        for s in serving:
            team.setdefault(s.kind, []).append({"name": s.name, "post": s.post})
        out.append({"community": grid.community.name, "grid": grid.name, "number": grid.number,
                    "team": [{"kind": k, "kind_label": vocab.STAFF_KIND.get(k, k), "staff": v} for k, v in team.items()],
                    "missing": [k for k in vocab.STAFF_KIND if not team[k]],
                    "missing_labels": [v for k, v in vocab.STAFF_KIND.items() if not team[k]]})
    return out


def lacking(teams: list[dict]) -> str:
    """What the teams lack, one clause per kind: 缺居民小组长：第一网格、第二网格 (全部 N 个网格 when
    every one of more than three grids lacks it); "" when every grid is complete."""
    clauses = []
    for kind, label in vocab.STAFF_KIND.items():
        grids = [t["grid"] for t in teams if kind in t["missing"]]
        if grids:
            where = f"全部 {len(grids)} 个网格" if len(grids) == len(teams) > 3 else "、".join(grids)
            clauses.append(f"缺{label}：{where}")
    return "；".join(clauses)


def _values(role: str | None, phone: str | None, kind: str | None = None, was: str = "") -> dict:
    """The fields as stored; a phone that cannot be one is refused unless it is the one already
    stored (``was``: rows from the street's org file keep theirs until someone changes it)."""
    values = {}
    if role is not None:
        values["role"] = vocab.code_of(vocab.STAFF_ROLE, role, "岗位")
    if kind is not None:
        values["kind"] = vocab.code_of(vocab.STAFF_KIND, kind, "一格三员类别")
    if phone is not None:
        values["phone"] = normalise_phone(phone)
        issues = check_phone(phone, "phone") if values["phone"] != was else []
        if issues:
            raise ValidationError(issues[0].message, PHONE)
    return values


def add(name: str, role: str, community: Community, phone: str = "", kind: str | None = None) -> Staff:
    _require(community)
    name = _name(name)
    values = _values(role, phone, kind)
    values.setdefault("kind", vocab.staff_kind_for(values["role"]))
    with database.atomic():
        _unique(name, community.id)
        staff = Staff.create(name=name, community=community.id, **values)
        audit.record("staff", staff, note=f"添加工作人员 {name}（{community.name}，"
                                          f"{vocab.STAFF_KIND[staff.kind]}）")
        return staff


def edit(staff: Staff, *, name: str | None = None, role: str | None = None, phone: str | None = None,
         active: bool | None = None, kind: str | None = None) -> Staff:
    _require(staff.community_id)
    values = _values(role, phone, kind, was=staff.phone or "")
    if name is not None:
        values["name"] = _name(name)
    if active is not None:
        values["active"] = active
    with database.atomic():
        serving = staff.active if active is None else active
        if serving and (values.get("name", staff.name) != staff.name or not staff.active):
            _unique(values.get("name", staff.name), staff.community_id, staff.id)
        was_active = bool(staff.active)
        for k, v in values.items():
            setattr(staff, k, v)
        if not staff.save():
            return staff
        if active is False:  # a retired worker serves no grid and no task group: the posts are freed
            for post in StaffGrid.live().where(StaffGrid.staff == staff.id):
                post.delete_instance()
            tasks.move_member(staff, None)
        what = "离岗" if active is False and was_active else "回到岗位" if active is True and not was_active else "修改"
        audit.record("staff", staff, note=f"工作人员 {staff.name} {what}")
    return staff


def set_task_group(staff: Staff, group: str | None) -> None:
    """The worker's task group (任务小组) of their community; None or empty: none."""
    _require(staff.community_id)
    if group and not staff.active:
        raise ValidationError(f"“{staff.name}”已离岗，不能加入任务小组", "人员")
    with database.atomic():
        tasks.move_member(staff, group)
        audit.record("staff", staff, note=f"工作人员 {staff.name} 的任务小组：{group or '无'}")


def assign(staff: Staff, grid: Grid, post: str = "A") -> StaffGrid:
    """Serve ``grid`` on post A or B (AB岗: a grid is never unserved)."""
    _require(staff.community_id)
    post = vocab.code_of(vocab.POST, post.upper() if isinstance(post, str) else post, "岗")
    if not staff.active:
        raise ValidationError(f"“{staff.name}”已离岗，不能分配网格", "人员")
    with database.atomic():
        row = StaffGrid.live().where(StaffGrid.staff == staff.id, StaffGrid.grid == grid.id).first() or \
            StaffGrid(staff=staff.id, grid=grid.id)
        row.post = post
        row.save()
    return row


def unassign(staff: Staff, grid: Grid) -> None:
    _require(staff.community_id)
    row = StaffGrid.live().where(StaffGrid.staff == staff.id, StaffGrid.grid == grid.id).first()
    if row is None:
        raise UserError(f"“{staff.name}”不负责{grid.name}。")
    row.delete_instance()


def photo_from_file(path: str | Path) -> bytes:
    """A picture file as the notice board's photo: the middle of it cut to 3:4, 450 × 600 JPEG."""
    from PIL import Image, UnidentifiedImageError

    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到照片文件 {path}")
    if path.stat().st_size > MAX_PHOTO_BYTES:
        raise UserError(f"照片 {path.name} 超过 20 MB：请先缩小")
    try:
        with Image.open(path) as image:
            image.load()
            picture = image.convert("RGB")
    except (UnidentifiedImageError, OSError):
        raise UserError(f"{path.name} 不是可以读取的图片（JPG、PNG 等）") from None
    w, h = picture.size
    if w / h > PHOTO_RATIO:  # too wide: the middle
        new_w = round(h * PHOTO_RATIO)
        picture = picture.crop(((w - new_w) // 2, 0, (w - new_w) // 2 + new_w, h))
    else:  # too tall: the top, where the face is
        new_h = round(w / PHOTO_RATIO)
        picture = picture.crop((0, 0, w, new_h))
    picture = picture.resize(PHOTO_SIZE)
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def set_photo(staff: Staff, path: str | Path | None) -> Staff:
    """Set the photo from a file, or remove it (``path`` None)."""
    _require(staff.community_id)
    staff.photo = photo_from_file(path) if path is not None else None
    with database.atomic():
        if staff.save():
            audit.record("staff", staff, note=f"工作人员 {staff.name} 的照片{'已更换' if path is not None else '已去掉'}")
    return staff


def save_worker(community: Community, staff: Staff | None, *, name: str, role: str, kind: str, phone: str = "",
                grid: Grid | None = None, post: str = "A", task_group: str | None = None) -> Staff:
    """The staff screen's form, all or nothing: a new worker (``staff`` None) of ``community`` or
    the changes to one, serving ``grid`` on ``post`` (when given) in ``task_group`` (empty: none)."""
    with database.atomic():
        if staff is None:
            staff = add(name, role, community, phone, kind)
        else:
            staff = edit(staff, name=name, role=role, phone=phone, kind=kind)
        if grid is not None:
            assign(staff, grid, post)
        if task_group is not None and task_group != tasks.groups_of(staff.community_id).get(staff.id, ""):
            set_task_group(staff, task_group or None)
    return staff


def communities_to_edit() -> list[Community]:
    """The communities whose staff the session may edit: all for street roles, the office's own
    for a community director."""
    if roles.allowed("org.edit"):
        return list(Community.live().order_by(Community.name))
    from gridapp.services.scope import resolve

    own = resolve().community
    return [own] if own is not None and roles.allowed("staff.edit") else []


def by_id(staff_id) -> Staff:
    found = Staff.live().where(Staff.id == staff_id).first()
    if found is None:
        raise UserError("该人员已不存在（可能已由同步删除）：请刷新列表。")
    return found
