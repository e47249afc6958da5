"""Known must-visit people for the daily-work tests, on the board tests' building (和平里1栋,
孙网格 on post A, 周备岗 on post B): 李四 pregnant (every 14 days), 孙老 elderly (30 days),
赵一 disabled with their own interval of 10 days on the service-needs sheet, 王小𠇔 a child
(30 days) never visited. Visits in November 2026: 李四 and 孙老 on the 2nd, 孙老 again on the
10th, 赵一 on the 20th."""

from __future__ import annotations

import datetime as dt

from gridapp import categories as cats
from gridapp.models import Person, Staff
from gridapp.services import servicesheets, visits
from tests import boards_data

TODAY = dt.date(2026, 11, 25)
FLAGS = {"李四": ["pregnant"], "孙老": ["elderly"], "赵一": ["disabled"], "王小𠇔": ["child"]}
VISITS = [(dt.date(2026, 11, 2), "1栋1单元101 301"), (dt.date(2026, 11, 10), "1栋1单元301"),
          (dt.date(2026, 11, 20), "1栋2单元201")]


def build() -> dict:
    made = boards_data.build()
    for name, flags in FLAGS.items():
        person = Person.get(Person.name == name)
        person.categories = cats.to_mask(flags, cats.PERSON)
        person.save()
    for day, line in VISITS:
        visits.record("孙网格", day, line)
    servicesheets.save(Person.get(Person.name == "赵一"), {"interval_days": 10})
    made["worker"], made["backup"] = Staff.get(Staff.name == "孙网格"), Staff.get(Staff.name == "周备岗")
    return made
