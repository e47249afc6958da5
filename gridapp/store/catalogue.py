"""The field catalogue: every synced table and field in the words of the paper card and the
screens, one label each. Ledgers, import, verification, the conflict list, the audit trail
and the forms read their labels here, so a field is called the same everywhere."""

from __future__ import annotations

from dataclasses import dataclass

TABLE_LABELS = {
    "street": "街道", "community": "社区", "grid_group": "网格大组", "grid": "网格", "building": "楼栋",
    "house": "房屋", "staff": "工作人员", "staff_grid": "岗位", "card_field": "补充项", "household": "户",
    "person": "人员", "setting": "设置", "card": "登记卡", "keying_record": "录入记录", "calendar_day": "节假日",
    "affair_item": "社区事务", "audit_entry": "操作记录", "account": "用户", "appraisal_template": "考评模板",
    "appraisal_month": "月度考评", "appraisal_score": "考评得分", "survey_tally": "群众测评",
    "amendment": "考评更正", "visit_entry": "走访日志", "ledger": "台账", "filing_register": "归档登记表",
    "database": "数据库", "stats": "统计报表",
    "matter": "事项", "matter_step": "事项办理步骤", "matter_photo": "事项照片",
    "service_sheet": "服务需求供给表", "diary_day": "民情日记", "diary_finding": "民情日记发现",
    "duty_rota": "值班表", "duty_change": "值班调换", "task_group": "任务小组", "meeting": "例会",
    "task": "工作任务", "task_report": "任务进度",
}


@dataclass(frozen=True)
class Field:
    """A field as people see it: its label (the paper card's word), what kind of value it
    holds, and how it is masked on anything printed for the public (``gridapp.privacy``)."""

    label: str
    kind: str = "text"  # text, date, code (a vocab code), flags (category bits), number, json
    mask: str = ""  # "": shown as it is; "name", "id", "phone": masked for the public


# The household card's person and household fields (docs/cards-format.md; the entry form).
PERSON = {
    "name": Field("姓名", mask="name"), "id_number": Field("身份证号", mask="id"), "gender": Field("性别", "code"),
    "birth_date": Field("出生日期", "date"), "relation": Field("与户主关系"), "phone": Field("联系电话", mask="phone"),
    "ethnicity": Field("民族"), "hukou_place": Field("户籍地"), "status": Field("居住状态", "code"),
    "inflow_reason": Field("流入原因", "code"), "inflow_origin": Field("来自"), "arrived_on": Field("流入日期", "date"),
    "departed_on": Field("迁出日期", "date"), "departed_to": Field("迁往"), "categories": Field("人员类别", "flags"),
    "extra": Field("补充项", "json"), "note": Field("备注"), "household": Field("户"), "initials": Field("拼音首字母"),
    "moved_from": Field("迁移前记录"),
}
HOUSEHOLD = {
    "house": Field("房屋"), "categories": Field("户类别", "flags"), "extra": Field("补充项", "json"),
    "arrived_on": Field("流入日期", "date"), "departed_on": Field("迁出日期", "date"), "departed_to": Field("迁往"),
    "note": Field("备注"),
}
HOUSE = {
    "building": Field("楼栋"), "floor": Field("楼层", "number"), "unit": Field("单元", "number"), "room": Field("房号"),
    "landlord_name": Field("房东姓名", mask="name"), "landlord_phone": Field("房东电话", mask="phone"),
    "ownership": Field("产权", "code"), "vacant": Field("空置"),
}
CARD = {
    "card_no": Field("卡号"), "community": Field("社区"), "grid": Field("网格"), "collected_by": Field("采集网格员"),
    "collected_on": Field("采集日期", "date"), "state": Field("状态", "code"), "archive_no": Field("档案号"),
    "household": Field("户"), "note": Field("备注"),
}
# A matter (事项) and the steps of its handling.
MATTER = {
    "number": Field("事项编号"), "kind": Field("类别", "code"), "grid": Field("网格"), "place": Field("地点"),
    "household": Field("户"), "person": Field("当事人"), "contact_name": Field("联系人", mask="name"),
    "contact_phone": Field("联系电话", mask="phone"), "description": Field("事项内容"),
    "urgency": Field("紧急程度", "code"), "affair": Field("社区事务"), "line": Field("业务口"),
    "assignee": Field("分管委员"), "found_by": Field("发现人"), "found_at": Field("发现时间", "date"),
    "promised_on": Field("承诺办结日期", "date"), "state": Field("办理状态", "code"), "referred": Field("已上报"),
    "result": Field("办理结果"), "satisfied": Field("回访满意"),
}
MATTER_STEP = {
    "action": Field("办理步骤", "code"), "line": Field("业务口"), "assignee": Field("分管委员"), "note": Field("说明"),
    "satisfied": Field("回访满意"),
}
# A member of the grid team (工作人员): the roster, the notice board, 一格三员.
STAFF = {
    "name": Field("姓名"), "phone": Field("电话", mask="phone"), "role": Field("岗位", "code"),
    "kind": Field("一格三员类别", "code"), "community": Field("社区"), "photo": Field("照片"), "active": Field("在岗"),
}
TABLES = {"person": PERSON, "household": HOUSEHOLD, "house": HOUSE, "card": CARD, "matter": MATTER,
          "matter_step": MATTER_STEP, "staff": STAFF}

# Fields of the other tables, and the label of a field whose table is not known.
FIELD_LABELS = {
    "name": "名称", "phone": "电话", "id_number": "身份证号", "gender": "性别", "birth_date": "出生日期",
    "relation": "与户主关系", "ethnicity": "民族", "hukou_place": "户籍地", "status": "居住状态",
    "inflow_reason": "流入原因", "inflow_origin": "来自", "arrived_on": "流入日期", "departed_on": "迁出日期",
    "departed_to": "迁往", "categories": "类别", "extra": "补充项", "note": "备注", "deleted": "已删除",
    "address": "地址", "landlord_name": "房东姓名", "landlord_phone": "房东电话", "ownership": "产权",
    "value": "值", "label": "名称", "role": "角色", "active": "在岗", "post": "岗位", "vacant": "空置",
}


def table_label(table: str) -> str:
    return TABLE_LABELS.get(table, table)


def field(table: str, name: str) -> Field | None:
    return TABLES.get(table, {}).get(name)


def field_label(name: str, table: str = "") -> str:
    """The label of ``table``'s field ``name`` (a field of a table not catalogued: its usual label)."""
    found = field(table, name)
    return found.label if found else FIELD_LABELS.get(name, name)


def label(table: str, name: str) -> str:
    """The label of a catalogued field (a ``KeyError`` for a field the catalogue does not know)."""
    return TABLES[table][name].label


def labels(table: str, *names: str) -> dict[str, str]:
    """{name: label} for the named fields of ``table``, in that order."""
    return {n: label(table, n) for n in names}
