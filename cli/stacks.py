"""cards stacks / stack-fix / stack-remove: the stacks of cards received, and correcting one
logged wrongly. A stack is named by any of its card numbers."""

from __future__ import annotations

from cli.common import date_arg, open_db, print_json


def _line(s: dict) -> str:
    keyed = f"，已录入 {s['keyed']} 张" if s["keyed"] else ""
    return (f"{s['numbers']}\t{s['grid']}\t{s['worker']}\t采集 {s['collected_on']}\t{s['count']} 张"
            f"\t接收 {s['received_at']}{keyed}")


def _community(args):
    from gridapp.services.scope import resolve

    return resolve(args.community).community


def cmd_stacks(args) -> int:
    from gridapp.services import stacks

    open_db(args)
    rows = stacks.recent(_community(args), args.limit)
    if args.json:
        print_json(rows)
    else:
        for s in rows:
            print(_line(s))
        print(f"共 {len(rows)} 叠。")
    return 0


def cmd_stack_fix(args) -> int:
    from gridapp.errors import UserError
    from gridapp.services import intake, stacks

    open_db(args)
    cards = stacks.of_card(args.card_no, _community(args))
    if args.numbers and args.count:
        raise UserError("--numbers 和 --count 只能给一个。")
    if not (args.worker or args.collected_on or args.numbers or args.count):
        raise UserError("请给出要更正的内容：--worker、--collected-on、--numbers 或 --count。")
    worker = intake.worker_of(cards[0].grid, args.worker) if args.worker else None
    numbers = (intake.expand_numbers(args.numbers) if args.numbers
               else stacks.resized(cards, args.count) if args.count else None)
    result = stacks.fix(cards, worker, date_arg(args.collected_on, "采集日期"), numbers)
    if args.json:
        print_json(result)
    else:
        print("已更正：" + _line(result))
    return 0


def cmd_stack_remove(args) -> int:
    from gridapp.services import stacks

    open_db(args)
    result = stacks.remove(stacks.of_card(args.card_no, _community(args)))
    if args.json:
        print_json(result)
    else:
        print("已删除：" + _line(result))
    return 0


def register(cards, common) -> None:
    """Under ``cards``: the stacks received and their corrections."""
    q = cards.add_parser("stacks", parents=[common], help="最近接收的登记卡（每次接收为一叠）")
    q.add_argument("--community")
    q.add_argument("--limit", type=int, default=20, help="最多列出几叠（默认 20）")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_stacks)
    q = _stack_parser(cards, common, "stack-fix", "更正接收错的一叠：网格员、采集日期、卡号或张数", cmd_stack_fix)
    q.add_argument("--worker", help="采集的网格员")
    q.add_argument("--collected-on", help="采集日期 YYYY-MM-DD（应录入日期随之重算）")
    q.add_argument("--numbers", help="这一叠的全部卡号，如 0101-0150（去掉的卡须未录入）")
    q.add_argument("--count", type=int, help="张数：减少时去掉末尾的卡，增加时顺延编号")
    _stack_parser(cards, common, "stack-remove", "删除接收错的一叠（其中的卡都未录入时）", cmd_stack_remove)


def _stack_parser(cards, common, name: str, help_text: str, func):
    q = cards.add_parser(name, parents=[common], help=help_text)
    q.add_argument("card_no", metavar="CARD_NO", help="这一叠中任意一张的卡号")
    q.add_argument("--community")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=func)
    return q
