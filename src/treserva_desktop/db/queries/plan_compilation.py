"""Read side of Sammanställning – Genomförandeplan (W17) and the count of overdue plans on
Mitt skrivbord: per person and unit, the care there in the period and the latest plan there.

Three queries whatever the unit's size: the persons with rows in the period (grouped per
person and unit, by end date: db.queries.unit_rows), the plans at the units (the plans' unit index)
and their latest follow-ups. Every person listed is audited as read (ids only)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from sqlalchemy import (
    ColumnElement,
    Exists,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import (
    CareWithoutPlan,
    Execution,
    ImplementationPlan,
    ImplementationPlanFollowUp,
    Intervention,
    InterventionType,
    Person,
    User,
)
from treserva_desktop.db.queries.organisation import all_units
from treserva_desktop.db.queries.plans import establish_days, establish_days_short_term
from treserva_desktop.db.queries.unit_rows import unit_rows_in_period
from treserva_desktop.domain.commands.plan_compilation import CompilePlans
from treserva_desktop.domain.enums import (
    AuditAction,
    BusinessArea,
    ExecutionStatus,
    OrgUnitKind,
    Permission,
)
from treserva_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.plan_compilation_rules import (
    CompiledStatus,
    PlanFacts,
    check_period,
    compiled_state,
)
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.plan_compilation import (
    PlanCompilation,
    PlanCompilationRow,
    PlanUnitChoice,
)

PERMISSION = Permission.VIEW_STATISTICS
ALL_UNITS_LABEL = "Alla mina enheter"
READ_VIEW = "plan_compilation"
PROVIDER_AREAS = (BusinessArea.HOME_CARE, BusinessArea.NURSING_HOME, BusinessArea.SHORT_TERM)
_PERFORMING = (OrgUnitKind.UNIT, OrgUnitKind.SUBUNIT)
# Called between the steps of a long compilation (the background operation's progress).
Step = Callable[[str], None]


def plan_units(session: Session, actor: Actor) -> list[PlanUnitChoice]:
    """The dialog's Enhet list: the actor's performing units (units and sub-units) in the
    provider areas, by name. No personal data."""
    allowed = actor.units_with(PERMISSION)
    return sorted(
        (
            PlanUnitChoice(unit.id, unit.name, unit.business_area.value)
            for unit in all_units(session).values()
            if unit.id in allowed
            and unit.is_provider
            and unit.kind in _PERFORMING
            and unit.business_area in PROVIDER_AREAS
        ),
        key=lambda choice: (choice.name.casefold(), choice.id),
    )


def chosen_units(session: Session, actor: Actor, command: CompilePlans) -> tuple[list[int], str]:
    """The unit ids the compilation covers and the label of the choice: the chosen unit with
    its sub-units, or every unit of the actor's in the Verksamhet. The chosen unit must be
    within the actor's units and in the Verksamhet."""
    require(actor, PERMISSION)
    allowed = actor.units_with(PERMISSION)
    units = all_units(session)
    area = command.business_area
    if command.unit_id is None:
        ids = [
            u.id
            for u in units.values()
            if u.id in allowed and (area is None or u.business_area is area)
        ]
        return ids, ALL_UNITS_LABEL
    unit = units.get(command.unit_id)
    if unit is None:
        raise NotFound("Enheten finns inte.")
    if unit.id not in allowed:
        raise PermissionDenied(
            f"Du har inte behörighet att ta fram sammanställningar för {unit.name}. Välj en av "
            "dina enheter."
        )
    if area is not None and unit.business_area is not area:
        raise ValidationError(
            f"{unit.name} hör inte till verksamheten {area.label}. Välj en enhet i verksamheten.",
            field="unit",
        )
    children: dict[int, list[int]] = {}
    for other in units.values():
        if other.parent_id is not None:
            children.setdefault(other.parent_id, []).append(other.id)
    ids, stack = [], [unit.id]
    while stack:
        current = stack.pop()
        if current in allowed and current not in ids:
            ids.append(current)
            stack.extend(children.get(current, ()))
    return ids, unit.name


def _short_term_flag() -> ColumnElement[int]:
    return func.max(case((InterventionType.business_area == BusinessArea.SHORT_TERM, 1), else_=0))


def plan_compilation(
    session: Session,
    actor: Actor,
    command: CompilePlans,
    step: Step | None = None,
    *,
    action: AuditAction = AuditAction.READ_PERSON,
) -> PlanCompilation:
    """Sammanställ: everyone with a row (not revoked) at the units on some day of the period,
    with their latest plan at that unit and its status today (plan_compilation_rules). Each
    person listed is recorded with `action` (the export records EXPORT instead of a read)."""
    today = clock_of(session).today()
    check_period(command.period_start, command.period_end, today)
    assert command.period_start is not None
    assert command.period_end is not None
    unit_ids, label = chosen_units(session, actor, command)
    announce = step or (lambda _text: None)
    announce("Personer med insatser under perioden hämtas…")
    # By end date (unit_rows_in_period): not every row the units started before the period's end.
    running = unit_rows_in_period(
        (Execution.person_id, Execution.unit_id, Execution.start_date, Execution.intervention_id),
        unit_ids,
        command.period_start,
        command.period_end,
        Execution.status != ExecutionStatus.REVOKED,
    )
    cared = session.execute(
        select(
            running.c.person_id,
            running.c.unit_id,
            func.min(running.c.start_date).label("first_start"),
            _short_term_flag().label("short_term"),
        )
        .join(Intervention, Intervention.id == running.c.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .group_by(running.c.person_id, running.c.unit_id)
    ).all()
    announce("Genomförandeplaner hämtas…")
    plans = _latest_plans(session, unit_ids)
    follow_ups = _last_follow_ups(session, sorted(plan.id for plan in plans.values()))
    people = _people(session, {row.person_id for row in cared})
    unit_names = {unit_id: unit.name for unit_id, unit in all_units(session).items()}
    days, short_days = establish_days(session), establish_days_short_term(session)
    rows: list[PlanCompilationRow] = []
    for care in cared:
        plan = plans.get((care.person_id, care.unit_id))
        facts = (
            None
            if plan is None
            else PlanFacts(plan.established_on, plan.ended_on, plan.next_follow_up_on)
        )
        state = compiled_state(
            first_start=care.first_start,
            short_term=bool(care.short_term),
            plan=facts,
            today=today,
            establish_days=days,
            establish_days_short_term=short_days,
        )
        if state.status is CompiledStatus.ENDED and not command.show_ended:
            continue
        if command.only_attention and state.status not in (
            CompiledStatus.MISSING,
            CompiledStatus.OVERDUE,
        ):
            continue
        name, number, display = people[care.person_id]
        rows.append(
            PlanCompilationRow(
                person_id=care.person_id,
                person_name=name,
                identity_display=display,
                identity_number=number,
                unit_id=care.unit_id,
                unit_name=unit_names.get(care.unit_id, ""),
                first_start=care.first_start,
                short_term=bool(care.short_term),
                plan_id=plan.id if plan is not None else None,
                established_on=plan.established_on if plan is not None else None,
                last_follow_up_on=follow_ups.get(plan.id) if plan is not None else None,
                next_follow_up_on=plan.next_follow_up_on if plan is not None else None,
                ended_on=plan.ended_on if plan is not None else None,
                due_on=state.due_on,
                in_time=state.in_time,
                status=state.status,
                responsible=plan.responsible if plan is not None else "",
            )
        )
    rows.sort(key=lambda row: (row.unit_name.casefold(), row.person_name.casefold(), row.person_id))
    audit.record_reads(
        session,
        actor,
        (audit.PersonRead(row.person_id, unit_id=row.unit_id) for row in rows),
        view=READ_VIEW,
        action=action,
    )
    return PlanCompilation(command.period_start, command.period_end, today, label, tuple(rows))


class _Plan:
    __slots__ = ("ended_on", "established_on", "id", "next_follow_up_on", "responsible")

    def __init__(
        self,
        plan_id: int,
        established_on: date,
        ended_on: date | None,
        next_follow_up_on: date | None,
        responsible: str,
    ) -> None:
        self.id = plan_id
        self.established_on = established_on
        self.ended_on = ended_on
        self.next_follow_up_on = next_follow_up_on
        self.responsible = responsible


def _latest_plans(session: Session, unit_ids: list[int]) -> dict[tuple[int, int], _Plan]:
    """Per person and unit: the latest open plan, else the latest ended one."""
    result = session.execute(
        select(
            ImplementationPlan.id,
            ImplementationPlan.person_id,
            ImplementationPlan.unit_id,
            ImplementationPlan.established_on,
            ImplementationPlan.ended_on,
            ImplementationPlan.next_follow_up_on,
            User.display_name,
        )
        .join(User, User.id == ImplementationPlan.established_by_user_id)
        .where(in_ids(ImplementationPlan.unit_id, unit_ids))
        .order_by(ImplementationPlan.established_on, ImplementationPlan.id)
    ).all()
    latest: dict[tuple[int, int], _Plan] = {}
    for row in result:
        key = (row.person_id, row.unit_id)
        kept = latest.get(key)
        # Rows come oldest first: a later plan replaces an earlier one unless that one is
        # open and the later one is ended.
        if kept is not None and kept.ended_on is None and row.ended_on is not None:
            continue
        latest[key] = _Plan(
            row.id, row.established_on, row.ended_on, row.next_follow_up_on, row.display_name
        )
    return latest


def _last_follow_ups(session: Session, plan_ids: list[int]) -> dict[int, date]:
    """The latest follow-up day of each plan, by the follow-ups' plan index, in chunks."""
    found: dict[int, date] = {}
    for start in range(0, len(plan_ids), 500):
        rows = session.execute(
            select(
                ImplementationPlanFollowUp.plan_id,
                func.max(ImplementationPlanFollowUp.followed_up_on),
            )
            .where(ImplementationPlanFollowUp.plan_id.in_(plan_ids[start : start + 500]))
            .group_by(ImplementationPlanFollowUp.plan_id)
        ).all()
        found.update({row[0]: row[1] for row in rows})
    return found


def _people(session: Session, person_ids: Iterable[int]) -> dict[int, tuple[str, str, str]]:
    """Name ("Efternamn, Förnamn"), stored number and displayed number, in chunks of 500."""
    ids = sorted(person_ids)
    people: dict[int, tuple[str, str, str]] = {}
    for start in range(0, len(ids), 500):
        for row in session.execute(
            select(
                Person.id,
                Person.first_name,
                Person.last_name,
                Person.identity_number,
                Person.identity_kind,
            ).where(Person.id.in_(ids[start : start + 500]))
        ).all():
            people[row.id] = (
                f"{row.last_name}, {row.first_name}",
                row.identity_number,
                from_stored(row.identity_number, row.identity_kind).display(),
            )
    return people


def overdue_plan_count(session: Session, actor: Actor) -> int:
    """Mitt skrivbord: persons with a row at one of the actor's units today whose plan there
    is Försenad — none past its deadline, or the latest open plan's follow-up day passed.
    The same rule as the compilation over today's rows (plan_compilation_rules), as the sum
    of two disjoint COUNTs that read indexes (the dashboard runs them side by side)."""
    return overdue_open_plan_count(session, actor) + missing_plan_past_deadline_count(
        session, actor
    )


def overdue_open_plan_count(session: Session, actor: Actor) -> int:
    """The pairs whose latest open plan's follow-up day has passed, with a row current
    today: the overdue open plans (by unit and follow-up day), each with a probe for a
    current row."""
    units = sorted(actor.units_with(PERMISSION))
    if not units:
        return 0
    return _overdue_open_plans(session, units, clock_of(session).today())


def missing_plan_past_deadline_count(session: Session, actor: Actor) -> int:
    """The pairs with care today and no plan past its deadline: the care without a plan
    that the database keeps (care_without_plan), each candidate checked against its rows."""
    units = sorted(actor.units_with(PERMISSION))
    if not units:
        return 0
    return _missing_past_deadline(session, units, clock_of(session).today())


def _overdue_open_plans(session: Session, units: list[int], today: date) -> int:
    later = ImplementationPlan.__table__.alias("later")
    newer_open = exists().where(
        later.c.person_id == ImplementationPlan.person_id,
        later.c.unit_id == ImplementationPlan.unit_id,
        later.c.ended_on.is_(None),
        or_(
            later.c.established_on > ImplementationPlan.established_on,
            and_(
                later.c.established_on == ImplementationPlan.established_on,
                later.c.id > ImplementationPlan.id,
            ),
        ),
    )
    return (
        session.scalar(
            select(func.count())
            .select_from(ImplementationPlan)
            .where(
                in_ids(ImplementationPlan.unit_id, units),
                ImplementationPlan.ended_on.is_(None),
                ImplementationPlan.next_follow_up_on < today,
                ~newer_open,
                _current_row(
                    Execution,
                    ImplementationPlan.person_id,
                    ImplementationPlan.unit_id,
                    today,
                    # Written so no index takes it for a range: the probe is by person
                    # (ix_executions_person_reach), never a scan of the unit's early rows.
                    func.coalesce(Execution.start_date, today) <= today,
                ),
            )
        )
        or 0
    )


def _current_row(
    row: type[Execution],
    person_id: ColumnElement[int] | InstrumentedAttribute[int],
    unit_id: ColumnElement[int] | InstrumentedAttribute[int],
    today: date,
    *also: ColumnElement[bool],
) -> ColumnElement[bool]:
    """Whether the person has a row at the unit current today (and meeting `also`): the
    open-ended rows and those ending today or later as two seeks of
    ix_executions_person_reach, so the pair's ended rows are never read. SELECT 1, not *:
    the index alone answers."""

    def probe(ends: ColumnElement[bool]) -> Exists:
        return (
            select(literal(1))
            .where(
                row.person_id == person_id,
                row.unit_id == unit_id,
                ends,
                row.status != ExecutionStatus.REVOKED,
                *also,
            )
            .exists()
        )

    return or_(probe(row.end_date.is_(None)), probe(row.end_date >= today))


def _missing_past_deadline(session: Session, units: list[int], today: date) -> int:
    """Current care with no plan at the unit whose first current row began before the
    deadline: 14 days ago (2 when any current row there is short-term care).

    The candidates are the pairs the database keeps in care_without_plan (migration 0025)
    that are still current today: a few per unit, read from its index, instead of a probe
    of the plans for every current row. Each candidate is then checked against its own rows
    and plans, so the answer rests on the records, not on the derived table alone."""
    late = today - timedelta(days=establish_days(session))
    late_short = today - timedelta(days=establish_days_short_term(session))
    earlier, later = min(late, late_short), max(late, late_short)
    pair = CareWithoutPlan
    # Open-ended care, and care ending today or later: two ranges of the table's index.
    candidates = union_all(
        select(pair.person_id, pair.unit_id).where(in_ids(pair.unit_id, units), pair.open_rows > 0),
        select(pair.person_id, pair.unit_id).where(
            in_ids(pair.unit_id, units), pair.open_rows == 0, pair.last_end >= today
        ),
    ).subquery()

    no_plan = ~(
        select(literal(1))
        .where(
            ImplementationPlan.person_id == candidates.c.person_id,
            ImplementationPlan.unit_id == candidates.c.unit_id,
        )
        .exists()
    )
    current = and_(
        Execution.status != ExecutionStatus.REVOKED,
        or_(Execution.end_date.is_(None), Execution.end_date >= today),
    )
    # Each candidate's care began with its first current row. Where that was between the
    # two deadlines (so every current row there began after the earlier one), the later
    # deadline holds only for short-term care: the intervention type of those rows alone is
    # looked up (CASE evaluates it for them only). A join and a GROUP BY, not EXISTS probes
    # under an OR, which PostgreSQL answers by hashing every current row of the units.
    start = func.coalesce(Execution.start_date, today)
    short_term_row = (
        select(literal(1))
        .select_from(Intervention)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .where(
            Intervention.id == Execution.intervention_id,
            InterventionType.business_area == BusinessArea.SHORT_TERM,
        )
        .scalar_subquery()
    )
    care = (
        select(
            func.min(start).label("begun"),
            func.max(case((start >= earlier, short_term_row), else_=None)).label("short_term"),
        )
        .select_from(candidates)
        .join(
            Execution,
            and_(
                Execution.person_id == candidates.c.person_id,
                Execution.unit_id == candidates.c.unit_id,
            ),
        )
        .where(current, no_plan)
        .group_by(candidates.c.person_id, candidates.c.unit_id)
        .subquery()
    )
    overdue = or_(care.c.begun < earlier, and_(care.c.begun < later, care.c.short_term == 1))
    return session.scalar(select(func.count()).select_from(care).where(overdue)) or 0
