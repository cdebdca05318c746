"""Ej aktuella – att avsluta: Ta bort ur mapp and Visa i mapp igen, per user (append-only)."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Execution, NotCurrentRemoval, Person
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.not_current import (
    RemoveFromNotCurrent,
    ShowAgainInNotCurrent,
)
from treserva_desktop.domain.enums import AuditAction, ExecutionStatus, Permission
from treserva_desktop.domain.errors import Conflict, NotFound
from treserva_desktop.domain.not_current_rules import (
    ALREADY_REMOVED,
    NOT_IN_FOLDER,
    NOT_REMOVED,
    removal_hides,
)
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.services._common import now

log = logging.getLogger(__name__)

ENTITY = "not_current_removal"


def _touched(command: RemoveFromNotCurrent | ShowAgainInNotCurrent, _result: int) -> Touched:
    """Only the actor's folder lists it; no unit's rows changed."""
    return Touched(units=(), persons={command.person_id}, assignments=(), messages=())


def _last_ended_row(session: Session, actor: Actor, person_id: int) -> tuple[date, int]:
    """The end date and unit of the person's last row at the actor's units, when every one of
    those rows has ended; refused otherwise (the person is not in the actor's folder)."""
    require(actor, Permission.END_EXECUTION)
    if session.get(Person, person_id) is None:
        raise NotFound("Personen finns inte.")
    units = actor.units_with(Permission.END_EXECUTION)
    today = clock_of(session).today()
    rows = session.execute(
        select(Execution.unit_id, Execution.end_date)
        .where(
            Execution.person_id == person_id,
            Execution.unit_id.in_(units),
            Execution.status != ExecutionStatus.REVOKED,
        )
        .order_by(Execution.end_date.desc().nulls_first(), Execution.id.desc())
        .limit(1)
    ).first()
    if rows is None:
        # Nothing of the person at the actor's units: out of reach, not merely absent.
        require(actor, Permission.END_EXECUTION, _any_unit_of(session, person_id))
        raise Conflict(NOT_IN_FOLDER)
    unit_id, end = rows
    require(actor, Permission.END_EXECUTION, unit_id)
    if end is None or end >= today:
        raise Conflict(NOT_IN_FOLDER)
    return end, unit_id


def _any_unit_of(session: Session, person_id: int) -> int | None:
    return session.scalar(
        select(func.min(Execution.unit_id)).where(Execution.person_id == person_id)
    )


def _newest(session: Session, actor: Actor, person_id: int) -> NotCurrentRemoval | None:
    return session.scalars(
        select(NotCurrentRemoval)
        .where(NotCurrentRemoval.user_id == actor.user_id, NotCurrentRemoval.person_id == person_id)
        .order_by(NotCurrentRemoval.id.desc())
        .limit(1)
    ).first()


def _record(
    session: Session, actor: Actor, person_id: int, unit_id: int, ended_on: date, *, removed: bool
) -> int:
    entry = NotCurrentRemoval(
        user_id=actor.user_id,
        person_id=person_id,
        unit_id=unit_id,
        ended_on=ended_on,
        removed=removed,
        recorded_at=now(session),
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        ENTITY,
        entry.id,
        person_id=person_id,
        unit_id=unit_id,
        details={"removed": removed},
    )
    return entry.id


@changes(ChangeKind.NOT_CURRENT, touches=_touched)
def remove_from_not_current(session: Session, actor: Actor, command: RemoveFromNotCurrent) -> int:
    """Ta bort ur mapp: the person leaves the actor's Ej aktuella until a later row of theirs
    at the actor's units ends (or Visa i mapp igen). Nothing is deleted. Returns the entry id."""
    last_end, unit_id = _last_ended_row(session, actor, command.person_id)
    newest = _newest(session, actor, command.person_id)
    if newest is not None and removal_hides(newest.removed, newest.ended_on, last_end):
        raise Conflict(ALREADY_REMOVED)
    entry_id = _record(session, actor, command.person_id, unit_id, last_end, removed=True)
    log.info(
        "person id %s removed from not-current by user id %s", command.person_id, actor.user_id
    )
    return entry_id


@changes(ChangeKind.NOT_CURRENT, touches=_touched)
def show_again_in_not_current(
    session: Session, actor: Actor, command: ShowAgainInNotCurrent
) -> int:
    """Visa i mapp igen: undo the actor's removal of the person (a new entry; the removal stays
    in the log). Returns the entry id."""
    last_end, unit_id = _last_ended_row(session, actor, command.person_id)
    newest = _newest(session, actor, command.person_id)
    if newest is None or not removal_hides(newest.removed, newest.ended_on, last_end):
        raise Conflict(NOT_REMOVED)
    return _record(session, actor, command.person_id, unit_id, last_end, removed=False)
