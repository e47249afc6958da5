"""init, demo, info: making and describing a database."""

from __future__ import annotations

import glob
import os
import uuid
from pathlib import Path

from cli.common import credentials, db_path, open_db, print_json, progress_printer
from gridapp import db
from gridapp.errors import UserError
from gridapp.models import database


def _enrolment_code(args) -> str:
    import getpass
    import os
    import sys

    from gridapp.sync.enrol import CODE_ENV

    code = args.code or os.environ.get(CODE_ENV)
    if code:
        return code
    if not sys.stdin.isatty():
        raise UserError(f"需要登记码（街道生成登记文件时给出）：请用 --code 或环境变量 {CODE_ENV} 给出。")
    return getpass.getpass("登记码：")


def cmd_init(args) -> int:
    from gridapp.services import site

    path = db_path(args)
    if _exists(path):
        raise UserError(f"数据库 {path} 已存在，未做任何改动。")
    if args.enrolment:
        if args.site_type != "community":
            raise UserError("登记文件只能用来创建社区数据库（--site-type community）。")
        from gridapp.sync import enrol

        enrolment = enrol.read(args.enrolment, _enrolment_code(args))
    elif not args.name:
        raise UserError("请给出街道或社区的名称（--name），或社区的登记文件（--enrolment）。")
    if args.enrolment:
        s = _build(args, lambda: enrol.initialise_from(enrolment))
    else:
        s = _build(args, lambda: site.initialise(args.site_type, args.name))
    print(f"已创建{'街道' if s.site_type == 'street' else '社区'}数据库：{s.name}（{path}）")
    return 0


def _exists(path) -> bool:
    """A file that exists (a server's database is checked when opened: initialised once)."""
    return isinstance(path, Path) and path.exists()


BUILDING = ".building"


def _build(args, make):
    """Make a new database with ``make()``: a file is built aside under a hidden name and put in
    place only when it is complete, so a process killed halfway leaves no half-made database
    (what it left aside is cleared by the next init or demo). On a server it is one
    transaction, rolled back on failure."""
    path = db_path(args)
    if not isinstance(path, Path):
        open_db(args, create=True)
        return make()
    _clear_leftovers(path)
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}{BUILDING}")
    db.open_database(temp, create=True, **credentials(args, creating=True))
    try:
        made = make()
        database.execute_sql("PRAGMA journal_mode = DELETE")  # everything in the one file
        db.close_database()
        if path.exists():
            raise UserError(f"数据库 {path} 已存在，未做任何改动。")
        os.replace(temp, path)
    except BaseException:
        db.close_database()
        _remove(temp)
        raise
    return made


def _clear_leftovers(path: Path) -> None:
    import shutil

    from gridapp.sync.enrol import SCRATCH

    if not path.parent.is_dir():
        return
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*{BUILDING}*"):
        leftover.unlink(missing_ok=True)
    for leftover in path.parent.glob(f"{SCRATCH}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _remove(path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def cmd_demo(args) -> int:
    from gridapp.demo import build_demo

    path = db_path(args)
    if _exists(path):
        raise UserError(f"数据库 {path} 已存在：演示数据只写入新的数据库文件。")
    args.demo_default = True
    summary = _build(args, lambda: build_demo(args.scale, seed=args.seed,
                                              progress=None if args.quiet else progress_printer()))
    print(f"演示数据已生成：{summary['households']} 户，{summary['persons']} 人（{path}）")
    return 0


def cmd_info(args) -> int:
    from gridapp.services import site

    open_db(args)
    info = site.describe()
    info["db"] = db.server_label(args.db) if isinstance(db_path(args), str) else str(db_path(args))
    info["schema_version"] = db.schema_version()
    print_json(info)
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("init", parents=[common], help="创建新的数据库（社区或街道）")
    p.add_argument("--site-type", required=True, choices=["community", "street"])
    p.add_argument("--name", help="社区或街道的名称")
    p.add_argument("--enrolment", metavar="FILE", help="街道生成的登记文件（社区）：密钥、组织结构和基础数据")
    p.add_argument("--code", help="登记文件的登记码（也可用环境变量 GRIDAPP_ENROL_CODE）")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", parents=[common], help="生成演示数据库")
    p.add_argument("--scale", choices=["community", "street"], default="community")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("info", parents=[common], help="本数据库的站点信息")
    p.set_defaults(func=cmd_info)
