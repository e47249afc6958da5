"""``python -m gridapp …``: the headless command line, a thin shell over the services.

User errors print one line (in Chinese) to stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from pathlib import Path

from gridapp import __version__, db, paths
from gridapp.errors import UserError

EXIT_USER_ERROR = 2


def _passphrase(args, *, creating: bool) -> str:
    value = db.passphrase_from_env()
    if value:
        return value
    if getattr(args, "demo_default", False):
        print(f"未设置 {db.PASSPHRASE_ENV}，使用演示口令 {db.DEMO_PASSPHRASE}", file=sys.stderr)
        return db.DEMO_PASSPHRASE
    if not sys.stdin.isatty():
        raise UserError(f"需要数据库口令：请设置环境变量 {db.PASSPHRASE_ENV}。")
    value = getpass.getpass("数据库口令：")
    if creating:
        db.check_passphrase(value)
        if getpass.getpass("再输入一次：") != value:
            raise UserError("两次输入的口令不一致。")
    return value


def _db_path(args) -> Path:
    return Path(args.db) if args.db else paths.default_db_path()


def open_db(args, *, create: bool = False):
    return db.open_database(_db_path(args), _passphrase(args, creating=create), create=create)


def _print_json(data) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


# --- commands ---------------------------------------------------------------

def cmd_init(args) -> int:
    from gridapp.services import site

    path = _db_path(args)
    if path.exists():
        raise UserError(f"数据库 {path} 已存在，未做任何改动。")
    open_db(args, create=True)
    try:
        s = site.initialise(args.site_type, args.name)
    except Exception:
        db.close_database()
        path.unlink(missing_ok=True)
        raise
    print(f"已创建{'街道' if s.site_type == 'street' else '社区'}数据库：{s.name}（{path}）")
    return 0


def cmd_demo(args) -> int:
    from gridapp.demo import build_demo

    path = _db_path(args)
    if path.exists():
        raise UserError(f"数据库 {path} 已存在：演示数据只写入新的数据库文件。")
    args.demo_default = True
    open_db(args, create=True)
    try:
        summary = build_demo(args.scale, seed=args.seed,
                             progress=None if args.quiet else _progress_printer())
    except BaseException:
        db.close_database()
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    print(f"演示数据已生成：{summary['households']} 户，{summary['persons']} 人（{path}）")
    return 0


def _progress_printer():
    last = [-1]

    def report(done: int, total: int, what: str = "") -> bool:
        pct = int(done * 100 / total) if total else 100
        if pct // 10 != last[0] // 10:
            last[0] = pct
            print(f"{pct:3d}% {what}", file=sys.stderr)
        return True

    return report


def cmd_org_import(args) -> int:
    from gridapp.services.org import import_org_file

    open_db(args)
    result = import_org_file(args.file)
    if args.json:
        _print_json(result.as_dict())
    else:
        made = "，".join(f"{k} {v}" for k, v in result.created.items()) or "无"
        changed = "，".join(f"{k} {v}" for k, v in result.updated.items()) or "无"
        print(f"已导入。新建：{made}；更新：{changed}")
    return 0


def cmd_stats(args) -> int:
    from gridapp.services.scope import resolve
    from gridapp.services.stats import stats

    open_db(args)
    data = stats(resolve(args.community, args.grid))
    if args.json:
        _print_json(data)
    else:
        print(f"{data['scope']}：{data['communities']} 个社区，{data['grids']} 个网格，"
              f"{data['buildings']} 栋楼，{data['houses']} 套房屋，{data['households']} 户，{data['persons']} 人")
    return 0


def cmd_info(args) -> int:
    from gridapp.services import site

    open_db(args)
    info = site.describe()
    info["db"] = str(_db_path(args))
    info["schema_version"] = db.schema_version()
    _print_json(info)
    return 0


# --- parser -----------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH",
                        help=f"数据库文件（默认：{paths.default_db_path()}）")
    parser = argparse.ArgumentParser(
        prog="python -m gridapp",
        description="gridapp 社区网格化管理：命令行。口令取自环境变量 GRIDAPP_PASSPHRASE，未设置时提示输入。")
    parser.add_argument("--version", action="version", version=f"gridapp {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试日志")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("init", parents=[common], help="创建新的数据库（社区或街道）")
    p.add_argument("--site-type", required=True, choices=["community", "street"])
    p.add_argument("--name", required=True, help="社区或街道的名称")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", parents=[common], help="生成演示数据库")
    p.add_argument("--scale", choices=["community", "street"], default="community")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("org", help="组织结构")
    org = p.add_subparsers(dest="org_command", metavar="ACTION", required=True)
    q = org.add_parser("import", parents=[common], help="导入街道组织结构 JSON（再次导入只更新，不重复）")
    q.add_argument("file")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_org_import)

    p = sub.add_parser("stats", parents=[common], help="统计（在册人员）")
    p.add_argument("--json", action="store_true")
    p.add_argument("--community")
    p.add_argument("--grid")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("info", parents=[common], help="本数据库的站点信息")
    p.set_defaults(func=cmd_info)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.func(args)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    finally:
        db.close_database()
