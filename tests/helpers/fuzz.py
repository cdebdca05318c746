"""Hypothesis strategies for hostile input, and the fuzz tests' settings.

Values are drawn from the type of each field (found by introspection, so a new command model
or field is covered without a change here), mixing plausible values that hit existing rows
(ids 1-40 in the demo database) with the hostile ones issue 9 found: ids of 2^31 and 2^63,
numbers of thousands of digits, NUL and other control characters, full-width digits, dates
at the ends of the calendar, NaN and huge decimals, and values of the wrong type altogether.

The number of examples per test is FUZZ_EXAMPLES[profile], the profile named by the
environment variable HYPOTHESIS_PROFILE ("ci" when unset; "long" for a longer local run).
"""

from __future__ import annotations

import os
import types
import typing
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, Final

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from sqlalchemy import func, select

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.database import Database
from treserva_desktop.db.models.base import Base

FUZZ_EXAMPLES: Final = {"ci": 30, "long": 1500}
PROFILE: Final = os.environ.get("HYPOTHESIS_PROFILE", "ci")

# Words of the English texts (Python's JSON parser, pydantic, tracebacks) no user may see.
ENGLISH_MARKERS: Final = (
    "Expecting",
    "Input should",
    "Value error",
    "Traceback",
    "field required",
    "Field required",
    "Exceeds the limit",
    "object has no attribute",
    "NoneType",
)

HOSTILE_INTS: Final = (
    0,
    -1,
    2**31 - 1,
    2**31,
    2**63 - 1,
    2**63,
    -(2**63),
)
# A number beyond Python's 4,300-digit limit for int <-> text conversion (built, so that
# Hypothesis can still print the strategy).
huge_ints = st.builds(pow, st.just(10), st.integers(min_value=4300, max_value=5000))
HOSTILE_TEXTS: Final = (
    "",
    "   ",
    "\x00",
    "Märta\x00Import",
    "\x1b[31m",
    "x" * 20_001,
    "Å" * 5_000,
    "\ud800",
    "１９４００３０７-２３８８",
    "19400307-2388",
    "400307+2388",
    "20150916-0006",
    "R123",
    "'; DROP TABLE persons; --",
    "\u202eabc",
    "1e400",
    "NaN",
)
HOSTILE_DECIMALS: Final = (
    Decimal(0),
    Decimal(-1),
    Decimal("0.001"),
    Decimal(744),
    Decimal("744.01"),
    Decimal("1E+999999"),
    Decimal("1E-999999"),
    Decimal("NaN"),
    Decimal("-Infinity"),
    Decimal("sNaN"),
)

TODAY: Final = SYSTEM_CLOCK.today()

# Tables a refused action may still write to, each with its reason. None so far: a refusal
# changes nothing.
WRITTEN_ON_REFUSAL: frozenset[str] = frozenset()

PLAUSIBLE_TEXTS: Final = (
    "",
    "Anna",
    "Hemtjänst Norr",
    "19400307-2388",
    "070-123 45 67",
    "Storgatan 1",
    "123 45",
    "Åby",
    "HT-N",
    "personal_care",
    "safety_alarm",
    "4 kap. 1 § SoL",
    "Personen har flyttat.",
)

# Plausible values: the right type, in the ranges real input has, ids hitting existing rows.
plausible_ints = st.one_of(st.integers(min_value=1, max_value=3), st.integers(1, 40))
plausible_texts = st.one_of(
    st.sampled_from(PLAUSIBLE_TEXTS),
    st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs"]), max_size=30),
)
plausible_dates = st.dates(
    min_value=TODAY - timedelta(days=400), max_value=TODAY + timedelta(days=400)
)
plausible_decimals = st.decimals(min_value=0, max_value=800, places=2)

# Hostile values: the limits of the types, and what issue 9 found getting through.
hostile_ints = st.one_of(st.sampled_from(HOSTILE_INTS), huge_ints, st.integers())
hostile_texts = st.one_of(st.text(max_size=40), st.sampled_from(HOSTILE_TEXTS))
hostile_dates = st.one_of(
    st.dates(), st.sampled_from((date.min, date.max, date(1970, 1, 1), date(1800, 1, 1)))
)
hostile_decimals = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True), st.sampled_from(HOSTILE_DECIMALS)
)
# Values of no field's type: what a hostile caller or file may put anywhere.
junk: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.floats(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)

_PLAUSIBLE: Final[dict[type, st.SearchStrategy[Any]]] = {
    bool: st.booleans(),
    int: plausible_ints,
    str: plausible_texts,
    date: plausible_dates,
    Decimal: plausible_decimals,
}
_HOSTILE: Final[dict[type, st.SearchStrategy[Any]]] = {
    bool: st.one_of(st.booleans(), junk),
    int: st.one_of(hostile_ints, junk),
    str: st.one_of(hostile_texts, junk),
    date: st.one_of(hostile_dates, junk),
    Decimal: st.one_of(hostile_decimals, junk),
}


def for_type(annotation: Any, *, hostile: bool) -> st.SearchStrategy[Any]:
    """A strategy for values of a (resolved) type annotation: plausible ones, or hostile."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if annotation is type(None):
        return junk if hostile else st.none()
    if origin in (typing.Union, types.UnionType):
        return st.one_of([for_type(arg, hostile=hostile) for arg in args])
    if origin is typing.Annotated:
        return for_type(args[0], hostile=hostile)
    if origin is typing.Literal:
        return st.one_of(hostile_texts, junk) if hostile else st.sampled_from(args)
    if origin in (tuple, list):
        item = for_type(args[0], hostile=hostile) if args else junk
        values = st.lists(item, min_size=0 if hostile else 1, max_size=4)
        return values.map(tuple) if origin is tuple else values
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return st.one_of(hostile_texts, junk) if hostile else st.sampled_from(list(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return model_values(annotation)
    table = _HOSTILE if hostile else _PLAUSIBLE
    return table.get(annotation, junk)


def model_values(model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """Field values for `model` as a dict: plausible values with up to two fields hostile
    (often none, so the services see commands that pass the model), optional fields
    sometimes left out."""
    hints = typing.get_type_hints(model, include_extras=True)
    fields = model.model_fields

    def values(hostile: frozenset[str]) -> st.SearchStrategy[dict[str, Any]]:
        required: dict[str, st.SearchStrategy[Any]] = {}
        optional: dict[str, st.SearchStrategy[Any]] = {}
        for name, info in fields.items():
            strategy = for_type(hints[name], hostile=name in hostile)
            (required if info.is_required() else optional)[name] = strategy
        return st.fixed_dictionaries(required, optional=optional)

    chosen = (
        st.frozensets(st.sampled_from(sorted(fields)), max_size=2)
        if fields
        else st.just(frozenset[str]())
    )
    return chosen.flatmap(values)


def fuzz_settings(examples: int | None = None) -> settings:
    """The profile's number of examples (or `examples`); no deadline (a database round trip
    varies) and no health checks on slow data."""
    return settings(
        max_examples=examples or FUZZ_EXAMPLES.get(PROFILE, FUZZ_EXAMPLES["ci"]),
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


def assert_swedish(message: str) -> None:
    assert message.strip(), "an empty message"
    for marker in ENGLISH_MARKERS:
        assert marker not in message, message


def row_counts(database: Database) -> dict[str, int]:
    """Rows per table (every table of the schema), to prove a refusal wrote nothing."""
    with database.read() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
            if table.name not in WRITTEN_ON_REFUSAL
        }
