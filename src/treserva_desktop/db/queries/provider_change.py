"""Read side of Byt utförare: the installation's back-dating setting, a person's
interventions that can change provider, a unit's persons for a reorganisation, and the
organisation tree with the units that may take over."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from sqlalchemy import ColumnElement, Subquery, and_, func, or_, select, union_all
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.int_settings import IntSetting
from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Decision,
    Execution,
    Intervention,
    InterventionType,
    OrgUnit,
    RoleAssignment,
)
from treserva_desktop.db.queries.authority import receiver_units
from treserva_desktop.db.queries.inbox import recipient_choice_map
from treserva_desktop.db.queries.organisation import Unit, all_units, unit_and_ancestors
from treserva_desktop.db.queries.reach import require_person_access
from treserva_desktop.domain import provider_change_rules as rules
from treserva_desktop.domain.enums import (
    AssignmentKind,
    AssignmentStatus,
    AuditAction,
    BusinessArea,
    ExecutionStatus,
    OrgUnitKind,
    Permission,
)
from treserva_desktop.domain.errors import NotFound
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views import period_text
from treserva_desktop.domain.views.authority import ReceiverUnit
from treserva_desktop.domain.views.inbox import RecipientChoice
from treserva_desktop.domain.views.provider_change import (
    ChangeableIntervention,
    ProviderChangeChoices,
    UnitChangeChoices,
)

# How many days back a takeover may be dated (app_settings), shared by every workstation.
MAX_BACKDATE_KEY = "provider_change_max_backdate_days"


MAX_BACKDATE = IntSetting(
    MAX_BACKDATE_KEY,
    rules.DEFAULT_MAX_BACKDATE_DAYS,
    0,
    rules.MAX_BACKDATE_DAYS,
    f"Antalet dagar ska vara 0–{rules.MAX_BACKDATE_DAYS}.",
    "days",
)


def max_backdate_days(session: Session) -> int:
    """The installation's setting; the default when unset or not a sane number."""
    return MAX_BACKDATE.read(session)


def store_max_backdate_days(session: Session, days: int) -> None:
    """Set how far back a takeover may be dated (the owner's command `db
    provider-change-backdate`)."""
    MAX_BACKDATE.store(session, days)


def target_facts(units: Mapping[int, Unit], unit_id: int) -> rules.TargetFacts | None:
    """A unit as the provider-change rule sees it (its business area inherited from above)."""
    chain = unit_and_ancestors(units, unit_id)
    if not chain:
        return None
    unit = chain[0]
    provider = next((u.id for u in chain if u.kind is OrgUnitKind.UNIT), None)
    area = next((u.business_area for u in chain if u.business_area is not None), None)
    return rules.TargetFacts(unit.id, unit.name, unit.kind, unit.is_provider, area, provider)


def target_units(
    session: Session, area: BusinessArea | None, current_unit_ids: Iterable[int]
) -> tuple[ReceiverUnit, ...]:
    """The organisation tree, the units that may take over interventions of `area` now at
    `current_unit_ids` selectable (the rule the service applies)."""
    units = all_units(session)
    current = [f for f in (target_facts(units, i) for i in current_unit_ids) if f is not None]
    result = []
    for unit in receiver_units(session):
        facts = target_facts(units, unit.id)
        selectable = (
            area is not None
            and facts is not None
            and rules.target_refusal(facts, area, current) is None
        )
        result.append(
            ReceiverUnit(
                id=unit.id,
                name=unit.name,
                kind=unit.kind,
                business_area=unit.business_area,
                parent_id=unit.parent_id,
                selectable=selectable,
            )
        )
    return tuple(result)


def live_rows_from(person_id: int | None, unit_id: int, from_day: date) -> ColumnElement[bool]:
    """The condition of a row still live at the unit on or after `from_day`."""
    conditions = [
        Execution.unit_id == unit_id,
        Execution.status != ExecutionStatus.REVOKED,
        or_(Execution.end_date.is_(None), Execution.end_date >= from_day),
    ]
    if person_id is not None:
        conditions.append(Execution.person_id == person_id)
    return and_(*conditions)


def unit_live_rows(unit_id: int, from_day: date) -> Subquery:
    """(person_id, intervention_id) of the rows live at the unit on or after `from_day`: the
    open-ended rows and those ending on or after the day as two ranges of
    ix_executions_unit_end (an OR of the two would read every row the unit ever had)."""
    live = select(Execution.person_id, Execution.intervention_id).where(
        Execution.unit_id == unit_id, Execution.status != ExecutionStatus.REVOKED
    )
    return union_all(
        live.where(Execution.end_date.is_(None)), live.where(Execution.end_date >= from_day)
    ).subquery("unit_live")


def pending_changes(session: Session, intervention_ids: Iterable[int]) -> dict[int, str]:
    """Interventions with a provider change waiting (RECEIVED) somewhere: the unit's name."""
    ids = sorted(set(intervention_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(AssignmentItem.intervention_id, OrgUnit.name)
        .join(Assignment, Assignment.id == AssignmentItem.assignment_id)
        .join(OrgUnit, OrgUnit.id == Assignment.receiver_unit_id)
        .where(
            AssignmentItem.intervention_id.in_(ids),
            Assignment.kind == AssignmentKind.PROVIDER_CHANGE,
            Assignment.status == AssignmentStatus.RECEIVED,
        )
    ).all()
    return {int(i): str(name) for i, name in rows}


def provider_change_choices(
    session: Session, actor: Actor, person_id: int, unit_id: int
) -> ProviderChangeChoices:
    """Byt utförare, pages 1 and 2: the person's interventions with current rows at the unit
    and the units that may take them over. Audited as a read of the person."""
    require(actor, Permission.CHANGE_PROVIDER, unit_id)
    person = require_person_access(session, actor, person_id)
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise NotFound("Enheten finns inte.")
    today = clock_of(session).today()
    backdate = max_backdate_days(session)
    earliest = rules.earliest_change_date(today, backdate)
    rows = session.execute(
        select(
            Execution.intervention_id,
            Execution.start_date,
            Execution.end_date,
            InterventionType.name,
            InterventionType.business_area,
            Decision.period_start,
            Decision.period_end,
        )
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .join(Decision, Decision.id == Intervention.decision_id)
        .where(live_rows_from(person_id, unit_id, earliest))
        .order_by(InterventionType.name, Execution.start_date)
    ).all()
    grouped: dict[int, list[tuple[object, ...]]] = defaultdict(list)
    for row in rows:
        grouped[row.intervention_id].append(tuple(row))
    pending = pending_changes(session, grouped)
    interventions = []
    for intervention_id, group in grouped.items():
        first = group[0]
        starts = [r[1] for r in group]
        ends = [r[2] for r in group]
        end = rules.rows_end(ends)  # type: ignore[arg-type]
        interventions.append(
            ChangeableIntervention(
                intervention_id=intervention_id,
                name=str(first[3]),
                business_area=first[4],  # type: ignore[arg-type]
                period=period_text(min(starts), end),  # type: ignore[type-var,arg-type]
                rows_end=end,
                decision_start=first[5],  # type: ignore[arg-type]
                decision_end=first[6],  # type: ignore[arg-type]
                pending_at=pending.get(intervention_id, ""),
            )
        )
    area = interventions[0].business_area if interventions else None
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "person",
        person.id,
        person_id=person.id,
        unit_id=unit_id,
        details={"view": "provider_change"},
    )
    number = from_stored(person.identity_number, person.identity_kind).display()
    return ProviderChangeChoices(
        person_id=person.id,
        person_text=f"{person.full_name}, {number}",
        from_unit_id=unit.id,
        from_unit_name=unit.name,
        interventions=tuple(interventions),
        units=target_units(session, area, [unit_id]),
        today=today,
        earliest_date=earliest,
        max_backdate_days=backdate,
    )


def unit_persons_by_area(
    session: Session, unit_id: int, from_day: date
) -> dict[BusinessArea, list[int]]:
    """The persons with live rows at the unit on or after `from_day`, per business area of
    their interventions (one query; the ids sorted)."""
    live = unit_live_rows(unit_id, from_day)
    rows = session.execute(
        select(InterventionType.business_area, live.c.person_id)
        .join(Intervention, Intervention.id == live.c.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .group_by(InterventionType.business_area, live.c.person_id)
    ).all()
    found: dict[BusinessArea, set[int]] = defaultdict(set)
    for area, person_id in rows:
        found[area].add(person_id)
    return {area: sorted(ids) for area, ids in found.items()}


def unit_change_choices(session: Session, actor: Actor, unit_id: int) -> UnitChangeChoices:
    """Byt utförare för flera personer: how many persons each business area would move
    (counts only, no person named) and the organisation tree."""
    require(actor, Permission.CHANGE_PROVIDER, unit_id)
    unit = session.get(OrgUnit, unit_id)
    if unit is None:
        raise NotFound("Enheten finns inte.")
    today = clock_of(session).today()
    backdate = max_backdate_days(session)
    live = unit_live_rows(unit_id, today)
    counts = session.execute(
        select(InterventionType.business_area, func.count(func.distinct(live.c.person_id)))
        .join(Intervention, Intervention.id == live.c.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .group_by(InterventionType.business_area)
    ).all()
    by_area = tuple(sorted(((area, int(n)) for area, n in counts), key=lambda p: p[0].label))
    area = by_area[0][0] if by_area else None
    return UnitChangeChoices(
        unit_id=unit.id,
        unit_name=unit.name,
        persons_by_area=by_area,
        units=target_units(session, area, [unit_id]),
        today=today,
        earliest_date=rules.earliest_change_date(today, backdate),
        max_backdate_days=backdate,
    )


def unit_change_count(
    session: Session, actor: Actor, unit_id: int, area: BusinessArea, day: date
) -> int:
    """How many persons Byt utförare för flera personer would move on `day` (the number the
    confirmation states and the service expects)."""
    require(actor, Permission.CHANGE_PROVIDER, unit_id)
    return len(unit_persons_by_area(session, unit_id, day).get(area, []))


def affected_staff(session: Session, actor: Actor, unit_id: int) -> list[RecipientChoice]:
    """Preselected in "Skicka meddelande till berörd personal?": everyone holding a role at
    the old unit (not the actor)."""
    require(actor, Permission.CHANGE_PROVIDER, unit_id)
    user_ids = set(
        session.scalars(select(RoleAssignment.user_id).where(RoleAssignment.unit_id == unit_id))
    )
    user_ids.discard(actor.user_id)
    return recipient_choice_map(session, user_ids)
