"""Fuzzing of every command model and the services that take it (issue 9).

The command models are found by introspection (every subclass of domain.commands.Command in
every module of the package) and so are their services (every public function in
treserva_desktop.services whose parameters name the model): a new model, or a new service
taking one, is fuzzed without a change here.

Each example builds the model from hostile field values (tests/helpers/fuzz.py). The model
either refuses them with a pydantic ValidationError, its own messages Swedish, or the command
goes to one of its services as one of the demo users, in one transaction on the demo database.
The service either succeeds or refuses with a DomainError with a Swedish message, and a refused
action leaves every table's row count as it was. Any other exception fails the test.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import typing
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.orm import Session
from tests.helpers import actor_for
from tests.helpers.fuzz import (
    FUZZ_EXAMPLES,
    PROFILE,
    assert_swedish,
    fuzz_settings,
    model_values,
    row_counts,
)
from tests.helpers.postgres import scratch_postgres_url

import treserva_desktop.domain.commands as commands_package
import treserva_desktop.services as services_package
from treserva_desktop.db.database import Database, clock_of
from treserva_desktop.demo.organisation import DEMO_USERNAMES
from treserva_desktop.domain.commands import Command
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.rules import Actor

# PostgreSQL round trips are slower: a third of the examples there.
POSTGRES_EXAMPLES = max(10, FUZZ_EXAMPLES.get(PROFILE, FUZZ_EXAMPLES["ci"]) // 3)


def _modules(package: Any) -> Iterator[Any]:
    for info in pkgutil.iter_modules(package.__path__):
        yield importlib.import_module(f"{package.__name__}.{info.name}")


def _subclasses(cls: type[Command]) -> Iterator[type[Command]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def command_models() -> list[type[Command]]:
    list(_modules(commands_package))
    found = {
        model
        for model in _subclasses(Command)
        if model.__module__.startswith(commands_package.__name__)
    }
    return sorted(found, key=lambda model: (model.__module__, model.__name__))


def _command_parameters(function: Callable[..., Any]) -> dict[str, Any]:
    try:
        hints = typing.get_type_hints(function)
    except (NameError, TypeError):
        return {}
    hints.pop("return", None)
    return hints


def services_taking(model: type[Command]) -> list[Callable[..., Any]]:
    """Public service functions with a parameter of exactly this command type."""
    found: list[Callable[..., Any]] = []
    for module in _modules(services_package):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            if model in _command_parameters(function).values():
                found.append(function)
    return found


MODELS = command_models()


def _arguments(
    function: Callable[..., Any], session: Session, actor: Actor, command: Command
) -> dict[str, Any]:
    """Arguments by the parameters' types: the session, the actor (None where the service
    takes none yet, as the login), the command, today for a date and '' for other text."""
    hints = _command_parameters(function)
    arguments: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        kind = hints.get(name)
        if kind is Session:
            arguments[name] = session
        elif kind is Actor:
            arguments[name] = actor
        elif kind is type(None):
            arguments[name] = None
        elif kind is type(command):
            arguments[name] = command
        elif parameter.default is not inspect.Parameter.empty:
            continue
        elif kind is date:
            arguments[name] = clock_of(session).today()
        elif kind is str:
            arguments[name] = ""
        else:
            raise AssertionError(f"{function.__qualname__}: no value for parameter {name}")
    return arguments


def test_every_command_model_is_found() -> None:
    names = {model.__name__ for model in MODELS}
    assert {"SendNewAssignment", "DistributeIntervention", "SendMessage", "Login"} <= names
    assert len(MODELS) >= 30


def test_most_command_models_have_a_service() -> None:
    # The nested inputs (a reveal reason inside RevealProtected, the person edits, a plan's
    # activity row), the abstract person edit and password command, and the removal from Mina
    # personer (which a query function takes by id), the Kontraktslista search (a query's
    # input) and the abstract step of a deviation are fuzzed for construction only.
    without = {model.__name__ for model in MODELS if not services_taking(model)}
    nested_or_abstract = {
        "PasswordCommand",
        "PersonEdit",
        "PlanActivityInput",
        "RemoveFromMyPersons",
        "RevealReasonChoice",
        "ServiceItem",
        "ContractSearch",
        "DeviationStepCommand",
    }
    assert without <= nested_or_abstract, without


@pytest.fixture(scope="module")
def postgres_demo_db() -> Iterator[Database]:
    """The demo municipality of demo_db (seed 7, 24 persons) on a PostgreSQL database of this
    module's own: PostgreSQL refuses what SQLite stores (NUL in text, ids beyond 2^31 - 1,
    text longer than its column), so the fuzzing runs there too."""
    from treserva_desktop.clock import SYSTEM_CLOCK
    from treserva_desktop.demo import generate_demo

    with scratch_postgres_url("treserva_fuzz", migrated=True) as url:
        database = Database(url, clock=SYSTEM_CLOCK)
        try:
            with database.transaction() as session:
                generate_demo(session, persons=24, seed=7)
            yield database
        finally:
            database.dispose()


class _KeepDatabaseAsItWas(Exception):
    """Raised inside a fuzzed service's transaction after it succeeded, to roll it back."""


def _fuzz(model: type[Command], database: Database, examples: int | None = None) -> None:
    services = services_taking(model)
    actors = {username: actor_for(database, username) for username in DEMO_USERNAMES}
    outcomes: dict[str, int] = {}

    @fuzz_settings(examples)
    @given(
        values=model_values(model),
        username=st.sampled_from(DEMO_USERNAMES),
        pick=st.integers(min_value=0, max_value=7),
    )
    def run(values: dict[str, Any], username: str, pick: int) -> None:
        try:
            command = model.model_validate(values)
        except PydanticValidationError as error:
            for problem in error.errors():
                if problem["type"] == "value_error":
                    assert_swedish(str(problem["ctx"]["error"]))
            outcomes["model refused"] = outcomes.get("model refused", 0) + 1
            return
        if not services:
            outcomes["built"] = outcomes.get("built", 0) + 1
            return
        service = services[pick % len(services)]
        before = row_counts(database)
        try:
            with database.transaction() as session:
                service(**_arguments(service, session, actors[username], command))
                # A success is rolled back too: the demo database is shared by every example
                # and model, and an accepted command (a deactivated user, a locked account)
                # would change the world the next ones run in.
                raise _KeepDatabaseAsItWas
        except _KeepDatabaseAsItWas:
            outcomes["done"] = outcomes.get("done", 0) + 1
        except DomainError as error:
            assert_swedish(error.message)
            assert row_counts(database) == before, f"{service.__qualname__} wrote and refused"
            outcomes["refused"] = outcomes.get("refused", 0) + 1

    run()
    print(f"\nfuzz {model.__name__} on {database.dialect}: {outcomes}")
    assert sum(outcomes.values()) > 0


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_fuzz_command_model_and_its_services(model: type[Command], demo_db: Database) -> None:
    _fuzz(model, demo_db)


@pytest.mark.postgres
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_fuzz_command_model_on_postgresql(model: type[Command], postgres_demo_db: Database) -> None:
    _fuzz(model, postgres_demo_db, examples=POSTGRES_EXAMPLES)
