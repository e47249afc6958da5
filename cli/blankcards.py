"""blankcards: the blank population information card, printed from the card design, numbered."""

from __future__ import annotations

from pathlib import Path

from cli.common import open_db, print_json
from gridapp.errors import UserError

MAX_CARDS = 2000


def cmd_blank(args) -> int:
    from gridapp.services import cardfields
    from gridapp.services.intake import expand_numbers
    from gridapp.services.scope import resolve
    from reports.blank_card import write_blank_cards

    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"输出文件须以 .pdf 结尾：{out}")
    open_db(args)
    scope = resolve(args.community, args.grid)
    numbers = expand_numbers(args.numbers) if args.numbers else []
    if len(numbers) > MAX_CARDS:
        raise UserError(f"一次至多打印 {MAX_CARDS} 张，现在是 {len(numbers)} 张：请分几次打印。")
    community = scope.community or (scope.grid.community if scope.grid else None)
    design = cardfields.print_design(community, scope.grid.name if scope.grid else "")
    write_blank_cards(design, numbers, out)
    cardfields.record_blank_print(len(numbers) or 1, design)
    pages = len(numbers) or 1
    if args.json:
        print_json({"out": str(out), "pages": pages, "version": design["version"], "fields": len(design["fields"])})
    else:
        print(f"空白登记卡已写入 {out}：{pages} 页（设计版本 {design['version']}）。")
    return 0


def register(sub, common) -> None:
    q = sub.add_parser("blankcards", parents=[common],
                       help="空白人口信息登记卡（按登记卡设计：基本项、补充项、成员表），可预印卡号和条码")
    q.add_argument("--numbers", help="预印的卡号，如 0101-0150（不写：一张不带卡号的空白卡）")
    q.add_argument("--community", help="社区（不写：社区办公室为本社区）")
    q.add_argument("--grid", help="预印网格名称")
    q.add_argument("--out", required=True, metavar="FILE.pdf")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_blank)
