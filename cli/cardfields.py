"""cardfields: the card designer's supplementary fields (补充项), street-wide or one community's."""

from __future__ import annotations

import sys

from cli.common import open_db, print_json
from gridapp.errors import UserError


def _scope(args):
    """The community whose own fields are meant, or None for the street-wide ones."""
    if getattr(args, "street", False):
        if args.community:
            raise UserError("--street 与 --community 只能选一个。")
        return None
    from gridapp.services.scope import resolve

    return resolve(args.community, None).community


def _where(community) -> str:
    return "全街道" if community is None else community.name


def _choices(text: str | None) -> list[str] | None:
    if text is None:
        return None
    from gridapp.services.cardfields import _SEPARATORS

    return [c for c in _SEPARATORS.split(text.strip()) if c]


def _show(f: dict) -> str:
    from gridapp.services.cardfields import KINDS, LEVELS

    more = [KINDS[f["kind"]]]
    if f["choices"]:
        more.append("、".join(f["choices"]))
    if f["min"] is not None or f["max"] is not None:
        more.append(f"{'' if f['min'] is None else f['min']}–{'' if f['max'] is None else f['max']}")
    if f["required"]:
        more.append("必填")
    if f["condition"]:
        more.append(f"仅当 {f['condition']}")
    if f["retired"]:
        more.append("已停用")
    return f"  [{LEVELS[f['level']]}] {f['key']}\t{f['label']}（{'；'.join(more)}）〔{f['scope']}〕"


def cmd_list(args) -> int:
    from gridapp.services import cardfields

    open_db(args)
    community = _scope(args)
    rows = cardfields.scope_fields(None) + (cardfields.scope_fields(community.id) if community else [])
    fields = [cardfields.describe_field(f) for f in rows if args.all or not f.retired]
    if args.level:
        fields = [f for f in fields if f["level"] == args.level]
    version = cardfields.version(community.id if community else None)
    if args.json:
        print_json({"scope": _where(community), "version": version, "fields": fields})
        return 0
    print(f"{_where(community)}的登记卡补充项（设计版本 {version}）：")
    for f in fields:
        print(_show(f))
    if not fields:
        print("  （没有）")
    return 0


def _spec(args) -> dict:
    spec = {"label": args.label, "kind": args.kind, "choices": _choices(args.choices), "help": args.help_text,
            "condition": args.condition, "min": args.min, "max": args.max}
    if args.required is not None:
        spec["required"] = args.required
    return {k: v for k, v in spec.items() if v is not None}


def _done(args, row, what: str) -> int:
    from gridapp.services import cardfields

    shown = cardfields.describe_field(row)
    if args.json:
        print_json(shown)
    else:
        print(f"{what}：{_show(shown).strip()}")
    return 0


def cmd_add(args) -> int:
    from gridapp.services import cardfields

    open_db(args)
    row = cardfields.add(_scope(args), args.level, {"key": args.key, "required": False, **_spec(args)})
    if args.position:
        row = cardfields.move(row.community_id, row.key, args.position, row.level)
    return _done(args, row, "已添加")


def cmd_edit(args) -> int:
    from gridapp.services import cardfields

    open_db(args)
    community = _scope(args)
    spec = _spec(args)
    if args.rename:
        spec["label"] = args.rename
    row = cardfields.edit(community, args.name, spec, args.level) if spec else None
    if args.position:
        row = cardfields.move(community, args.name if row is None else row.key, args.position, args.level)
    if row is None:
        raise UserError("没有要修改的内容：请给出 --label、--kind、--position 等选项。")
    return _done(args, row, "已修改")


def cmd_retire(args) -> int:
    from gridapp.services import cardfields

    open_db(args)
    row = cardfields.retire(_scope(args), args.name, args.level, back=args.restore)
    return _done(args, row, "已恢复" if args.restore else "已停用（已录入的值保留）")


def cmd_export(args) -> int:
    from reports.cardfields_xlsx import export_design

    open_db(args)
    community = _scope(args)
    path, count = export_design(community.id if community else None, args.out)
    if args.json:
        print_json({"out": str(path), "fields": count, "scope": _where(community)})
    else:
        print(f"已导出 {count} 项补充项（{_where(community)}）到 {path}")
    return 0


def cmd_import(args) -> int:
    from gridapp.services import cardbook

    open_db(args)
    community = _scope(args)
    summary = cardbook.import_design(args.file, community)
    if args.json:
        print_json({"scope": _where(community), **summary})
        return 0
    parts = [f"{what} {len(summary[key])} 项" for key, what in
             (("added", "新增"), ("changed", "修改"), ("retired", "停用"), ("unchanged", "未变"))]
    print(f"{_where(community)}的登记卡设计已导入：{'，'.join(parts)}" +
          (f"；现为第 {summary['version']} 版" if "version" in summary else ""), file=sys.stdout)
    return 0


def cmd_defaults(args) -> int:
    from gridapp.services import cardbook

    open_db(args)
    summary = cardbook.load_street_defaults(dry_run=args.dry_run)
    if args.json:
        print_json({"scope": "全街道", "dry_run": args.dry_run, **summary})
        return 0
    verb = "将新增" if args.dry_run else "已新增"
    print(f"全街道默认补充项：{verb} {len(summary['added'])} 项（{'、'.join(summary['added_labels']) or '无'}），"
          f"已有 {len(summary['present'])} 项" + (f"；现为第 {summary['version']} 版" if "version" in summary else ""))
    return 0


def cmd_history(args) -> int:
    from gridapp.services import carddesigns

    open_db(args)
    community = _scope(args)
    rows = carddesigns.history(community.id if community else None)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        print(f"第 {r['version']} 版\t{r['at']}\t{r['by']}\t{r['note']}（{r['fields']} 项）")
    return 0


def _scoped(s, name: str, common, help_text: str):
    q = s.add_parser(name, parents=[common], help=help_text)
    q.add_argument("--community", help="社区（不写：社区办公室为本社区，街道为全街道）")
    q.add_argument("--street", action="store_true", help="全街道通用的补充项")
    q.add_argument("--json", action="store_true")
    return q


def _definition(q, adding: bool) -> None:
    from gridapp.services.cardfields import KINDS

    if adding:
        q.add_argument("label", metavar="LABEL", help="名称（印在卡上）")
    else:
        q.add_argument("--label", help="新名称")
        q.add_argument("--rename", metavar="LABEL", help="改名（同 --label）")
    q.add_argument("--kind", choices=list(KINDS), help="类型：" + "、".join(f"{k} {v}" for k, v in KINDS.items()))
    q.add_argument("--choices", help="单选、多选的可选值，用顿号或逗号分隔")
    q.add_argument("--required", dest="required", action="store_true", default=None, help="必填")
    q.add_argument("--optional", dest="required", action="store_false", help="选填")
    q.add_argument("--help-text", dest="help_text", metavar="TEXT", help="填写说明")
    q.add_argument("--condition", help="显示条件，如 居住状态=流入、性别=女；年龄=15-49（空字符串为去掉条件）")
    q.add_argument("--min", help="下限（整数、数字）")
    q.add_argument("--max", help="上限（整数、数字）")
    q.add_argument("--position", type=int, help="排在本层级第几项（1 为第一）")


def register(sub, common) -> None:
    p = sub.add_parser("cardfields", help="登记卡补充项：查看、添加、修改、停用、导出、导入（社区主任、街道干部、管理员）")
    s = p.add_subparsers(dest="cardfields_command", metavar="ACTION", required=True)
    q = _scoped(s, "list", common, "补充项：全街道的和本社区的")
    q.add_argument("--level", choices=["household", "person"])
    q.add_argument("--all", action="store_true", help="包括已停用的")
    q.set_defaults(func=cmd_list)
    q = _scoped(s, "add", common, "添加一项补充项")
    q.add_argument("key", metavar="KEY", help="键名（小写字母开头，文件和 JSON 用）")
    _definition(q, adding=True)
    q.add_argument("--level", choices=["household", "person"], required=True, help="户或人员")
    q.set_defaults(func=cmd_add)
    q = _scoped(s, "edit", common, "修改一项补充项（名称、类型、可选值、必填、说明、条件、范围、顺序）")
    q.add_argument("name", metavar="KEY_OR_LABEL")
    _definition(q, adding=False)
    q.add_argument("--level", choices=["household", "person"])
    q.set_defaults(func=cmd_edit)
    q = _scoped(s, "retire", common, "停用一项补充项（不再填写，已录入的值保留）")
    q.add_argument("name", metavar="KEY_OR_LABEL")
    q.add_argument("--level", choices=["household", "person"])
    q.add_argument("--restore", action="store_true", help="恢复已停用的")
    q.set_defaults(func=cmd_retire)
    q = _scoped(s, "export", common, "导出登记卡设计为表格（工作表 fields 和 choices）")
    q.add_argument("--out", required=True, metavar="FILE.xlsx")
    q.set_defaults(func=cmd_export)
    q = _scoped(s, "import", common, "从表格导入登记卡设计（全部成功才导入；未列出的补充项停用）")
    q.add_argument("file", metavar="FILE.xlsx")
    q.set_defaults(func=cmd_import)
    q = s.add_parser("defaults", parents=[common],
                     help="载入随软件提供的全街道默认补充项（党建、计生、民政、医保、社保；已有的不重复添加；街道干部、管理员）")
    q.add_argument("--dry-run", action="store_true", help="只列出将新增的，不修改")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_defaults)
    q = _scoped(s, "history", common, "登记卡设计的各个版本")
    q.set_defaults(func=cmd_history)
