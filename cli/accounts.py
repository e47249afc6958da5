"""users add|list|remove|passwd|role, and audit: accounts and the audit trail."""

from __future__ import annotations

import getpass
import os
import sys

from cli.common import date_arg, open_db, print_json
from gridapp.errors import UserError

NEW_PASSWORD_ENV = "GRIDAPP_NEW_PASSWORD"


def _new_password() -> str:
    value = os.environ.get(NEW_PASSWORD_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise UserError(f"需要新用户的密码：请设置环境变量 {NEW_PASSWORD_ENV}。")
    value = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次：") != value:
        raise UserError("两次输入的密码不一致。")
    return value


def cmd_add(args) -> int:
    from gridapp.services import accounts

    open_db(args)
    made = accounts.add_user(args.name, args.role, _new_password(), args.full_name or "")
    print(f"已添加用户 {made['name']}（{made['role_label']}）")
    return 0


def cmd_list(args) -> int:
    from gridapp.services import accounts

    open_db(args)
    rows = accounts.users()
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("没有用户：数据库用口令打开。")
    for r in rows:
        print(f"{r['name']}\t{r['role_label']}\t{r['full_name']}\t{r['created_at']:%Y-%m-%d}")
    return 0


def cmd_remove(args) -> int:
    from gridapp.services import accounts

    open_db(args)
    accounts.remove_user(args.name)
    print(f"已删除用户 {args.name}：其密码不能再打开数据库。")
    return 0


def cmd_passwd(args) -> int:
    from gridapp.services import accounts
    from gridapp.store import session

    open_db(args)
    own = session.account() is not None and session.current_user() == args.name
    accounts.change_password(args.name, _new_password(), os.environ.get("GRIDAPP_PASSWORD") if own else None)
    print(f"已修改用户 {args.name} 的密码。")
    return 0


def cmd_role(args) -> int:
    from gridapp.services import accounts
    from gridapp.store import roles

    open_db(args)
    accounts.set_role(args.name, args.role)
    print(f"用户 {args.name} 的角色改为{roles.label(args.role)}。")
    return 0


def cmd_audit(args) -> int:
    from gridapp.services import audittrail
    from gridapp.store.session import current_user

    open_db(args)
    rows = audittrail.query(args.user, date_arg(args.since, "--since"), date_arg(args.until, "--until"),
                            args.person, args.action, args.limit)
    if args.xlsx:
        from reports.audit_xlsx import write_audit

        n = write_audit(rows, args.xlsx, made_by=current_user())
        print(f"已导出 {n} 条操作记录：{args.xlsx}")
        return 0
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print("\t".join(str(c) for c in audittrail.as_cells(r)))
    return 0


def register(sub, common) -> None:
    from gridapp.store.roles import ROLES

    p = sub.add_parser("users", help="用户帐户：users add|list|remove|passwd")
    s = p.add_subparsers(dest="users_command", metavar="ACTION", required=True)
    q = s.add_parser("add", parents=[common], help=f"添加用户（密码取自 {NEW_PASSWORD_ENV}，未设置时提示输入）")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--role", required=True, choices=list(ROLES),
                   help="角色：" + "、".join(f"{k} {v}" for k, v in ROLES.items()))
    q.add_argument("--full-name", help="姓名")
    q.set_defaults(func=cmd_add)
    q = s.add_parser("list", parents=[common], help="全部用户及其角色")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)
    q = s.add_parser("remove", parents=[common], help="删除用户：其密码从此不能打开数据库")
    q.add_argument("name", metavar="NAME")
    q.set_defaults(func=cmd_remove)
    q = s.add_parser("passwd", parents=[common], help=f"修改密码（新密码取自 {NEW_PASSWORD_ENV}）")
    q.add_argument("name", metavar="NAME")
    q.set_defaults(func=cmd_passwd)
    q = s.add_parser("role", parents=[common], help="修改用户的角色")
    q.add_argument("name", metavar="NAME")
    q.add_argument("role", metavar="ROLE", choices=list(ROLES))
    q.set_defaults(func=cmd_role)

    p = sub.add_parser("audit", parents=[common], help="操作记录：谁在何时改了什么、导出、打印、查看完整身份证号")
    p.add_argument("--user", help="只看此用户")
    p.add_argument("--since", metavar="DATE", help="从此日起（YYYY-MM-DD）")
    p.add_argument("--until", metavar="DATE", help="到此日止（YYYY-MM-DD）")
    p.add_argument("--person", metavar="NAME_OR_ID", help="只看此人（姓名或身份证号）及其户")
    p.add_argument("--action", help="只看此类操作（change、view、export…）")
    p.add_argument("--limit", type=int, default=1000, help="最多几条（默认 1000，0 为不限）")
    p.add_argument("--json", action="store_true")
    p.add_argument("--xlsx", metavar="FILE", help="导出为 Excel 文件")
    p.set_defaults(func=cmd_audit)
