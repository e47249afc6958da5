"""import-xlsx: bring a legacy ledger spreadsheet in, checked row by row like card entry."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import date_arg, open_db, print_json
from gridapp.errors import UserError


def _choices(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items or []:
        column, sep, target = item.partition("=")
        if not sep:
            raise UserError(f"--map 须写成 列=字段（如 “手机=联系电话” 或 “F=身份证号”），不是“{item}”。")
        out[column] = target
    return out


def cmd_import(args) -> int:
    from gridapp.services import importxlsx
    from gridapp.services.scope import resolve
    from gridapp.store.session import current_user
    from reports.import_report import write_report

    today = date_arg(args.today, "--today")
    open_db(args)
    scope = resolve(args.community, args.grid)
    sheet = importxlsx.open_sheet(args.file, args.sheet)
    mapping = importxlsx.remap(sheet.headers, importxlsx.guess_mapping(sheet.headers), _choices(args.map))
    if scope.grid is None and "grid" not in mapping.values():
        raise UserError("表中没有“网格”列：请用 --grid（和 --community）指明导入到哪个网格。")
    plan = importxlsx.check_sheet(sheet, mapping, scope.grid, today,
                                  scope.community.name if scope.community is not None else "")
    mode = "valid_only" if args.valid_only else "all_or_nothing"
    result = importxlsx.run(plan, mode, Path(args.file).name) if not args.check else \
        importxlsx.ImportResult(mode, False, rejected_rows=len(plan.rejected), noted_rows=len(plan.noted),
                                unparsed_addresses=plan.unparsed_addresses)
    report = None
    if plan.rejected or plan.noted:
        report = Path(args.report) if args.report else Path(args.file).with_name(Path(args.file).stem + "-导入检查.xlsx")
        write_report(plan, report, current_user())
    if args.json:
        print_json({**result.as_dict(), "report": str(report) if report else None,
                    "households_ready": len(plan.ready), "persons_ready": plan.persons,
                    "new_buildings": plan.new_buildings})
    else:
        mapped = "、".join(f"{sheet.headers[c]}→{importxlsx.FIELD_CHOICES[k]}" for c, k in sorted(mapping.items()))
        print(f"列：{mapped}")
        print(f"共 {len(plan.rows)} 行：无误 {plan.persons} 人（{len(plan.ready)} 户），有误 {len(plan.rejected)} 行。")
        for number, text in plan.unparsed_addresses:
            print(f"  第 {number} 行地址无法识别，未导入：{text}")
        if plan.new_buildings:
            print(f"本网格尚无、{'已' if result.imported else '导入时将'}新建的楼栋 {len(plan.new_buildings)} 栋："
                  + "、".join(plan.new_buildings))
        if result.imported:
            print(f"已导入 {result.households} 户 {result.persons} 人。")
        if report:
            print(f"未导入的行及原因、需核对的行见 {report}")
    if not result.imported and not args.check and plan.rejected:
        raise UserError(f"{len(plan.rejected)} 行有误，按“全部无误才导入”未导入任何内容；"
                        f"原因见 {report}（或用 --valid-only 只导入无误的行）。")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("import-xlsx", parents=[common], help="导入旧台账 Excel（逐行检查，与登记卡录入同样的规则）")
    p.add_argument("file", metavar="FILE.xlsx")
    p.add_argument("--sheet", help="工作表名（默认第一张）")
    p.add_argument("--community", help="社区（表中网格列按此社区查找）")
    p.add_argument("--grid", help="导入到此网格（表中没有“网格”列时必填）")
    p.add_argument("--map", action="append", metavar="列=字段", help="指定列对应的字段，如 手机=联系电话、F=身份证号、备注=")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--all-or-nothing", action="store_true", help="有一行有误就都不导入（默认）")
    mode.add_argument("--valid-only", action="store_true", help="只导入无误的行，有误的写入检查报告")
    p.add_argument("--check", action="store_true", help="只检查，不导入")
    p.add_argument("--report", metavar="FILE.xlsx", help="检查报告（默认：原文件名-导入检查.xlsx）")
    p.add_argument("--today", help=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_import)
