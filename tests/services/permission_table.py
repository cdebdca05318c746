"""The permission table behind test_permissions_everywhere: for every public function of
treserva_desktop.services.* and treserva_desktop.db.queries.*, either how to call it on a
target inside or outside the actor's reach and which roles DOMAIN.md's role table allows, or
why it needs no check of its own.

A spec's `prepare(session, world, actor, in_scope)` sets up what the call needs (inside the
test's transaction, which is always rolled back) and returns the call itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.helpers.example_import import example_bytes
from tests.helpers.role_world import PERIOD_END, PERIOD_START, ROLE_USERS, TODAY, RoleWorld

from treserva_desktop.db.models import (
    Assignment,
    Case,
    Decision,
    Execution,
    Intervention,
    MyPerson,
    NotCurrentRemoval,
    OrgUnit,
    Person,
    Relation,
)
from treserva_desktop.db.queries import accounts as account_queries
from treserva_desktop.db.queries import (
    authority as authority_queries,
)
from treserva_desktop.db.queries import (
    checklists as checklist_queries,
)
from treserva_desktop.db.queries import (
    distribution as distribution_queries,
)
from treserva_desktop.db.queries import (
    ending,
    interventions,
    person_record,
    person_search,
    persons,
    reach,
    reading,
    tree,
)
from treserva_desktop.db.queries import executions as execution_queries
from treserva_desktop.db.queries import (
    follow_up as follow_up_queries,
)
from treserva_desktop.db.queries import (
    genomforande as genomforande_queries,
)
from treserva_desktop.db.queries import (
    inbox as inbox_queries,
)
from treserva_desktop.db.queries import new_assignments as new_assignment_queries
from treserva_desktop.db.queries import not_current as not_current_queries
from treserva_desktop.db.queries import provider_change as provider_change_queries
from treserva_desktop.db.queries import sent_assignments as sent_assignments_queries
from treserva_desktop.db.queries import service_case as service_case_queries
from treserva_desktop.domain.commands import MarkMessageRead
from treserva_desktop.domain.commands.accounts import (
    CreateUser,
    GrantRole,
    RevokeRole,
    SetPassword,
    SetUserActive,
)
from treserva_desktop.domain.commands.authority import (
    DecisionInput,
    InterventionInput,
    OpenCase,
    PersonInput,
    RegisterDecision,
    RegisterPerson,
    SendAssignment,
    SendNewAssignment,
)
from treserva_desktop.domain.commands.distribution import (
    DistributeIntervention,
    RegisterExecution,
    StopAssignment,
)
from treserva_desktop.domain.commands.executions import EndExecution, RevokeExecution
from treserva_desktop.domain.commands.follow_up import ExportWaitingAssignments
from treserva_desktop.domain.commands.genomforande import (
    AcknowledgeAssignment,
    UndoAcknowledgement,
)
from treserva_desktop.domain.commands.inbox import ReplyToMessage, SendMessage
from treserva_desktop.domain.commands.not_current import (
    RemoveFromNotCurrent,
    ShowAgainInNotCurrent,
)
from treserva_desktop.domain.commands.persons import (
    AddRelation,
    EndRelation,
    RevealProtected,
    RevealReasonChoice,
    SetBillingArea,
    SetContactPerson,
    UpdateAddresses,
    UpdateContact,
    UpdatePersonDetails,
    UpdateRelation,
)
from treserva_desktop.domain.commands.provider_change import (
    ChangeProvider,
    ChangeProviderForUnit,
)
from treserva_desktop.domain.commands.reading import AssignmentOutput, AssignmentRef
from treserva_desktop.domain.commands.service_case import (
    CloseServiceCase,
    OpenServiceCase,
    ServiceItem,
    SetServiceDecisionEnd,
)
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    BusinessArea,
    CaseKind,
    ExecutionStatus,
    Permission,
    RelationKind,
    Role,
    TimePer,
)
from treserva_desktop.domain.errors import Conflict, DomainError, NotFound, ValidationError
from treserva_desktop.domain.identity import make_personal_number
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services import accounts as account_services
from treserva_desktop.services import (
    assignment_import,
    authority,
    distribution,
    executions,
    follow_up,
    genomforande,
    inbox,
    not_current,
    provider_change,
    provider_change_unit,
    service_case,
)
from treserva_desktop.services import persons as person_services
from treserva_desktop.services import reading as reading_services

Rule = Callable[[Role, bool], bool]
Prepare = Callable[[Session, RoleWorld, Actor, bool], Callable[[], Any]]
Shows = Callable[[Any, RoleWorld, bool], bool]

# --- the role table (DOMAIN.md, "Roles and permissions") -----------------------------------

PROVIDER_STAFF = frozenset(
    {Role.CARE_STAFF, Role.COORDINATOR, Role.GROUP_MANAGER, Role.OPERATIONS_MANAGER}
)
MANAGERS = frozenset({Role.COORDINATOR, Role.GROUP_MANAGER, Role.OPERATIONS_MANAGER})


def in_scope_for(roles: Iterable[Role]) -> Rule:
    """Allowed to these roles, for a target inside their units only."""
    allowed = frozenset(roles)
    return lambda role, in_scope: role in allowed and in_scope


def anywhere_for(roles: Iterable[Role]) -> Rule:
    """Allowed to these roles whatever the target."""
    allowed = frozenset(roles)
    return lambda role, _in_scope: role in allowed


# "Read a person's record (overview, person window, rows, documents)": provider staff and
# nurses at their units while engaged; handläggare for persons with a case at their unit.
READ_PERSON = in_scope_for(PROVIDER_STAFF | {Role.NURSE, Role.NEEDS_ASSESSOR})
# Mina enheter and Mina personer: the provider side's own units (nurses read there too).
PROVIDER_READ = in_scope_for(PROVIDER_STAFF | {Role.NURSE})
# "Edit person contact data and relations".
EDIT_PERSON = in_scope_for(MANAGERS)
# "See Nya uppdrag, accept and distribute, change provider, end rows"; Ej aktuella.
MANAGE_ASSIGNMENTS = in_scope_for(MANAGERS)
# "Kvittera in Genomförande".
ACKNOWLEDGE = in_scope_for(PROVIDER_STAFF)
# Läs uppdrag: the receiving side (managers, staff with its rows) and the authority that
# reaches the person. (A nurse is not offered the assignment document.)
READ_ASSIGNMENT = in_scope_for(PROVIDER_STAFF | {Role.NEEDS_ASSESSOR})
# "Register decisions and send assignments": a new person, or one found by an exact number.
AUTHORITY_ANY = anywhere_for({Role.NEEDS_ASSESSOR})
# ... and for a case or decision already held: the persons the authority unit reaches.
AUTHORITY_SCOPED = in_scope_for({Role.NEEDS_ASSESSOR})
# User administration: the systemadministratör (granted at Kommunen here, so every user is in
# reach; a partial administrator's reach is tested in tests/services/test_accounts*.py).
ADMINISTER = anywhere_for({Role.ADMINISTRATOR})
# Every user's own inbox, and nobody else's.
OWN_MESSAGES: Rule = lambda _role, in_scope: in_scope  # noqa: E731


@dataclass(frozen=True)
class Checked:
    """Called for every role on a target inside and outside the role user's reach."""

    rule: Rule
    prepare: Prepare
    # None: a refusal raises PermissionDenied (or one of `refused_with`). Otherwise the call
    # answers without the target's data when refused, and `shows` says whether it is there.
    shows: Shows | None = None
    refused_with: tuple[type[DomainError], ...] = ()
    # Domain errors that mean the call got past every permission check (the data's own rules).
    allowed_errors: tuple[type[DomainError], ...] = ()


@dataclass(frozen=True)
class Exempt:
    """Needs no check of its own, and why."""

    why: str


# --- helpers for the calls -----------------------------------------------------------------


def _target(world: RoleWorld, kind: str, in_scope: bool) -> int:
    return world.targets[kind].of(in_scope)


def _version(session: Session, model: Any, row_id: int) -> int:
    row = session.get(model, row_id)
    assert row is not None
    return int(row.version)


def _person_call(fn: Callable[..., Any], **extra: Any) -> Prepare:
    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        person_id = _target(world, "person", in_scope)
        return lambda: fn(session, actor, person_id, **extra)

    return prepare


def _edit(make: Callable[[int, int, Session], Any], fn: Callable[..., Any]) -> Prepare:
    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        person_id = _target(world, "person", in_scope)
        command = make(person_id, _version(session, Person, person_id), session)
        return lambda: fn(session, actor, command)

    return prepare


def _relation(session: Session, person_id: int) -> int:
    relation = Relation(
        person_id=person_id,
        kind=RelationKind.NEXT_OF_KIN,
        name="Britt Närstående",
        relation_type="Dotter",
        active=True,
    )
    session.add(relation)
    session.flush()
    return relation.id


def _command_call(
    fn: Callable[..., Any], make: Callable[[Session, RoleWorld, bool], Any]
) -> Prepare:
    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        command = make(session, world, in_scope)
        return lambda: fn(session, actor, command)

    return prepare


def _row_call(call: Callable[[Session, Actor, Execution], Any]) -> Prepare:
    """A query about the target execution row's person at the row's unit."""

    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        row = session.get(Execution, _target(world, "execution", in_scope))
        assert row is not None
        return lambda: call(session, actor, row)

    return prepare


def _shows_person(items: Iterable[Any], world: RoleWorld, in_scope: bool, kind: str) -> bool:
    target = _target(world, kind, in_scope)
    return any(getattr(item, "id", None) == target for item in items)


def _new_person(world: RoleWorld) -> PersonInput:
    world._serial += 1
    return PersonInput(
        identity_number=make_personal_number(date(1941, 2, 3), world._serial),
        first_name="Ny",
        last_name="Person",
    )


def _decision() -> DecisionInput:
    return DecisionInput(decided_on=PERIOD_START, period_start=PERIOD_START, period_end=PERIOD_END)


def _unsent_decision(session: Session, world: RoleWorld, in_scope: bool) -> SendAssignment:
    """A new decision in the target person's case, with one intervention not yet sent."""
    assignment = session.get(Assignment, _target(world, "assignment", in_scope))
    assert assignment is not None
    decision = session.get(Decision, assignment.decision_id)
    assert decision is not None
    fresh = Decision(
        case_id=decision.case_id, decided_on=TODAY, period_start=TODAY, period_end=PERIOD_END
    )
    session.add(fresh)
    session.flush()
    session.add(Intervention(decision_id=fresh.id, type_code="meal_delivery"))
    session.flush()
    receiver = "Hemtjänst Norr" if in_scope else "Lindgården"
    return SendAssignment(
        decision_id=fresh.id, receiver_unit_id=world.units[receiver], goals="Äta varm mat."
    )


def _distribute(session: Session, world: RoleWorld, in_scope: bool) -> DistributeIntervention:
    assignment_id = _target(world, "received", in_scope)
    type_code = "personal_care" if in_scope else "special_housing"
    intervention_id = session.scalars(
        select(Intervention.id)
        .join(Assignment, Assignment.decision_id == Intervention.decision_id)
        .where(Assignment.id == assignment_id, Intervention.type_code == type_code)
    ).one()
    timed = type_code == "personal_care"
    return DistributeIntervention(
        assignment_id=assignment_id,
        intervention_id=intervention_id,
        unit_id=world.unit_pair().of(in_scope),
        start_date=TODAY,
        end_date=PERIOD_END,
        hours=10 if timed else None,  # type: ignore[arg-type]
        per=TimePer.MONTH if timed else None,
        to_execution=True,
        expected_version=_version(session, Assignment, assignment_id),
    )


def _row_unit(in_scope: bool) -> str:
    return "Norr grupp 1" if in_scope else "Lindgården"


def _change_provider(session: Session, world: RoleWorld, in_scope: bool) -> ChangeProvider:
    """The target person's intervention with a row at their unit, to Hemtjänst Söder."""
    person_id = _target(world, "person", in_scope)
    unit_id = world.units[_row_unit(in_scope)]
    intervention_id = session.scalars(
        select(Execution.intervention_id).where(
            Execution.person_id == person_id, Execution.unit_id == unit_id
        )
    ).first()
    assert intervention_id is not None
    return ChangeProvider(
        person_id=person_id,
        from_unit_id=unit_id,
        intervention_ids=(intervention_id,),
        to_unit_id=world.units["Hemtjänst Söder"],
        change_date=TODAY,
    )


def _change_unit(session: Session, world: RoleWorld, in_scope: bool) -> ChangeProviderForUnit:
    unit_id = world.units[_row_unit(in_scope)]
    area = BusinessArea.HOME_CARE if in_scope else BusinessArea.NURSING_HOME
    persons = provider_change_queries.unit_persons_by_area(session, unit_id, TODAY)
    return ChangeProviderForUnit(
        from_unit_id=unit_id,
        to_unit_id=world.units["Hemtjänst Söder"],
        business_area=area,
        change_date=TODAY,
        expected_persons=max(1, len(persons.get(area, []))),
    )


def _my_persons(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
    session.add(
        MyPerson(
            user_id=actor.user_id,
            person_id=_target(world, "person", in_scope),
            added_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
    )
    session.flush()
    return lambda: tree.my_persons(session, actor)


def _unit_parent(session: Session, unit_id: int) -> int:
    unit = session.get(OrgUnit, unit_id)
    assert unit is not None
    assert unit.parent_id is not None
    return unit.parent_id


def _ancestors(session: Session, unit_id: int) -> set[int]:
    found: set[int] = set()
    current: int | None = unit_id
    while current is not None:
        found.add(current)
        unit = session.get(OrgUnit, current)
        current = unit.parent_id if unit else None
    return found


def _staff(world: RoleWorld) -> tuple[int, int]:
    """The care staff user the administrator's calls act on, and the unit of their grant."""
    username, unit = ROLE_USERS[Role.CARE_STAFF]
    return world.users[username], world.units[unit]


_NEW_PASSWORD = "ett långt lösenord 2026"
_SERVICE_HELPER = (
    "no actor: a helper the boservice services and queries call after their own checks"
)


def _service_unit(world: RoleWorld, in_scope: bool) -> int:
    return world.units["Norr grupp 1" if in_scope else "Lindgården"]


def _service_case(session: Session, world: RoleWorld, in_scope: bool) -> int:
    """An open boservice case (Städning) of the target person at Norr grupp 1 / Lindgården."""
    person_id = _target(world, "person", in_scope)
    unit_id = _service_unit(world, in_scope)
    case = Case(person_id=person_id, kind=CaseKind.SERVICE, opened_on=PERIOD_START)
    session.add(case)
    session.flush()
    decision = Decision(case_id=case.id, decided_on=PERIOD_START, period_start=PERIOD_START)
    session.add(decision)
    session.flush()
    intervention = Intervention(decision_id=decision.id, type_code="cleaning")
    assignment = Assignment(
        person_id=person_id,
        decision_id=decision.id,
        receiver_unit_id=unit_id,
        kind=AssignmentKind.NEW,
        status=AssignmentStatus.ACCEPTED,
        sent_at=datetime(2026, 1, 1, tzinfo=UTC),
        awaiting_distribution=False,
    )
    session.add_all([intervention, assignment])
    session.flush()
    session.add(
        Execution(
            assignment_id=assignment.id,
            intervention_id=intervention.id,
            person_id=person_id,
            unit_id=unit_id,
            start_date=PERIOD_START,
            status=ExecutionStatus.SENT_TO_EXECUTION,
            created_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
    )
    session.flush()
    return case.id


def _case_call(make: Callable[[Session, RoleWorld, int], Any], fn: Callable[..., Any]) -> Prepare:
    def prepare(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
        case_id = _service_case(session, world, in_scope)
        command = make(session, world, case_id)
        return lambda: fn(session, actor, command)

    return prepare


def _open_service(session: Session, world: RoleWorld, in_scope: bool) -> OpenServiceCase:
    return OpenServiceCase(
        person_id=_target(world, "person", in_scope),
        unit_id=_service_unit(world, in_scope),
        items=(ServiceItem(type_code="laundry"),),
        start_date=TODAY,
    )


def _removed_before(session: Session, world: RoleWorld, actor: Actor, in_scope: bool) -> Any:
    """The actor removed the ended person from their folder; Visa i mapp igen undoes it."""
    person_id = _target(world, "ended_person", in_scope)
    session.add(
        NotCurrentRemoval(
            user_id=actor.user_id,
            person_id=person_id,
            unit_id=world.units["Norr grupp 1"],
            ended_on=date(2199, 1, 1),
            removed=True,
            recorded_at=datetime(2026, 1, 1, tzinfo=UTC),
        )
    )
    session.flush()
    command = ShowAgainInNotCurrent(person_id=person_id)
    return lambda: not_current.show_again_in_not_current(session, actor, command)


def _admin_call(make: Callable[[RoleWorld], Any], fn: Callable[..., Any]) -> Prepare:
    def prepare(session: Session, world: RoleWorld, actor: Actor, _in_scope: bool) -> Any:
        command = make(world)
        return lambda: fn(session, actor, command)

    return prepare


def _new_user(world: RoleWorld) -> CreateUser:
    world._serial += 1
    return CreateUser(
        username=f"ny{world._serial}",
        display_name="Nina Ny",
        password=_NEW_PASSWORD,
        repeated_password=_NEW_PASSWORD,
    )


_OWN_ACCOUNT = (
    "acts on the actor's own account only (no target: the user id is the actor's), tested in "
    "tests/services/test_accounts.py and tests/services/test_login_security.py"
)

# --- the table -----------------------------------------------------------------------------

_HELPER = "helper called by a service or query after that caller's own check; returns no "
_TEXT = "pure text helper over values its caller already read"
_PARSER = "pure parsing of an import file's values: no session, no actor, no data read"
_CODE_LIST = "code list or organisation tree: no personal data, the same for every user"

TABLE: dict[str, Checked | Exempt] = {
    # services.accounts and db.queries.accounts
    "services.accounts.change_password": Exempt(_OWN_ACCOUNT),
    "services.accounts.create_user": Checked(
        ADMINISTER, _admin_call(_new_user, account_services.create_user)
    ),
    "services.accounts.grant_role": Checked(
        ADMINISTER,
        _admin_call(
            lambda world: GrantRole(
                user_id=_staff(world)[0], role=Role.CARE_STAFF, unit_id=world.units["Lindgården"]
            ),
            account_services.grant_role,
        ),
    ),
    "services.accounts.revoke_role": Checked(
        ADMINISTER,
        _admin_call(
            lambda world: RevokeRole(
                user_id=_staff(world)[0], role=Role.CARE_STAFF, unit_id=_staff(world)[1]
            ),
            account_services.revoke_role,
        ),
    ),
    "services.accounts.set_user_active": Checked(
        ADMINISTER,
        _admin_call(
            lambda world: SetUserActive(user_id=_staff(world)[0], active=False),
            account_services.set_user_active,
        ),
    ),
    "services.accounts.set_password": Checked(
        ADMINISTER,
        _admin_call(
            lambda world: SetPassword(
                user_id=_staff(world)[0],
                password=_NEW_PASSWORD,
                repeated_password=_NEW_PASSWORD,
            ),
            account_services.set_password,
        ),
    ),
    "db.queries.accounts.list_users": Checked(
        ADMINISTER,
        lambda session, _world, actor, _in: lambda: account_queries.list_users(session, actor),
    ),
    "db.queries.accounts.user_detail": Checked(
        ADMINISTER,
        lambda session, world, actor, _in: (
            lambda: account_queries.user_detail(session, actor, _staff(world)[0])
        ),
    ),
    "db.queries.accounts.unit_choices": Checked(
        ADMINISTER,
        lambda session, _world, actor, _in: lambda: account_queries.unit_choices(session, actor),
    ),
    "services.auth.logout": Exempt(_OWN_ACCOUNT),
    "services.auth.lock_session": Exempt(_OWN_ACCOUNT),
    "services.auth.unlock_session": Exempt(_OWN_ACCOUNT),
    # services.assignment_import
    "services.assignment_import.import_assignments": Checked(
        AUTHORITY_ANY,
        lambda session, _world, actor, _in: (
            lambda: assignment_import.import_assignments(session, actor, example_bytes(TODAY))
        ),
        allowed_errors=(assignment_import.ImportFailed,),
    ),
    # services.assignment_import_* : the import's pure parts, called by import_assignments
    # after its check
    "services.assignment_import_checks.intervention_input": Exempt(_PARSER),
    "services.assignment_import_checks.person_input": Exempt(_PARSER),
    "services.assignment_import_parse.decode": Exempt(_PARSER),
    "services.assignment_import_parse.location": Exempt(_PARSER),
    "services.assignment_import_parse.read_file": Exempt(_PARSER),
    "services.assignment_import_parse.read_record": Exempt(_PARSER),
    "services.assignment_import_parse.schema_problems": Exempt(_PARSER),
    "services.assignment_import_parse.translate": Exempt(_PARSER),
    "services.assignment_import_schema.check_external_id": Exempt(_PARSER),
    # services.auth
    "services.auth.login": Exempt(
        "runs before anyone is logged in (no actor); answers only for the credentials given"
    ),
    "services.auth.load_actor": Exempt(
        "builds the Actor after a successful login, from that user's own grants"
    ),
    # services.authority
    "services.authority_validation.validate_new_person": Exempt(_HELPER + "person data"),
    "services.authority_validation.validate_decision": Exempt(_HELPER + "data (pure date rules)"),
    "services.authority_validation.validate_intervention": Exempt(_HELPER + "person data"),
    "services.authority_validation.validate_interventions": Exempt(_HELPER + "person data"),
    "services.authority_validation.validate_receiver": Exempt(_HELPER + "person data"),
    "services.authority_validation.validate_goals": Exempt(_HELPER + "data (pure text rule)"),
    "services.authority.register_person": Checked(
        AUTHORITY_ANY,
        _command_call(
            authority.register_person,
            lambda _s, world, _in: RegisterPerson(**_new_person(world).model_dump()),
        ),
    ),
    "services.authority.open_case": Checked(
        AUTHORITY_SCOPED,
        _command_call(
            authority.open_case,
            lambda _s, world, in_scope: OpenCase(person_id=_target(world, "person", in_scope)),
        ),
    ),
    "services.authority.register_decision": Checked(
        AUTHORITY_SCOPED,
        _command_call(
            authority.register_decision,
            lambda _s, world, in_scope: RegisterDecision(
                case_id=_target(world, "case", in_scope),
                decided_on=TODAY,
                period_start=TODAY,
                period_end=PERIOD_END,
                interventions=(InterventionInput(type_code="meal_delivery"),),
            ),
        ),
    ),
    "services.authority.send_assignment": Checked(
        AUTHORITY_SCOPED, _command_call(authority.send_assignment, _unsent_decision)
    ),
    "services.authority.send_new_assignment": Checked(
        AUTHORITY_ANY,
        _command_call(
            authority.send_new_assignment,
            lambda _s, world, in_scope: SendNewAssignment(
                person=_new_person(world),
                decision=_decision(),
                interventions=(
                    InterventionInput(type_code="safety_alarm" if in_scope else "special_housing"),
                ),
                goals="Trygghet i vardagen.",
                receiver_unit_id=world.units["Hemtjänst Norr" if in_scope else "Lindgården"],
            ),
        ),
    ),
    # services.distribution
    "services.distribution.distribute_intervention": Checked(
        MANAGE_ASSIGNMENTS, _command_call(distribution.distribute_intervention, _distribute)
    ),
    "services.distribution.register_execution": Checked(
        MANAGE_ASSIGNMENTS,
        _command_call(
            distribution.register_execution,
            lambda session, world, in_scope: RegisterExecution(
                execution_id=_target(world, "pending_execution", in_scope),
                expected_version=_version(
                    session, Execution, _target(world, "pending_execution", in_scope)
                ),
            ),
        ),
    ),
    "services.distribution.stop_assignment": Checked(
        MANAGE_ASSIGNMENTS,
        _command_call(
            distribution.stop_assignment,
            lambda session, world, in_scope: StopAssignment(
                assignment_id=_target(world, "received", in_scope),
                reason="Fel mottagare.",
                misdirected=True,
                expected_version=_version(
                    session, Assignment, _target(world, "received", in_scope)
                ),
            ),
        ),
    ),
    # services.not_current
    "services.not_current.remove_from_not_current": Checked(
        MANAGE_ASSIGNMENTS,
        _command_call(
            not_current.remove_from_not_current,
            lambda _s, world, in_scope: RemoveFromNotCurrent(
                person_id=_target(world, "ended_person", in_scope)
            ),
        ),
    ),
    "services.not_current.show_again_in_not_current": Checked(MANAGE_ASSIGNMENTS, _removed_before),
    # services.service_case
    "services.service_case.open_service_case": Checked(
        MANAGE_ASSIGNMENTS,
        _command_call(service_case.open_service_case, _open_service),
        # Past every check: a target without a billing area.
        allowed_errors=(ValidationError,),
    ),
    "services.service_case.set_service_decision_end": Checked(
        MANAGE_ASSIGNMENTS,
        _case_call(
            lambda session, _world, case_id: SetServiceDecisionEnd(
                case_id=case_id, period_end=PERIOD_END, expected_version=1
            ),
            service_case.set_service_decision_end,
        ),
    ),
    "services.service_case.close_service_case": Checked(
        MANAGE_ASSIGNMENTS,
        _case_call(
            lambda session, _world, case_id: CloseServiceCase(
                case_id=case_id, closed_on=TODAY, reason_code="moved", expected_version=1
            ),
            service_case.close_service_case,
        ),
        # Past every check: the target's personal care goes on.
        allowed_errors=(ValidationError, Conflict),
    ),
    # services.follow_up
    "services.follow_up.record_export": Checked(
        MANAGE_ASSIGNMENTS,
        _command_call(
            follow_up.record_export,
            lambda _s, world, in_scope: ExportWaitingAssignments(
                assignment_ids=(_target(world, "received", in_scope),)
            ),
        ),
    ),
    # services.genomforande
    "services.genomforande.acknowledge_assignment": Checked(
        ACKNOWLEDGE,
        _command_call(
            genomforande.acknowledge_assignment,
            lambda _s, world, in_scope: AcknowledgeAssignment(
                assignment_id=_target(world, "assignment", in_scope),
                move_to_my_persons=True,
                unread_confirmed=True,
            ),
        ),
    ),
    "services.genomforande.add_to_my_persons": Checked(
        PROVIDER_READ, _person_call(genomforande.add_to_my_persons)
    ),
    "services.genomforande.undo_acknowledgement": Checked(
        ACKNOWLEDGE,
        lambda session, world, actor, in_scope: (
            lambda: genomforande.undo_acknowledgement(
                session,
                actor,
                UndoAcknowledgement(
                    assignment_id=_target(world, "assignment", in_scope),
                    execution_ids=tuple(
                        session.scalars(
                            select(Execution.id).where(
                                Execution.assignment_id == _target(world, "assignment", in_scope)
                            )
                        ).all()
                    ),
                ),
            )
        ),
        # Past every check of role and scope: nothing of the actor's to take back.
        allowed_errors=(Conflict,),
    ),
    "services.genomforande.remove_from_my_persons": Exempt(
        "acts on the actor's own Mina personer only (the entry is found by the actor's user "
        "id; the role is checked): taking a person off one's own list shows nothing about them "
        "and must stay possible after they left the actor's reach; tested in "
        "tests/services/test_genomforande_safety.py"
    ),
    # services.inbox
    "services.inbox.send_message": Checked(
        READ_PERSON,
        lambda session, world, actor, in_scope: (
            lambda: inbox.send_message(
                session,
                actor,
                SendMessage(
                    recipient_ids=(world.users["utomstaende"],),
                    subject="Om brukaren",
                    body="Ring mig.",
                    person_id=_target(world, "person", in_scope),
                ),
            )
        ),
    ),
    "services.inbox.mark_read": Checked(
        OWN_MESSAGES,
        _command_call(
            inbox.mark_read,
            lambda _s, world, in_scope: MarkMessageRead(
                message_id=_target(world, "message", in_scope)
            ),
        ),
        refused_with=(NotFound,),
    ),
    "services.inbox.reply": Checked(
        OWN_MESSAGES,
        _command_call(
            inbox.reply,
            lambda _s, world, in_scope: ReplyToMessage(
                message_id=_target(world, "message", in_scope), body="Det gör jag."
            ),
        ),
        refused_with=(NotFound,),
    ),
    # services.persons
    "services.persons.reveal_protected": Checked(
        READ_PERSON,
        _command_call(
            person_services.reveal_protected,
            lambda _s, world, in_scope: RevealProtected(
                person_id=_target(world, "person", in_scope),
                reason=RevealReasonChoice(code="care_visit"),
            ),
        ),
    ),
    "services.persons.update_person_details": Checked(
        EDIT_PERSON,
        _edit(
            lambda pid, version, _s: UpdatePersonDetails(
                person_id=pid,
                expected_version=version,
                first_name="Test",
                last_name="Ändrad",
                protected_identity=False,
            ),
            person_services.update_person_details,
        ),
    ),
    "services.persons.update_contact": Checked(
        EDIT_PERSON,
        _edit(
            lambda pid, version, _s: UpdateContact(
                person_id=pid, expected_version=version, phone="08-123 45 67"
            ),
            person_services.update_contact,
        ),
    ),
    "services.persons.update_addresses": Checked(
        EDIT_PERSON,
        _edit(
            lambda pid, version, _s: UpdateAddresses(
                person_id=pid,
                expected_version=version,
                street="Nygatan 2",
                postal_code="123 45",
                city="Åby",
            ),
            person_services.update_addresses,
        ),
    ),
    "services.persons.set_billing_area": Checked(
        EDIT_PERSON,
        _edit(
            lambda pid, version, _s: SetBillingArea(
                person_id=pid, expected_version=version, billing_area_code="HT-S"
            ),
            person_services.set_billing_area,
        ),
    ),
    "services.persons.set_contact_person": Checked(
        EDIT_PERSON,
        _edit(
            lambda pid, version, _s: SetContactPerson(
                person_id=pid, expected_version=version, user_id=None
            ),
            person_services.set_contact_person,
        ),
    ),
    "services.persons.add_relation": Checked(
        EDIT_PERSON,
        _edit(
            lambda pid, version, _s: AddRelation(
                person_id=pid,
                expected_version=version,
                kind=RelationKind.NEXT_OF_KIN,
                name="Bo Närstående",
                relation_type="Son",
            ),
            person_services.add_relation,
        ),
    ),
    "services.persons.update_relation": Checked(
        EDIT_PERSON,
        _edit(
            lambda pid, version, session: UpdateRelation(
                person_id=pid,
                expected_version=version,
                relation_id=_relation(session, pid),
                kind=RelationKind.NEXT_OF_KIN,
                name="Britt Närstående",
                relation_type="Dotter",
                phone="070-123 45 67",
            ),
            person_services.update_relation,
        ),
    ),
    "services.persons.end_relation": Checked(
        EDIT_PERSON,
        _edit(
            lambda pid, version, session: EndRelation(
                person_id=pid, expected_version=version, relation_id=_relation(session, pid)
            ),
            person_services.end_relation,
        ),
    ),
    # services.reading
    "services.reading.record_assignment_read": Checked(
        READ_ASSIGNMENT,
        _command_call(
            reading_services.record_assignment_read,
            lambda _s, world, in_scope: AssignmentRef(
                assignment_id=_target(world, "assignment", in_scope)
            ),
        ),
    ),
    "services.reading.record_assignment_output": Checked(
        READ_ASSIGNMENT,
        _command_call(
            reading_services.record_assignment_output,
            lambda _s, world, in_scope: AssignmentOutput(
                assignment_id=_target(world, "assignment", in_scope), saved_to_file=True
            ),
        ),
    ),
    # db.queries.authority
    "db.queries.authority.intervention_types": Exempt(_CODE_LIST),
    "db.queries.authority.receiver_units": Exempt(_CODE_LIST),
    "db.queries.authority.find_person_by_identity": Checked(
        AUTHORITY_ANY,
        lambda session, world, actor, in_scope: (
            lambda: authority_queries.find_person_by_identity(
                session, actor, world.numbers[_target(world, "person", in_scope)]
            )
        ),
    ),
    # db.queries.counts
    "db.queries.counts.new_assignment_counts": Exempt(
        "a number without personal data, with the same scoped filter as the list it counts "
        "(tests/db/test_counts.py proves they agree)"
    ),
    "db.queries.counts.genomforande_count": Exempt(
        "a number without personal data, with the same scoped filter as the list it counts "
        "(tests/db/test_counts.py proves they agree)"
    ),
    # db.queries.distribution
    "db.queries.distribution.unit_choices": Exempt(
        "pure helper over the organisation: offers only units where the actor may distribute"
    ),
    "db.queries.distribution.default_unit": Exempt("pure helper over unit choices"),
    "db.queries.distribution.assignment_distribution": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, world, actor, in_scope: (
            lambda: distribution_queries.assignment_distribution(
                session, actor, _target(world, "assignment", in_scope)
            )
        ),
    ),
    "db.queries.distribution.execution_version": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, world, actor, in_scope: (
            lambda: distribution_queries.execution_version(
                session, actor, _target(world, "pending_execution", in_scope)
            )
        ),
    ),
    "db.queries.distribution.affected_recipients": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, world, actor, in_scope: (
            lambda: distribution_queries.affected_recipients(
                session, actor, _target(world, "assignment", in_scope)
            )
        ),
    ),
    # db.queries.service_case
    "db.queries.service_case.service_types": Checked(
        anywhere_for(MANAGERS),
        lambda session, _world, actor, _in: (
            lambda: service_case_queries.service_types(session, actor)
        ),
    ),
    "db.queries.service_case.close_reasons": Checked(
        anywhere_for(MANAGERS),
        lambda session, _world, actor, _in: (
            lambda: service_case_queries.close_reasons(session, actor)
        ),
    ),
    "db.queries.service_case.service_units": Checked(
        anywhere_for(MANAGERS),
        lambda session, _world, actor, _in: (
            lambda: service_case_queries.service_units(session, actor)
        ),
    ),
    "db.queries.service_case.load_service_case": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, world, actor, in_scope: (
            lambda case_id: (
                lambda: service_case_queries.load_service_case(
                    session, actor, case_id, Permission.END_EXECUTION
                )
            )
        )(_service_case(session, world, in_scope)),
    ),
    "db.queries.service_case.person_service_cases": Checked(
        MANAGE_ASSIGNMENTS, _person_call(service_case_queries.person_service_cases)
    ),
    "db.queries.service_case.service_case_summary": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, world, actor, in_scope: (
            lambda case_id: (
                lambda: service_case_queries.service_case_summary(session, actor, case_id, TODAY)
            )
        )(_service_case(session, world, in_scope)),
    ),
    "db.queries.service_case.case_unit_ids": Exempt(_SERVICE_HELPER),
    "db.queries.service_case.latest_decision": Exempt(_SERVICE_HELPER),
    "db.queries.service_case.personal_care_rows": Exempt(_SERVICE_HELPER),
    # db.queries.sent_assignments: the actor's own sent assignments (sender_user_id), so no
    # target can be outside them; other roles are refused.
    "db.queries.sent_assignments.sent_assignments": Checked(
        AUTHORITY_ANY,
        lambda session, _world, actor, _in: (
            lambda: sent_assignments_queries.sent_assignments(
                session, actor, since=date(2000, 1, 1), until=date(2100, 1, 1)
            )
        ),
    ),
    "db.queries.sent_assignments.sent_assignment_counts": Checked(
        AUTHORITY_ANY,
        lambda session, _world, actor, _in: (
            lambda: sent_assignments_queries.sent_assignment_counts(
                session, actor, since=date(2000, 1, 1), until=date(2100, 1, 1)
            )
        ),
    ),
    "db.queries.sent_assignments.desk_period": Exempt("pure date arithmetic, no data"),
    # db.queries.follow_up
    "db.queries.follow_up.waiting_assignments": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, _world, actor, _in: (
            lambda: follow_up_queries.waiting_assignments(session, actor)
        ),
        shows=lambda result, world, in_scope: any(
            item.assignment_id == _target(world, "received", in_scope) for item in result
        ),
    ),
    # db.queries.genomforande
    "db.queries.genomforande.awaiting_acknowledgement": Exempt(
        "builds a SQL filter over the unit ids its caller passes (the actor's own)"
    ),
    "db.queries.genomforande.genomforande_new_assignments": Checked(
        ACKNOWLEDGE,
        lambda session, _world, actor, _in: (
            lambda: genomforande_queries.genomforande_new_assignments(session, actor)
        ),
        shows=lambda result, world, in_scope: any(
            item.assignment_id == _target(world, "assignment", in_scope) for item in result
        ),
    ),
    # db.queries.inbox
    "db.queries.inbox.message_detail": Checked(
        READ_PERSON,
        lambda session, world, actor, in_scope: (
            lambda: inbox_queries.message_detail(
                session, actor, _target(world, "person_message", in_scope)
            )
        ),
        shows=lambda result, _world, _in: result.person_name != inbox_queries.OUTSIDE_SCOPE_TEXT,
    ),
    "db.queries.inbox.recipient_choices": Exempt(
        "lists active staff to address a message to, never persons; every user may write"
    ),
    "db.queries.inbox.recipient_choice_map": Exempt(_HELPER + "person data (staff only)"),
    # db.queries.organisation
    "db.queries.organisation.all_units": Exempt(_CODE_LIST),
    "db.queries.organisation.unit_and_ancestors": Exempt("pure helper over the organisation"),
    "db.queries.organisation.unit_path": Exempt("pure helper over the organisation"),
    # db.queries.person_record
    "db.queries.person_record.person_unit_ids": Exempt(_HELPER + "names or numbers"),
    "db.queries.person_record.audit_unit": Exempt("pure helper choosing an audit unit"),
    "db.queries.person_record.person_has_billing_area": Exempt(
        _HELPER + "names or numbers (a yes/no for the distribution dialog)"
    ),
    "db.queries.person_record.reveal_reasons": Exempt(_CODE_LIST),
    "db.queries.person_record.reveal_details": Exempt(
        _HELPER + "data (reveal_protected and person_history call it after require_person_access)"
    ),
    "db.queries.person_record.billing_areas": Exempt(_CODE_LIST),
    "db.queries.person_record.contact_person_candidate_ids": Exempt(
        _HELPER + "person data (staff ids)"
    ),
    "db.queries.person_record.contact_person_candidates": Checked(
        READ_PERSON, _person_call(person_record.contact_person_candidates)
    ),
    "db.queries.person_record.build_record": Exempt(
        "builds the view of a Person its caller already holds: get_person_record and the "
        "person services call it only after require_person_access"
    ),
    "db.queries.person_record.get_person_record": Checked(
        READ_PERSON, _person_call(person_record.get_person_record)
    ),
    "db.queries.person_record.person_history": Checked(
        READ_PERSON, _person_call(person_record.person_history)
    ),
    "db.queries.person_record.person_tree_units": Checked(
        READ_PERSON, _person_call(person_record.person_tree_units)
    ),
    # db.queries.person_search
    # db.queries.reach: the scope rule itself
    "db.queries.reach.require_person_access": Checked(
        READ_PERSON, _person_call(reach.require_person_access)
    ),
    "db.queries.reach.visible_persons": Exempt(
        "the scope rule itself as SQL (require_person_access's twin), proven by the search "
        "rows here, tests/db/test_engagement.py and the unit-scope property test"
    ),
    "db.queries.reach.reached_person_ids": Exempt(
        "the scope rule itself as SQL, used only inside the scoped search"
    ),
    "db.queries.reach.reach_of": Exempt(
        "reads the actor's own units and the date: no personal data"
    ),
    "db.queries.reach.engaged_row": Exempt("pure SQL condition on execution rows, no data read"),
    "db.queries.reach.engaged_at": Exempt(
        "the scope rule itself for one person at one unit (a yes or no, no data); every caller "
        "refuses on no, proven by the journal and plan rows here (require_engaged_at and the "
        "journal and plan reads)"
    ),
    "db.queries.reach.store_follow_up_days": Exempt(
        "the database owner's command `db follow-up-days`, run outside any login; audited"
    ),
    "db.queries.reach.follow_up_days": Exempt(
        "reads the installation's follow-up setting: no personal data"
    ),
    # db.queries.person_search
    "db.queries.person_search.search_persons": Checked(
        READ_PERSON,
        lambda session, world, actor, in_scope: (
            lambda: person_search.search_persons(
                session, actor, world.numbers[_target(world, "person", in_scope)]
            )
        ),
        shows=lambda result, world, in_scope: _shows_person(result, world, in_scope, "person"),
    ),
    "db.queries.person_search.search_persons_page": Checked(
        READ_PERSON,
        lambda session, world, actor, in_scope: (
            lambda: person_search.search_persons_page(
                session, actor, world.numbers[_target(world, "person", in_scope)]
            )
        ),
        shows=lambda result, world, in_scope: _shows_person(
            result.results, world, in_scope, "person"
        ),
    ),
    # db.queries.persons
    "db.queries.persons.person_overview": Checked(
        READ_PERSON, _person_call(persons.person_overview)
    ),
    # db.queries.reading
    "db.queries.reading.load_assignment": Exempt(
        "loads the row for a caller that checks next (require_read_access, require(...))"
    ),
    "db.queries.reading.can_read_assignment": Checked(
        READ_ASSIGNMENT,
        lambda session, world, actor, in_scope: (
            lambda: reading.can_read_assignment(
                session,
                actor,
                reading.load_assignment(session, _target(world, "assignment", in_scope)),
            )
        ),
        shows=lambda result, _world, _in: bool(result),
    ),
    "db.queries.reading.require_read_access": Checked(
        READ_ASSIGNMENT,
        lambda session, world, actor, in_scope: (
            lambda: reading.require_read_access(
                session,
                actor,
                reading.load_assignment(session, _target(world, "assignment", in_scope)),
            )
        ),
    ),
    "db.queries.reading.item_interventions": Exempt(_HELPER + "person data"),
    "db.queries.reading.assignment_document_view": Exempt(
        "the document's content for record_assignment_read, which checks and audits first"
    ),
    # db.queries.new_assignments
    "db.queries.new_assignments.waiting_assignment_filter": Exempt(
        "builds a SQL filter over the unit ids its caller passes (the actor's own)"
    ),
    "db.queries.new_assignments.assignment_title": Exempt(
        "pure text helper over values its caller already read"
    ),
    "db.queries.new_assignments.title_of": Exempt(_TEXT),
    "db.queries.new_assignments.intervention_names_of": Exempt(
        _HELPER + "person data (intervention type names of the caller's assignments)"
    ),
    "db.queries.new_assignments.new_assignments": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, _world, actor, _in: (
            lambda: new_assignment_queries.new_assignments(session, actor)
        ),
        shows=lambda result, world, in_scope: any(
            a.id == _target(world, "received", in_scope) for p in result for a in p.assignments
        ),
    ),
    "db.queries.new_assignments.new_assignments_page": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, _world, actor, _in: (
            lambda: new_assignment_queries.new_assignments_page(session, actor)
        ),
        shows=lambda result, world, in_scope: any(
            a.id == _target(world, "received", in_scope)
            for p in result.items
            for a in p.assignments
        ),
    ),
    # db.queries.tree
    "db.queries.tree.inbox": Checked(
        OWN_MESSAGES,
        lambda session, _world, actor, _in: lambda: tree.inbox(session, actor),
        shows=lambda result, world, in_scope: _shows_person(result, world, in_scope, "message"),
    ),
    "db.queries.tree.inbox_page": Checked(
        OWN_MESSAGES,
        lambda session, _world, actor, _in: lambda: tree.inbox_page(session, actor),
        shows=lambda result, world, in_scope: _shows_person(
            result.items, world, in_scope, "message"
        ),
    ),
    "db.queries.tree.unread_count": Exempt(
        "a number: the actor's own unread messages (MessageRecipient.user_id is the actor)"
    ),
    "db.queries.tree.my_persons": Checked(
        READ_PERSON,
        _my_persons,
        shows=lambda result, world, in_scope: _shows_person(result, world, in_scope, "person"),
    ),
    "db.queries.tree.current_row": Exempt("pure SQL condition on execution rows, no data read"),
    "db.queries.not_current.not_current_persons": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, _world, actor, _in: (
            lambda: not_current_queries.not_current_persons(session, actor)
        ),
        shows=lambda result, world, in_scope: _shows_person(
            result, world, in_scope, "ended_person"
        ),
    ),
    "db.queries.not_current.not_current_page": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, _world, actor, _in: (
            lambda: not_current_queries.not_current_page(session, actor).items
        ),
        shows=lambda result, world, in_scope: _shows_person(
            result, world, in_scope, "ended_person"
        ),
    ),
    # Numbers only: it counts exactly the persons the folder lists to the same actor.
    "db.queries.not_current.not_current_tally": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, _world, actor, _in: (
            lambda: (
                not_current_queries.not_current_tally(session, actor),
                not_current_queries.not_current_persons(session, actor),
            )
        ),
        shows=lambda result, world, in_scope: (
            result[0].listed == len(result[1])
            and _shows_person(result[1], world, in_scope, "ended_person")
        ),
    ),
    "db.queries.tree.root_units": Checked(
        PROVIDER_READ,
        lambda session, world, actor, in_scope: (
            lambda: (
                tree.root_units(session, actor),
                _ancestors(session, world.unit_pair().of(in_scope)),
            )
        ),
        shows=lambda result, _world, _in: any(unit.id in result[1] for unit in result[0]),
    ),
    "db.queries.tree.child_units": Checked(
        PROVIDER_READ,
        lambda session, world, actor, in_scope: (
            lambda: tree.child_units(
                session, actor, _unit_parent(session, world.unit_pair().of(in_scope))
            )
        ),
        shows=lambda result, world, in_scope: any(
            unit.id == world.unit_pair().of(in_scope) for unit in result
        ),
    ),
    "db.queries.tree.unit_persons": Checked(
        PROVIDER_READ,
        lambda session, world, actor, in_scope: (
            lambda: tree.unit_persons(session, actor, world.unit_pair().of(in_scope))
        ),
        shows=lambda result, world, in_scope: _shows_person(result, world, in_scope, "person"),
    ),
    "db.queries.tree.unit_persons_page": Checked(
        PROVIDER_READ,
        lambda session, world, actor, in_scope: (
            lambda: tree.unit_persons_page(session, actor, world.unit_pair().of(in_scope))
        ),
        shows=lambda result, world, in_scope: _shows_person(
            result.items, world, in_scope, "person"
        ),
    ),
    "db.queries.tree.unit_person_count": Checked(
        PROVIDER_READ,
        lambda session, world, actor, in_scope: (
            lambda: tree.unit_person_count(session, actor, world.unit_pair().of(in_scope))
        ),
        shows=lambda result, _world, _in: result > 0,
    ),
    "db.queries.interventions.person_interventions": Checked(
        READ_PERSON, _person_call(interventions.person_interventions)
    ),
    "db.queries.checklists.person_checklists": Checked(
        PROVIDER_READ, _person_call(checklist_queries.person_checklists)
    ),
    "db.queries.interventions.execution_rows": Exempt(
        "builds a SELECT; its callers add the person"
    ),
    "db.queries.interventions.execution_view": Exempt("pure view builder over a row already read"),
    "db.queries.tree.person_list_item": Checked(READ_PERSON, _person_call(tree.person_list_item)),
    # db.queries.ui_support
    "db.queries.ui_support.user_id_for_username": Exempt(
        "login support before anyone is logged in: a user id, no personal data"
    ),
    "db.queries.ui_support.active_usernames": Exempt(
        "login support before anyone is logged in: usernames, no personal data"
    ),
    # services.executions, db.queries.executions and db.queries.ending (Rätta/Avsluta, Återkalla)
    "services.executions.end_execution": Checked(
        MANAGE_ASSIGNMENTS,
        _command_call(
            executions.end_execution,
            lambda session, world, in_scope: EndExecution(
                execution_id=_target(world, "execution", in_scope),
                end_date=PERIOD_END,
                reason_code="other",
                expected_version=_version(
                    session, Execution, _target(world, "execution", in_scope)
                ),
            ),
        ),
        allowed_errors=(ValidationError,),
    ),
    "services.executions.revoke_execution": Checked(
        MANAGE_ASSIGNMENTS,
        _command_call(
            executions.revoke_execution,
            lambda session, world, in_scope: RevokeExecution(
                execution_id=_target(world, "execution", in_scope),
                day_before=TODAY,
                expected_version=_version(
                    session, Execution, _target(world, "execution", in_scope)
                ),
            ),
        ),
        allowed_errors=(ValidationError,),
    ),
    "db.queries.executions.end_reasons": Exempt(_CODE_LIST),
    "db.queries.executions.execution_window": Checked(
        MANAGE_ASSIGNMENTS,
        _row_call(
            lambda session, actor, row: execution_queries.execution_window(
                session, actor, row.person_id, unit_id=row.unit_id
            )
        ),
    ),
    "db.queries.executions.ended_message_draft": Checked(
        MANAGE_ASSIGNMENTS,
        _row_call(
            lambda session, actor, row: execution_queries.ended_message_draft(
                session, actor, row.person_id, row.unit_id, [row.id]
            )
        ),
    ),
    "db.queries.ending.live_commitments": Checked(
        MANAGE_ASSIGNMENTS,
        _row_call(
            lambda session, actor, row: ending.live_commitments(
                session, actor, row.person_id, row.unit_id
            )
        ),
    ),
    "db.queries.ending.provider_units": Exempt(_HELPER + "person data (the organisation tree)"),
    # services.provider_change (Byt utförare)
    "services.provider_change.change_provider": Checked(
        MANAGE_ASSIGNMENTS, _command_call(provider_change.change_provider, _change_provider)
    ),
    # A reorganisation: a manager reaching both the old and the new unit (here only the
    # verksamhetschef over ÄO Hemtjänst reaches Hemtjänst Söder too).
    "services.provider_change_unit.change_provider_for_unit": Checked(
        in_scope_for({Role.OPERATIONS_MANAGER}),
        _command_call(provider_change_unit.change_provider_for_unit, _change_unit),
        allowed_errors=(ValidationError, Conflict),
    ),
    "db.queries.provider_change.max_backdate_days": Exempt(
        "reads the installation's back-dating setting: no personal data"
    ),
    "db.queries.provider_change.store_max_backdate_days": Exempt(
        "the database owner's command `db provider-change-backdate`, run outside any login; audited"
    ),
    "db.queries.provider_change.target_facts": Exempt(_CODE_LIST),
    "db.queries.provider_change.target_units": Exempt(_CODE_LIST),
    "db.queries.provider_change.unit_live_rows": Exempt(
        "pure SQL over execution rows, no data read"
    ),
    "db.queries.provider_change.live_rows_from": Exempt(
        "pure SQL condition on execution rows, no data read"
    ),
    "db.queries.provider_change.pending_changes": Exempt(
        _HELPER + "person data (intervention ids and unit names)"
    ),
    "db.queries.provider_change.unit_persons_by_area": Exempt(
        _HELPER + "data shown: person ids for the reorganisation service"
    ),
    "db.queries.provider_change.provider_change_choices": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, world, actor, in_scope: (
            lambda: provider_change_queries.provider_change_choices(
                session,
                actor,
                _target(world, "person", in_scope),
                world.units[_row_unit(in_scope)],
            )
        ),
    ),
    "db.queries.provider_change.unit_change_choices": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, world, actor, in_scope: (
            lambda: provider_change_queries.unit_change_choices(
                session, actor, world.units[_row_unit(in_scope)]
            )
        ),
    ),
    "db.queries.provider_change.unit_change_count": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, world, actor, in_scope: (
            lambda: provider_change_queries.unit_change_count(
                session, actor, world.units[_row_unit(in_scope)], BusinessArea.HOME_CARE, TODAY
            )
        ),
    ),
    "db.queries.provider_change.affected_staff": Checked(
        MANAGE_ASSIGNMENTS,
        lambda session, world, actor, in_scope: (
            lambda: provider_change_queries.affected_staff(
                session, actor, world.units[_row_unit(in_scope)]
            )
        ),
    ),
}

# Genomförandeplaner (issue 10) keep their entries in their own module.
from tests.services.permission_table_plans import PLAN_TABLE  # noqa: E402

TABLE.update(PLAN_TABLE)

# Genomförandejournaler (issue 11) too.
from tests.services.permission_table_journals import JOURNAL_TABLE  # noqa: E402

TABLE.update(JOURNAL_TABLE)

from tests.services.permission_table_log_extract import LOG_EXTRACT_TABLE  # noqa: E402

TABLE.update(LOG_EXTRACT_TABLE)

from tests.services.permission_table_journal2 import JOURNAL2_TABLE  # noqa: E402

TABLE.update(JOURNAL2_TABLE)
# Housing (issue 13) keeps its entries in its own module.
from tests.services.permission_table_housing import HOUSING_TABLE  # noqa: E402

TABLE.update(HOUSING_TABLE)
# The monthly individual statistics (issue 13) too.
from tests.services.permission_table_statistics import STATISTICS_TABLE  # noqa: E402

TABLE.update(STATISTICS_TABLE)
# What the live updates read (issue 16).
from tests.services.permission_table_live import LIVE_TABLE  # noqa: E402

TABLE.update(LIVE_TABLE)
# Uppföljning › Statistik (issue 14) too.
from tests.services.permission_table_unit_statistics import UNIT_STATISTICS_TABLE  # noqa: E402

TABLE.update(UNIT_STATISTICS_TABLE)
# Avvikelser (issue 14, W18) too.
from tests.services.permission_table_deviations import DEVIATION_TABLE  # noqa: E402

TABLE.update(DEVIATION_TABLE)
# Sammanställning – Genomförandeplan, Ej verkställda beslut, the dashboard counts (issue 14).
from tests.services.permission_table_follow_up import FOLLOW_UP_TABLE  # noqa: E402

TABLE.update(FOLLOW_UP_TABLE)
