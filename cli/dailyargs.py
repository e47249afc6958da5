"""What the daily-work commands (followup, diary, rota, tasks, changes) share: dates as
people type them, the community and the worker named."""

from __future__ import annotations

import datetime as dt
from typing import overload

from gridapp.errors import UserError


@overload
def day(text: str | None, label: str, default: dt.date) -> dt.date: ...
@overload
def day(text: str | None, label: str = "日期", default: None = None) -> dt.date | None: ...
def day(text: str | None, label: str = "日期", default: dt.date | None = None) -> dt.date | None:
    """A date typed as 2026-11-22, 2026/11/22, 2026年11月22日 or with full-width digits."""
    from gridapp.services.checks import parse_date

    if not text:
        return default
    value, issues = parse_date(text, "date", label)
    if value is None:  # text that is not a date comes with its issue
        raise UserError(issues[0].message)
    return value


def required_day(text: str | None, label: str = "日期") -> dt.date:
    """A date the command cannot go without, typed as ``day`` takes it."""
    value = day(text, label)
    if value is None:
        raise UserError(f"缺少{label}")
    return value


def community(name: str | None):
    """The community named, or the only one in the database."""
    from gridapp.services.appraisal import find_community

    found = find_community(name)
    if len(found) != 1:
        raise UserError(f"找不到社区“{name}”。" if name and not found else "数据库中有多个社区：请用 --community 指定。")
    return found[0]


def worker(name: str, community_=None):
    """A grid worker by name (of the community given, else of any)."""
    from gridapp.services.gridworkers import workers

    found = [w for w in workers([community_.id] if community_ is not None else None) if w.name == name]
    if not found:
        raise UserError(f"找不到在岗网格员“{name}”。")
    if len(found) > 1:
        raise UserError(f"有 {len(found)} 位网格员叫“{name}”：请用 --community 指定社区。")
    return found[0]


def subcommands(parser, common):
    """The sub-command adder of a daily-work command: each takes --community."""
    s = parser.add_subparsers(dest="action_group", metavar="ACTION", required=True)

    def cmd(name, func, text):
        q = s.add_parser(name, parents=[common], help=text)
        q.add_argument("--community", metavar="NAME")
        q.set_defaults(func=func)
        return q
    return cmd
