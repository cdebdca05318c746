"""Every field of every command model keeps domain.bounds (issue 9): ids within 1..2^31 - 1,
text without NUL and at most 20 000 characters, dates 1900-2199, finite hours of sane size.

The models and their fields are found by introspection, so a new command or field is covered
without a change here.
"""

from __future__ import annotations

import importlib
import pkgutil
import typing
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic import ValidationError as PydanticValidationError

import treserva_desktop.domain.commands as commands_package
from treserva_desktop.domain import bounds
from treserva_desktop.domain.commands import Command


def _models() -> list[type[Command]]:
    for info in pkgutil.iter_modules(commands_package.__path__):
        importlib.import_module(f"{commands_package.__name__}.{info.name}")

    def walk(cls: type[Command]) -> Iterator[type[Command]]:
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return sorted(set(walk(Command)), key=lambda model: (model.__module__, model.__name__))


def _scalar(annotation: Any) -> type | None:
    """The scalar type a field holds (through Optional and tuple[...]), if one we bound."""
    origin = typing.get_origin(annotation)
    args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if origin is not None and args:
        return _scalar(args[0])
    if annotation in (int, str, date, Decimal):
        return typing.cast(type, annotation)
    return None


def _fields() -> list[Any]:
    cases = []
    for model in _models():
        hints = typing.get_type_hints(model)
        for name in model.model_fields:
            kind = _scalar(hints[name])
            if kind is not None:
                cases.append(pytest.param(model, name, kind, id=f"{model.__name__}.{name}"))
    return cases


# (value, the message it gets); None: any refusal will do (pydantic refuses lone surrogates
# and NaN/Infinity itself, and a field's own max_length may refuse an overlong text first).
HOSTILE: dict[type, list[tuple[Any, str | None]]] = {
    int: [(v, bounds.ID_MESSAGE) for v in (0, -1, 2**31, 2**63, 10**30)],
    str: [
        ("a\x00b", bounds.TEXT_CHARACTERS_MESSAGE),
        ("\x00", bounds.TEXT_CHARACTERS_MESSAGE),
        ("\ud800", None),
        ("x" * (bounds.TEXT_MAX + 1), None),
    ],
    date: [(v, bounds.DATE_MESSAGE) for v in (date(1800, 1, 1), date(9999, 12, 31))],
    Decimal: [
        (Decimal("NaN"), None),
        (Decimal("-Infinity"), None),
        (Decimal("1E+7"), bounds.DECIMAL_MESSAGE),
        (Decimal("1E-7"), bounds.DECIMAL_MESSAGE),
    ],
}
BOUND_MESSAGES = (
    bounds.ID_MESSAGE,
    bounds.TEXT_CHARACTERS_MESSAGE,
    bounds.TEXT_LENGTH_MESSAGE,
    bounds.DATE_MESSAGE,
    bounds.DECIMAL_MESSAGE,
)


def _wrap(annotation: Any, value: Any) -> Any:
    """The value in the shape the field takes (a one-item tuple for tuple fields)."""
    origin = typing.get_origin(annotation)
    if origin is tuple:
        return (value,)
    if origin in (typing.Union, typing.get_origin(int | None)):
        inner = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _wrap(inner[0], value)
    return value


def _errors_at(model: type[BaseModel], name: str, value: Any) -> list[str]:
    hints = typing.get_type_hints(model)
    try:
        model.model_validate({name: _wrap(hints[name], value)})
    except PydanticValidationError as error:
        return [
            str((problem.get("ctx") or {}).get("error", problem["msg"]))
            for problem in error.errors()
            if problem["loc"] and problem["loc"][0] == name
        ]
    return []


def test_the_models_and_fields_are_found() -> None:
    cases = _fields()
    assert len(_models()) >= 30
    assert len(cases) >= 100


@pytest.mark.parametrize(("model", "name", "kind"), _fields())
def test_every_field_refuses_values_beyond_the_bounds(
    model: type[Command], name: str, kind: type
) -> None:
    for value, expected in HOSTILE[kind]:
        errors = _errors_at(model, name, value)
        assert errors, f"{model.__name__}.{name} accepted {value!r:.40}"
        if expected is not None:
            assert expected in errors, errors


@pytest.mark.parametrize(("model", "name", "kind"), _fields())
def test_every_field_accepts_values_at_the_bounds(
    model: type[Command], name: str, kind: type
) -> None:
    edge: dict[type, list[Any]] = {
        int: [1, bounds.ID_MAX],
        str: ["rad ett\nrad två\tmed tabb\x0bur ordbehandlaren\x0c", "x" * 20],
        date: [bounds.EARLIEST_DATE, bounds.LATEST_DATE],
        Decimal: [Decimal("0.5"), Decimal(744)],
    }
    for value in edge[kind]:
        refused = [m for m in _errors_at(model, name, value) if m in BOUND_MESSAGES]
        assert not refused, f"{model.__name__}.{name} refused {value!r}"
