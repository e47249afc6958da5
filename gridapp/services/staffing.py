"""Staff in the app (the street's JSON ``org import`` no longer the only way): grid workers and
grid leaders added, edited and retired, assigned to grids on post A or B (AB岗), their photos
set from a file — cropped to the notice board's 3:4 frame, stored in the encrypted database
and synced with the staff row. Street officers and administrators (``org.edit``); at a
community office the changes go up to the street office with the next package."""

from __future__ import annotations

import io
from pathlib import Path

from gridapp import vocab
from gridapp.errors import UserError, ValidationError
from gridapp.models import Community, Grid, Staff, StaffGrid, database
from gridapp.plaintext import controls, describe
from gridapp.services.checks import normalise_phone

PHOTO_RATIO = 3 / 4  # the notice board's frame: 30 × 40 mm
PHOTO_SIZE = (450, 600)
MAX_PHOTO_BYTES = 20 * 1024 * 1024


def _require() -> None:
    from gridapp.store.roles import require

    require("org.edit")


def _name(value, what: str = "姓名") -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"{what}不能为空", "人员")
    found = controls(value)
    if found:
        raise ValidationError(f"{what}含有不可见的控制字符（{describe(found)}）", "人员")
    return value.strip()


def find(name: str, community: Community | None = None) -> Staff:
    q = Staff.live().where(Staff.name == name.strip())
    if community is not None:
        q = q.where((Staff.community == community.id) | Staff.community.is_null())
    found = list(q)
    if not found:
        raise UserError(f"没有名为“{name}”的网格人员。")
    if len(found) > 1:
        raise UserError(f"名为“{name}”的人员有 {len(found)} 位：请用 --community 指明社区。")
    return found[0]


def describe_staff(s: Staff) -> dict:
    posts = (StaffGrid.live().join(Grid).where(StaffGrid.staff == s.id).order_by(Grid.number))
    return {"name": s.name, "role": s.role, "role_label": vocab.STAFF_ROLE.get(s.role, s.role), "phone": s.phone,
            "community": s.community.name if s.community is not None else "", "active": bool(s.active),
            "photo": bool(s.photo), "grids": [{"grid": p.grid.name, "post": p.post} for p in posts]}


def listed(community: Community | None = None, everyone: bool = False) -> list[dict]:
    q = Staff.live()
    if community is not None:
        q = q.where(Staff.community == community.id)
    if not everyone:
        q = q.where(Staff.active == True)  # noqa: E712
    return [describe_staff(s) for s in q.order_by(Staff.role, Staff.name)]


def _values(role: str | None, phone: str | None) -> dict:
    values = {}
    if role is not None:
        values["role"] = vocab.code_of(vocab.STAFF_ROLE, role, "岗位")
    if phone is not None:
        values["phone"] = normalise_phone(phone)
    return values


def add(name: str, role: str, community: Community, phone: str = "") -> Staff:
    _require()
    name = _name(name)
    with database.atomic():
        if Staff.live().where(Staff.name == name, Staff.community == community.id, Staff.active == True).exists():  # noqa: E712
            raise ValidationError(f"{community.name}已有名为“{name}”的人员", "人员")
        return Staff.create(name=name, community=community.id, **_values(role, phone))


def edit(staff: Staff, *, name: str | None = None, role: str | None = None, phone: str | None = None,
         active: bool | None = None) -> Staff:
    _require()
    values = _values(role, phone)
    if name is not None:
        values["name"] = _name(name)
    if active is not None:
        values["active"] = active
    with database.atomic():
        for k, v in values.items():
            setattr(staff, k, v)
        staff.save()
        if active is False:  # a retired worker serves no grid: the posts are freed
            for post in StaffGrid.live().where(StaffGrid.staff == staff.id):
                post.delete_instance()
    return staff


def assign(staff: Staff, grid: Grid, post: str = "A") -> StaffGrid:
    """Serve ``grid`` on post A or B (AB岗: a grid is never unserved)."""
    _require()
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
    _require()
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
    _require()
    staff.photo = photo_from_file(path) if path is not None else None
    staff.save()
    return staff
