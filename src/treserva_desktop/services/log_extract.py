"""Logguttag (PDL): for one person, who accessed their records, when, in which role, from
which unit, what and why — produced by a systemadministratör for anyone (found by identity
number: administrators see no person records, only this log) or by a verksamhetschef for a
person of their own units. Producing, printing and saving the extract are audited too."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Person, User
from treserva_desktop.db.queries.log_extract import extract_rows
from treserva_desktop.db.queries.reach import reach_of, visible_persons
from treserva_desktop.domain.changes import changes
from treserva_desktop.domain.commands.log_extract import LogExtractOutput, ProduceLogExtract
from treserva_desktop.domain.enums import AuditAction, Permission
from treserva_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.log_extract import LogExtractView
from treserva_desktop.services._common import now, parse_number

ENTITY = "log_extract"
NOT_REACHED = "Du kan bara ta fram logguttag för personer vid dina egna enheter."
NO_PERSON = "Ange personens personnummer eller samordningsnummer."
UNKNOWN_NUMBER = "Det finns ingen person med det numret."
PERIOD_ORDER = "Periodens första dag måste vara före eller lika med den sista."
PERIOD_FUTURE = "Perioden kan inte börja i framtiden."


def _find_person(session: Session, actor: Actor, command: ProduceLogExtract) -> Person:
    if command.person_id is not None:
        person = session.get(Person, command.person_id)
        if person is None:
            raise NotFound("Personen finns inte.")
        return person
    if not command.identity_number:
        raise ValidationError(NO_PERSON, field="identity_number")
    number = parse_number(command.identity_number, today=clock_of(session).today())
    person = session.scalar(
        select(Person).where(
            Person.identity_number == number.value, Person.identity_kind == number.kind
        )
    )
    if person is None:
        raise NotFound(UNKNOWN_NUMBER)
    return person


def _require_extract_access(session: Session, actor: Actor, person_id: int) -> None:
    """The administrator for anyone; a verksamhetschef for a person their own units reach
    (the one rule of db/queries/reach.py, limited to the units where they hold the right)."""
    require(actor, Permission.LOG_EXTRACT)
    if actor.can(Permission.ADMINISTER):
        return
    reach = reach_of(session, actor)
    reach.units = reach.units & actor.units_with(Permission.LOG_EXTRACT)
    reach.assessor_units = frozenset()
    visible = visible_persons(reach, person_id=person_id)
    if visible is None or not session.scalar(select(visible)):
        raise PermissionDenied(NOT_REACHED)


def _check_period(command: ProduceLogExtract, today: date) -> None:
    if command.period_start > command.period_end:
        raise ValidationError(PERIOD_ORDER, field="period_start")
    if command.period_start > today:
        raise ValidationError(PERIOD_FUTURE, field="period_start")


@changes()
def produce_log_extract(
    session: Session, actor: Actor, command: ProduceLogExtract
) -> LogExtractView:
    """The extract's rows for the period (local days, both included), audited as an export
    naming the person and the period (the rows themselves are not copied into the log)."""
    require(actor, Permission.LOG_EXTRACT)
    _check_period(command, clock_of(session).today())
    person = _find_person(session, actor, command)
    _require_extract_access(session, actor, person.id)
    start_at = datetime.combine(command.period_start, time()).astimezone(UTC)
    end_before = datetime.combine(command.period_end + timedelta(days=1), time()).astimezone(UTC)
    rows = extract_rows(session, person.id, start_at, end_before)
    unit_id = audit.acting_units(session, actor, [person.id])[person.id]
    audit.record(
        session,
        actor,
        AuditAction.EXPORT,
        ENTITY,
        None,
        person_id=person.id,
        unit_id=unit_id,
        details={
            "from": command.period_start.isoformat(),
            "to": command.period_end.isoformat(),
            "rows": len(rows),
            "found_by": "person" if command.person_id is not None else "identity_number",
        },
    )
    number = from_stored(person.identity_number, person.identity_kind)
    producer = session.get(User, actor.user_id)
    return LogExtractView(
        person_id=person.id,
        person_name=f"{person.first_name} {person.last_name}",
        identity_label=number.kind.label,
        identity_display=number.display(),
        is_test_data=person.is_test_data,
        period_start=command.period_start,
        period_end=command.period_end,
        produced_by_name=producer.display_name if producer else actor.display_name,
        produced_at=now(session).astimezone(),
        rows=tuple(rows),
    )


@changes()
def record_log_extract_output(session: Session, actor: Actor, command: LogExtractOutput) -> int:
    """Skriv ut / Spara som on the extract: audited as a print or an export."""
    person = session.get(Person, command.person_id)
    if person is None:
        raise NotFound("Personen finns inte.")
    _require_extract_access(session, actor, person.id)
    audit.record(
        session,
        actor,
        AuditAction.EXPORT if command.saved_to_file else AuditAction.PRINT,
        ENTITY,
        None,
        person_id=person.id,
        unit_id=audit.acting_units(session, actor, [person.id])[person.id],
    )
    return person.id
