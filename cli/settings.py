"""settings: read and change the settings (street-wide, one community's own, or this computer's)."""

from __future__ import annotations

from cli.common import open_db, print_json
from gridapp.errors import UserError


def _community(name: str | None):
    if not name:
        return None
    from gridapp.services.scope import resolve

    return resolve(name, None).community


def cmd_list(args) -> int:
    from gridapp import settings

    open_db(args)
    rows = settings.overview(_community(args.community))
    if args.json:
        print_json(rows)
        return 0
    group = None
    for r in rows:
        if r["group"] != group:
            group = r["group"]
            print(f"[{group}]")
        print(f"  {r['key']}\t{r['label']}：{settings.show(r['value'])}（{r['origin']}）")
    return 0


def cmd_set(args) -> int:
    from gridapp import settings

    open_db(args)
    opt = settings.option(args.key)
    if opt.scope == "local" and args.community:
        raise UserError(f"“{opt.label}”是本机的设置，不分社区：请去掉 --community。")
    community = _community(args.community)
    value = settings.parse(args.key, args.value)
    settings.put(args.key, value, community)
    where = "本机" if opt.scope == "local" else (community.name if community is not None else "全街道")
    print(f"{opt.label}（{where}）：{settings.show(value)}")
    return 0


def register(sub, common) -> None:
    p = sub.add_parser("settings", help="设置：查看（settings list）和修改（settings set 键 值）")
    s = p.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    q = s.add_parser("list", parents=[common], help="全部设置及其来源（本社区、全街道、本机或默认）")
    q.add_argument("--community", help="按此社区看（含它自己的设置）")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)
    q = s.add_parser("set", parents=[common], help="修改一项设置：是/否、整数、逗号分隔的多项或文字")
    q.add_argument("key", metavar="KEY", help="设置项（见 settings list）")
    q.add_argument("value", metavar="VALUE")
    q.add_argument("--community", help="只为此社区设置（不写则为全街道）")
    q.set_defaults(func=cmd_set)
