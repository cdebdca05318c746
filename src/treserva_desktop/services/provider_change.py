"""Byt utförare: a person's interventions (or a whole unit's persons) sent to another
provider as a provider-change assignment, and the old rows ended when it is distributed."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
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
from treserva_desktop.db.queries.organisation import Unit, all_units
from treserva_desktop.db.queries.provider_change import (
    live_rows_from,
    max_backdate_days,
    pending_changes,
    target_facts,
)
from treserva_desktop.domain import provider_change_rules as rules
from treserva_desktop.domain.changes import ChangeKind, Touched, changes
from treserva_desktop.domain.commands.provider_change import (
    ChangeProvider,
)
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    AuditAction,
    BusinessArea,
    Permission,
)
from treserva_desktop.domain.errors import NotFound, ValidationError
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views import period_text
from treserva_desktop.domain.views.provider_change import ProviderChangeResult, UnitChangeResult
from treserva_desktop.services._common import deliver_message, now, users_with_permission_at
from treserva_desktop.services._provider_change_rows import assessors_of

log = logging.getLogger(__name__)

RECEIVER_SUBJECT = "Nytt uppdrag – byte av utförare"
ASSESSOR_SUBJECT = "Byte av utförare"
UNIT_CHANGED = (
    "Antalet personer att flytta har ändrats sedan du valde (var {expected}, nu {now}). "
    "Ingenting har ändrats. Öppna Byt utförare för flera personer igen."
)


def _changed(_command: object, result: ProviderChangeResult) -> Touched:
    """The new assignment (waiting in the receiver's Nya uppdrag) and its person; no unit's
    rows change until it is distributed."""
    return Touched(units=(), persons={result.person_id}, assignments={result.assignment_id})


def _changed_many(_command: object, result: UnitChangeResult) -> Touched:
    return Touched(units=(), persons=result.person_ids, assignments=result.assignment_ids)


class _Change:
    """One provider change being built: the checked facts the assignment is made from."""

    def __init__(
        self,
        person: Person,
        decision: Decision,
        interventions: list[tuple[Intervention, InterventionType]],
        goals: str,
    ) -> None:
        self.person = person
        self.decision = decision
        self.interventions = interventions
        self.goals = goals

    @property
    def names(self) -> list[str]:
        return sorted({kind.name for _i, kind in self.interventions})


def _check_target(
    session: Session, to_unit_id: int, from_unit_id: int, areas: set[BusinessArea]
) -> Unit:
    units = all_units(session)
    target = target_facts(units, to_unit_id)
    if target is None:
        raise ValidationError(rules.CHOOSE_UNIT, field="to_unit_id")
    current = [f for f in (target_facts(units, from_unit_id),) if f is not None]
    for area in sorted(areas):
        refusal = rules.target_refusal(target, area, current)
        if refusal is not None:
            raise refusal
    return units[to_unit_id]


def _prepare(
    session: Session,
    person_id: int,
    from_unit_id: int,
    intervention_ids: tuple[int, ...],
    change_date: date,
    today: date,
    backdate: int,
) -> _Change:
    """Check one person's change (interventions, date, nothing pending); raise the first
    refusal, at its field."""
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Personen finns inte.")
    ids = sorted(set(intervention_ids))
    # Serialise changes of the same interventions (PostgreSQL row locks; SQLite has one
    # writer anyway): the pending check below then sees what another change committed.
    locked = session.scalars(
        select(Intervention).where(Intervention.id.in_(ids)).with_for_update()
    ).all()
    rows = session.execute(
        select(Execution.intervention_id, Execution.end_date, Execution.assignment_id).where(
            live_rows_from(person_id, from_unit_id, rules.earliest_change_date(today, backdate)),
            Execution.intervention_id.in_(ids),
        )
    ).all()
    ends: dict[int, list[date | None]] = defaultdict(list)
    source_assignment: dict[int, int] = {}
    for intervention_id, end, assignment_id in rows:
        ends[intervention_id].append(end)
        source_assignment[intervention_id] = assignment_id
    by_id = {i.id: i for i in locked}
    if set(ends) != set(ids) or set(by_id) != set(ids):
        raise ValidationError(
            "En vald insats har ingen pågående eller planerad verkställighet vid enheten.",
            field="intervention_ids",
        )
    decision_ids = {by_id[i].decision_id for i in ids}
    if len(decision_ids) != 1:
        raise ValidationError(
            "De valda insatserna hör till olika beslut. Byt utförare för ett beslut i taget.",
            field="intervention_ids",
        )
    decision = session.get_one(Decision, decision_ids.pop())
    interventions = [(by_id[i], session.get_one(InterventionType, by_id[i].type_code)) for i in ids]
    for intervention, kind in interventions:
        try:
            rules.check_change_date(
                change_date,
                today=today,
                max_backdate_days=backdate,
                decision_start=decision.period_start,
                decision_end=decision.period_end,
                rows_end=rules.rows_end(ends[intervention.id]),
            )
        except ValidationError as error:
            if len(interventions) > 1:
                raise ValidationError(f"{kind.name}: {error.message}", field=error.field) from None
            raise
    pending = pending_changes(session, ids)
    if pending:
        intervention_id, unit_name = next(iter(sorted(pending.items())))
        name = next(kind.name for i, kind in interventions if i.id == intervention_id)
        raise ValidationError(
            f"{name} har redan ett byte av utförare som väntar hos {unit_name}. Vänta tills "
            "det har accepterats eller stoppats.",
            field="intervention_ids",
        )
    source = session.get(Assignment, source_assignment[ids[0]])
    return _Change(person, decision, interventions, source.goals if source else "")


def _create(
    session: Session,
    actor: Actor,
    change: _Change,
    from_unit: OrgUnit | Unit,
    to_unit: OrgUnit | Unit,
    change_date: date,
) -> Assignment:
    assignment = Assignment(
        person_id=change.person.id,
        decision_id=change.decision.id,
        receiver_unit_id=to_unit.id,
        sender_user_id=actor.user_id,
        kind=AssignmentKind.PROVIDER_CHANGE,
        status=AssignmentStatus.RECEIVED,
        awaiting_distribution=True,
        sent_at=now(session),
        goals=change.goals,
        change_date=change_date,
        previous_unit_id=from_unit.id,
    )
    session.add(assignment)
    session.flush()
    for intervention, _kind in change.interventions:
        session.add(AssignmentItem(assignment_id=assignment.id, intervention_id=intervention.id))
    session.flush()
    audit.record(
        session,
        actor,
        AuditAction.CREATE,
        "assignment",
        assignment.id,
        person_id=change.person.id,
        unit_id=from_unit.id,
        details={
            "kind": AssignmentKind.PROVIDER_CHANGE.value,
            "interventions": [i.id for i, _k in change.interventions],
            "from_unit_id": from_unit.id,
            "to_unit_id": to_unit.id,
            "change_date": change_date.isoformat(),
        },
    )
    return assignment


def _person_line(person: Person) -> str:
    number = from_stored(person.identity_number, person.identity_kind).display()
    return f"{person.full_name}, {number}"


def _change_lines(
    change: _Change, from_unit: OrgUnit | Unit, to_unit: OrgUnit | Unit, day: date
) -> list[str]:
    return [
        f"Person: {_person_line(change.person)}",
        f"Insatser: {', '.join(change.names)}",
        f"Från: {from_unit.name}",
        f"Till: {to_unit.name}",
        f"Datum för övertagandet: {day:%Y-%m-%d}",
        f"Beslutsperiod: {period_text(change.decision.period_start, change.decision.period_end)}",
    ]


def _notify(
    session: Session,
    actor: Actor,
    assignment: Assignment,
    change: _Change,
    from_unit: OrgUnit | Unit,
    to_unit: OrgUnit | Unit,
    day: date,
) -> list[int]:
    """The receiving unit's managers (Nya uppdrag) and the case's handläggare."""
    lines = _change_lines(change, from_unit, to_unit, day)
    managers = users_with_permission_at(session, to_unit.id, Permission.VIEW_NEW_ASSIGNMENTS)
    if managers:
        deliver_message(
            session,
            sender_user_id=actor.user_id,
            recipient_ids=managers,
            subject=f"{RECEIVER_SUBJECT}: {', '.join(change.names)}",
            body="\n".join(
                [
                    f"{from_unit.name} har bytt utförare till {to_unit.name}.",
                    "",
                    *lines,
                    f"Skickat av: {actor.display_name}",
                    "",
                    "Uppdraget finns under Mitt skrivbord › Nya uppdrag. Högerklicka på det och "
                    "välj Acceptera/Stoppa.",
                ]
            ),
            person_id=change.person.id,
            assignment_id=assignment.id,
        )
    assessors = [u for u in assessors_of(session, change.person.id, change.decision) if u]
    if assessors:
        deliver_message(
            session,
            sender_user_id=actor.user_id,
            recipient_ids=assessors,
            subject=f"{ASSESSOR_SUBJECT}: {', '.join(change.names)}",
            body="\n".join(
                [
                    "Utföraren byts för en person i ditt ärende.",
                    "",
                    *lines,
                    f"Skickat av: {actor.display_name}",
                    "",
                    "Den nya utföraren tar emot uppdraget under Nya uppdrag. Raderna hos den "
                    "tidigare utföraren avslutas dagen före övertagandet när det fördelas.",
                ]
            ),
            person_id=change.person.id,
            assignment_id=assignment.id,
        )
    return sorted(set(managers) | set(assessors))


@changes(ChangeKind.ASSIGNMENTS, ChangeKind.MESSAGES, touches=_changed)
def change_provider(
    session: Session, actor: Actor, command: ChangeProvider
) -> ProviderChangeResult:
    """Byt utförare › Slutför: a provider-change assignment RECEIVED at the new unit, its
    managers and the case's handläggare told. Nothing changes at the old unit until the new
    one distributes (then its rows end the day before the takeover)."""
    require(actor, Permission.CHANGE_PROVIDER, command.from_unit_id)
    from_unit = session.get(OrgUnit, command.from_unit_id)
    if from_unit is None:
        raise NotFound("Enheten finns inte.")
    today = clock_of(session).today()
    backdate = max_backdate_days(session)
    change = _prepare(
        session,
        command.person_id,
        command.from_unit_id,
        command.intervention_ids,
        command.change_date,
        today,
        backdate,
    )
    areas = {kind.business_area for _i, kind in change.interventions}
    to_unit = _check_target(session, command.to_unit_id, from_unit.id, areas)
    assignment = _create(session, actor, change, from_unit, to_unit, command.change_date)
    notified = _notify(session, actor, assignment, change, from_unit, to_unit, command.change_date)
    log.info(
        "provider change: assignment id %s from unit id %s to unit id %s by user id %s",
        assignment.id,
        from_unit.id,
        to_unit.id,
        actor.user_id,
    )
    return ProviderChangeResult(
        assignment_id=assignment.id,
        person_id=change.person.id,
        from_unit_id=from_unit.id,
        to_unit_id=to_unit.id,
        notified_user_ids=tuple(notified),
    )
