"""Settings declared once (key, type, default, label, where it applies) and read or
written through one pair of functions.

``community`` settings are synced rows: a street-wide value (community None), which
a community may override with its own. ``local`` settings belong to this
installation alone (a sync folder, the last window size) and never leave it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from gridapp import categories as cats
from gridapp.engines import machine_key
from gridapp.errors import ValidationError
from gridapp.memo import batched
from gridapp.models import LocalState, Setting, database

BOARD_DUTIES = (
    "履行服务、监督、信息、宣传四大职责：承办民政、计生、就业、社保等社会事务；"
    "协办党建、创建、综治、安全生产等工作；负责信息收集、便民服务和简易问题处理。")
BOARD_PROMISES = (
    "每周入格不少于三次，按时走访住户；居民诉求当场登记，一般事项两个工作日内答复；"
    "熟知网格内每户家庭、人员类别、户籍和风险隐患；严守居民信息保密制度。")


def board_category_key(code: str) -> str:
    """The switch that lets a category show on public wall boards."""
    return f"boards.show.{code}"


def followup_interval_key(code: str) -> str:
    """The visit interval (days) of a must-visit category (五必访)."""
    return f"followup.interval.{code}"


@dataclass(frozen=True)
class Option:
    key: str
    type: type
    default: Any
    label: str
    scope: str = "community"  # or "local"
    help: str = ""


# how often each must-visit group is visited (days); a person in several groups: the shortest
FOLLOWUP_INTERVALS = {"elderly": 30, "frail": 14, "child": 30, "disabled": 30, "pregnant": 14}
FOLLOWUP_OPTIONS = (
    *(Option(followup_interval_key(code), int, days, f"“{cats.BY_CODE[code].label}”走访间隔（天）",
             help="五必访对象每隔多少天走访一次；一人属多类时取最短；个人的服务需求供给表可另定")
      for code, days in FOLLOWUP_INTERVALS.items()),
    Option("followup.due_days", int, 7, "提前几天列入待访",
           help="下次应访日期在几天之内的五必访对象列入网格员的待访名单"),
)

OPTIONS: dict[str, Option] = {o.key: o for o in (
    Option("cards.due_days", int, 2, "录入时限（天）", help="登记卡须在采集后几天内录入（两日录入制）"),
    Option("cards.working_days", bool, False, "按工作日计算时限", help="按国家法定节假日与调休计算"),
    Option("cards.basic_items", list, ["name", "id_number", "address", "phone"], "基本项（必填）",
           help="登记卡上户主必须填写的基本项：name 姓名、id_number 身份证号、address 现住址、phone 联系电话"),
    Option("cards.max_members", int, 30, "每户成员上限",
           help="一张登记卡最多几名成员；超过 15 名须确认。集体户较多的社区可调高"),
    Option("filing.binder_capacity", int, 100, "每册卡片数"),
    Option("filing.missing_after_days", int, 7, "录入后几天未归档视为缺失"),
    Option("sync.folder", str, "", "同步文件夹", scope="local",
           help="U 盘或共享文件夹；只存放加密的数据包，数据库始终留在本机"),
    Option("sync.interval", int, 30, "自动同步间隔（分钟）", scope="local",
           help="每隔多少分钟自动导入并导出一次；0 为不自动同步。退出程序时总会导出一次"),
    Option("boards.full_names", bool, False, "公示栏显示完整姓名",
           help="默认只显示姓氏和末字（张*明）；打开后楼栋信息栏显示户主全名"),
    Option("boards.show_vacant", bool, False, "公示栏标注空置房屋",
           help="默认不标：在公共楼道公示哪些房屋无人居住有安全风险；不标时，空置房屋与未登记的房屋显示相同"),
    Option("boards.duties", str, BOARD_DUTIES, "网格员工作职责", help="印在网格员公示牌上"),
    Option("boards.promises", str, BOARD_PROMISES, "网格员服务承诺", help="印在网格员公示牌上"),
    Option("boards.contact", str, "", "联系方式说明",
           help="印在网格员公示牌上，如社区服务站地址、办公时间、值班电话"),
    Option("backup.folder", str, "", "备份文件夹", scope="local",
           help="可指向 U 盘；不填则为数据库旁的“备份”文件夹。保留最近 7 天、4 周、12 个月各一份"),
    Option("backup.on_close", bool, True, "退出时自动备份", scope="local", help="另外每天自动备份一次"),
    Option("security.lock_minutes", int, 15, "无操作几分钟后锁定", help="有用户帐户时生效；0 为不自动锁定"),
    Option("appraisal.stars", int, 3, "每月星级网格员人数", help="月度考评总分前几名评为星级网格员"),
    Option("appraisal.star_min_total", int, 60, "星级最低总分",
           help="总分低于此分的不评星级；本月没有任何工作记录和评分的网格员也不评星级"),
    Option("matters.lines", list, ["民政", "社保", "卫健计生", "综治平安", "城建环境", "党建群团", "退役军人", "残联", "其他"],
           "业务口", help="事项分派到的业务口；事务清单中事项的类别也可作为业务口"),
    Option("matters.line_members", list, [], "分管委员",
           help="每项“业务口=用户名”，如 民政=wangli：分管委员只办理和查看自己业务口的事项"),
    Option("matters.promised_days", int, 5, "事项默认办理时限（工作日）",
           help="未对应事务清单事项、或清单未写承诺时限时，事项须在登记后几个工作日内办结"),
    *FOLLOWUP_OPTIONS,
    *(Option(board_category_key(c.code), bool, c.code in cats.WALLBOARD_CODES and not c.sensitive,
             f"公示栏标注“{c.label}”",
             help="健康与计生类别默认不上公示栏" if c.sensitive else "")
      for c in cats.CATEGORIES),
)}


def option(key: str) -> Option:
    try:
        return OPTIONS[key]
    except KeyError:
        raise ValidationError(f"没有设置项 “{key}”") from None


def _check(opt: Option, value):
    if opt.type is bool and not isinstance(value, bool):
        raise ValidationError("须为 是/否", f"设置“{opt.label}”")
    if opt.type is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValidationError(f"须为整数，不是 {value!r}", f"设置“{opt.label}”")
    if opt.type in (str, list, dict) and not isinstance(value, opt.type):
        raise ValidationError("类型不对", f"设置“{opt.label}”")
    return value


@batched
def get(key: str, community=None):
    """The community's own value, else the street-wide one, else the default."""
    opt = option(key)
    if opt.scope == "local":
        raw = LocalState.get_value(machine_key("setting:" + key))
        return opt.default if raw is None else json.loads(raw)
    rows = {r.community_id: r.value for r in Setting.live().where(
        Setting.key == key, (Setting.community.is_null()) | (Setting.community == community))}
    community_id = getattr(community, "id", community)
    for scope in (community_id, None):
        if scope in rows:
            return json.loads(rows[scope])
    return opt.default


def put(key: str, value, community=None) -> None:
    opt = option(key)
    if opt.scope != "local":
        from gridapp.store.roles import require

        require("settings.edit")
    text = json.dumps(_check(opt, value), ensure_ascii=False)
    if opt.scope == "local":
        LocalState.set_value(machine_key("setting:" + key), text)
        return
    with database.atomic():
        q = Setting.live().where(Setting.key == key)
        q = q.where(Setting.community.is_null()) if community is None else q.where(Setting.community == community)
        row = q.first() or Setting(key=key, community=community)
        row.value = text
        row.save()


GROUPS = {"cards": "登记卡", "filing": "归档", "sync": "同步", "boards": "公示栏", "appraisal": "考评",
          "backup": "备份", "security": "安全", "matters": "事项",
          "followup": "五必访"}
TRUE_WORDS, FALSE_WORDS = {"是", "开", "true", "yes", "on", "1"}, {"否", "关", "false", "no", "off", "0"}


def group_of(opt: Option) -> str:
    """The Chinese name of the group an option is shown in (by its key's first part)."""
    return GROUPS.get(opt.key.split(".", 1)[0], "其他")


def parse(key: str, text: str):
    """A value typed as text (``是``/``否``, a number, items separated by commas) for ``key``."""
    opt = option(key)
    text = text.strip()
    where = f"设置“{opt.label}”"
    if opt.type is bool:
        word = text.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(f"须为 是 或 否，不是“{text}”", where)
    if opt.type is int:
        try:
            return int(text)
        except ValueError:
            raise ValidationError(f"须为整数，不是“{text}”", where) from None
    if opt.type is list:
        return [item.strip() for item in text.replace("，", ",").replace("、", ",").split(",") if item.strip()]
    if opt.type is str:
        return text
    raise ValidationError("不能用文字设置", where)


def show(value) -> str:
    """A value as the text ``parse`` reads back."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def overview(community=None) -> list[dict]:
    """Every option with the value in force for ``community`` (None: street-wide) and where it
    comes from: 本社区, 全街道, 本机 or 默认."""
    out = []
    for opt in OPTIONS.values():
        if opt.scope == "local":
            origin = "本机" if LocalState.get_value(machine_key("setting:" + opt.key)) is not None else "默认"
        else:
            rows = {r.community_id for r in Setting.live().where(
                Setting.key == opt.key, (Setting.community.is_null()) | (Setting.community == community))}
            community_id = getattr(community, "id", community)
            origin = "本社区" if community_id is not None and community_id in rows else \
                "全街道" if None in rows else "默认"
        out.append({"key": opt.key, "label": opt.label, "group": group_of(opt), "value": get(opt.key, community),
                    "origin": origin, "scope": opt.scope, "help": opt.help})
    return out


def put_many(values: dict, community=None) -> None:
    """Write several settings at once: every value is checked first, then all are written in
    one transaction, or none is."""
    checked = {key: _check(option(key), value) for key, value in values.items()}
    with database.atomic():
        for key, value in checked.items():
            put(key, value, community)
