"""``python -m gridapp …``: the headless command line, a thin shell over the services.

Each module in ``COMMANDS`` registers its sub-commands. User errors print one line
(in Chinese) to stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from gridapp import __version__, db, paths
from gridapp.errors import UserError
from gridapp.plaintext import TerminalStream

EXIT_USER_ERROR = 2
COMMANDS = ("cli.setup", "cli.org", "cli.cards", "cli.filing",
            "cli.boards", "cli.ledgers", "cli.importxlsx", "cli.affairs",
            "cli.sync", "cli.settings", "cli.accounts", "cli.backup",
            "cli.appraisal", "cli.hub", "cli.cardfields", "cli.categories",
            "cli.lists", "cli.blankcards", "cli.staff", "cli.matters", "cli.followup",
            "cli.diary", "cli.rota", "cli.tasks", "cli.changes")


def build_parser() -> argparse.ArgumentParser:
    from cli import argtext

    argtext.install()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", help=f"数据库文件（默认：{paths.default_db_path()}），"
                        "或街道的 PostgreSQL 服务器 postgresql://用户@主机[:端口]/库名[?sslmode=require]")
    parser = argparse.ArgumentParser(
        prog="python -m gridapp",
        description="gridapp 社区网格化管理：命令行。口令取自环境变量 GRIDAPP_PASSPHRASE，未设置时提示输入。")
    parser.add_argument("--version", action="version", version=f"gridapp {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="输出调试日志")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(name).register(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalStream(stdout), TerminalStream(stderr)  # stored text may hold escapes
    try:
        return args.func(args)
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head or a closed pager: nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # as Python's docs advise
        return 0
    finally:
        sys.stdout, sys.stderr = stdout, stderr
        db.close_database()
