"""User accounts: add, list, remove, change a password, log in while the database is open.

The first account turns on key wrapping (``gridapp.keyring``): the database is re-encrypted
under a random key, wrapped for the office passphrase and for each user's password.
"""

from __future__ import annotations

import datetime as dt

from gridapp import db, engines, keyring
from gridapp.errors import UserError, ValidationError
from gridapp.models import Account, database
from gridapp.store import audit, roles, session

MIN_PASSWORD = 8


def check_password_rule(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ValidationError(f"密码至少 {MIN_PASSWORD} 个字符。")


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name or ":" in name or len(name) > 40:
        raise ValidationError("用户名不能为空、不能含冒号，最多 40 个字符。")
    return name


def has_accounts() -> bool:
    return Account.select().exists()


def users() -> list[dict]:
    return [{"name": a.name, "full_name": a.full_name, "role": a.role, "role_label": roles.label(a.role),
             "created_at": a.created_at} for a in Account.select().order_by(Account.created_at)]


def _database_key() -> bytes:
    """The open database's raw key, wrapping it first if the database has no accounts yet."""
    path = db.database_path()
    params = database.obj.connect_params
    if params.get("raw_key") is not None:
        return params["raw_key"]
    passphrase = params.get("passphrase") or ""
    key = keyring.new_key()
    keyring.start(path, key, passphrase)  # first the side file: a failed rekey still opens by passphrase
    try:
        db.rekey(key)
    except BaseException:
        keyring.keys_path(path).unlink(missing_ok=True)
        raise
    return key


def add_user(name: str, role: str, password: str, full_name: str = "") -> dict:
    roles.require("users.manage")
    name, role = _check_name(name), roles.check_role(role)
    check_password_rule(password)
    if Account.get_or_none(Account.name == name) is not None:
        raise ValidationError(f"用户“{name}”已存在。")
    if not has_accounts() and role != roles.ADMIN:
        raise ValidationError("第一个用户须为管理员（admin）。")
    if engines.on_server():
        # on a hub server the server's own login opens the database; the account holds the role
        # (and the password that unlocks a locked screen)
        with database.atomic():
            Account.create(name=name, full_name=full_name.strip(), role=role,
                           password=keyring.hash_password(password), created_at=dt.datetime.now())
            audit.record_event("user.add", "account", name, f"角色 {roles.label(role)}")
        return {"name": name, "role": role, "role_label": roles.label(role)}
    key = _database_key()
    path = db.database_path()
    keyring.set_user(path, key, name, password)
    try:
        with database.atomic():
            Account.create(name=name, full_name=full_name.strip(), role=role,
                           password=keyring.hash_password(password), created_at=dt.datetime.now())
            audit.record_event("user.add", "account", name, f"角色 {roles.label(role)}")
    except BaseException:
        keyring.remove_user(path, name)
        raise
    return {"name": name, "role": role, "role_label": roles.label(role)}


def remove_user(name: str) -> None:
    roles.require("users.manage")
    found = Account.get_or_none(Account.name == name)
    if found is None:
        raise UserError(f"没有用户“{name}”。")
    if name == session.current_user() and session.account() is not None:
        raise UserError("不能删除正在使用的帐户。")
    if found.role == roles.ADMIN and Account.select().where(Account.role == roles.ADMIN).count() == 1:
        raise UserError("这是最后一个管理员，不能删除。")
    if not engines.on_server():  # (on a server, its login is the DBA's to drop)
        keyring.remove_user(db.database_path(), name)  # first the key: from now on the password opens nothing
    with database.atomic():
        found.delete_instance()
        audit.record_event("user.remove", "account", name)


def change_password(name: str, new: str, old: str | None = None) -> None:
    """A user changes their own password (``old`` checked); the administrator may reset anyone's."""
    found = Account.get_or_none(Account.name == name)
    if found is None:
        raise UserError(f"没有用户“{name}”。")
    own = session.account() is not None and session.current_user() == name
    if own:
        if old is None or not keyring.check_password(old, found.password):
            raise UserError("原密码不对。")
    else:
        roles.require("users.manage")
    check_password_rule(new)
    if not engines.on_server():
        keyring.set_user(db.database_path(), _database_key(), name, new)
    with database.atomic():
        found.password = keyring.hash_password(new)
        found.save()
        audit.record_event("user.password", "account", name)


def set_role(name: str, role: str) -> None:
    roles.require("users.manage")
    found = Account.get_or_none(Account.name == name)
    if found is None:
        raise UserError(f"没有用户“{name}”。")
    with database.atomic():
        old, found.role = found.role, roles.check_role(role)
        found.save()
        audit.record_event("user.role", "account", name, f"{roles.label(old)} → {roles.label(role)}")


def verify(name: str, password: str) -> bool:
    """Unlocking a locked screen: the password checked against the account, failures counted
    (beside an office file; a hub server counts its own failed logins)."""
    path = None if engines.on_server() else db.database_path()
    if path:
        keyring.refuse_while_waiting(path, name)
    found = Account.get_or_none(Account.name == name)
    if found is None or not keyring.check_password(password, found.password):
        if path:
            keyring.note_failure(path, name)
        return False
    if path:
        keyring.clear_failures(path, name)
    return True


def log_in(name: str, password: str) -> None:
    """Switch the open database's session to another user (after a lock)."""
    if not verify(name, password):
        raise keyring.WrongCredentials()
    session.start(name)
