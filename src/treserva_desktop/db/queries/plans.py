"""Read side of genomförandeplaner: who may read and write a person's plans at a unit, the
installation's deadlines, Dokument GF's list, one plan, and the status the checklists and
statistics ask for. Every read of a plan is audited."""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    AppSetting,
    Execution,
    ImplementationPlan,
    ImplementationPlanActivity,
    ImplementationPlanFollowUp,
    ImplementationPlanGoal,
    Intervention,
    InterventionType,
    OrgUnit,
    Person,
    User,
)
from treserva_desktop.db.queries.organisation import all_units, unit_and_ancestors
from treserva_desktop.db.queries.reach import engaged_at
from treserva_desktop.domain.enums import (
    AuditAction,
    BusinessArea,
    ExecutionStatus,
    OrgUnitKind,
    Permission,
)
from treserva_desktop.domain.errors import NotFound, PermissionDenied
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.plan_rules import (
    DEFAULT_ESTABLISH_DAYS,
    DEFAULT_ESTABLISH_DAYS_SHORT_TERM,
    DEFAULT_FOLLOW_UP_MONTHS,
    MAX_ESTABLISH_DAYS,
    MAX_FOLLOW_UP_MONTHS,
    PlanState,
    establish_due_on,
    plan_state,
)
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.plans import (
    PersonPlans,
    PlanActivityView,
    PlanFollowUpView,
    PlanListItem,
    PlanStatusView,
    PlanView,
)

log = logging.getLogger(__name__)

# The installation's plan settings (app_settings), shared by every workstation.
ESTABLISH_DAYS_KEY = "plan_establish_days"
ESTABLISH_DAYS_SHORT_TERM_KEY = "plan_establish_days_short_term"
FOLLOW_UP_MONTHS_KEY = "plan_follow_up_months"
# Audited as a read of the social documentation: a plan is part of it (entity names the plan).
READ_ACTION = AuditAction.READ_JOURNAL
NOT_ENGAGED = (
    "Personen har inga pågående eller planerade insatser vid enheten och uppföljningstiden "
    "har gått ut. Du har inte längre behörighet att se personens genomförandeplaner där."
)


def _setting(session: Session, key: str, default: int, maximum: int) -> int:
    """An integer setting; the default when unset or not a sane number."""
    stored = session.scalar(select(AppSetting.value).where(AppSetting.key == key))
    if stored is None:
        return default
    try:
        value = int(stored)
    except ValueError:
        value = -1
    if not 1 <= value <= maximum:
        log.warning("ignoring setting %s: not 1..%d", key, maximum)
        return default
    return value


def establish_days(session: Session) -> int:
    """Days after the start within which a plan is to be established (default 14)."""
    return _setting(session, ESTABLISH_DAYS_KEY, DEFAULT_ESTABLISH_DAYS, MAX_ESTABLISH_DAYS)


def establish_days_short_term(session: Session) -> int:
    """The same for short-term care (default 2)."""
    return _setting(
        session,
        ESTABLISH_DAYS_SHORT_TERM_KEY,
        DEFAULT_ESTABLISH_DAYS_SHORT_TERM,
        MAX_ESTABLISH_DAYS,
    )


def follow_up_months(session: Session) -> int:
    """Months between follow-ups (default 6)."""
    return _setting(session, FOLLOW_UP_MONTHS_KEY, DEFAULT_FOLLOW_UP_MONTHS, MAX_FOLLOW_UP_MONTHS)


def require_plan_access(
    session: Session, actor: Actor, person_id: int, unit_id: int, permission: Permission
) -> None:
    """The actor holds `permission` at the unit and the person is engaged at that very unit
    (the reach rule of db/queries/reach.py, narrowed to the one unit)."""
    if session.get(Person, person_id) is None:
        raise NotFound("Personen finns inte.")
    require(actor, permission, unit_id)
    if not engaged_at(session, actor, person_id, unit_id):
        raise PermissionDenied(NOT_ENGAGED)


def load_plan(session: Session, plan_id: int) -> ImplementationPlan:
    plan = session.get(ImplementationPlan, plan_id)
    if plan is None:
        raise NotFound("Genomförandeplanen finns inte.")
    return plan


def _audit_read(
    session: Session, actor: Actor, person_id: int, unit_id: int, view: str, plan_id: int | None
) -> None:
    audit.record(
        session,
        actor,
        READ_ACTION,
        "implementation_plan",
        plan_id,
        person_id=person_id,
        unit_id=unit_id,
        details={"view": view},
    )


def _list_items(session: Session, person_id: int, unit_id: int, today: date) -> list[PlanListItem]:
    rows = session.execute(
        select(
            ImplementationPlan.id,
            ImplementationPlan.established_on,
            ImplementationPlan.next_follow_up_on,
            ImplementationPlan.ended_on,
            ImplementationPlan.version,
        )
        .where(ImplementationPlan.person_id == person_id, ImplementationPlan.unit_id == unit_id)
        .order_by(ImplementationPlan.established_on.desc(), ImplementationPlan.id.desc())
    ).all()
    return [
        PlanListItem(
            id=row.id,
            person_id=person_id,
            unit_id=unit_id,
            established_on=row.established_on,
            next_follow_up_on=row.next_follow_up_on,
            ended_on=row.ended_on,
            state=plan_state(row.ended_on, row.next_follow_up_on, today),
            version=row.version,
        )
        for row in rows
    ]


def _status(
    session: Session, person_id: int, unit_id: int, items: list[PlanListItem], today: date
) -> PlanStatusView:
    open_item = next((item for item in items if item.ended_on is None), None)
    if open_item is not None:
        return PlanStatusView(
            state=open_item.state,
            plan_id=open_item.id,
            established_on=open_item.established_on,
            next_follow_up_on=open_item.next_follow_up_on,
            overdue=open_item.state is PlanState.FOLLOW_UP_OVERDUE,
        )
    if items:
        latest = items[0]
        return PlanStatusView(
            state=PlanState.ENDED,
            plan_id=latest.id,
            established_on=latest.established_on,
            ended_on=latest.ended_on,
        )
    # No plan: the deadline counts from the start of the person's current rows at the unit.
    first_start, short_term = session.execute(
        select(
            func.min(Execution.start_date),
            func.max(case((InterventionType.business_area == BusinessArea.SHORT_TERM, 1), else_=0)),
        )
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .where(
            Execution.person_id == person_id,
            Execution.unit_id == unit_id,
            Execution.status != ExecutionStatus.REVOKED,
            or_(Execution.end_date.is_(None), Execution.end_date >= today),
        )
    ).one()
    if first_start is None:
        return PlanStatusView(state=PlanState.MISSING)
    due_on = establish_due_on(
        first_start,
        bool(short_term),
        establish_days(session),
        establish_days_short_term(session),
    )
    return PlanStatusView(state=PlanState.MISSING, due_on=due_on, overdue=due_on < today)


def person_plans(session: Session, actor: Actor, person_id: int, unit_id: int) -> PersonPlans:
    """Dokument GF: the person's plans at the unit, newest first, with the plan status."""
    require_plan_access(session, actor, person_id, unit_id, Permission.VIEW_PERSONS)
    today = clock_of(session).today()
    items = _list_items(session, person_id, unit_id, today)
    _audit_read(session, actor, person_id, unit_id, "plans", None)
    return PersonPlans(tuple(items), _status(session, person_id, unit_id, items, today))


def open_plans(session: Session, actor: Actor, person_id: int, unit_id: int) -> list[PlanListItem]:
    """The person's plans at the unit that are not ended (to point out before ending rows)."""
    require_plan_access(session, actor, person_id, unit_id, Permission.VIEW_PERSONS)
    today = clock_of(session).today()
    items = [
        item for item in _list_items(session, person_id, unit_id, today) if item.ended_on is None
    ]
    _audit_read(session, actor, person_id, unit_id, "open_plans", None)
    return items


def plan_status(session: Session, actor: Actor, person_id: int, unit_id: int) -> PlanStatusView:
    """Missing / established / follow-up overdue / ended, as of the clock's today."""
    require_plan_access(session, actor, person_id, unit_id, Permission.VIEW_PERSONS)
    today = clock_of(session).today()
    items = _list_items(session, person_id, unit_id, today)
    _audit_read(session, actor, person_id, unit_id, "plan_status", None)
    return _status(session, person_id, unit_id, items, today)


def plan_view(session: Session, actor: Actor, plan_id: int) -> PlanView:
    """One plan with its goals, activities and follow-ups (audited)."""
    plan = load_plan(session, plan_id)
    require_plan_access(session, actor, plan.person_id, plan.unit_id, Permission.VIEW_PERSONS)
    _audit_read(session, actor, plan.person_id, plan.unit_id, "plan", plan.id)
    return build_plan_view(session, plan)


def build_plan_view(session: Session, plan: ImplementationPlan) -> PlanView:
    """The view of a plan already checked and audited by the caller: a fixed number of
    queries (plan's person and users, goals, activities, follow-ups, the small unit tree)."""
    person = session.get(Person, plan.person_id)
    assert person is not None
    user_ids = {plan.established_by_user_id}
    if plan.ended_by_user_id is not None:
        user_ids.add(plan.ended_by_user_id)
    goals = session.scalars(
        select(ImplementationPlanGoal.text)
        .where(ImplementationPlanGoal.plan_id == plan.id)
        .order_by(ImplementationPlanGoal.position, ImplementationPlanGoal.id)
    ).all()
    activities = session.execute(
        select(
            ImplementationPlanActivity.what,
            ImplementationPlanActivity.who,
            ImplementationPlanActivity.when_how,
        )
        .where(ImplementationPlanActivity.plan_id == plan.id)
        .order_by(ImplementationPlanActivity.position, ImplementationPlanActivity.id)
    ).all()
    follow_ups = session.execute(
        select(
            ImplementationPlanFollowUp.followed_up_on,
            ImplementationPlanFollowUp.by_user_id,
            ImplementationPlanFollowUp.comment,
            ImplementationPlanFollowUp.next_follow_up_on,
        )
        .where(ImplementationPlanFollowUp.plan_id == plan.id)
        .order_by(ImplementationPlanFollowUp.followed_up_on, ImplementationPlanFollowUp.id)
    ).all()
    user_ids |= {row.by_user_id for row in follow_ups}
    names: dict[int, str] = {
        row.id: row.display_name
        for row in session.execute(
            select(User.id, User.display_name).where(User.id.in_(user_ids))
        ).all()
    }
    units = all_units(session)
    chain = unit_and_ancestors(units, plan.unit_id)
    municipality = next(
        (unit.name for unit in chain if unit.kind is OrgUnitKind.MUNICIPALITY),
        chain[-1].name if chain else "",
    )
    unit = units.get(plan.unit_id) or session.get(OrgUnit, plan.unit_id)
    today = clock_of(session).today()
    number = from_stored(person.identity_number, person.identity_kind)
    return PlanView(
        id=plan.id,
        person_id=person.id,
        unit_id=plan.unit_id,
        person_name=f"{person.first_name} {person.last_name}",
        identity_label=number.kind.label,
        identity_display=number.display(),
        unit_name=unit.name if unit is not None else "",
        municipality=municipality,
        is_test_data=person.is_test_data,
        established_on=plan.established_on,
        established_by_name=names.get(plan.established_by_user_id, ""),
        person_took_part=plan.person_took_part,
        participants=plan.participants,
        goals=tuple(goals),
        activities=tuple(PlanActivityView(r.what, r.who, r.when_how) for r in activities),
        follow_ups=tuple(
            PlanFollowUpView(
                r.followed_up_on, names.get(r.by_user_id, ""), r.comment, r.next_follow_up_on
            )
            for r in follow_ups
        ),
        next_follow_up_on=plan.next_follow_up_on,
        ended_on=plan.ended_on,
        end_reason=plan.end_reason,
        ended_by_name=names.get(plan.ended_by_user_id, "") if plan.ended_by_user_id else "",
        state=plan_state(plan.ended_on, plan.next_follow_up_on, today),
        version=plan.version,
        created_at=plan.created_at,
    )
