"""Bounds every input value keeps, whatever field it arrives in.

Commands (domain.commands) and the import file's schema check each value against these before
any rule or database sees it: ids that fit a PostgreSQL integer (SQLite would take up to 2^63,
PostgreSQL fails above 2^31 - 1), text without NUL (PostgreSQL refuses it in text) and short
enough for any column, dates that date arithmetic can move a few years either way, and finite
hours of a sane size. The rules and services then give the
precise, field-specific messages; these bounds only make sure nothing hostile gets that far.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Final

from treserva_desktop.domain.numbers import grouped

ID_MIN: Final = 1
ID_MAX: Final = 2**31 - 1
# The longest free text any field stores (a message body).
TEXT_MAX: Final = 20_000
# The most ids one command carries (an export of every waiting assignment of a municipality).
ITEMS_MAX: Final = 100_000
EARLIEST_DATE: Final = date(1900, 1, 1)
LATEST_DATE: Final = date(2199, 12, 31)
# Hours, the only decimals in the input, are at most 744 a month; a million leaves room for the
# rules to say so in their own words while keeping arithmetic on them exact.
DECIMAL_MAX: Final = Decimal(1_000_000)
DECIMAL_PLACES_MAX: Final = 6

# NUL, which PostgreSQL cannot store in text (and SQLite cuts text at), and lone surrogates,
# which cannot be encoded as UTF-8 at all. Other control characters are stored as they are:
# text pasted from a word processor carries vertical tabs and form feeds.
_FORBIDDEN_CHARACTERS = re.compile(r"[\x00\ud800-\udfff]")

ID_MESSAGE = f"ska vara ett id mellan {ID_MIN} och {grouped(ID_MAX)}"
TEXT_CHARACTERS_MESSAGE = "innehåller ett otillåtet tecken (NUL eller ett ofullständigt tecken)"
TEXT_LENGTH_MESSAGE = f"får vara högst {grouped(TEXT_MAX)} tecken"
ITEMS_MESSAGE = f"får innehålla högst {grouped(ITEMS_MAX)} värden"
DATE_MESSAGE = f"ska vara ett datum mellan {EARLIEST_DATE:%Y-%m-%d} och {LATEST_DATE:%Y-%m-%d}"
DECIMAL_MESSAGE = (
    f"ska vara ett ändligt tal mellan {grouped(-int(DECIMAL_MAX))} och "
    f"{grouped(int(DECIMAL_MAX))} med högst {DECIMAL_PLACES_MAX} decimaler"
)


class OutOfBounds(ValueError):
    """A value outside the bounds; the message is Swedish and names no value."""


def check_id(value: int) -> int:
    if not ID_MIN <= value <= ID_MAX:
        raise OutOfBounds(ID_MESSAGE)
    return value


def check_text(value: str) -> str:
    if len(value) > TEXT_MAX:
        raise OutOfBounds(TEXT_LENGTH_MESSAGE)
    if _FORBIDDEN_CHARACTERS.search(value):
        raise OutOfBounds(TEXT_CHARACTERS_MESSAGE)
    return value


def check_moment(value: datetime) -> datetime:
    """A moment (a journal note's event time): its date within the date bounds."""
    check_date(value.date())
    return value


def check_date(value: date) -> date:
    if not EARLIEST_DATE <= value <= LATEST_DATE:
        raise OutOfBounds(DATE_MESSAGE)
    return value


def check_decimal(value: Decimal) -> Decimal:
    if not value.is_finite() or abs(value) > DECIMAL_MAX:
        raise OutOfBounds(DECIMAL_MESSAGE)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -DECIMAL_PLACES_MAX:
        raise OutOfBounds(DECIMAL_MESSAGE)
    return value


def _check_items(value: tuple[Any, ...] | list[Any]) -> tuple[Any, ...] | list[Any]:
    if len(value) > ITEMS_MAX:
        raise OutOfBounds(ITEMS_MESSAGE)
    for item in value:
        check_value(item)
    return value


_CHECKS: tuple[tuple[type, Callable[[Any], Any]], ...] = (
    (str, check_text),
    (int, check_id),
    (Decimal, check_decimal),
    # Before date: a datetime is a date too.
    (datetime, check_moment),
    (date, check_date),
    (tuple, _check_items),
    (list, _check_items),
)


def check_value(value: Any) -> Any:
    """The value if it keeps the bounds of its type; else OutOfBounds (a ValueError, so a
    pydantic validator turns it into a validation error with this message).

    Every int is an id or a version here (both start at 1); booleans and enums are left alone,
    as are nested models, which check their own fields.
    """
    if value is None or isinstance(value, bool | Enum):
        return value
    for kind, check in _CHECKS:
        if isinstance(value, kind):
            return check(value)
    return value
