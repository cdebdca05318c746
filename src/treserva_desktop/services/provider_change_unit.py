"""Byt utförare för flera personer: a reorganisation moves every person with current rows
of one business area at a unit to another unit on one date, as provider changes the new
unit accepts and distributes (W10's bulk variant). All or nothing: one transaction."""

from __future__ import annotations

import logging
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    Intervention,
    InterventionType,
    OrgUnit,
    Person,
)
from treserva_desktop.db.queries.organisation import Unit
from treserva_desktop.db.queries.provider_change import (
    max_backdate_days,
    unit_live_rows,
    unit_persons_by_area,
)
from treserva_desktop.domain.changes import ChangeKind, changes
from treserva_desktop.domain.commands.provider_change import ChangeProviderForUnit
from treserva_desktop.domain.enums import AuditAction, Permission
from treserva_desktop.domain.errors import Conflict, NotFound, ValidationError
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.provider_change import UnitChangeResult
from treserva_desktop.services._common import deliver_message, users_with_permission_at
from treserva_desktop.services._provider_change_rows import assessors_of
from treserva_desktop.services.provider_change import (
    ASSESSOR_SUBJECT,
    RECEIVER_SUBJECT,
    UNIT_CHANGED,
    _change_lines,
    _changed_many,
    _check_target,
    _create,
    _prepare,
)

log = logging.getLogger(__name__)

NO_PERSONS = "Det finns inga personer med pågående eller planerade insatser att flytta."


@changes(ChangeKind.ASSIGNMENTS, ChangeKind.MESSAGES, touches=_changed_many)
def change_provider_for_unit(
    session: Session, actor: Actor, command: ChangeProviderForUnit
) -> UnitChangeResult:
    """Every person with live rows of the business area at the old unit on the date gets a
    provider change to the new unit (one per decision). The manager must reach both units
    (a reorganisation is decided above the units: in practice the verksamhetschef). The
    first refusal for any person refuses the whole move, naming the person."""
    require(actor, Permission.CHANGE_PROVIDER, command.from_unit_id)
    require(actor, Permission.CHANGE_PROVIDER, command.to_unit_id)
    from_unit = session.get(OrgUnit, command.from_unit_id)
    if from_unit is None:
        raise NotFound("Enheten finns inte.")
    to_unit = _check_target(session, command.to_unit_id, from_unit.id, {command.business_area})
    today = clock_of(session).today()
    backdate = max_backdate_days(session)
    person_ids = unit_persons_by_area(session, from_unit.id, command.change_date).get(
        command.business_area, []
    )
    if not person_ids:
        raise ValidationError(NO_PERSONS, field="business_area")
    if len(person_ids) != command.expected_persons:
        raise Conflict(UNIT_CHANGED.format(expected=command.expected_persons, now=len(person_ids)))
    # Each person's interventions of the area with live rows there, grouped by decision.
    live = unit_live_rows(from_unit.id, command.change_date)
    rows = session.execute(
        select(live.c.person_id, Intervention.decision_id, Intervention.id)
        .join(Intervention, Intervention.id == live.c.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .where(InterventionType.business_area == command.business_area)
        .distinct()
    ).all()
    groups: dict[tuple[int, int], set[int]] = defaultdict(set)
    for person_id, decision_id, intervention_id in rows:
        groups[(person_id, decision_id)].add(intervention_id)
    assignment_ids: list[int] = []
    by_assessor: dict[int, list[str]] = defaultdict(list)
    for (person_id, _decision_id), intervention_ids in sorted(groups.items()):
        try:
            change = _prepare(
                session,
                person_id,
                from_unit.id,
                tuple(sorted(intervention_ids)),
                command.change_date,
                today,
                backdate,
            )
        except ValidationError as error:
            person = session.get(Person, person_id)
            name = person.full_name if person else "En person"
            raise ValidationError(
                f"{name}: {error.message} Ingen person har flyttats.", field=error.field
            ) from None
        assignment = _create(session, actor, change, from_unit, to_unit, command.change_date)
        assignment_ids.append(assignment.id)
        lines = _change_lines(change, from_unit, to_unit, command.change_date)
        for user_id in assessors_of(session, person_id, change.decision):
            by_assessor[user_id].append("\n".join(lines))
    _notify_many(session, actor, from_unit, to_unit, command, len(person_ids), by_assessor)
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        "provider_change_unit",
        from_unit.id,
        unit_id=from_unit.id,
        details={
            "to_unit_id": to_unit.id,
            "change_date": command.change_date.isoformat(),
            "persons": len(person_ids),
            "assignments": len(assignment_ids),
        },
    )
    log.info(
        "reorganisation: %d persons from unit id %s to unit id %s by user id %s",
        len(person_ids),
        from_unit.id,
        to_unit.id,
        actor.user_id,
    )
    return UnitChangeResult(
        from_unit_id=from_unit.id,
        to_unit_id=to_unit.id,
        assignment_ids=tuple(assignment_ids),
        person_ids=tuple(person_ids),
    )


def _notify_many(
    session: Session,
    actor: Actor,
    from_unit: OrgUnit | Unit,
    to_unit: OrgUnit | Unit,
    command: ChangeProviderForUnit,
    persons: int,
    by_assessor: dict[int, list[str]],
) -> None:
    """One message to the receiving managers (a count, the persons are in Nya uppdrag) and
    one to each handläggare listing their own persons."""
    day = f"{command.change_date:%Y-%m-%d}"
    managers = users_with_permission_at(session, to_unit.id, Permission.VIEW_NEW_ASSIGNMENTS)
    if managers:
        deliver_message(
            session,
            sender_user_id=actor.user_id,
            recipient_ids=managers,
            subject=f"{RECEIVER_SUBJECT}: {persons} personer från {from_unit.name}",
            body="\n".join(
                [
                    f"{from_unit.name} flyttar {persons} personer ({command.business_area.label})"
                    f" till {to_unit.name} från {day}.",
                    "",
                    "Varje person finns som ett uppdrag under Mitt skrivbord › Nya uppdrag. "
                    "Högerklicka och välj Acceptera/Stoppa.",
                    "",
                    f"Skickat av: {actor.display_name}",
                ]
            ),
        )
    for user_id, blocks in sorted(by_assessor.items()):
        deliver_message(
            session,
            sender_user_id=actor.user_id,
            recipient_ids=[user_id],
            subject=f"{ASSESSOR_SUBJECT}: {from_unit.name} till {to_unit.name}",
            body="\n\n".join(
                [f"Utföraren byts för {len(blocks)} personer i dina ärenden.", *blocks]
            ),
        )
