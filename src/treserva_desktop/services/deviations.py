"""Avvikelser (W18): register a deviation (every role, at a unit in scope, on a person the
user reaches or on the unit alone; the unit's managers get a message), and the managers'
handling of it: analysis, decided actions, feedback to the reporter (sent to them as a
message), escalation to lex Sarah or MAS, closing. Every step writes a history row with the
values it replaced; nothing is ever deleted."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Deviation, DeviationEvent, DeviationType, OrgUnit, User
from treserva_desktop.db.queries.deviations import ENTITY
from treserva_desktop.db.queries.reach import engaged_at, require_person_access
from treserva_desktop.domain import deviation_rules
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.deviations import (
    AnalyseDeviation,
    CloseDeviation,
    DecideDeviationActions,
    EscalateDeviation,
    GiveDeviationFeedback,
    RegisterDeviation,
)
from treserva_desktop.domain.deviation_rules import (
    DeviationState,
    DeviationStep,
    EscalationDates,
)
from treserva_desktop.domain.enums import AuditAction, Permission
from treserva_desktop.domain.errors import Conflict, NotFound, PermissionDenied, ValidationError
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.deviations import DeviationResult
from treserva_desktop.services._common import deliver_message, now, users_with_permission_at

STALE = "Avvikelsen har ändrats av någon annan. Stäng och öppna den igen."
NOT_ENGAGED = (
    "Personen har inga pågående eller planerade insatser vid den valda enheten. Välj den "
    "enhet där händelsen inträffade."
)


def _touched(_command: object, result: DeviationResult) -> Touched:
    """The deviation folder (by kind) and the message sent, if any; no unit's person list."""
    messages = {result.message_id} if result.message_id is not None else set()
    return Touched(units=(), persons=(), assignments=(), messages=messages)


def _aware(moment: datetime) -> datetime:
    """A time typed without a zone is the workstation's local time; stored in UTC."""
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(UTC)


def _stored_aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _history(
    session: Session,
    actor: Actor,
    deviation: Deviation,
    step: str,
    changed: dict[str, tuple[Any, Any]],
) -> None:
    session.add(
        DeviationEvent(
            deviation_id=deviation.id,
            user_id=actor.user_id,
            occurred_at=now(session),
            step=step,
            state=deviation.state,
            changes={
                field: [_text(before), _text(after)] for field, (before, after) in changed.items()
            },
        )
    )


def _apply(deviation: Deviation, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Set the fields that differ; returns {field: (before, after)} of those."""
    changed: dict[str, tuple[Any, Any]] = {}
    for field, value in values.items():
        before = getattr(deviation, field)
        if before != value:
            changed[field] = (before, value)
            setattr(deviation, field, value)
    return changed


def _type_name(session: Session, code: str) -> str:
    name = session.scalar(
        select(DeviationType.name).where(DeviationType.code == code, DeviationType.active.is_(True))
    )
    if name is None:
        raise ValidationError("Välj en typ av avvikelse i listan.", field="type_code")
    return name


def _notify_managers(
    session: Session, actor: Actor, deviation: Deviation, unit: OrgUnit, type_name: str
) -> int | None:
    """The message to the unit's managers (gruppchef, verksamhetschef above it); None when
    the reporter is the only one."""
    managers = [
        user_id
        for user_id in users_with_permission_at(session, unit.id, Permission.ANALYSE_DEVIATION)
        if user_id != actor.user_id
    ]
    if not managers:
        return None
    occurred = deviation.occurred_at.astimezone()
    lines = [
        f"{actor.display_name} har registrerat en avvikelse vid {unit.name}.",
        "",
        f"Kategori: {deviation.category.label}",
        f"Typ: {type_name}",
        f"Tidpunkt: {occurred:%Y-%m-%d %H:%M}",
    ]
    if deviation.place:
        lines.append(f"Plats: {deviation.place}")
    lines += ["", "Vad hände:", deviation.description]
    if deviation.immediate_action:
        lines += ["", "Omedelbar åtgärd:", deviation.immediate_action]
    lines += ["", "Analysera avvikelsen under Mitt skrivbord › Avvikelser."]
    message = deliver_message(
        session,
        sender_user_id=actor.user_id,
        recipient_ids=managers,
        subject=f"Ny avvikelse: {type_name} vid {unit.name}",
        body="\n".join(lines),
        person_id=deviation.person_id,
    )
    return message.id


@changes(ChangeKind.DEVIATIONS, ChangeKind.MESSAGES, touches=_touched)
def register_deviation(
    session: Session, actor: Actor, command: RegisterDeviation
) -> DeviationResult:
    """Registrera avvikelse: at a unit in the actor's scope, on a person engaged there (or
    on the unit alone); the unit's managers get a message."""
    require(actor, Permission.REGISTER_DEVIATION, command.unit_id)
    unit = session.get(OrgUnit, command.unit_id)
    if unit is None:
        raise NotFound("Enheten finns inte.")
    if command.person_id is not None:
        require_person_access(session, actor, command.person_id)
        if unit.is_provider and not engaged_at(session, actor, command.person_id, unit.id):
            raise ValidationError(NOT_ENGAGED, field="unit_id")
    type_name = _type_name(session, command.type_code)
    moment = now(session)
    occurred_at = _aware(command.occurred_at)
    deviation_rules.check_registration(
        description=command.description,
        occurred_at=occurred_at,
        now=moment,
        place=command.place,
        immediate_action=command.immediate_action,
    )
    local_day = occurred_at.astimezone().date()
    deviation = Deviation(
        unit_id=unit.id,
        person_id=command.person_id,
        category=command.category,
        type_code=command.type_code,
        reported_by_user_id=actor.user_id,
        reported_at=moment,
        occurred_at=occurred_at,
        occurred_month=local_day.replace(day=1),
        place=command.place,
        description=command.description,
        immediate_action=command.immediate_action,
        state=DeviationState.REGISTERED,
        cause="",
        consequence="",
        decided_actions="",
        feedback="",
        updated_at=moment,
    )
    session.add(deviation)
    session.flush()
    _history(
        session,
        actor,
        deviation,
        "register",
        {
            "category": (None, command.category.value),
            "type_code": (None, command.type_code),
            "occurred_at": (None, occurred_at),
            "place": (None, command.place),
            "description": (None, command.description),
            "immediate_action": (None, command.immediate_action),
        },
    )
    message_id = _notify_managers(session, actor, deviation, unit, type_name)
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        ENTITY,
        deviation.id,
        person_id=command.person_id,
        unit_id=unit.id,
        details={"category": command.category.value, "type": command.type_code},
    )
    return DeviationResult(deviation.id, unit.id, command.person_id, message_id)


def _handled(session: Session, actor: Actor, deviation_id: int, version: int) -> Deviation:
    """The deviation, locked, if the actor manages its unit and it is the version shown."""
    deviation = session.scalars(
        select(Deviation).where(Deviation.id == deviation_id).with_for_update()
    ).one_or_none()
    if deviation is None:
        raise NotFound("Avvikelsen finns inte.")
    if not actor.can(Permission.ANALYSE_DEVIATION, deviation.unit_id):
        if deviation.reported_by_user_id == actor.user_id and actor.can(
            Permission.REGISTER_DEVIATION
        ):
            raise PermissionDenied(
                "Bara ansvarig chef för enheten analyserar, återkopplar och avslutar avvikelsen."
            )
        require(actor, Permission.ANALYSE_DEVIATION, deviation.unit_id)
    if deviation.version != version:
        raise Conflict(STALE)
    return deviation


def _step(
    session: Session,
    actor: Actor,
    deviation: Deviation,
    step: DeviationStep,
    values: dict[str, Any],
    *,
    message_id: int | None = None,
) -> DeviationResult:
    """Apply a checked step: the new state and values, the history row and the audit."""
    state = deviation_rules.next_state(step, deviation.state)
    moment = now(session)
    values = {**values, "state": state}
    if state is DeviationState.CLOSED:
        values["closed_at"] = moment
    changed = _apply(deviation, values)
    if not changed:
        return DeviationResult(deviation.id, deviation.unit_id, deviation.person_id, message_id)
    deviation.updated_at = moment
    try:
        session.flush()
    except StaleDataError:
        raise Conflict(STALE) from None
    _history(session, actor, deviation, step.value, changed)
    audit.record(
        session,
        actor,
        AuditAction.UPDATE,
        ENTITY,
        deviation.id,
        person_id=deviation.person_id,
        unit_id=deviation.unit_id,
        details={"step": step.value, "state": state.value},
    )
    return DeviationResult(deviation.id, deviation.unit_id, deviation.person_id, message_id)


@changes(ChangeKind.DEVIATIONS, touches=_touched)
def analyse_deviation(session: Session, actor: Actor, command: AnalyseDeviation) -> DeviationResult:
    """Analys: orsak, konsekvens and risk (again while the deviation is open)."""
    deviation = _handled(session, actor, command.deviation_id, command.expected_version)
    deviation_rules.next_state(DeviationStep.ANALYSE, deviation.state)
    deviation_rules.check_analysis(command.cause, command.consequence)
    values = {"cause": command.cause, "consequence": command.consequence, "risk": command.risk}
    return _step(session, actor, deviation, DeviationStep.ANALYSE, values)


@changes(ChangeKind.DEVIATIONS, touches=_touched)
def decide_actions(
    session: Session, actor: Actor, command: DecideDeviationActions
) -> DeviationResult:
    """Beslutade åtgärder, once the deviation is analysed."""
    deviation = _handled(session, actor, command.deviation_id, command.expected_version)
    deviation_rules.next_state(DeviationStep.DECIDE_ACTIONS, deviation.state)
    deviation_rules.check_actions(command.actions)
    values = {"decided_actions": command.actions}
    return _step(session, actor, deviation, DeviationStep.DECIDE_ACTIONS, values)


@changes(ChangeKind.DEVIATIONS, ChangeKind.MESSAGES, touches=_touched)
def give_feedback(
    session: Session, actor: Actor, command: GiveDeviationFeedback
) -> DeviationResult:
    """Återkoppling till rapportören, once actions are decided; the reporter gets it as a
    message (unless the reporter is the manager giving it)."""
    deviation = _handled(session, actor, command.deviation_id, command.expected_version)
    deviation_rules.next_state(DeviationStep.GIVE_FEEDBACK, deviation.state)
    deviation_rules.check_feedback(command.feedback)
    if command.feedback == deviation.feedback:
        return DeviationResult(deviation.id, deviation.unit_id, deviation.person_id)
    message_id = None
    reporter = session.get(User, deviation.reported_by_user_id)
    if reporter is not None and reporter.active and reporter.id != actor.user_id:
        occurred = _stored_aware(deviation.occurred_at).astimezone()
        message = deliver_message(
            session,
            sender_user_id=actor.user_id,
            recipient_ids=[reporter.id],
            subject=f"Återkoppling på avvikelse {occurred:%Y-%m-%d}",
            body=command.feedback,
            person_id=deviation.person_id,
        )
        message_id = message.id
    values = {"feedback": command.feedback}
    return _step(
        session, actor, deviation, DeviationStep.GIVE_FEEDBACK, values, message_id=message_id
    )


@changes(ChangeKind.DEVIATIONS, touches=_touched)
def escalate_deviation(
    session: Session, actor: Actor, command: EscalateDeviation
) -> DeviationResult:
    """Eskalering from analysis on: lex Sarah-utredning (SoL) or MAS-bedömning (HSL), with
    its dates and the date of the report to IVO where one was made."""
    deviation = _handled(session, actor, command.deviation_id, command.expected_version)
    deviation_rules.next_state(DeviationStep.ESCALATE, deviation.state)
    dates = EscalationDates(
        investigation_started_on=command.investigation_started_on,
        investigation_ended_on=command.investigation_ended_on,
        mas_assessed_on=command.mas_assessed_on,
        ivo_reported_on=command.ivo_reported_on,
    )
    deviation_rules.check_escalation(
        command.escalation,
        deviation.category,
        dates,
        occurred_on=_stored_aware(deviation.occurred_at).astimezone().date(),
        today=clock_of(session).today(),
    )
    values = {
        "escalation": command.escalation,
        "investigation_started_on": dates.investigation_started_on,
        "investigation_ended_on": dates.investigation_ended_on,
        "mas_assessed_on": dates.mas_assessed_on,
        "ivo_reported_on": dates.ivo_reported_on,
    }
    return _step(session, actor, deviation, DeviationStep.ESCALATE, values)


@changes(ChangeKind.DEVIATIONS, touches=_touched)
def close_deviation(session: Session, actor: Actor, command: CloseDeviation) -> DeviationResult:
    """Avsluta: after återkoppling, and after a lex Sarah investigation has ended."""
    deviation = _handled(session, actor, command.deviation_id, command.expected_version)
    deviation_rules.next_state(DeviationStep.CLOSE, deviation.state)
    deviation_rules.check_close(
        deviation.escalation,
        EscalationDates(investigation_ended_on=deviation.investigation_ended_on),
    )
    return _step(session, actor, deviation, DeviationStep.CLOSE, {})
