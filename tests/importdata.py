"""Legacy ledger spreadsheets for import tests: a messy one, and big ones for benchmarks."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from openpyxl import Workbook

from gridapp import idnumber

TODAY = dt.date(2026, 11, 22)
HEADERS = ["序号", "姓名", "性别", "身份证号码", "出生日期", "与户主关系", "联系电话", "现住址", "户籍地", "人员类别", "备注"]


def pid(birth: dt.date, seq: int, region: str = "340123") -> str:
    return idnumber.make(region, birth, seq)


def bad_check_digit(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


def messy_rows(registered_id: str) -> tuple[list[list], dict]:
    """Rows of a messy legacy ledger and what the import must make of them.

    ``registered_id``: the ID number of someone already in the database (a duplicate).
    """
    a_head, a_wife, a_son, a_girl = (pid(dt.date(1960, 3, 4), 11), pid(dt.date(1962, 5, 6), 22),
                                     pid(dt.date(1988, 7, 8), 33), pid(dt.date(1990, 6, 1), 44))
    c_head, c_kid = pid(dt.date(1975, 1, 2), 55), pid(dt.date(2001, 2, 3), 66)
    rows = [
        # household A: four good rows, four ways of writing a date
        [1, "张三丰", "男", a_head, "1960/03/04", "户主", 13912345678, "南湖新苑1栋2单元302室", "安徽省肥西县", "常住、党员", ""],
        [2, "李四", "女", a_wife, "1962.05.06", "配偶", "", "同上", "安徽省肥西县", "常住", ""],
        [3, "张小明", "男", a_son, 19880708, "子", "13811112222", "南湖新苑1栋2单元302室", "", "", ""],
        [4, "张小丽", "女", a_girl, (dt.date(1990, 6, 1) - dt.date(1899, 12, 30)).days, "女", "", "", "", "常住",
         "出生日期为 Excel 序号"],
        # household B: the head's ID number was kept by Excel as a number: digits lost
        [5, "王五", "男", float(pid(dt.date(1949, 12, 31), 2)), "1949-12-31", "户主", "13700001111",
         "南湖新苑1栋2单元402室", "", "", ""],
        [6, "赵六", "女", pid(dt.date(1951, 3, 3), 4), "1951-03-03", "配偶", "", "南湖新苑1栋2单元402室", "", "", ""],
        # household C: the child's ID has a bad check digit; the head is fine
        [7, "孙七", "男", c_head, "1975-01-02", "户主", "13600002222", "南湖新苑1栋1单元101室", "", "", "经商"],
        [8, "孙小八", "男", bad_check_digit(c_kid), "2001-02-03", "子", "", "南湖新苑1栋1单元101室", "", "", ""],
        # household D: the head is already registered (a duplicate)
        [9, "周九", "男", registered_id, "", "户主", "13500003333", "南湖新苑1栋1单元102室", "", "", ""],
        # household E: an address that cannot be read into building / unit / room
        [10, "吴十", "女", pid(dt.date(1980, 8, 8), 88), "1980-08-08", "户主", "13400004444", "东门菜市场旁边平房",
         "", "", ""],
        # household F: a member repeats household A's son (same ID number twice in the file)
        [11, "郑十一", "男", pid(dt.date(1970, 10, 10), 77), "1970-10-10", "户主", "13300005555",
         "南湖新苑1栋1单元201室", "", "", ""],
        [12, "张小明", "男", a_son, "1988-07-08", "子", "", "南湖新苑1栋1单元201室", "", "", ""],
    ]
    expected = {
        "imported_ids": {a_head, a_wife, a_son, a_girl, c_head, pid(dt.date(1970, 10, 10), 77)},
        # by 序号 (the sheet row is two more: a title and the header above) → words of the reason
        "rejected": {5: "15 位有效数字", 6: "户主行有误", 8: "校验位", 9: "已登记", 10: "无法分出楼栋",
                     12: "第 5 行相同"},
        "girl_birth": dt.date(1990, 6, 1),  # given as an Excel serial number
    }
    return rows, expected


def write_sheet(path: Path, rows: list[list], headers=HEADERS, title: str | None = "爱和社区第三网格人口台账") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "人口台账"
    if title:
        ws.append([title])
    ws.append(headers)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def big_rows(n: int, seed: int = 1, building: str = "导入测试苑") -> list[list]:
    """About ``n`` rows of plausible households (3–4 people), every row valid."""
    rng = random.Random(seed)
    rows, i, house, used = [], 0, 0, set()
    while len(rows) < n:
        house += 1
        b, unit, floor, flat = house // 400 + 1, house // 100 % 4 + 1, house // 4 % 25 + 1, house % 4 + 1
        address = f"{building}{b}栋{unit}单元{floor}{flat:02d}室"
        head_birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(365 * 30))
        people = [("户主", "M", head_birth), ("配偶", "F", head_birth + dt.timedelta(days=rng.randrange(-900, 900)))]
        for _ in range(rng.choice((1, 2))):
            people.append(("子" if rng.random() < 0.5 else "女", None,
                           head_birth + dt.timedelta(days=365 * 25 + rng.randrange(3000))))
        for relation, gender, birth in people:
            i += 1
            gender = gender or ("M" if relation == "子" else "F")
            seq = i % 500 * 2 + (1 if gender == "M" else 0)
            while (birth, seq) in used:
                seq = (seq + 2) % 1000
            used.add((birth, seq))
            number = idnumber.make("110105", birth, seq)
            phone = f"139{i:08d}" if relation == "户主" else ""
            rows.append([i, f"测试{i}", "男" if gender == "M" else "女", number, birth.isoformat(), relation, phone,
                         address, "安徽省肥西县", "常住", ""])
    return rows
