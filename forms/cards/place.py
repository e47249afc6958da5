"""What the entry form says beside the typed address, and the choices it offers (F7, or on
Ctrl+S) where only the clerk can decide: a building or room new in the grid, or a second
household at an address where another family lives."""

from __future__ import annotations

from gridapp.services import cardplace
from gridapp.services.cardinput import CardInput
from gridapp.services.cardplace import Place

ASK = {"address.building": "按 F7：改用相近的楼栋，或确认新建",
       "address.room": "按 F7：改用已有的房屋，或确认新建",
       "household.at_address": "按 F7：在该地址另立新户（如合租的另一家），或载入已住的一户（F4）"}


def note(place: Place, card: CardInput, editing: bool) -> tuple[bool, str]:
    """(whether the clerk must choose, the text beside the address)."""
    issue = next((i for i in place.issues if i.field in cardplace.FIELDS), None)
    if issue is not None:
        return True, f"{cardplace.fact(issue)}。{ASK[issue.field]}" if issue.field in ASK else issue.message
    lines, chosen = [], False
    if place.house is None and place.building is None and card.building:
        lines.append(f"将在本网格新建楼栋“{card.building}”")
        chosen = True
    elif place.house is None and place.building is not None:
        lines.append(f"将新建房屋 {card.unit}单元 {card.room}室")
        chosen = True
    here = next((r for r in place.residents if r.household == place.household), None)
    living = "，".join(map(str, place.residents))
    if place.residents and place.household is None and card.at_address == cardplace.NEW:
        lines.append(f"将在该地址另立新户（已住：{living}）")
        chosen = True
    elif place.residents and place.household is None:
        lines.append(f"该地址已住有：{living}")  # the card's head is not typed yet
    elif place.household is not None and editing:
        lines.append(f"正在修改已登记的一户（{here}）" if here else "正在修改已登记的一户")
    elif here is not None:
        lines.append(f"该地址已登记本户（{here}），保存将更新该户")
    elif place.house is not None:
        lines.append("该房屋目前无人登记")
    return False, "；".join(lines) + ("（F7 可改）" if chosen else "")


def options(place: Place, card: CardInput) -> tuple[str, list[tuple[str, tuple]]]:
    """The question and its answers, each with what it does: ("building", name), ("room", (unit,
    room)), ("new_address",), ("new_household",) or ("load", household)."""
    field = place.unsettled
    issue = next(i for i in place.issues if i.field == field)
    if field == "address.building":
        answers = [(f"改用已有楼栋“{name}”", ("building", name)) for name in place.close]
        answers.append((f"新建楼栋“{card.building}”（本网格尚无）", ("new_address",)))
    elif field == "address.room":
        answers = [(f"改用已有的 {unit}单元 {room}室", ("room", (unit, room))) for unit, room in place.close]
        answers.append((f"新建房屋 {card.unit}单元 {card.room}室", ("new_address",)))
    else:
        answers = [("在该地址另立新户（如合租的另一家）", ("new_household",))]
        answers += [(f"载入已住的一户来修改：{r}（本卡已输入的内容存入未完成的登记卡）", ("load", r.household))
                    for r in place.residents]
    return cardplace.fact(issue), answers
