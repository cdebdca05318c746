"""Read side of Acceptera och fördela: the units to distribute to, the assignment with its
rows and defaults, and who to tell about a distribution."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import (
    Assignment,
    BillingArea,
    Execution,
    RoleAssignment,
    User,
)
from treserva_desktop.db.queries.inbox import recipient_choice_map
from treserva_desktop.db.queries.interventions import execution_view
from treserva_desktop.db.queries.new_assignments import assignment_title
from treserva_desktop.db.queries.organisation import Unit, all_units, unit_and_ancestors, unit_path
from treserva_desktop.db.queries.reading import item_interventions, load_assignment
from treserva_desktop.domain import assignment_rules
from treserva_desktop.domain.distribution_defaults import preselect_unit
from treserva_desktop.domain.enums import AuditAction, BusinessArea, ExecutionStatus, Permission
from treserva_desktop.domain.errors import NotFound
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.distribution import (
    AssignmentDistributionView,
    DistributionIntervention,
    DistributionPerson,
    UnitChoice,
)
from treserva_desktop.domain.views.inbox import RecipientChoice


def unit_choices(
    units: Mapping[int, Unit],
    actor: Actor,
    area: BusinessArea,
    receiver_unit_id: int | None = None,
) -> tuple[UnitChoice, ...]:
    """The units the actor may distribute an intervention of `area` to: exactly those
    `assignment_rules.distribution_refusal` and `business_area_refusal` accept (Hemtjänst
    Söder is left out, Söder grupp A/B and Hemtjänst Centrum are offered; a nursing home never
    for home care). Those of the intervention's business area are `preferred` and come first:
    the receiving unit itself or its sub-units, then the rest of the area; then units whose
    business area is not stated (the dialog puts them under a heading). By path within each
    group."""

    def area_of(unit_id: int) -> BusinessArea | None:
        return assignment_rules.effective_business_area(
            unit.business_area for unit in unit_and_ancestors(units, unit_id)
        )

    sub_unit_names: dict[int, list[str]] = {}
    for unit in units.values():
        if unit.parent_id is not None:
            sub_unit_names.setdefault(unit.parent_id, []).append(unit.name)
    candidates = [
        units[unit_id]
        for unit_id in actor.units_with(Permission.DISTRIBUTE_ASSIGNMENT)
        if unit_id in units
        and assignment_rules.can_distribute_to(
            actor,
            assignment_rules.UnitFacts(
                unit_id,
                units[unit_id].name,
                units[unit_id].kind,
                units[unit_id].is_provider,
                tuple(sub_unit_names.get(unit_id, ())),
            ),
        )
        and assignment_rules.fits_business_area(area, area_of(unit_id))
    ]

    def own(unit_id: int) -> bool:
        return receiver_unit_id is not None and any(
            unit.id == receiver_unit_id for unit in unit_and_ancestors(units, unit_id)
        )

    choices = [
        UnitChoice(
            id=unit.id,
            name=unit.name,
            path=unit_path(units, unit.id),
            business_area=area_of(unit.id),
            preferred=area_of(unit.id) is area,
            default_billing_area=unit.default_billing_area_code,
        )
        for unit in candidates
    ]
    choices.sort(
        key=lambda choice: (
            assignment_rules.unit_preference(area, choice.business_area),
            not own(choice.id),
            choice.path.casefold(),
        )
    )
    return tuple(choices)


def default_unit(
    units: Mapping[int, Unit], choices: tuple[UnitChoice, ...], receiver_unit_id: int
) -> int | None:
    """The receiving unit itself when it can be chosen (it has no sub-units); else its only
    sub-unit of the intervention's business area; else, when none is under it, the only
    preferred unit. With several to pick from there is no default: the user chooses."""
    if any(choice.id == receiver_unit_id for choice in choices):
        return receiver_unit_id
    preferred = [choice for choice in choices if choice.preferred]
    under = [
        choice
        for choice in preferred
        if any(unit.id == receiver_unit_id for unit in unit_and_ancestors(units, choice.id)[1:])
    ]
    if under:
        return under[0].id if len(under) == 1 else None
    if len(preferred) == 1:
        return preferred[0].id
    if len(choices) == 1:
        return choices[0].id
    return None


def _person_units(session: Session, person_id: int, today: date) -> list[int]:
    """Units where the person has a live row (not revoked, not ended), most recent first
    (ix_executions_person_reach)."""
    rows = session.execute(
        select(Execution.unit_id)
        .where(
            Execution.person_id == person_id,
            Execution.status != ExecutionStatus.REVOKED,
            (Execution.end_date.is_(None)) | (Execution.end_date >= today),
        )
        .order_by(Execution.start_date.desc(), Execution.id.desc())
    ).scalars()
    return list(dict.fromkeys(rows))


def _last_used_unit(session: Session, actor: Actor, receiver_unit_id: int) -> int | None:
    """The unit this user last distributed a row to from an assignment of this receiving
    unit (ix_executions_creator: the user's own rows, newest first)."""
    return session.scalar(
        select(Execution.unit_id)
        .join(Assignment, Assignment.id == Execution.assignment_id)
        .where(
            Execution.created_by_user_id == actor.user_id,
            Assignment.receiver_unit_id == receiver_unit_id,
        )
        .order_by(Execution.created_at.desc(), Execution.id.desc())
        .limit(1)
    )


def assignment_distribution(
    session: Session, actor: Actor, assignment_id: int, *, today: date | None = None
) -> AssignmentDistributionView:
    """What Acceptera och fördela shows: each intervention with its rows and the defaults."""
    today = today or clock_of(session).today()
    assignment = load_assignment(session, assignment_id)
    require(actor, Permission.DISTRIBUTE_ASSIGNMENT, assignment.receiver_unit_id)
    person = assignment.person
    # A read of the person's data shown with the assignment (READ_ASSIGNMENT is the
    # document itself, Läs uppdrag).
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "assignment",
        assignment.id,
        person_id=person.id,
        unit_id=assignment.receiver_unit_id,
        details={"view": "distribution"},
    )
    decision = assignment.decision
    units = all_units(session)
    billing = (
        session.get(BillingArea, person.billing_area_code) if person.billing_area_code else None
    )
    rows_by_intervention: dict[int, list[Execution]] = defaultdict(list)
    for row in session.scalars(
        select(Execution)
        .where(Execution.assignment_id == assignment.id)
        .order_by(Execution.start_date, Execution.id)
    ).all():
        rows_by_intervention[row.intervention_id].append(row)
    person_units = _person_units(session, person.id, today)
    last_used = _last_used_unit(session, actor, assignment.receiver_unit_id)
    start = decision.period_start
    if assignment.change_date is not None and assignment.change_date > start:
        start = assignment.change_date
    interventions = []
    for intervention in item_interventions(session, assignment):
        kind = intervention.type
        rows = rows_by_intervention.get(intervention.id, [])
        choices = unit_choices(units, actor, kind.business_area, assignment.receiver_unit_id)
        default_start = _next_free_start(start, decision.period_end, rows)
        preselected = preselect_unit(
            {choice.id for choice in choices},
            person_units=person_units,
            last_used=last_used,
            only_fitting=default_unit(units, choices, assignment.receiver_unit_id),
        )
        interventions.append(
            DistributionIntervention(
                intervention_id=intervention.id,
                type_code=kind.code,
                name=kind.name,
                business_area=kind.business_area,
                requires_time=kind.requires_time,
                granted_minutes=intervention.granted_minutes,
                granted_per=intervention.granted_per,
                rows=tuple(
                    execution_view(row, kind.name, units[row.unit_id].name, today) for row in rows
                ),
                unit_choices=choices,
                default_unit_id=preselected.unit_id,
                default_unit_reason=preselected.reason,
                default_start=default_start,
                default_end=decision.period_end,
                default_hours=assignment_rules.minutes_to_hours(intervention.granted_minutes),
                default_per=intervention.granted_per,
                needs_billing_area=kind.business_area is BusinessArea.HOME_CARE and billing is None,
            )
        )
    return AssignmentDistributionView(
        assignment_id=assignment.id,
        version=assignment.version,
        kind=assignment.kind,
        status=assignment.status,
        title=assignment_title(assignment),
        receiver_unit_id=assignment.receiver_unit_id,
        receiver_unit_name=unit_path(units, assignment.receiver_unit_id),
        person=DistributionPerson(
            id=person.id,
            name=person.full_name,
            identity_display=from_stored(person.identity_number, person.identity_kind).display(),
            protected_identity=person.protected_identity,
            billing_area=f"{billing.code} – {billing.name}" if billing else "",
        ),
        decided_on=decision.decided_on,
        decision_start=decision.period_start,
        decision_end=decision.period_end,
        legal_basis=decision.legal_basis,
        goals=assignment.goals,
        interventions=tuple(interventions),
        received_at=assignment.sent_at,
        change_date=assignment.change_date,
        previous_unit_name=(
            unit_path(units, assignment.previous_unit_id)
            if assignment.previous_unit_id in units
            else ""
        ),
        first_read_at=assignment.first_read_at,
        first_read_by=_user_name(session, assignment.first_read_by_user_id),
        billing_areas=(
            tuple(
                (area.code, f"{area.code} – {area.name}")
                for area in session.scalars(select(BillingArea).order_by(BillingArea.code))
            )
            if billing is None
            else ()
        ),
    )


def _user_name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return user.display_name if user is not None else ""


def _next_free_start(start: date, end: date | None, rows: list[Execution]) -> date:
    """Decision start, or the day after the last live row when the intervention is split
    (while that day is still inside the decision)."""
    live_ends = [row.end_date for row in rows if row.status is not ExecutionStatus.REVOKED]
    if not live_ends:
        return start
    if any(end is None for end in live_ends):
        return start
    following = max(day for day in live_ends if day is not None) + timedelta(days=1)
    if end is not None and following > end:
        return start
    return max(start, following)


def execution_version(session: Session, actor: Actor, execution_id: int) -> int:
    """The row's version, passed as expected_version when a row Under fördelning is
    registered (the rows in AssignmentDistributionView carry no version)."""
    execution = session.get(Execution, execution_id)
    if execution is None:
        raise NotFound("Verkställigheten finns inte.")
    require(actor, Permission.DISTRIBUTE_ASSIGNMENT, execution.unit_id)
    return execution.version


def affected_recipients(
    session: Session, actor: Actor, assignment_id: int
) -> list[RecipientChoice]:
    """Preselected in "Skicka meddelande till berörda?": everyone holding a role at a unit
    that performs the assignment's rows, and the handläggare who sent it (not the actor)."""
    assignment = load_assignment(session, assignment_id)
    require(actor, Permission.DISTRIBUTE_ASSIGNMENT, assignment.receiver_unit_id)
    unit_ids = set(
        session.scalars(
            select(Execution.unit_id).where(
                Execution.assignment_id == assignment.id,
                Execution.status != ExecutionStatus.REVOKED,
            )
        ).all()
    )
    user_ids: set[int] = set()
    if unit_ids:
        user_ids |= set(
            session.scalars(
                select(RoleAssignment.user_id).where(in_ids(RoleAssignment.unit_id, unit_ids))
            ).all()
        )
    if assignment.sender_user_id is not None:
        user_ids.add(assignment.sender_user_id)
    user_ids.discard(actor.user_id)
    return recipient_choice_map(session, user_ids)
