"""wallboard, noticeboard: the building information boards and grid-worker notice boards as PDF.

The PDF builders live in ``reports``; they are imported when a command runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

from cli.common import open_db, progress_printer
from gridapp.errors import UserError


def _out(args) -> Path:
    out = Path(args.out)
    if out.suffix.lower() != ".pdf":
        raise UserError(f"输出文件须以 .pdf 结尾：{out}")
    if not out.parent.exists():
        raise UserError(f"输出目录不存在：{out.parent}")
    return out


def _write(build, boards, out: Path, paper: str, quiet: bool):
    """Build into a temporary file beside ``out`` and move it into place when complete."""
    from reports.boardtext import unprintable_names

    missing = unprintable_names(boards)
    if missing:  # said before anything is printed
        print(f"注意：以下 {len(missing)} 处文字含有本机字体都没有的字，PDF 中以“〓”代替，"
              "打印前请手工补写或安装含该字的字体：", file=sys.stderr)
        for line in missing:
            print(f"  {line}", file=sys.stderr)
    partial = out.with_name(out.name + ".part")
    try:
        result = build(boards, partial, paper, progress=None if quiet else progress_printer())
        try:
            partial.replace(out)
        except OSError as exc:  # e.g. the old file is open in a PDF viewer on Windows
            raise UserError(f"无法写入 {out}（{exc.strerror}）：请关闭正在打开它的程序后重试。") from None
    finally:
        partial.unlink(missing_ok=True)
    return result


def cmd_wallboard(args) -> int:
    from gridapp.services import boards as service
    from reports.wallboard import build_wallboards

    out = _out(args)
    open_db(args)
    found = service.find_buildings(args.building, args.grid, args.community)
    result = _write(build_wallboards, service.building_boards(found), out, args.paper, args.quiet)
    posters = sum(1 for n in result.sheets.values() if n > 1)
    extra = f"，其中 {posters} 栋分多张拼贴" if posters else ""
    print(f"已生成楼栋信息栏：{len(found)} 栋，{result.pages} 页 {result.paper}{extra}（{out}）")
    return 0


def cmd_noticeboard(args) -> int:
    from gridapp.services import boards as service
    from reports.noticeboard import build_noticeboards

    out = _out(args)
    open_db(args)
    grids = service.find_grids(args.grid, args.community)
    result = _write(build_noticeboards, service.notice_boards(grids), out, args.paper, args.quiet)
    print(f"已生成网格员公示牌：{len(grids)} 个网格，{result.pages} 页 {result.paper}（{out}）")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("wallboard", parents=[common], help="楼栋人口信息与出租房屋信息栏（PDF）")
    p.add_argument("--building", metavar="NAME", help="楼栋名称（同名楼栋用 --grid/--community 区分）")
    p.add_argument("--grid", metavar="NAME", help="网格：该网格的全部楼栋")
    p.add_argument("--community", metavar="NAME", help="社区：全部楼栋，合成一个 PDF")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--paper", default="A3", type=str.upper, choices=["A4", "A3", "A2", "A1"],
                   help="纸张（横向），默认 A3；放不下时分多张拼贴")
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.set_defaults(func=cmd_wallboard)

    p = sub.add_parser("noticeboard", parents=[common], help="网格员公示牌（PDF）")
    p.add_argument("--grid", metavar="NAME", help="网格（同名网格用 --community 区分）")
    p.add_argument("--community", metavar="NAME", help="社区：只给社区时，每个网格一页")
    p.add_argument("--out", required=True, metavar="FILE.pdf")
    p.add_argument("--paper", default="A4", type=str.upper, choices=["A4", "A3"], help="纸张（竖向），默认 A4")
    p.add_argument("--quiet", action="store_true", help="不显示进度")
    p.set_defaults(func=cmd_noticeboard)
