"""Read side of Ej verkställda beslut and its count on Mitt skrivbord: the interventions of
decisions sent to the actor's units that were not executed within 3 months, or whose rows
broke off for 3 months or more (domain.unexecuted_rules), per quarter.

Two queries whatever the size: the interventions of current decisions sent to the units, and
their rows (by intervention). Every person listed is audited as read (ids only)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select, union
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Decision,
    Execution,
    Intervention,
    InterventionType,
    OrgUnit,
    Person,
)
from treserva_desktop.db.queries.statistics import revoked_but_carried_out
from treserva_desktop.domain.enums import AssignmentStatus, AuditAction, ExecutionStatus, Permission
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.unexecuted_rules import (
    Quarter,
    check_quarter,
    findings,
    first_decided_on_overdue_by,
)
from treserva_desktop.domain.views.unexecuted import UnexecutedDecisions, UnexecutedRow

PERMISSION = Permission.VIEW_STATISTICS
READ_VIEW = "unexecuted_decisions"
# A stopped assignment was withdrawn before execution: nothing left to execute there.
_LIVE = (AssignmentStatus.RECEIVED, AssignmentStatus.ACCEPTED, AssignmentStatus.ENDED)
_CHUNK = 500


def unexecuted_decisions(
    session: Session,
    actor: Actor,
    quarter: Quarter,
    *,
    action: AuditAction = AuditAction.READ_PERSON,
) -> UnexecutedDecisions:
    """The quarter's cases at the actor's units (as far as the quarter has gone). Decisions
    whose period ended before the quarter are left out: their rows lie within the period, so
    nothing of theirs can fall in it. Each person listed is recorded with `action`."""
    require(actor, PERMISSION)
    today = clock_of(session).today()
    check_quarter(quarter, today)
    window_end = min(quarter.last, today)
    units = sorted(actor.units_with(PERMISSION))
    candidates = session.execute(
        select(
            Intervention.id.label("intervention_id"),
            func.max(Assignment.id).label("assignment_id"),
        )
        .join(AssignmentItem, AssignmentItem.intervention_id == Intervention.id)
        .join(Assignment, Assignment.id == AssignmentItem.assignment_id)
        .join(Decision, Decision.id == Intervention.decision_id)
        .where(
            in_ids(Assignment.receiver_unit_id, units),
            Assignment.status.in_(_LIVE),
            Decision.decided_on < first_decided_on_overdue_by(window_end),
            or_(Decision.period_end.is_(None), Decision.period_end >= quarter.first),
        )
        .group_by(Intervention.id)
    ).all()
    assignment_of = {row.intervention_id: row.assignment_id for row in candidates}
    details = _details(session, list(assignment_of.items()))
    rows_of = _rows(session, list(assignment_of))
    result: list[UnexecutedRow] = []
    for intervention_id, info in details.items():
        for finding in findings(
            decided_on=info["decided_on"],
            decision_end=info["period_end"],
            rows=rows_of.get(intervention_id, ()),
            quarter=quarter,
            today=today,
        ):
            result.append(
                UnexecutedRow(
                    person_id=info["person_id"],
                    person_name=f"{info['last_name']}, {info['first_name']}",
                    identity_display=from_stored(
                        info["identity_number"], info["identity_kind"]
                    ).display(),
                    intervention_id=intervention_id,
                    assignment_id=info["assignment_id"],
                    type_name=info["type_name"],
                    unit_id=info["unit_id"],
                    unit_name=info["unit_name"],
                    decided_on=info["decided_on"],
                    days_since_decision=(today - info["decided_on"]).days,
                    reason=finding.reason,
                    overdue_from=finding.overdue_from,
                    resolved_on=finding.resolved_on,
                    interrupted_from=finding.interrupted_from,
                )
            )
    result.sort(key=lambda row: (row.decided_on, row.person_name.casefold(), row.intervention_id))
    audit.record_reads(
        session,
        actor,
        (audit.PersonRead(row.person_id, unit_id=row.unit_id) for row in result),
        view=READ_VIEW,
        action=action,
    )
    return UnexecutedDecisions(quarter, today, tuple(result))


def _details(session: Session, pairs: list[tuple[int, int]]) -> dict[int, dict[str, Any]]:
    """Per intervention: its decision, type, person and the unit of its (latest) assignment."""
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(pairs), _CHUNK):
        chunk = dict(pairs[start : start + _CHUNK])
        for row in session.execute(
            select(
                Intervention.id,
                Assignment.id.label("assignment_id"),
                Decision.decided_on,
                Decision.period_end,
                InterventionType.name.label("type_name"),
                Assignment.person_id,
                Assignment.receiver_unit_id.label("unit_id"),
                OrgUnit.name.label("unit_name"),
                Person.first_name,
                Person.last_name,
                Person.identity_number,
                Person.identity_kind,
            )
            .select_from(Assignment)
            .join(AssignmentItem, AssignmentItem.assignment_id == Assignment.id)
            .join(Intervention, Intervention.id == AssignmentItem.intervention_id)
            .join(Decision, Decision.id == Intervention.decision_id)
            .join(InterventionType, InterventionType.code == Intervention.type_code)
            .join(OrgUnit, OrgUnit.id == Assignment.receiver_unit_id)
            .join(Person, Person.id == Assignment.person_id)
            .where(Assignment.id.in_(set(chunk.values())), Intervention.id.in_(list(chunk)))
        ).all():
            if chunk[row.id] == row.assignment_id:
                found[row.id] = dict(row._mapping)
    return found


def _ran() -> ColumnElement[bool]:
    """A row that counts for execution: any row but one revoked before it ran."""
    return or_(Execution.status != ExecutionStatus.REVOKED, revoked_but_carried_out())


def _rows(
    session: Session, intervention_ids: list[int]
) -> dict[int, list[tuple[date, date | None]]]:
    rows: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for start in range(0, len(intervention_ids), _CHUNK):
        for intervention_id, begin, end in session.execute(
            select(Execution.intervention_id, Execution.start_date, Execution.end_date).where(
                Execution.intervention_id.in_(intervention_ids[start : start + _CHUNK]),
                _ran(),
            )
        ).all():
            rows[intervention_id].append((begin, end))
    return rows


def unexecuted_count(session: Session, actor: Actor) -> int:
    """Mitt skrivbord: interventions of running decisions sent to the actor's units with no
    row started by today although the 3 months have passed (the still-waiting part of the
    quarter's list). An intervention without a started row is one not yet distributed (its
    assignment waits in Nya uppdrag: ix_assignments_receiver_waiting) or one whose rows all
    start later (ix_executions_unit_dates); a revoked row leaves either a successor row
    (Rätta) or the intervention in a new assignment to distribute (Byt utförare). Only
    those are checked, so the count reads indexes, not every assignment or revoked row.
    A revoked row ran until the day before the change: it counts as started, so a decision
    executed in time and changed later is not counted as waiting."""
    units = sorted(actor.units_with(PERMISSION))
    if not units:
        return 0
    today = clock_of(session).today()
    waiting = (
        select(AssignmentItem.intervention_id.label("intervention_id"))
        .join(Assignment, Assignment.id == AssignmentItem.assignment_id)
        .where(in_ids(Assignment.receiver_unit_id, units), Assignment.awaiting_distribution)
    )
    planned = select(Execution.intervention_id).where(
        in_ids(Execution.unit_id, units), Execution.start_date > today
    )
    candidates = union(waiting, planned).subquery()
    # Each probe names the decision as well as the intervention, so SQLite runs it after
    # the decision's date filter (the few decisions 3 months old) instead of once for each
    # of the many recent candidates.
    started = exists().where(
        Execution.intervention_id == Intervention.id,
        Decision.id == Intervention.decision_id,
        _ran(),
        Execution.start_date <= today,
    )
    sent_here = exists().where(
        AssignmentItem.intervention_id == Intervention.id,
        Decision.id == Intervention.decision_id,
        Assignment.id == AssignmentItem.assignment_id,
        in_ids(Assignment.receiver_unit_id, units),
        Assignment.status.in_(_LIVE),
    )
    return (
        session.scalar(
            select(func.count())
            .select_from(candidates)
            .join(Intervention, Intervention.id == candidates.c.intervention_id)
            .join(Decision, Decision.id == Intervention.decision_id)
            .where(
                Decision.decided_on < first_decided_on_overdue_by(today),
                or_(Decision.period_end.is_(None), Decision.period_end >= today),
                sent_here,
                ~started,
            )
        )
        or 0
    )
