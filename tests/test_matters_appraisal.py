"""The appraisal's system items from matters: found, closed on time, satisfaction — values
counted by hand, on both engines."""

from __future__ import annotations

import datetime as dt
import json

from gridapp.models import Matter
from gridapp.services import appraisal, apptemplates, matters
from tests import appraisal_data
from tests.appraisal_data import MONTH
from tests.test_appraisal import TODAY, _row

ITEMS = [{"key": "m_found", "name": "发现受理事项", "max": 10, "source": "system", "formula": "matters_found", "target": 4},
         {"key": "m_on_time", "name": "事项按时办结率", "max": 10, "source": "system", "formula": "matters_on_time",
          "target": 1.0},
         {"key": "m_satisfied", "name": "事项回访满意率", "max": 5, "source": "system", "formula": "matters_satisfaction",
          "target": 1.0}]


def matter(found_by, found_on, promised_on, grid="第一网格", closed_on=None, satisfied=""):
    m = matters.add({"kind": "诉求", "grid": grid, "community": "和平社区", "description": "诉求", "line": "民政",
                     "found_by": found_by, "found_at": found_on.isoformat()}, today=TODAY)
    m.promised_on, m.satisfied = promised_on, satisfied
    if closed_on:
        m.state, m.closed_at = "closed", dt.datetime.combine(closed_on, dt.time(11))
    m.save()
    return m


def test_matters_found_closed_on_time_and_satisfaction_score_by_hand(hub_db, tmp_path):
    made = appraisal_data.build()  # the month is opened after the template is in
    path = tmp_path / "t.json"
    apptemplates.export(path, None)
    body = json.loads(path.read_text(encoding="utf-8"))
    body["sections"].insert(1, {"key": "matters", "name": "事项", "items": ITEMS})
    path.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    apptemplates.import_file(path)
    d = dt.date
    matter("孙网格", d(2026, 10, 8), d(2026, 10, 15), closed_on=d(2026, 10, 12), satisfied="yes")  # on time
    matter("孙网格", d(2026, 10, 9), d(2026, 10, 15), closed_on=d(2026, 10, 20), satisfied="no")  # late
    matter("孙网格", d(2026, 10, 12), d(2026, 10, 20))  # open and overdue on 11-05
    matter("周备岗", d(2026, 10, 28), d(2026, 11, 30))  # open, not yet due
    matter("孙网格", d(2026, 9, 28), d(2026, 10, 9))  # September's
    matter("孙网格", d(2026, 10, 5), d(2026, 10, 9), grid="第二网格", closed_on=d(2026, 10, 6))  # another grid
    assert Matter.select().count() == 6
    data = appraisal.month_sheet(made["community"], MONTH, TODAY)
    sun, zhou = _row(data, "孙网格"), _row(data, "周备岗")
    # 孙网格 found 4 in October (3 in his grid, 1 in another) against a target of 4: 10
    # his grid's October matters: 1 closed on time ÷ (2 closed + 1 overdue) = 1/3 → 10 × 0.333 = 3.3
    # called back 2, satisfied 1 → 5 × 0.5 = 2.5
    assert (sun["points"]["m_found"], sun["points"]["m_on_time"], sun["points"]["m_satisfied"]) == (10.0, 3.3, 2.5)
    assert sun["evidence"]["m_found"] == "本月发现/受理事项 4 件"
    assert sun["evidence"]["m_on_time"] == "网格本月事项按时办结 1 件 ÷（已办结 2 + 逾期未结 1）= 33.3%"
    assert sun["evidence"]["m_satisfied"] == "回访满意 1 件 ÷ 回访 2 件 = 50.0%"
    # 周备岗 (post B of the same grid) found 1: 10 × 1/4 = 2.5; the grid's rates are the same
    assert (zhou["points"]["m_found"], zhou["points"]["m_on_time"], zhou["points"]["m_satisfied"]) == (2.5, 3.3, 2.5)
