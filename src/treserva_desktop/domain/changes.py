"""What a committed action changed: the kinds services declare and the views refresh by."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any, ParamSpec, TypeVar


class ChangeKind(StrEnum):
    """What a committed action changed; each tree node kind names the kinds that refresh it."""

    ASSIGNMENTS = "assignments"
    EXECUTIONS = "executions"
    PERSONS = "persons"
    MESSAGES = "messages"
    MY_PERSONS = "my_persons"
    JOURNALS = "journals"
    PLANS = "plans"
    CONTRACTS = "contracts"
    DEVIATIONS = "deviations"
    UNITS = "units"
    VIEW_SETTINGS = "view_settings"


P = ParamSpec("P")
R = TypeVar("R")

# The attribute a declared service function carries: every kind it may change.
DECLARED = "__treserva_changes__"
# Optional: (command, result) -> the kinds this particular call changed.
NARROWED = "__treserva_changes_when__"

Narrow = Callable[[Any, Any], Iterable[ChangeKind]]


def changes(
    *kinds: ChangeKind, when: Narrow | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare what a service function changes; the runner emits exactly that after commit.

    `changes()` with no kinds declares a function that writes nothing the views show (an audit
    record only). `when` narrows the set for one call from its arguments and result, for a
    kind that depends on the input; it may only name kinds that are declared.
    """
    declared = frozenset(kinds)

    def mark(fn: Callable[P, R]) -> Callable[P, R]:
        setattr(fn, DECLARED, declared)
        if when is not None:
            setattr(fn, NARROWED, when)
        return fn

    return mark


def declared_changes(fn: object) -> frozenset[ChangeKind] | None:
    """What `fn` is declared to change, or None when it carries no declaration."""
    value = getattr(fn, DECLARED, None)
    return value if isinstance(value, frozenset) else None


def changes_of(fn: object, command: object, result: object) -> frozenset[ChangeKind]:
    """The kinds one committed call of `fn` changed: narrowed by `when`, never beyond the
    declaration. An undeclared function changes nothing the views know of."""
    declared = declared_changes(fn) or frozenset()
    narrow = getattr(fn, NARROWED, None)
    if narrow is None:
        return declared
    return declared & frozenset(narrow(command, result))
