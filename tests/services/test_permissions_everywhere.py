"""Permissions everywhere (issue 9): every public function of treserva_desktop.services.*
and treserva_desktop.db.queries.* is found by introspection and must be in the permission
table (tests/services/permission_table.py). Each checked function is called by one user of
every role in DOMAIN.md's role table, on a target inside and one outside that user's units:
allowed calls succeed, refused ones raise PermissionDenied (or answer without the target)
and write nothing. Modules whose names start with "_" are private helpers, not public API.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.helpers.role_world import ROLE_USERS, RoleWorld, build_role_world
from tests.services.permission_table import (
    TABLE,
    Checked,
    Exempt,
)

import treserva_desktop.db.queries
import treserva_desktop.services
from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, Base
from treserva_desktop.domain.enums import Role
from treserva_desktop.domain.errors import DomainError, PermissionDenied

PACKAGES = (treserva_desktop.services, treserva_desktop.db.queries)
ROLES = tuple(ROLE_USERS)
# Pairs the lead's change of who may see a person (issue 9, item 2) turns from allowed into
# refused: a handläggare and a target outside their authority unit. Until that lands they
# fail strictly as expected, so the suite says when to drop this marker.


def public_functions() -> dict[str, Callable[..., Any]]:
    """Every function defined (not imported) in a public module of the two packages, by
    "services.module.name" / "db.queries.module.name"."""
    found: dict[str, Callable[..., Any]] = {}
    for package in PACKAGES:
        for module_info in pkgutil.iter_modules(package.__path__):
            if module_info.name.startswith("_"):
                continue
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
            prefix = module.__name__.removeprefix("treserva_desktop.")
            for name, obj in vars(module).items():
                if name.startswith("_") or not inspect.isfunction(obj):
                    continue
                if obj.__module__ != module.__name__:
                    continue
                found[f"{prefix}.{name}"] = obj
    return found


def test_every_public_function_is_in_the_permission_table() -> None:
    functions = public_functions()
    missing = sorted(set(functions) - set(TABLE))
    assert not missing, (
        "Public service/query functions missing from tests/services/permission_table.py "
        "(add a Checked entry with the role rule from DOMAIN.md, or an Exempt entry saying "
        f"why no check is needed): {', '.join(missing)}"
    )
    stale = sorted(set(TABLE) - set(functions))
    assert not stale, f"The permission table names functions that no longer exist: {stale}"


def test_every_exemption_says_why() -> None:
    for name, entry in TABLE.items():
        if isinstance(entry, Exempt):
            assert len(entry.why) > 20, name


CHECKED = sorted(name for name, entry in TABLE.items() if isinstance(entry, Checked))


def _cases() -> Iterator[Any]:
    for name in CHECKED:
        entry = TABLE[name]
        assert isinstance(entry, Checked)
        for role in ROLES:
            for in_scope in (True, False):
                yield pytest.param(
                    name, role, in_scope, id=f"{name}-{role.value}-{'in' if in_scope else 'out'}"
                )


@pytest.fixture(scope="module")
def role_world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RoleWorld]:
    """Built once: every call below runs in a transaction that is rolled back."""
    path = tmp_path_factory.mktemp("roles") / "roles.sqlite3"
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database)
    world = build_role_world(database)
    yield world
    database.dispose()


def _row_counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }


def role_may_list(entry: Checked, role: Role) -> bool:
    return entry.rule(role, True)


class _RolledBack(Exception):
    pass


def _check(world: RoleWorld, name: str, role: Role, in_scope: bool) -> None:
    entry = TABLE[name]
    assert isinstance(entry, Checked)
    expected = entry.rule(role, in_scope)
    actor = world.actor(role)
    try:
        with world.db.transaction() as session:
            call = entry.prepare(session, world, actor, in_scope)
            session.flush()
            before = _row_counts(session)
            last_event = session.scalar(select(func.max(AuditEvent.id))) or 0
            _outcome(entry, call, world, in_scope, expected, name, role)
            if not expected and entry.shows is not None and role_may_list(entry, role):
                # A list the role may see: it shows (and audits) the persons in scope, never
                # the one outside.
                named = set(
                    session.scalars(
                        select(AuditEvent.person_id).where(AuditEvent.id > last_event)
                    ).all()
                )
                assert not named & world.outside_persons, f"{name}: audited an unseen person"
            elif not expected:
                assert _row_counts(session) == before, f"{name}: a refused call wrote rows"
            raise _RolledBack
    except _RolledBack:
        pass


def _outcome(
    entry: Checked,
    call: Callable[[], Any],
    world: RoleWorld,
    in_scope: bool,
    expected: bool,
    name: str,
    role: Role,
) -> None:
    where = f"{name} as {role.value} on a target {'inside' if in_scope else 'outside'} scope"
    if entry.shows is not None:
        try:
            result = call()
        except PermissionDenied:
            # A role refused outright (Sök person for the systemadministratör) sees nothing.
            assert not expected, where
            return
        assert entry.shows(result, world, in_scope) is expected, where
        return
    if expected:
        try:
            call()
        except entry.allowed_errors:
            pass
        except DomainError as error:
            raise AssertionError(f"{where}: allowed but refused: {error.message}") from error
        return
    with pytest.raises((PermissionDenied, *entry.refused_with)):
        call()


@pytest.mark.parametrize(("name", "role", "in_scope"), list(_cases()))
def test_role_and_unit_scope(role_world: RoleWorld, name: str, role: Role, in_scope: bool) -> None:
    _check(role_world, name, role, in_scope)


def test_count_of_pairs_checked() -> None:
    """The figure for docs/reliability.md: role × target pairs checked per run."""
    pairs = len(CHECKED) * len(ROLES) * 2
    exempt = sum(isinstance(entry, Exempt) for entry in TABLE.values())
    print(
        f"\npermissions: {len(CHECKED)} functions checked × {len(ROLES)} roles × 2 targets = "
        f"{pairs} pairs; {exempt} functions exempt with a reason"
    )
    assert pairs >= len(ROLES) * 2
