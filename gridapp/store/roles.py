"""Roles and what each may do: one table, checked by the services themselves.

With nobody logged in (the database opened with the office passphrase, held by the
administrator) the session acts as the administrator.
"""

from __future__ import annotations

from gridapp.errors import Forbidden, ValidationError
from gridapp.store import session

CLERK, GRID_LEADER, DIRECTOR, STREET_OFFICER, ADMIN = "clerk", "grid_leader", "director", "street_officer", "admin"
ROLES = {CLERK: "录入员", GRID_LEADER: "网格长", DIRECTOR: "社区主任", STREET_OFFICER: "街道干部", ADMIN: "管理员"}

ALL = frozenset(ROLES)
LEADERS = frozenset({DIRECTOR, STREET_OFFICER, ADMIN})

# permission: (what it allows, in the words of a refusal; the roles that have it)
PERMISSIONS = {
    "cards.edit": ("录入和修改登记卡", frozenset({CLERK, GRID_LEADER, DIRECTOR, STREET_OFFICER, ADMIN})),
    "people.full": ("查看完整身份证号和电话", frozenset({GRID_LEADER, DIRECTOR, STREET_OFFICER, ADMIN})),
    "export.full": ("导出或打印未遮蔽的身份证号和电话", frozenset({DIRECTOR, STREET_OFFICER, ADMIN})),
    "templates.edit": ("修改登记卡模板", LEADERS),
    "templates.street": ("载入全街道默认补充项", frozenset({STREET_OFFICER, ADMIN})),
    "settings.edit": ("修改设置", LEADERS),
    "appraisal.template": ("修改考评模板", LEADERS),
    "appraisal.close": ("锁定或更正月度考评", LEADERS),
    "org.edit": ("导入或修改组织结构", frozenset({STREET_OFFICER, ADMIN})),
    # buildings and houses are community rows: a community office's leaders edit its own
    "buildings.edit": ("增改楼栋和房屋", frozenset({GRID_LEADER, DIRECTOR, STREET_OFFICER, ADMIN})),
    # a community director edits the staff of their own community (gridapp.services.staffing)
    "staff.edit": ("添加、修改或离岗工作人员", frozenset({DIRECTOR, STREET_OFFICER, ADMIN})),
    "audit.view": ("查看操作记录", LEADERS),
    "backup.restore": ("从备份恢复数据库", frozenset({DIRECTOR, ADMIN})),
    "users.manage": ("管理用户", frozenset({ADMIN})),
}


# matters (事项): grid workers record them too; committee members (分管委员) handle their business line
GRID_WORKER, COMMITTEE = "grid_worker", "committee"
ROLES.update({GRID_WORKER: "网格员", COMMITTEE: "分管委员"})
ALL = frozenset(ROLES)
PERMISSIONS.update({
    "matters.record": ("登记事项", ALL),
    "matters.handle": ("分派、办理和办结事项", frozenset({COMMITTEE, DIRECTOR, STREET_OFFICER, ADMIN})),
    "matters.all": ("查看全部业务口的事项", frozenset({CLERK, GRID_WORKER, GRID_LEADER, DIRECTOR, STREET_OFFICER, ADMIN})),
})

def label(role: str) -> str:
    return ROLES.get(role, role)


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValidationError(f"没有角色“{role}”：可选 " + "、".join(f"{k}（{v}）" for k, v in ROLES.items()))
    return role


def current_role() -> str:
    """The role the session acts in: the logged-in user's, else the administrator's."""
    account = session.account()
    return account.role if account is not None else ADMIN


def allowed(permission: str, role: str | None = None) -> bool:
    return (role or current_role()) in PERMISSIONS[permission][1]


def require(permission: str) -> None:
    """Refuse (``Forbidden``) unless the session's role has ``permission``."""
    role = current_role()
    if role not in PERMISSIONS[permission][1]:
        raise Forbidden(label(role), PERMISSIONS[permission][0])
