"""How dates and figures are printed on paper, one style for every document: dates as
2026年12月5日 (times as 2026年12月5日 14:30), points with one decimal (56.0 beside 56.4)."""

from __future__ import annotations

import datetime as dt


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def datetime_text(moment: dt.datetime) -> str:
    return f"{date_text(moment)} {moment:%H:%M}"


def made_at(now: dt.datetime | None = None) -> str:
    """The footer's 生成于 stamp."""
    return f"生成于 {datetime_text(now or dt.datetime.now())}"


def decimal(value) -> str:
    """A figure with one decimal; — when there is none."""
    return "—" if value is None else f"{value:.1f}"


def stats_caption(data: dict) -> str:
    """The date and place of a statistics report: 截至2026年12月5日，爱和社区."""
    place = data["scope"]
    communities = sorted({g["community"] for g in data.get("by_grid", ())})
    if place == "全部":
        place = communities[0] if len(communities) == 1 else f"全部 {len(communities)} 个社区"
    return f"截至{date_text(dt.date.fromisoformat(data['as_of']))}，{place}"
