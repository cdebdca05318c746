"""Permission checks and state transitions as pure functions over plain values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from treserva_desktop.domain.calendar import (
    add_working_days,
    latest_working_day,
    working_days_between,
)
from treserva_desktop.domain.enums import (
    AssignmentStatus,
    ExecutionPhase,
    ExecutionStatus,
    Permission,
    Role,
)
from treserva_desktop.domain.errors import PermissionDenied

_MANAGERS = frozenset({Role.COORDINATOR, Role.GROUP_MANAGER, Role.OPERATIONS_MANAGER})
_PROVIDER_STAFF = _MANAGERS | {Role.CARE_STAFF}

# After a person's last row at a unit ends, the unit keeps them in reach this many days to
# finish documentation and print records (DOMAIN.md, "Engaged"); installations may change it.
DEFAULT_FOLLOW_UP_DAYS = 30
MAX_FOLLOW_UP_DAYS = 365

ROLE_PERMISSIONS: Mapping[Permission, frozenset[Role]] = {
    Permission.VIEW_NEW_ASSIGNMENTS: _MANAGERS,
    Permission.DISTRIBUTE_ASSIGNMENT: _MANAGERS,
    Permission.CHANGE_PROVIDER: _MANAGERS,
    Permission.END_EXECUTION: _MANAGERS,
    Permission.ACKNOWLEDGE_ASSIGNMENT: _PROVIDER_STAFF,
    Permission.VIEW_PERSONS: _PROVIDER_STAFF | {Role.NURSE},
    Permission.EDIT_PERSON: _MANAGERS,
    Permission.WRITE_JOURNAL: _PROVIDER_STAFF,
    Permission.CORRECT_JOURNAL: frozenset({Role.OPERATIONS_MANAGER}),
    Permission.READ_HSL_JOURNAL: frozenset({Role.OPERATIONS_MANAGER, Role.NURSE}),
    Permission.MANAGE_HOUSING: _MANAGERS,
    # Every role that works with persons or units; the systemadministratör has no access to
    # person records and registers none.
    Permission.REGISTER_DEVIATION: frozenset(Role) - {Role.ADMINISTRATOR},
    Permission.ANALYSE_DEVIATION: frozenset({Role.GROUP_MANAGER, Role.OPERATIONS_MANAGER}),
    Permission.VIEW_STATISTICS: _MANAGERS,
    Permission.SEND_ASSIGNMENTS: frozenset({Role.NEEDS_ASSESSOR}),
    # Sök person finds the persons the actor reaches: the provider side's (VIEW_PERSONS) and
    # the needs assessor's, whose authority has cases for them (SEND_ASSIGNMENTS). The
    # systemadministratör reaches no person, so the search is not offered there.
    Permission.SEARCH_PERSONS: _PROVIDER_STAFF | {Role.NURSE, Role.NEEDS_ASSESSOR},
    Permission.ADMINISTER: frozenset({Role.ADMINISTRATOR}),
    # PDL logguttag: the systemadministratör for anyone, a verksamhetschef for the persons
    # of their own units (services/log_extract.py).
    Permission.LOG_EXTRACT: frozenset({Role.OPERATIONS_MANAGER, Role.ADMINISTRATOR}),
    # Avsluta journal (W12): the unit's managers close a social journal once the person's
    # documentation is done (an HSL journal is closed by the unit's nurses).
    Permission.CLOSE_JOURNAL: _MANAGERS,
}

_DENIED_TEXT: Mapping[Permission, str] = {
    Permission.VIEW_NEW_ASSIGNMENTS: "se nya uppdrag",
    Permission.DISTRIBUTE_ASSIGNMENT: "acceptera och fördela uppdrag",
    Permission.CHANGE_PROVIDER: "byta utförare",
    Permission.END_EXECUTION: "rätta eller avsluta verkställigheter",
    Permission.ACKNOWLEDGE_ASSIGNMENT: "kvittera uppdrag",
    Permission.VIEW_PERSONS: "se personer",
    Permission.SEARCH_PERSONS: "söka personer",
    Permission.EDIT_PERSON: "ändra personuppgifter",
    Permission.WRITE_JOURNAL: "skriva journalanteckningar",
    Permission.CORRECT_JOURNAL: "rätta skrivskyddade journalanteckningar",
    Permission.READ_HSL_JOURNAL: "läsa HSL-journal",
    Permission.MANAGE_HOUSING: "hantera boendekontrakt",
    Permission.REGISTER_DEVIATION: "registrera avvikelser",
    Permission.ANALYSE_DEVIATION: "analysera och avsluta avvikelser",
    Permission.VIEW_STATISTICS: "ta fram statistik",
    Permission.SEND_ASSIGNMENTS: "registrera beslut och skicka uppdrag",
    Permission.ADMINISTER: "administrera systemet",
    Permission.LOG_EXTRACT: "ta fram logguttag",
    Permission.CLOSE_JOURNAL: "avsluta journaler",
}


@dataclass(frozen=True, slots=True)
class RoleGrant:
    """A role held at one unit; it covers the unit and every unit below it."""

    role: Role
    unit_id: int
    unit_name: str


@dataclass(frozen=True, slots=True)
class Actor:
    """The logged-in user, passed to every service call."""

    user_id: int
    username: str
    display_name: str
    grants: tuple[RoleGrant, ...]
    # Unit ids each role reaches: the granted units and all their descendants.
    scope: Mapping[Role, frozenset[int]] = field(default_factory=dict)
    # How long a person stays in the unit's reach after their last row there ended (the
    # installation's setting, read at login; see engagement_cutoff).
    follow_up_days: int = DEFAULT_FOLLOW_UP_DAYS

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(grant.role for grant in self.grants)

    @property
    def primary_role(self) -> Role | None:
        return primary_role_of(self.roles)

    def units_with(self, permission: Permission) -> frozenset[int]:
        """Every unit id where the actor holds the permission."""
        allowed = ROLE_PERMISSIONS[permission]
        units: set[int] = set()
        for role, unit_ids in self.scope.items():
            if role in allowed:
                units |= unit_ids
        return frozenset(units)

    def granted_unit(self, permission: Permission) -> int | None:
        """The first unit granted to the actor with a role holding the permission (the unit
        they work at, e.g. a needs assessor's authority unit); None without one."""
        allowed = ROLE_PERMISSIONS[permission]
        return next((grant.unit_id for grant in self.grants if grant.role in allowed), None)

    def can(self, permission: Permission, unit_id: int | None = None) -> bool:
        if unit_id is None:
            return bool(self.roles & ROLE_PERMISSIONS[permission])
        return unit_id in self.units_with(permission)


_ROLE_RANK = {
    Role.OPERATIONS_MANAGER: 0,
    Role.GROUP_MANAGER: 1,
    Role.COORDINATOR: 2,
    Role.NURSE: 3,
    Role.CARE_STAFF: 4,
    Role.NEEDS_ASSESSOR: 5,
    Role.ADMINISTRATOR: 6,
}


def primary_role_of(roles: Iterable[Role]) -> Role | None:
    """The role a user with several is shown (and audited) as: the most senior one."""
    return min(roles, key=lambda role: _ROLE_RANK.get(role, 99), default=None)


def require(actor: Actor, permission: Permission, unit_id: int | None = None) -> None:
    """Raise PermissionDenied unless the actor holds the permission (at the unit, if given)."""
    if actor.can(permission, unit_id):
        return
    action = _DENIED_TEXT[permission]
    if unit_id is not None and actor.can(permission):
        raise PermissionDenied(f"Du har inte behörighet att {action} för den här enheten.")
    raise PermissionDenied(f"Din roll ger inte behörighet att {action}.")


def expand_scope(
    grants: Iterable[RoleGrant], children: Mapping[int, Iterable[int]]
) -> dict[Role, frozenset[int]]:
    """Each role's reach: the granted units plus every descendant, walking `children`."""
    scope: dict[Role, set[int]] = {}
    for grant in grants:
        reached = scope.setdefault(grant.role, set())
        stack = [grant.unit_id]
        while stack:
            unit_id = stack.pop()
            if unit_id in reached:
                continue
            reached.add(unit_id)
            stack.extend(children.get(unit_id, ()))
    return {role: frozenset(ids) for role, ids in scope.items()}


def execution_phase(start: date, end: date | None, today: date) -> ExecutionPhase:
    """Planned before its start, ended after its T.o.m., otherwise ongoing."""
    if start > today:
        return ExecutionPhase.PLANNED
    if end is not None and end < today:
        return ExecutionPhase.ENDED
    return ExecutionPhase.ONGOING


def is_overdue(
    status: AssignmentStatus, received_on: date, today: date, working_days_limit: int
) -> bool:
    """A RECEIVED assignment left longer than the limit (in working days) is overdue."""
    if status is not AssignmentStatus.RECEIVED:
        return False
    return working_days_between(received_on, today) > working_days_limit


def last_overdue_received_on(today: date, working_days_limit: int) -> date:
    """The latest received date that is overdue on `today`: a RECEIVED assignment is overdue
    exactly when received on or before this day, so a query can compare an indexed date
    column instead of counting working days per row (same rule as `is_overdue`)."""
    # Overdue means more than `limit` working days after receipt up to today, i.e. received
    # before the (limit + 1)-th working day counting back from today.
    oldest_not_overdue = add_working_days(latest_working_day(today), -working_days_limit)
    return oldest_not_overdue - timedelta(days=1)


def engagement_cutoff(today: date, follow_up_days: int) -> date:
    """The earliest T.o.m. that still keeps a person engaged at a unit on `today`: a row that
    ended this day or later counts, an older one does not."""
    return today - timedelta(days=follow_up_days)


def is_live(status: ExecutionStatus) -> bool:
    """A revoked row no longer counts; every other row does until its T.o.m. passes."""
    return status is not ExecutionStatus.REVOKED
