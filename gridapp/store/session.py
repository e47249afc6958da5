"""Who is working: the name recorded with every step and change, and the account (whose role
``gridapp.store.roles.current_role`` gives).

A database with accounts is opened by a user (``start(name)``), who is then the session's
user; opened with the office passphrase, or without accounts, the session acts as the
administrator under the computer's user name (or ``GRIDAPP_USER``).
"""

from __future__ import annotations

import getpass
import os

_user: str | None = None
_account = None  # gridapp.models.Account of the logged-in user


def current_user() -> str:
    if _account is not None:
        return _account.name
    if _user:
        return _user
    return os.environ.get("GRIDAPP_USER") or getpass.getuser() or "未知用户"


def set_user(name: str | None) -> None:
    global _user
    _user = name


def account():
    return _account


def start(name: str | None) -> None:
    """Make ``name`` (whose password has opened the database) the session's user; None: the office."""
    global _account
    _account = None
    if not name:
        return
    from gridapp.keyring import WrongCredentials
    from gridapp.models.accounts import Account

    found = Account.get_or_none(Account.name == name)
    if found is None:  # a removed user whose key wrap survived in an old side file
        raise WrongCredentials()
    _account = found


def start_server(login: str | None) -> None:
    """A hub server opened under the officer's own server login: that login is the session's
    user. Once the hub keeps accounts, the login must be one of them and acts in its role;
    before, it acts as the administrator, as the office passphrase does on a file."""
    global _account
    _account = None
    set_user(login)
    from gridapp.errors import UserError
    from gridapp.models.accounts import Account

    if not Account.select().exists():
        return
    found = Account.get_or_none(Account.name == (login or ""))
    if found is None:
        raise UserError(f"服务器登录“{login}”不是本数据库的用户：请管理员用 users add 添加同名用户并指定角色。")
    _account = found


def end() -> None:
    global _account
    _account = None
    set_user(None)
