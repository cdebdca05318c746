"""Permission checks, unit scope, execution phases, working days and liveness."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from treserva_desktop.domain.enums import (
    AssignmentStatus,
    ExecutionPhase,
    ExecutionStatus,
    Permission,
    Role,
)
from treserva_desktop.domain.errors import PermissionDenied
from treserva_desktop.domain.rules import (
    ROLE_PERMISSIONS,
    Actor,
    RoleGrant,
    execution_phase,
    expand_scope,
    is_live,
    is_overdue,
    require,
)

# Municipality 1 -> department 2 -> branches 3 and 4; branch 3 -> units 5, 6; unit 5 -> 7.
CHILDREN: dict[int, list[int]] = {1: [2], 2: [3, 4], 3: [5, 6], 5: [7]}
ALL_UNITS = frozenset(range(1, 8))

MONDAY = date(2024, 3, 11)
FRIDAY = date(2024, 3, 15)
SATURDAY = date(2024, 3, 16)
SUNDAY = date(2024, 3, 17)


def make_actor(*grants: tuple[Role, int]) -> Actor:
    role_grants = tuple(RoleGrant(role, unit, f"Enhet {unit}") for role, unit in grants)
    return Actor(
        user_id=1,
        username="anna",
        display_name="Anna Andersson",
        grants=role_grants,
        scope=expand_scope(role_grants, CHILDREN),
    )


# --- expand_scope -------------------------------------------------------------------------


def test_grant_at_a_parent_reaches_every_descendant() -> None:
    scope = expand_scope([RoleGrant(Role.GROUP_MANAGER, 3, "Gren")], CHILDREN)
    assert scope == {Role.GROUP_MANAGER: frozenset({3, 5, 6, 7})}


def test_grant_at_a_leaf_reaches_only_the_leaf() -> None:
    scope = expand_scope([RoleGrant(Role.CARE_STAFF, 7, "Grupp")], CHILDREN)
    assert scope == {Role.CARE_STAFF: frozenset({7})}


def test_grant_at_the_root_reaches_everything() -> None:
    scope = expand_scope([RoleGrant(Role.OPERATIONS_MANAGER, 1, "Kommun")], CHILDREN)
    assert scope[Role.OPERATIONS_MANAGER] == ALL_UNITS


def test_grants_of_one_role_are_merged_and_roles_kept_apart() -> None:
    scope = expand_scope(
        [
            RoleGrant(Role.COORDINATOR, 6, "A"),
            RoleGrant(Role.COORDINATOR, 4, "B"),
            RoleGrant(Role.NURSE, 5, "C"),
        ],
        CHILDREN,
    )
    assert scope == {
        Role.COORDINATOR: frozenset({4, 6}),
        Role.NURSE: frozenset({5, 7}),
    }


def test_overlapping_grants_and_cycles_terminate() -> None:
    cyclic = {1: [2], 2: [1, 3]}
    scope = expand_scope(
        [RoleGrant(Role.COORDINATOR, 1, "A"), RoleGrant(Role.COORDINATOR, 2, "B")], cyclic
    )
    assert scope == {Role.COORDINATOR: frozenset({1, 2, 3})}


def test_no_grants_no_scope() -> None:
    assert expand_scope([], CHILDREN) == {}


# --- Actor --------------------------------------------------------------------------------


def test_roles_and_primary_role() -> None:
    actor = make_actor((Role.CARE_STAFF, 7), (Role.GROUP_MANAGER, 3), (Role.NURSE, 4))
    assert actor.roles == {Role.CARE_STAFF, Role.GROUP_MANAGER, Role.NURSE}
    assert actor.primary_role is Role.GROUP_MANAGER
    assert make_actor().primary_role is None


def test_units_with_covers_descendants_of_roles_that_hold_the_permission() -> None:
    actor = make_actor((Role.GROUP_MANAGER, 3), (Role.NURSE, 4))
    assert actor.units_with(Permission.DISTRIBUTE_ASSIGNMENT) == {3, 5, 6, 7}
    assert actor.units_with(Permission.READ_HSL_JOURNAL) == {4}
    assert actor.units_with(Permission.VIEW_PERSONS) == {3, 4, 5, 6, 7}
    assert actor.units_with(Permission.ADMINISTER) == frozenset()


def test_can_at_a_unit_follows_scope() -> None:
    actor = make_actor((Role.COORDINATOR, 3))
    assert actor.can(Permission.DISTRIBUTE_ASSIGNMENT, 3)
    assert actor.can(Permission.DISTRIBUTE_ASSIGNMENT, 7)  # grandchild of the granted unit
    assert not actor.can(Permission.DISTRIBUTE_ASSIGNMENT, 4)  # sibling branch
    assert not actor.can(Permission.DISTRIBUTE_ASSIGNMENT, 2)  # parent
    assert not actor.can(Permission.ADMINISTER, 3)


def test_can_without_a_unit_asks_about_the_role_only() -> None:
    actor = make_actor((Role.CARE_STAFF, 7))
    assert actor.can(Permission.WRITE_JOURNAL)
    assert actor.can(Permission.ACKNOWLEDGE_ASSIGNMENT)
    assert not actor.can(Permission.DISTRIBUTE_ASSIGNMENT)
    assert not actor.can(Permission.CORRECT_JOURNAL)


@pytest.mark.parametrize("permission", list(Permission))
def test_every_permission_has_roles_and_a_denied_text(permission: Permission) -> None:
    assert ROLE_PERMISSIONS[permission]
    with pytest.raises(PermissionDenied) as caught:
        require(make_actor(), permission)
    assert caught.value.message.startswith("Din roll ger inte behörighet att ")


def test_everyone_but_the_administrator_may_register_a_deviation() -> None:
    for role in Role:
        allowed = role is not Role.ADMINISTRATOR
        assert make_actor((role, 7)).can(Permission.REGISTER_DEVIATION, 7) is allowed


@given(
    role=st.sampled_from(list(Role)),
    permission=st.sampled_from(list(Permission)),
    granted_at=st.sampled_from(sorted(ALL_UNITS)),
    asked_at=st.sampled_from(sorted(ALL_UNITS)),
)
def test_can_is_role_permission_and_descendant(
    role: Role, permission: Permission, granted_at: int, asked_at: int
) -> None:
    actor = make_actor((role, granted_at))
    reached = expand_scope([RoleGrant(role, granted_at, "")], CHILDREN)[role]
    expected = role in ROLE_PERMISSIONS[permission] and asked_at in reached
    assert actor.can(permission, asked_at) is expected


# --- require ------------------------------------------------------------------------------


def test_require_passes_silently_when_allowed() -> None:
    actor = make_actor((Role.GROUP_MANAGER, 3))
    require(actor, Permission.END_EXECUTION, 5)
    require(actor, Permission.END_EXECUTION)


def test_require_names_the_role_when_the_role_lacks_the_permission() -> None:
    actor = make_actor((Role.CARE_STAFF, 7))
    with pytest.raises(PermissionDenied) as caught:
        require(actor, Permission.DISTRIBUTE_ASSIGNMENT, 7)
    assert caught.value.message == (
        "Din roll ger inte behörighet att acceptera och fördela uppdrag."
    )


def test_require_names_the_unit_when_only_the_scope_is_wrong() -> None:
    actor = make_actor((Role.COORDINATOR, 3))
    with pytest.raises(PermissionDenied) as caught:
        require(actor, Permission.DISTRIBUTE_ASSIGNMENT, 4)
    assert caught.value.message == (
        "Du har inte behörighet att acceptera och fördela uppdrag för den här enheten."
    )


def test_require_hsl_journal_for_nurse_but_not_care_staff() -> None:
    require(make_actor((Role.NURSE, 5)), Permission.READ_HSL_JOURNAL, 7)
    with pytest.raises(PermissionDenied, match="läsa HSL-journal"):
        require(make_actor((Role.CARE_STAFF, 5)), Permission.READ_HSL_JOURNAL, 7)


# --- execution_phase ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "phase"),
    [
        (date(2024, 3, 16), None, ExecutionPhase.PLANNED),
        (date(2024, 3, 16), date(2024, 4, 1), ExecutionPhase.PLANNED),
        (date(2024, 3, 15), None, ExecutionPhase.ONGOING),  # starts today
        (date(2024, 1, 1), None, ExecutionPhase.ONGOING),
        (date(2024, 1, 1), date(2024, 3, 15), ExecutionPhase.ONGOING),  # ends today
        (date(2024, 1, 1), date(2024, 3, 14), ExecutionPhase.ENDED),  # ended yesterday
    ],
)
def test_execution_phase(start: date, end: date | None, phase: ExecutionPhase) -> None:
    assert execution_phase(start, end, FRIDAY) is phase


def test_phase_labels_are_swedish() -> None:
    assert [phase.label for phase in ExecutionPhase] == ["Planerad", "Pågående", "Avslutad"]


# --- overdue ----------------------------------------------------------------------------


def test_received_assignment_is_overdue_only_after_the_limit_in_working_days() -> None:
    received_friday = FRIDAY
    # Friday -> next Wednesday: Mon, Tue, Wed = 3 working days; the weekend does not count.
    wednesday = received_friday + timedelta(days=5)
    assert not is_overdue(AssignmentStatus.RECEIVED, received_friday, wednesday, 3)
    assert is_overdue(AssignmentStatus.RECEIVED, received_friday, wednesday, 2)
    # Over the weekend nothing ticks.
    assert not is_overdue(AssignmentStatus.RECEIVED, received_friday, SUNDAY, 0)
    assert is_overdue(AssignmentStatus.RECEIVED, received_friday, SUNDAY + timedelta(days=1), 0)


@pytest.mark.parametrize(
    "status", [AssignmentStatus.ACCEPTED, AssignmentStatus.STOPPED, AssignmentStatus.ENDED]
)
def test_only_received_assignments_can_be_overdue(status: AssignmentStatus) -> None:
    assert not is_overdue(status, date(2020, 1, 1), FRIDAY, 3)


# --- is_live -------------------------------------------------------------


def test_only_revoked_executions_stop_counting() -> None:
    assert [status for status in ExecutionStatus if not is_live(status)] == [
        ExecutionStatus.REVOKED
    ]
