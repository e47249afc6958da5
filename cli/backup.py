"""backup [--to DIR] and restore FILE: copies of the database and putting one back."""

from __future__ import annotations

import os

from cli.common import PASSWORD_ENV, USER_ENV, db_path, open_db, passphrase


def cmd_backup(args) -> int:
    from gridapp.services import backup

    open_db(args)
    made = backup.backup(args.to)
    print(f"已备份到 {made.path}（{made.size / 1048576:.1f} MB）")
    return 0


def cmd_restore(args) -> int:
    from gridapp import db
    from gridapp.services import backup

    user, password = os.environ.get(USER_ENV), os.environ.get(PASSWORD_ENV)
    creds = {"user": user, "password": password} if user and password else {"passphrase": passphrase(args, creating=False)}
    try:
        info = backup.restore_and_open(args.file, db_path(args), creds, other_site=args.other_site)
    finally:
        db.close_database()
    aside = f"；原数据库已保留为 {info['aside']}" if info["aside"] else ""
    print(f"已从备份恢复：{info['site']}（{args.file}）{aside}")
    print(backup.AFTER_RESTORE)
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("backup", parents=[common], help="备份数据库（加密，按日/周/月轮换保留）")
    p.add_argument("--to", metavar="DIR", help="备份文件夹（默认：设置 backup.folder，或数据库旁的“备份”）")
    p.set_defaults(func=cmd_backup)
    p = sub.add_parser("restore", parents=[common], help="从备份恢复：先检查备份，当前数据库另存一旁，不再询问")
    p.add_argument("file", metavar="FILE", help="备份文件（…-YYYYMMDD-HHMMSS.db）")
    p.add_argument("--other-site", action="store_true",
                   help="备份属于另一个站点（另一社区或街道）时也恢复：本机从此成为那个站点")
    p.set_defaults(func=cmd_restore)
