"""staff: grid workers and grid leaders added, edited, retired, assigned to grids, photos and task
groups set; each grid's 一格三员 team."""

from __future__ import annotations

from cli.common import open_db, print_json


def _community(args):
    from gridapp.services.scope import resolve

    return resolve(args.community, None).community


def _show(args, staff, said: str) -> int:
    from gridapp.services import staffing

    shown = staffing.describe_staff(staff)
    if args.json:
        print_json(shown)
    else:
        grids = "、".join(f"{g['grid']}（{g['post']}岗）" for g in shown["grids"]) or "未分配网格"
        team = f"，任务小组 {shown['task_group']}" if shown["task_group"] else ""
        print(f"{said}：{shown['name']}（{shown['role_label']}·{shown['kind_label']}，{shown['community']}）{grids}{team}"
              f"{'，有照片' if shown['photo'] else ''}{'' if shown['active'] else '，已离岗'}")
    return 0


def cmd_list(args) -> int:
    from gridapp.services import staffing

    open_db(args)
    rows = staffing.listed(_community(args) if args.community else None, everyone=args.all)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        grids = "、".join(f"{g['grid']}{g['post']}岗" for g in r["grids"])
        gone = "" if r["active"] else "\t已离岗"
        print(f"{r['name']}\t{r['role_label']}\t{r['kind_label']}\t{r['community']}\t{r['phone']}\t{grids}"
              f"\t{r['task_group']}{gone}")
    return 0


def cmd_grids(args) -> int:
    """一格三员: each grid's three-person team and who is missing."""
    from gridapp.services import staffing

    open_db(args)
    rows = staffing.grid_teams(_community(args) if args.community else None)
    if args.json:
        print_json(rows)
        return 0
    for r in rows:
        team = "；".join(f"{t['kind_label']} " + ("、".join(f"{s['name']}（{s['post']}岗）" for s in t["staff"]) or "—")
                        for t in r["team"])
        missing = f"\t缺：{'、'.join(r['missing_labels'])}" if r["missing"] else "\t齐全"
        print(f"{r['community']} {r['grid']}\t{team}{missing}")
    return 0


def _grid(args, community):
    from gridapp.services.scope import resolve

    return resolve(community.name if community else None, args.grid).grid


def cmd_add(args) -> int:
    from gridapp.services import staffing

    open_db(args)
    community = _community(args)
    if community is None:
        from gridapp.errors import UserError
        raise UserError("请用 --community 指明人员所在的社区。")
    staff = staffing.add(args.name, args.role, community, args.phone or "", args.kind)
    if args.grid:
        staffing.assign(staff, _grid(args, community), args.post)
    if args.photo:
        staffing.set_photo(staff, args.photo)
    if args.task_group:
        staffing.set_task_group(staff, args.task_group)
    return _show(args, staff, "已添加")


def cmd_edit(args) -> int:
    from gridapp.services import staffing

    open_db(args)
    community = _community(args) if args.community else None
    staff = staffing.find(args.name, community)
    active = False if args.retire else (True if args.back else None)
    staff = staffing.edit(staff, name=args.rename, role=args.role, phone=args.phone, active=active, kind=args.kind)
    if args.grid:
        grid = _grid(args, community or staff.community)
        staffing.unassign(staff, grid) if args.unassign else staffing.assign(staff, grid, args.post)
    if args.photo:
        staffing.set_photo(staff, args.photo)
    if args.no_photo:
        staffing.set_photo(staff, None)
    if args.task_group or args.no_task_group:
        staffing.set_task_group(staff, None if args.no_task_group else args.task_group)
    return _show(args, staff, "已离岗（不再负责网格）" if args.retire else "已修改")


def register(sub, common) -> None:
    p = sub.add_parser("staff", help="网格人员：添加、修改、离岗、分配网格（A/B 岗）、设置照片和任务小组，"
                                     "各网格的一格三员（街道干部、管理员；社区主任限本社区）")
    s = p.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    q = s.add_parser("list", parents=[common], help="在岗人员及其网格")
    q.add_argument("--community")
    q.add_argument("--all", action="store_true", help="包括已离岗的")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)
    q = s.add_parser("grids", parents=[common], help="一格三员：各网格的社区专职干部、居民小组长、专职网格员及缺额")
    q.add_argument("--community")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_grids)
    for name, func in (("add", cmd_add), ("edit", cmd_edit)):
        q = s.add_parser(name, parents=[common], help="添加一位人员" if name == "add" else "修改、离岗、分配网格或设置照片")
        q.add_argument("name", metavar="NAME")
        q.add_argument("--community")
        q.add_argument("--role", help="网格员 grid_worker 或 网格长 grid_leader", required=name == "add")
        q.add_argument("--phone")
        q.add_argument("--kind", help="一格三员类别：社区专职干部 cadre、居民小组长 group_leader 或 专职网格员 recruited"
                                      "（添加时默认：网格长为社区专职干部，网格员为专职网格员）")
        q.add_argument("--task-group", dest="task_group", metavar="GROUP", help="加入本社区的任务小组（退出其他小组）")
        q.add_argument("--grid", help="负责的网格")
        q.add_argument("--post", default="A", help="A 或 B 岗（默认 A）")
        q.add_argument("--photo", metavar="FILE", help="照片文件（按公示牌 3:4 裁切）")
        q.add_argument("--json", action="store_true")
        if name == "edit":
            q.add_argument("--rename", metavar="NAME")
            q.add_argument("--unassign", action="store_true", help="不再负责 --grid")
            q.add_argument("--retire", action="store_true", help="离岗：不再负责任何网格")
            q.add_argument("--back", action="store_true", help="回到岗位")
            q.add_argument("--no-photo", dest="no_photo", action="store_true", help="去掉照片")
            q.add_argument("--no-task-group", dest="no_task_group", action="store_true", help="退出任务小组")
        q.set_defaults(func=func)
