"""Boservice cases (förenklad handläggning): the provider opens a case itself, sets the end of
its decision period and closes it (Avsluta › Sammanställ › Avsluta ärendet)."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Case,
    CaseCloseReason,
    Decision,
    Execution,
    Intervention,
    InterventionType,
)
from treserva_desktop.db.queries.organisation import Unit, all_units, unit_and_ancestors
from treserva_desktop.db.queries.reach import require_person_access
from treserva_desktop.db.queries.service_case import (
    latest_decision,
    load_service_case,
    personal_care_rows,
)
from treserva_desktop.domain import assignment_rules, service_case_rules
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.service_case import (
    CloseServiceCase,
    OpenServiceCase,
    ServiceItem,
    SetServiceDecisionEnd,
)
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    AuditAction,
    BusinessArea,
    CaseKind,
    ExecutionStatus,
    Permission,
)
from treserva_desktop.domain.errors import Conflict, ValidationError
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.service_case import ClosedServiceCase, OpenedServiceCase
from treserva_desktop.services._common import now

log = logging.getLogger(__name__)

LEGAL_BASIS = "Förenklad handläggning (boservice)"


def _opened(_command: OpenServiceCase, result: OpenedServiceCase) -> Touched:
    return Touched(
        units={result.unit_id}, persons={result.person_id}, assignments={result.assignment_id}
    )


def _closed(_command: CloseServiceCase, result: ClosedServiceCase) -> Touched:
    return Touched(
        units=result.unit_ids, persons={result.person_id}, assignments=result.assignment_ids
    )


def _check_unit(session: Session, actor: Actor, unit_id: int) -> Unit:
    """A home-care performing unit the actor may distribute to (Acceptera och fördela's rule)."""
    require(actor, Permission.DISTRIBUTE_ASSIGNMENT, unit_id)
    units = all_units(session)
    unit = units.get(unit_id)
    if unit is None:
        raise ValidationError(assignment_rules.CHOOSE_PERFORMING_UNIT, field="unit_id")
    refusal = assignment_rules.distribution_refusal(
        actor,
        assignment_rules.UnitFacts(
            unit.id,
            unit.name,
            unit.kind,
            unit.is_provider,
            tuple(other.name for other in units.values() if other.parent_id == unit.id),
        ),
    )
    if refusal is not None:
        raise refusal
    area = assignment_rules.effective_business_area(
        ancestor.business_area for ancestor in unit_and_ancestors(units, unit.id)
    )
    if area is not BusinessArea.HOME_CARE:
        raise ValidationError(
            f"Boservice ges av hemtjänsten. {unit.name} är ingen hemtjänstenhet.", field="unit_id"
        )
    return unit


def _types(session: Session, items: tuple[ServiceItem, ...]) -> dict[str, InterventionType]:
    service_case_rules.check_items(item.type_code for item in items)
    found = {
        row.code: row
        for row in session.scalars(
            select(InterventionType).where(
                InterventionType.code.in_([item.type_code for item in items])
            )
        )
    }
    for item in items:
        type_ = found.get(item.type_code)
        if type_ is None or not type_.is_service_case:
            raise ValidationError(
                "Insatsen är ingen boserviceinsats. Välj bland de insatser som visas.",
                field="items",
            )
    return found


def _check_not_running(
    session: Session, person_id: int, type_: InterventionType, start: date
) -> None:
    """The person has no live row of the same boservice going on at the start or after."""
    clash = session.scalars(
        select(Execution.start_date)
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .where(
            Execution.person_id == person_id,
            Intervention.type_code == type_.code,
            Execution.status != ExecutionStatus.REVOKED,
            (Execution.end_date.is_(None)) | (Execution.end_date >= start),
        )
        .limit(1)
    ).first()
    if clash is not None:
        raise ValidationError(
            f"Personen har redan {type_.name} från {clash:%Y-%m-%d}. Avsluta det ärendet först "
            "eller välj ett senare startdatum.",
            field="items",
        )


@changes(ChangeKind.ASSIGNMENTS, ChangeKind.EXECUTIONS, touches=_opened)
def open_service_case(
    session: Session, actor: Actor, command: OpenServiceCase
) -> OpenedServiceCase:
    """Nytt boserviceärende: a case of kind boservice opened at the provider (no authority
    unit), a decision from the start date with no end decided by the actor, and per chosen
    intervention a row at the unit sent straight to execution. The order to the unit is an
    accepted assignment that never waits in Nya uppdrag: nobody has to accept it."""
    unit = _check_unit(session, actor, command.unit_id)
    person = require_person_access(session, actor, command.person_id)
    types = _types(session, command.items)
    today = clock_of(session).today()
    service_case_rules.check_start(command.start_date, today)
    times = {}
    for item in command.items:
        type_ = types[item.type_code]
        times[item.type_code] = (
            assignment_rules.hours_to_minutes(
                item.hours, item.per, requires_time=True, type_name=type_.name
            )
            if item.hours is not None
            else (None, None)
        )
        _check_not_running(session, person.id, type_, command.start_date)
    assignment_rules.check_billing_area(
        person.billing_area_code is not None, BusinessArea.HOME_CARE, True
    )
    stamp = now(session)
    case = Case(
        person_id=person.id,
        authority_unit_id=None,
        kind=CaseKind.SERVICE,
        opened_on=command.start_date,
        responsible_user_id=actor.user_id,
    )
    session.add(case)
    session.flush()
    decision = Decision(
        case_id=case.id,
        decided_on=today,
        period_start=command.start_date,
        period_end=None,
        legal_basis=LEGAL_BASIS,
        decided_by_user_id=actor.user_id,
    )
    session.add(decision)
    session.flush()
    assignment = Assignment(
        person_id=person.id,
        decision_id=decision.id,
        receiver_unit_id=unit.id,
        sender_user_id=actor.user_id,
        kind=AssignmentKind.NEW,
        status=AssignmentStatus.ACCEPTED,
        sent_at=stamp,
        first_read_at=stamp,
        first_read_by_user_id=actor.user_id,
        accepted_at=stamp,
        accepted_by_user_id=actor.user_id,
        awaiting_distribution=False,
    )
    session.add(assignment)
    session.flush()
    execution_ids = []
    for item in command.items:
        minutes, per = times[item.type_code]
        intervention = Intervention(
            decision_id=decision.id,
            type_code=item.type_code,
            granted_minutes=minutes,
            granted_per=per,
        )
        session.add(intervention)
        session.flush()
        session.add(AssignmentItem(assignment_id=assignment.id, intervention_id=intervention.id))
        execution = Execution(
            assignment_id=assignment.id,
            intervention_id=intervention.id,
            person_id=person.id,
            unit_id=unit.id,
            start_date=command.start_date,
            end_date=None,
            minutes=minutes,
            per=per,
            status=ExecutionStatus.SENT_TO_EXECUTION,
            created_at=stamp,
            created_by_user_id=actor.user_id,
        )
        session.add(execution)
        session.flush()
        execution_ids.append(execution.id)
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        "case",
        case.id,
        person_id=person.id,
        unit_id=unit.id,
        details={
            "kind": CaseKind.SERVICE.value,
            "decision_id": decision.id,
            "assignment_id": assignment.id,
            "types": [item.type_code for item in command.items],
        },
    )
    for execution_id in execution_ids:
        audit.record(
            session,
            actor,
            AuditAction.CREATE,
            "execution",
            execution_id,
            person_id=person.id,
            unit_id=unit.id,
            details={
                "assignment_id": assignment.id,
                "status": ExecutionStatus.SENT_TO_EXECUTION.value,
            },
        )
    log.info("service case id %s opened at unit id %s", case.id, unit.id)
    return OpenedServiceCase(case.id, person.id, unit.id, assignment.id)


def _case_dates(session: Session, case: Case, decision: Decision) -> service_case_rules.CaseDates:
    latest = session.scalars(
        select(Execution.start_date)
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(Decision, Decision.id == Intervention.decision_id)
        .where(Decision.case_id == case.id, Execution.status != ExecutionStatus.REVOKED)
        .order_by(Execution.start_date.desc())
        .limit(1)
    ).first()
    return service_case_rules.CaseDates(
        opened_on=case.opened_on,
        period_start=decision.period_start,
        period_end=decision.period_end,
        latest_row_start=latest,
    )


def _lock_case(session: Session, actor: Actor, case_id: int) -> Case:
    case = load_service_case(session, actor, case_id, Permission.END_EXECUTION)
    # PostgreSQL: serialise closings of one case (SQLite has one writer anyway).
    session.execute(select(Case.id).where(Case.id == case.id).with_for_update())
    return case


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(service_case_rules.CHANGED_BY_SOMEONE_ELSE) from None


@changes(ChangeKind.EXECUTIONS)
def set_service_decision_end(session: Session, actor: Actor, command: SetServiceDecisionEnd) -> int:
    """Beslutsperiodens slut (Spara) of an open boservice case. Returns the case's new version."""
    case = _lock_case(session, actor, command.case_id)
    service_case_rules.check_open(case.closed_on)
    service_case_rules.check_version(case.version, command.expected_version)
    decision = latest_decision(session, case.id)
    service_case_rules.check_period_end(command.period_end, _case_dates(session, case, decision))
    decision.period_end = command.period_end
    # The case's version moves on, so a closing prepared before this sees the change.
    flag_modified(case, "closed_on")
    _flush(session)
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        "decision",
        decision.id,
        person_id=case.person_id,
        details={
            "case_id": case.id,
            "period_end": command.period_end.isoformat() if command.period_end else None,
        },
    )
    return case.version


@changes(ChangeKind.ASSIGNMENTS, ChangeKind.EXECUTIONS, touches=_closed)
def close_service_case(
    session: Session, actor: Actor, command: CloseServiceCase
) -> ClosedServiceCase:
    """Avsluta ärendet: the case closes on the date with the avslutsorsak, its decision period
    ends then (if it ran longer) and its rows still running end that day. Refused while the
    person's personal care goes on."""
    case = _lock_case(session, actor, command.case_id)
    service_case_rules.check_open(case.closed_on)
    service_case_rules.check_version(case.version, command.expected_version)
    reason = session.get(CaseCloseReason, command.reason_code)
    if reason is None or not reason.active:
        raise ValidationError(service_case_rules.CHOOSE_REASON, field="reason_code")
    decision = latest_decision(session, case.id)
    service_case_rules.check_closing(command.closed_on, _case_dates(session, case, decision))
    service_case_rules.check_no_personal_care(
        personal_care_rows(session, case.person_id), command.closed_on
    )
    rows = session.scalars(
        select(Execution)
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(Decision, Decision.id == Intervention.decision_id)
        .where(Decision.case_id == case.id, Execution.status != ExecutionStatus.REVOKED)
        .order_by(Execution.id)
    ).all()
    ended: list[Execution] = []
    for row in rows:
        new_end = service_case_rules.row_end_on_closing(row.end_date, command.closed_on)
        if new_end is not None:
            row.end_date = new_end
            row.end_reason = service_case_rules.row_end_reason(reason.code)
            row.ended_at = now(session)
            ended.append(row)
    if decision.period_end is None or decision.period_end > command.closed_on:
        decision.period_end = command.closed_on
    case.closed_on = command.closed_on
    case.close_reason = reason.code
    assignments = session.scalars(
        select(Assignment).where(
            Assignment.decision_id.in_(select(Decision.id).where(Decision.case_id == case.id))
        )
    ).all()
    for assignment in assignments:
        assignment.status = AssignmentStatus.ENDED
        assignment.awaiting_distribution = False
    _flush(session)
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        "case",
        case.id,
        person_id=case.person_id,
        details={
            "closed_on": command.closed_on.isoformat(),
            "close_reason": reason.code,
            "decision_id": decision.id,
        },
    )
    for row in ended:
        audit.record(
            session,
            actor,
            AuditAction.UPDATE,
            "execution",
            row.id,
            person_id=case.person_id,
            unit_id=row.unit_id,
            details={"end_date": command.closed_on.isoformat(), "case_id": case.id},
        )
    log.info("service case id %s closed by user id %s", case.id, actor.user_id)
    return ClosedServiceCase(
        case_id=case.id,
        person_id=case.person_id,
        unit_ids=tuple(sorted({row.unit_id for row in rows})),
        assignment_ids=tuple(assignment.id for assignment in assignments),
    )
