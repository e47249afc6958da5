"""org building add|edit|list, org room add|edit|remove|list: buildings and rooms by hand."""

from __future__ import annotations

from cli.common import open_db, print_json


def _grid(args, name: str | None = None, community: str | None = None):
    from gridapp.errors import UserError
    from gridapp.services.scope import resolve

    scope = resolve(community or args.community, name or args.grid)
    if scope.grid is None:
        raise UserError("请指明网格（--grid）。")
    return scope.grid


def _building(args):
    from gridapp.services.boards import find_buildings

    return find_buildings(args.building, args.grid, args.community)[0]


def _say(args, made: dict, text: str) -> None:
    if args.json:
        print_json(made)
    else:
        print(text)


def _said_room(args, building, house, done: str) -> None:
    _say(args, {"id": str(house.id), "unit": house.unit, "floor": house.floor, "room": house.room},
         f"{done}：{building.name} {house.unit}单元{house.room}（{house.floor} 层）")


def cmd_building_add(args) -> int:
    from gridapp.services import buildings

    open_db(args)
    made = buildings.add_building(_grid(args), args.name, args.address or "", args.floors, args.units, args.flats)
    _say(args, made, f"已新建{made['community']}{made['grid']}{made['name']}：房屋 {made['houses']} 套")
    return 0


def cmd_building_edit(args) -> int:
    from gridapp.services import buildings

    open_db(args)
    args.building = args.old_name
    building = _building(args)
    target = _grid(args, args.to_grid, building.grid.community.name) if args.to_grid else None
    made = buildings.edit_building(building, name=args.name, address=args.address, grid=target,
                                   floors=args.floors, units=args.units, rooms_per_floor=args.flats)
    _say(args, made, f"已修改{made['grid']}{made['name']}：新增 {made['added']} 套，删除 {made['removed']} 套，"
                     f"现有房屋 {made['houses']} 套")
    return 0


def cmd_building_list(args) -> int:
    from gridapp.services import buildings

    open_db(args)
    found = buildings.listed(_grid(args))
    if args.json:
        print_json(found)
    else:
        for b in found:
            print(f"{b['name']}\t{b['floors']}层 {b['units']}单元 每层{b['rooms_per_floor']}户\t"
                  f"房屋 {b['houses']} 套\t{b['address']}")
    return 0


def cmd_room_add(args) -> int:
    from gridapp.services import buildings

    open_db(args)
    building = _building(args)
    _said_room(args, building, buildings.add_room(building, args.room, args.unit, args.floor), "已新增")
    return 0


def cmd_room_edit(args) -> int:
    from gridapp.services import buildings

    open_db(args)
    building = _building(args)
    _said_room(args, building, buildings.edit_room(buildings.find_room(building, args.room), args.name, args.floor),
               "已修改")
    return 0


def cmd_room_remove(args) -> int:
    from gridapp.services import buildings

    open_db(args)
    building = _building(args)
    house = buildings.find_room(building, args.room)
    buildings.remove_room(house)
    _say(args, {"removed": f"{house.unit}单元{house.room}"}, f"已删除：{building.name} {house.unit}单元{house.room}")
    return 0


def cmd_room_list(args) -> int:
    from gridapp.services import buildings

    open_db(args)
    found = buildings.rooms(_building(args))
    if args.json:
        print_json([buildings.room_dict(r) for r in found])
    else:
        for r in found:
            state = "空置" if r.vacant else (f"{r.households} 户" if r.households else "")
            print(f"{r.label}\t{r.floor} 层\t{state}")
    return 0


def _place(q, building: bool) -> None:
    if building:
        q.add_argument("--building", metavar="NAME", required=True)
    q.add_argument("--grid", metavar="NAME", help="网格（楼栋名在别的网格也有时）")
    q.add_argument("--community", metavar="NAME")
    q.add_argument("--json", action="store_true")


def _shape(q) -> None:
    q.add_argument("--address", help="地址，如 爱和路1号")
    q.add_argument("--floors", metavar="N", help="层数")
    q.add_argument("--units", metavar="N", help="单元数")
    q.add_argument("--flats", metavar="N", help="每单元每层户数")


def register(org, common) -> None:
    """The ``building`` and ``room`` actions of ``org`` (its subparsers)."""
    p = org.add_parser("building", help="楼栋：新建、修改、列出")
    sub = p.add_subparsers(dest="building_command", metavar="ACTION", required=True)
    q = sub.add_parser("add", parents=[common], help="在网格中新建楼栋（按层数×单元×每层户数生成房屋）")
    q.add_argument("name", help="楼栋名称，如 3栋（只写数字时加“栋”）")
    _shape(q)
    _place(q, False)
    q.set_defaults(func=cmd_building_add, floors=1, units=1, flats=1)
    q = sub.add_parser("edit", parents=[common], help="修改楼栋：改名、地址、移到本社区另一网格、增减层数/单元/户数")
    q.add_argument("old_name", metavar="BUILDING", help="现在的楼栋名称")
    q.add_argument("--name", help="新名称")
    q.add_argument("--to-grid", metavar="NAME", help="移到本社区的这个网格")
    _shape(q)
    _place(q, False)
    q.set_defaults(func=cmd_building_edit)
    q = sub.add_parser("list", parents=[common], help="列出网格的楼栋")
    _place(q, False)
    q.set_defaults(func=cmd_building_list)

    p = org.add_parser("room", help="房屋：新增（门面、地下室等）、改名、删除空房、列出")
    sub = p.add_subparsers(dest="room_command", metavar="ACTION", required=True)
    q = sub.add_parser("add", parents=[common], help="在楼栋中新增一间房屋")
    q.add_argument("room", help="房号，如 门面1、地下室、1205")
    q.add_argument("--unit", metavar="N", default="1", help="单元（默认 1）")
    q.add_argument("--floor", metavar="N", help="楼层（默认按房号，如 1205 在 12 层；其他为 1 层；地下为 -1）")
    _place(q, True)
    q.set_defaults(func=cmd_room_add)
    q = sub.add_parser("edit", parents=[common], help="房屋改名或改楼层")
    q.add_argument("room", help="房号：302、2单元302、2-302 或 门面1")
    q.add_argument("--name", help="新房号")
    q.add_argument("--floor", metavar="N", help="楼层")
    _place(q, True)
    q.set_defaults(func=cmd_room_edit)
    q = sub.add_parser("remove", parents=[common], help="删除没有住户登记的房屋")
    q.add_argument("room", help="房号：302、2单元302、2-302 或 门面1")
    _place(q, True)
    q.set_defaults(func=cmd_room_remove)
    q = sub.add_parser("list", parents=[common], help="列出楼栋的房屋（按单元、楼层）")
    _place(q, True)
    q.set_defaults(func=cmd_room_list)
