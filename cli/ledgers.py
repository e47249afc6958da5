"""ledger: any ledger (台账) to XLSX, headless; ``ledger list`` names them and their filters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cli.common import date_arg, open_db
from gridapp.errors import UserError


def _filters(led, items: list[str]) -> dict:
    out = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise UserError(f"筛选须写成 键=值（如 status=inflow），不是“{item}”。")
        f = led.filter(key.strip())
        value = value.strip()
        code = value if value in f.choices else next((c for c, ch in f.choices.items() if ch.label == value), value)
        out[f.key] = code
    return out


def cmd_list() -> int:
    from gridapp.services.ledgers import LEDGERS

    for name, led in LEDGERS.items():
        print(f"{name}\t{led.title}：{led.description}")
        for f in led.filters:
            print(f"    --filter {f.key}=…  {f.label}：" + "、".join(f"{c}（{ch.label}）" for c, ch in f.choices.items()))
    return 0


def cmd_ledger(args) -> int:
    if args.name == "list":
        return cmd_list()
    from gridapp.services.ledgerquery import Query
    from gridapp.services.ledgers import in_force
    from gridapp.services.listbuilder import ledger
    from gridapp.services.scope import resolve
    from gridapp.store.session import current_user
    from reports.ledger_xlsx import write_ledger

    if not args.out:
        raise UserError("请用 --out 指定输出的 .xlsx 文件。")
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"输出文件须以 .xlsx 结尾：{out}")
    open_db(args)
    led = in_force(ledger(args.name))
    today = date_arg(args.today, "--today") or dt.date.today()
    q = Query(led, resolve(args.community, args.grid), args.text or "", _filters(led, args.filter), today=today)
    q.check()
    n = write_ledger(q, out, made_by=current_user(), mask=args.masked)
    print(f"{led.title}已写入 {out}：{n} 行。")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("ledger", parents=[common], help="台账导出为 Excel（ledger list 列出全部台账）")
    p.add_argument("name", metavar="NAME", help="台账名（如 population、floating、rented、must-visit）或 list")
    p.add_argument("--out", help="输出的 .xlsx 文件")
    p.add_argument("--community")
    p.add_argument("--grid")
    p.add_argument("--filter", action="append", metavar="KEY=VALUE", help="筛选，可重复（见 ledger list）")
    p.add_argument("--text", help="只要含这些文字的行（姓名、拼音首字母、身份证号、地址…）")
    p.add_argument("--masked", action="store_true", help="遮蔽身份证号和电话")
    p.add_argument("--today", help="按此日期计算年龄（默认今天）")
    p.set_defaults(func=cmd_ledger)
