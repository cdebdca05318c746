"""Every public service function that takes a session declares what it changes (Anki's
OpChanges): the runner emits exactly that, so no caller can forget a kind."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from types import FunctionType

import pytest
from sqlalchemy.orm import Session

import treserva_desktop.services
from treserva_desktop.domain.changes import (
    ChangeKind,
    ChangeSet,
    Touched,
    change_set_of,
    changes,
    changes_of,
    declared_changes,
    declared_touches,
)
from treserva_desktop.domain.commands.genomforande import AcknowledgeAssignment
from treserva_desktop.domain.views.genomforande import AcknowledgeResult
from treserva_desktop.services import auth, distribution, follow_up, genomforande, inbox, persons


def _takes_session(fn: Callable[..., object]) -> bool:
    params = list(inspect.signature(fn).parameters.values())
    return bool(params) and params[0].annotation in ("Session", Session)


def service_functions() -> Iterator[tuple[str, Callable[..., object]]]:
    """Public functions defined in the public modules of treserva_desktop.services."""
    package = treserva_desktop.services
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, fn in vars(module).items():
            if (
                isinstance(fn, FunctionType)
                and not name.startswith("_")
                and fn.__module__ == module.__name__
                and _takes_session(fn)
            ):
                yield f"{info.name}.{name}", fn


SERVICES = sorted(service_functions())


def test_the_enumeration_finds_the_services() -> None:
    names = {name for name, _fn in SERVICES}
    assert {
        "distribution.register_execution",
        "authority.send_new_assignment",
        "persons.update_contact",
        "inbox.reply",
        "auth.login",
        "follow_up.record_export",
    } <= names


@pytest.mark.parametrize(("name", "fn"), SERVICES, ids=[name for name, _fn in SERVICES])
def test_every_service_declares_its_changes(name: str, fn: Callable[..., object]) -> None:
    assert declared_changes(fn) is not None, (
        f"{name} takes a session but does not say what it changes: add @changes(...) "
        "(@changes() for one that writes nothing the views show)"
    )


def test_declarations_name_what_the_views_refresh_by() -> None:
    assert declared_changes(inbox.reply) == {ChangeKind.MESSAGES}
    assert declared_changes(persons.update_contact) == {ChangeKind.PERSONS}
    assert declared_changes(distribution.register_execution) == {
        ChangeKind.ASSIGNMENTS,
        ChangeKind.EXECUTIONS,
    }
    # An audit record only: declared, and empty.
    assert declared_changes(follow_up.record_export) == frozenset()
    assert declared_changes(auth.login) == frozenset()


def test_a_declaration_keeps_the_function_as_it_is() -> None:
    def service(_session: Session, _actor: object, command: int) -> int:
        return command + 1

    declared = changes(ChangeKind.UNITS)(service)
    assert declared is service
    assert declared(None, None, 1) == 2  # type: ignore[arg-type]
    assert declared_changes(lambda: None) is None


def test_kvittera_changes_mina_personer_only_when_it_added_the_person() -> None:
    command = AcknowledgeAssignment(assignment_id=1, move_to_my_persons=True)

    def result(added: bool) -> AcknowledgeResult:
        return AcknowledgeResult(
            assignment_id=1,
            person_id=2,
            acknowledged_execution_ids=(3,),
            added_to_my_persons=added,
            unit_ids=(4,),
        )

    fn = genomforande.acknowledge_assignment
    assert changes_of(fn, command, result(True)) == {ChangeKind.EXECUTIONS, ChangeKind.MY_PERSONS}
    assert changes_of(fn, command, result(False)) == {ChangeKind.EXECUTIONS}


def test_narrowing_never_goes_beyond_the_declaration() -> None:
    @changes(ChangeKind.MESSAGES, when=lambda _c, _r: {ChangeKind.MESSAGES, ChangeKind.UNITS})
    def service(_session: Session, _actor: object, _command: None) -> None:
        return None

    assert changes_of(service, None, None) == {ChangeKind.MESSAGES}
    assert changes_of(lambda: None, None, None) == frozenset()


def test_a_service_without_touches_leaves_every_scope_unknown() -> None:
    @changes(ChangeKind.PERSONS)
    def service(_session: Session, _actor: object, _command: None) -> None:
        return None

    change = change_set_of(service, None, None)
    assert change == ChangeSet(frozenset({ChangeKind.PERSONS}))
    assert change.units is None
    assert change.persons is None
    assert change.touches_unit(1)
    assert change.touches_person(2)
    assert change.touches_any_person([])


def test_touches_is_computed_from_the_command_and_the_result() -> None:
    def touched(command: int, result: int) -> Touched:
        return Touched(units=[command], persons=(result, result))

    @changes(ChangeKind.EXECUTIONS, touches=touched)
    def service(_session: Session, _actor: object, command: int) -> int:
        return command * 10

    assert declared_touches(service) is touched
    change = change_set_of(service, 3, 30)
    assert change.units == {3}
    assert change.persons == {30}
    assert change.assignments is None
    assert not change.touches_unit(4)
    assert not change.touches_any_person([31, 32])
    # An empty set is "none of these", not "unknown".
    nothing = ChangeSet.of({ChangeKind.EXECUTIONS}, Touched(units=()))
    assert not nothing.touches_unit(3)
    assert nothing != ChangeSet.of({ChangeKind.EXECUTIONS})
    # No kinds: nothing to emit, whatever the ids.
    assert not ChangeSet.of((), Touched(units=(3,)))
