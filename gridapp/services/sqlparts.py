"""SQL expressions that statistics and ledgers share: a person's age on a day, an
address as people write it, a household's head and archive number."""

from __future__ import annotations

import datetime as dt

from peewee import SQL, Case, Value, fn

from gridapp.models import Building, Card, House, Person


def columns_by_position(count: int) -> list:
    """The first ``count`` selected columns by number, for GROUP BY and ORDER BY: grouping by
    an expression with parameters is refused by PostgreSQL (its parameters are numbered
    apart from the selected ones) and recomputed by SQLite."""
    return [SQL(str(i)) for i in range(1, count + 1)]


def age(today: dt.date, birth=Person.birth_date):
    """Whole years on ``today`` (NULL when the birth date is unknown); dates are stored ISO."""
    years = Value(today.year) - fn.substr(birth, 1, 4).cast("INTEGER")
    return years - Case(None, [(fn.substr(birth, 6, 5) > today.strftime("%m-%d"), 1)], 0)


def born_on_or_before(today: dt.date, years: int) -> str:
    """The latest birth date of someone at least ``years`` old on ``today`` (ISO text)."""
    try:
        day = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        day = today.replace(year=today.year - years, day=28)
    return day.isoformat()


def address():
    """``长安阁1栋 2单元 302室``."""
    return Building.name.concat(" ").concat(House.unit).concat("单元 ").concat(House.room).concat("室")


def head_of(household_column, column=Person.name):
    """The present head's ``column`` for each row's household (a correlated subquery)."""
    head = Person.alias("head")
    field = getattr(head, column.name)
    return (head.select(field)
            .where(head.household == household_column, head.relation == "户主",
                   head.deleted == False, head.departed_on.is_null())  # noqa: E712
            .limit(1))


def archive_no_of(household_column):
    """The archive number of the household's latest keyed card (as filing.archive_number_of)."""
    card = Card.alias("arch")
    return (card.select(card.archive_no)
            .where(card.household == household_column, card.archive_no != "", card.deleted == False)  # noqa: E712
            .order_by(card.keyed_at.desc()).limit(1))
