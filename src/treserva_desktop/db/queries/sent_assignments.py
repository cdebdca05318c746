"""Read side of Mitt skrivbord › Skickade uppdrag: the handläggare's own assignments, newest
first, with what the provider has done with them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from treserva_desktop.db import audit
from treserva_desktop.db.models import Assignment, Execution, OrgUnit, Person, User
from treserva_desktop.db.queries.new_assignments import intervention_names_of, title_of
from treserva_desktop.domain.enums import AssignmentStatus, ExecutionStatus, Permission
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.sent_assignments import SentAssignmentRow

# A period longer than this is a report, not a desk list.
MAX_ROWS = 500
STATUS_ORDER = tuple(ExecutionStatus)
# Mitt skrivbord › Skickade uppdrag (and the dialog, until its period is changed) lists what
# was sent in the last this many days.
DESK_DAYS = 30


@dataclass(frozen=True, slots=True)
class SentAssignmentCounts:
    """Mitt skrivbord › Skickade uppdrag: how many the folder lists, how many of them still
    wait for the provider (Mottaget), and how many were stopped."""

    total: int
    waiting: int
    stopped: int


def desk_period(today: date) -> tuple[date, date]:
    """The period the folder lists: the last DESK_DAYS days up to and including today."""
    return today - timedelta(days=DESK_DAYS), today


def _sent_between(actor: Actor, since: date, until: date) -> list[ColumnElement[bool]]:
    return [
        Assignment.sender_user_id == actor.user_id,
        Assignment.sent_at >= datetime.combine(since, time()),
        Assignment.sent_at < datetime.combine(until + timedelta(days=1), time()),
    ]


def sent_assignment_counts(
    session: Session, actor: Actor, *, since: date, until: date
) -> SentAssignmentCounts:
    """The counts of what `sent_assignments` lists for the same period, in one query; only
    numbers, so nothing is audited. Capped like the list."""
    require(actor, Permission.SEND_ASSIGNMENTS)
    listed = (
        select(Assignment.status)
        .where(*_sent_between(actor, since, until))
        .limit(MAX_ROWS)
        .subquery()
    )
    total, waiting, stopped = session.execute(
        select(
            func.count(),
            func.count().filter(listed.c.status == AssignmentStatus.RECEIVED),
            func.count().filter(listed.c.status == AssignmentStatus.STOPPED),
        ).select_from(listed)
    ).one()
    return SentAssignmentCounts(total or 0, waiting or 0, stopped or 0)


def sent_assignments(
    session: Session,
    actor: Actor,
    *,
    since: date,
    until: date,
    status: AssignmentStatus | None = None,
) -> list[SentAssignmentRow]:
    """What the actor sent in [since, until] (by sent date), optionally in one status,
    newest first (ix_assignments_sender); each person listed is audited."""
    require(actor, Permission.SEND_ASSIGNMENTS)
    reader = aliased(User)
    accepter = aliased(User)
    query = (
        select(
            Assignment,
            Person.first_name,
            Person.last_name,
            Person.identity_number,
            Person.identity_kind,
            Person.protected_identity,
            OrgUnit.name.label("receiver_name"),
            reader.display_name.label("reader_name"),
            accepter.display_name.label("accepter_name"),
        )
        .join(Person, Person.id == Assignment.person_id)
        .join(OrgUnit, OrgUnit.id == Assignment.receiver_unit_id)
        .outerjoin(reader, reader.id == Assignment.first_read_by_user_id)
        .outerjoin(accepter, accepter.id == Assignment.accepted_by_user_id)
        .where(*_sent_between(actor, since, until))
        .order_by(Assignment.sent_at.desc(), Assignment.id.desc())
        .limit(MAX_ROWS)
    )
    if status is not None:
        query = query.where(Assignment.status == status)
    found = session.execute(query).all()
    if not found:
        return []
    ids = [row.Assignment.id for row in found]
    counts: dict[int, dict[ExecutionStatus, int]] = defaultdict(dict)
    for assignment_id, row_status, count in session.execute(
        select(Execution.assignment_id, Execution.status, func.count())
        .where(Execution.assignment_id.in_(ids))
        .group_by(Execution.assignment_id, Execution.status)
    ):
        counts[assignment_id][row_status] = count
    names = intervention_names_of(session, Assignment.id.in_(ids))
    audit.record_reads(
        session,
        actor,
        (
            audit.PersonRead(row.Assignment.person_id, "assignment", row.Assignment.id)
            for row in found
        ),
        view="sent_assignments",
    )
    result = []
    for row in found:
        assignment = row.Assignment
        by_status = counts.get(assignment.id, {})
        result.append(
            SentAssignmentRow(
                assignment_id=assignment.id,
                person_id=assignment.person_id,
                person_name=f"{row.last_name}, {row.first_name}",
                identity_display=from_stored(row.identity_number, row.identity_kind).display(),
                protected_identity=row.protected_identity,
                title=title_of(assignment.kind, assignment.sent_at, names.get(assignment.id, [])),
                receiver_unit_name=row.receiver_name,
                sent_at=assignment.sent_at,
                status=assignment.status,
                read_at=assignment.first_read_at,
                read_by=row.reader_name or "",
                accepted_at=assignment.accepted_at,
                accepted_by=row.accepter_name or "",
                stopped_reason=assignment.stopped_reason,
                rows_by_status=tuple(
                    (status, by_status[status]) for status in STATUS_ORDER if status in by_status
                ),
            )
        )
    return result
