"""Rätta/Avsluta and Återkalla of an execution row (W8, W9): rows are corrected or ended,
never deleted, and every change keeps the previous values in the audit trail."""

from __future__ import annotations

import logging

from sqlalchemy import or_, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Decision, EndReason, Execution, Intervention, OrgUnit
from treserva_desktop.db.queries.ending import provider_units
from treserva_desktop.domain import execution_rules
from treserva_desktop.domain.assignment_rules import ExistingRow
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.executions import EndExecution, RevokeExecution
from treserva_desktop.domain.enums import AuditAction, ExecutionStatus, Permission
from treserva_desktop.domain.errors import Conflict, NotFound
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.executions import EndResult, RevokeResult
from treserva_desktop.services._common import now

log = logging.getLogger(__name__)


def _ended(_command: object, result: EndResult) -> Touched:
    """One person's row at one unit. The unit's list of persons changes only when the row
    moved in or out of it (a T.o.m. set in the past, or moved from the past to today or
    later); otherwise only the person's nodes reload, not a page of the unit."""
    units = {result.unit_id} if result.listing_changed else ()
    return Touched(units=units, persons={result.person_id})


def _revoked(_command: object, result: RevokeResult) -> Touched:
    """The revoked row and its successor: the same person at the same unit. The unit's list
    of persons stays as it was: the successor runs to the old T.o.m., so the person is
    listed there exactly as before."""
    return Touched(units=(), persons={result.person_id})


def _locked_row(session: Session, execution_id: int) -> tuple[Execution, Decision]:
    """The row and its intervention under row locks (PostgreSQL), with the decision: two
    managers changing it at once serialise, and so do changes to any of the intervention's
    rows, as in distribution (the overlap rule spans its rows at every unit). One statement:
    it opens every Rätta/Avsluta and Återkalla."""
    found = session.execute(
        select(Execution, Decision)
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(Decision, Decision.id == Intervention.decision_id)
        .where(Execution.id == execution_id)
        .with_for_update(of=(Execution, Intervention))
    ).one_or_none()
    if found is None:
        raise NotFound("Verkställigheten finns inte.")
    execution, decision = found
    return execution, decision


def _other_rows(session: Session, execution: Execution) -> list[ExistingRow]:
    rows = session.execute(
        select(Execution.start_date, Execution.end_date, Execution.status, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == Execution.unit_id)
        .where(
            Execution.intervention_id == execution.intervention_id,
            Execution.id != execution.id,
        )
    ).all()
    return [ExistingRow(start, end, status, unit_name) for start, end, status, unit_name in rows]


def _flush(session: Session, execution_id: int) -> None:
    try:
        session.flush()
    except StaleDataError:
        log.info("change of execution id %s lost a race", execution_id)
        raise Conflict(execution_rules.ROW_CHANGED_BY_SOMEONE_ELSE) from None


@changes(ChangeKind.EXECUTIONS, touches=_ended)
def end_execution(session: Session, actor: Actor, command: EndExecution) -> EndResult:
    """Rätta/Avsluta: set or correct T.o.m. (and Fr.o.m.) with an avslutsorsak. An ended row
    may be corrected again; a revoked row may not (its successor is the row to change)."""
    execution, decision = _locked_row(session, command.execution_id)
    require(actor, Permission.END_EXECUTION, execution.unit_id)
    execution_rules.check_version(execution.version, command.expected_version)
    execution_rules.check_can_change(execution.status)
    start = command.start_date or execution.start_date
    execution_rules.check_end(
        start,
        command.end_date,
        decision.period_start,
        decision.period_end,
        _other_rows(session, execution),
    )
    if execution.replaces_execution_id is not None:
        replaced = session.get(Execution, execution.replaces_execution_id)
        execution_rules.check_replaced_start(start, replaced.end_date if replaced else None)
    codes = session.scalars(select(EndReason.code).where(EndReason.active.is_(True))).all()
    reason = execution_rules.check_reason(command.reason_code, codes)

    today = clock_of(session).today()
    listed_before = execution_rules.listed_at_unit(execution.end_date, today)
    before = {
        "start_date": execution.start_date.isoformat(),
        "end_date": execution.end_date.isoformat() if execution.end_date else None,
        "end_reason": execution.end_reason or None,
    }
    execution.start_date = start
    execution.end_date = command.end_date
    execution.end_reason = reason
    execution.ended_at = now(session)
    _flush(session, execution.id)
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        "execution",
        execution.id,
        person_id=execution.person_id,
        unit_id=execution.unit_id,
        details={
            "action": "end",
            "start_date": start.isoformat(),
            "end_date": command.end_date.isoformat(),
            "end_reason": reason,
            "before": before,
        },
    )
    provider_id, unit_ids = provider_units(session, execution.unit_id)
    remaining_ends = session.scalars(
        select(Execution.end_date).where(
            Execution.person_id == execution.person_id,
            Execution.unit_id.in_(unit_ids),
            Execution.status != ExecutionStatus.REVOKED,
            Execution.id != execution.id,
            or_(Execution.end_date.is_(None), Execution.end_date > command.end_date),
        )
    ).all()
    log.info("execution id %s ended by user id %s", execution.id, actor.user_id)
    return EndResult(
        execution_id=execution.id,
        person_id=execution.person_id,
        unit_id=execution.unit_id,
        provider_unit_id=provider_id,
        nothing_left=execution_rules.nothing_left_after(remaining_ends, today, command.end_date),
        listing_changed=listed_before != execution_rules.listed_at_unit(command.end_date, today),
    )


@changes(ChangeKind.EXECUTIONS, touches=_revoked)
def revoke_execution(session: Session, actor: Actor, command: RevokeExecution) -> RevokeResult:
    """Återkalla with dagen innan ändringen D: the row ends D (Återkallad) and a new row Under
    fördelning runs from D + 1 to the old T.o.m. with the old time, to be registered with the
    new Tidsåtgång. The assignment keeps its state: the intervention has a row, so it does not
    come back to Nya uppdrag; the new row waits, in bold, in Insats GF."""
    execution, _decision = _locked_row(session, command.execution_id)
    require(actor, Permission.END_EXECUTION, execution.unit_id)
    execution_rules.check_version(execution.version, command.expected_version)
    new_start = execution_rules.check_revoke_day(
        execution.status,
        execution.start_date,
        execution.end_date,
        command.day_before,
        clock_of(session).today(),
    )
    old_end = execution.end_date
    old_status = execution.status
    execution.end_date = command.day_before
    execution.status = ExecutionStatus.REVOKED
    execution.ended_at = now(session)
    _flush(session, execution.id)
    successor = Execution(
        assignment_id=execution.assignment_id,
        intervention_id=execution.intervention_id,
        person_id=execution.person_id,
        unit_id=execution.unit_id,
        start_date=new_start,
        end_date=old_end,
        minutes=execution.minutes,
        per=execution.per,
        status=ExecutionStatus.UNDER_DISTRIBUTION,
        replaces_execution_id=execution.id,
        created_at=now(session),
        created_by_user_id=actor.user_id,
    )
    session.add(successor)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        "execution",
        execution.id,
        person_id=execution.person_id,
        unit_id=execution.unit_id,
        details={
            "action": "revoke",
            "end_date": command.day_before.isoformat(),
            "status": ExecutionStatus.REVOKED.value,
            "successor_id": successor.id,
            "before": {
                "end_date": old_end.isoformat() if old_end else None,
                "status": old_status.value,
            },
        },
    )
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        "execution",
        successor.id,
        person_id=execution.person_id,
        unit_id=execution.unit_id,
        details={
            "assignment_id": execution.assignment_id,
            "intervention_id": execution.intervention_id,
            "status": ExecutionStatus.UNDER_DISTRIBUTION.value,
            "replaces_execution_id": execution.id,
        },
    )
    log.info(
        "execution id %s revoked by user id %s; new execution id %s",
        execution.id,
        actor.user_id,
        successor.id,
    )
    return RevokeResult(
        revoked_id=execution.id,
        new_execution_id=successor.id,
        new_start=new_start,
        person_id=execution.person_id,
        unit_id=execution.unit_id,
    )
