"""Provider-change helpers the distribution service shares: when the new unit distributes an
intervention of a provider change the old unit's rows of it end the day before the takeover
(in distribute_intervention's transaction, after its own checks), and who the case's
handläggare is (told when a change is sent or stopped)."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from treserva_desktop.db import audit
from treserva_desktop.db.models import Assignment, Case, Decision, Execution
from treserva_desktop.domain import provider_change_rules as rules
from treserva_desktop.domain.enums import AssignmentKind, AuditAction, ExecutionStatus, Permission
from treserva_desktop.domain.errors import Conflict
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services._common import now, users_with_permission_at

log = logging.getLogger(__name__)

OLD_ROWS_CHANGED = (
    "Verkställigheten hos den tidigare utföraren har just ändrats av någon annan. Stäng "
    "dialogen och försök igen."
)


def end_previous_rows(
    session: Session, actor: Actor, assignment: Assignment, intervention_id: int
) -> tuple[set[int], set[int]]:
    """When the new unit distributes an intervention of a provider change: the old unit's
    live rows of it end the day before the takeover (a row planned to start on or after it
    is revoked), with the provider-change end reason, in the distribution's transaction.
    Returns the units and the assignments whose rows changed (the old unit and the old
    rows' assignments, or nothing). Does nothing for any other assignment, or once the old
    rows have ended."""
    if (
        assignment.kind is not AssignmentKind.PROVIDER_CHANGE
        or assignment.previous_unit_id is None
        or assignment.change_date is None
    ):
        return set(), set()
    rows = session.scalars(
        select(Execution)
        .where(
            Execution.intervention_id == intervention_id,
            Execution.person_id == assignment.person_id,
            Execution.unit_id == assignment.previous_unit_id,
            Execution.status != ExecutionStatus.REVOKED,
        )
        .with_for_update()
    ).all()
    by_id = {row.id: row for row in rows}
    endings = rules.old_row_endings(
        (rules.OldRow(r.id, r.start_date, r.end_date, r.status) for r in rows),
        assignment.change_date,
    )
    for ending in endings:
        row = by_id[ending.execution_id]
        if ending.revoke:
            row.status = ExecutionStatus.REVOKED
        else:
            row.end_date = ending.end
        row.end_reason = rules.PROVIDER_CHANGE_END_REASON
        row.ended_at = now(session)
    if not endings:
        return set(), set()
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(OLD_ROWS_CHANGED) from None
    for ending in endings:
        audit.record(
            session,
            actor,
            AuditAction.UPDATE,
            "execution",
            ending.execution_id,
            person_id=assignment.person_id,
            unit_id=assignment.previous_unit_id,
            details={
                "end_reason": rules.PROVIDER_CHANGE_END_REASON,
                "assignment_id": assignment.id,
                "status": by_id[ending.execution_id].status.value,
            },
        )
    log.info(
        "provider change assignment id %s: %d rows at unit id %s ended",
        assignment.id,
        len(endings),
        assignment.previous_unit_id,
    )
    return {assignment.previous_unit_id}, {by_id[e.execution_id].assignment_id for e in endings}


def assessors_of(session: Session, person_id: int, decision: Decision) -> list[int]:
    """The handläggare of the case: the responsible one, else the authority unit's."""
    case = session.get(Case, decision.case_id)
    if case is None or case.person_id != person_id:
        return []
    if case.responsible_user_id is not None:
        return [case.responsible_user_id]
    if case.authority_unit_id is None:
        return []
    return users_with_permission_at(session, case.authority_unit_id, Permission.SEND_ASSIGNMENTS)
