"""What a committed action changed: the kinds services declare and the views refresh by,
and (when a service says) the ids one call touched, so a view reloads only those."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ParamSpec, TypeVar

log = logging.getLogger(__name__)


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
    # Ta bort ur mapp / Visa i mapp igen: only the user's own Ej aktuella folder.
    NOT_CURRENT = "not_current"


def _frozen(ids: Iterable[int] | None) -> frozenset[int] | None:
    return None if ids is None else frozenset(ids)


@dataclass(frozen=True, slots=True, init=False)
class Touched:
    """The ids one service call touched, by scope; None: not known, so a view treats every
    id of that scope as touched. An empty set says the call touched none of that scope.

    units: the units whose rows (which persons they list, with what) changed.
    persons: the persons whose own data or rows changed.
    assignments, messages: the assignments and messages written.
    """

    units: frozenset[int] | None
    persons: frozenset[int] | None
    assignments: frozenset[int] | None
    messages: frozenset[int] | None

    def __init__(
        self,
        *,
        units: Iterable[int] | None = None,
        persons: Iterable[int] | None = None,
        assignments: Iterable[int] | None = None,
        messages: Iterable[int] | None = None,
    ) -> None:
        object.__setattr__(self, "units", _frozen(units))
        object.__setattr__(self, "persons", _frozen(persons))
        object.__setattr__(self, "assignments", _frozen(assignments))
        object.__setattr__(self, "messages", _frozen(messages))


UNKNOWN = Touched()


@dataclass(frozen=True, slots=True)
class ChangeSet:
    """One committed action as the views see it: the kinds it changed and, per scope, the
    ids it touched (None: not known, treat as all). Emitted once per action."""

    kinds: frozenset[ChangeKind]
    units: frozenset[int] | None = None
    persons: frozenset[int] | None = None
    assignments: frozenset[int] | None = None
    messages: frozenset[int] | None = None

    @classmethod
    def of(cls, kinds: Iterable[ChangeKind], touched: Touched = UNKNOWN) -> ChangeSet:
        return cls(
            frozenset(kinds),
            units=touched.units,
            persons=touched.persons,
            assignments=touched.assignments,
            messages=touched.messages,
        )

    def __bool__(self) -> bool:
        return bool(self.kinds)

    def any_of(self, kinds: Iterable[ChangeKind]) -> bool:
        return not self.kinds.isdisjoint(kinds)

    def touches_unit(self, unit_id: int) -> bool:
        return self.units is None or unit_id in self.units

    def touches_person(self, person_id: int) -> bool:
        return self.persons is None or person_id in self.persons

    def touches_any_person(self, person_ids: Iterable[int]) -> bool:
        persons = self.persons
        return persons is None or not persons.isdisjoint(person_ids)

    def touches_assignment(self, assignment_id: int) -> bool:
        return self.assignments is None or assignment_id in self.assignments

    def touches_message(self, message_id: int) -> bool:
        return self.messages is None or message_id in self.messages

    @classmethod
    def everything(cls) -> ChangeSet:
        """Every kind, every id: what a client refreshes when it may have missed changes
        (after a lost connection to the database)."""
        return cls(frozenset(ChangeKind))


def _union(a: frozenset[int] | None, b: frozenset[int] | None) -> frozenset[int] | None:
    return None if a is None or b is None else a | b


def merged(changes: Iterable[ChangeSet]) -> ChangeSet:
    """Several change sets as one: the kinds of all, per scope the ids of all (unknown when
    one of them does not know). A burst of changes refreshes once."""
    result = ChangeSet(frozenset(), frozenset(), frozenset(), frozenset(), frozenset())
    for change in changes:
        result = ChangeSet(
            result.kinds | change.kinds,
            units=_union(result.units, change.units),
            persons=_union(result.persons, change.persons),
            assignments=_union(result.assignments, change.assignments),
            messages=_union(result.messages, change.messages),
        )
    return result


P = ParamSpec("P")
R = TypeVar("R")

# The attribute a declared service function carries: every kind it may change.
DECLARED = "__treserva_changes__"
# Optional: (command, result) -> the kinds this particular call changed.
NARROWED = "__treserva_changes_when__"
# Optional: (command, result) -> the ids this particular call touched.
TOUCHES = "__treserva_changes_touches__"

Narrow = Callable[[Any, Any], Iterable[ChangeKind]]
Touches = Callable[[Any, Any], Touched]


def changes(
    *kinds: ChangeKind, when: Narrow | None = None, touches: Touches | None = None
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Declare what a service function changes; the runner emits exactly that after commit.

    `changes()` with no kinds declares a function that writes nothing the views show (an audit
    record only). `when` narrows the set for one call from its arguments and result, for a
    kind that depends on the input; it may only name kinds that are declared. `touches` says
    from the command and the result (never a query) which ids the call touched, so the views
    reload only what shows them; without it every scope is unknown (refresh by kind).
    """
    declared = frozenset(kinds)

    def mark(fn: Callable[P, R]) -> Callable[P, R]:
        setattr(fn, DECLARED, declared)
        if when is not None:
            setattr(fn, NARROWED, when)
        if touches is not None:
            setattr(fn, TOUCHES, touches)
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


def declared_touches(fn: object) -> Touches | None:
    """The `touches` of a declared service function, or None when it has none."""
    value = getattr(fn, TOUCHES, None)
    return value if callable(value) else None


def touched_by(fn: object, command: object, result: object) -> Touched:
    """What one committed call of `fn` touched; unknown without a `touches` declaration.

    Runs after commit, so a failing `touches` must not lose the refresh: it is logged (type
    only) and every scope is treated as touched."""
    touches = declared_touches(fn)
    if touches is None:
        return UNKNOWN
    try:
        return touches(command, result)
    except Exception as exc:
        name = getattr(fn, "__qualname__", type(fn).__name__)
        log.error("touches of %s failed (%s): refreshing by kind", name, type(exc).__name__)
        return UNKNOWN


def change_set_of(fn: object, command: object, result: object) -> ChangeSet:
    """The ChangeSet one committed call of `fn` emits: its kinds and the ids it touched."""
    return ChangeSet.of(changes_of(fn, command, result), touched_by(fn, command, result))
