"""Read side of boservice cases: the choices of a new case, a person's cases, Sammanställ."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import (
    Assignment,
    Case,
    CaseCloseReason,
    Decision,
    Execution,
    Intervention,
    InterventionType,
    OrgUnit,
)
from treserva_desktop.db.queries.distribution import unit_choices
from treserva_desktop.db.queries.organisation import all_units
from treserva_desktop.db.queries.reach import require_person_access
from treserva_desktop.domain import service_case_rules
from treserva_desktop.domain.enums import BusinessArea, CaseKind, ExecutionStatus, Permission
from treserva_desktop.domain.errors import NotFound
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views import format_minutes
from treserva_desktop.domain.views.distribution import UnitChoice
from treserva_desktop.domain.views.service_case import (
    CloseReason,
    ServiceCaseSummary,
    ServiceCaseView,
    ServiceRow,
    ServiceType,
    SummaryRow,
)

NO_SUCH_CASE = "Boserviceärendet finns inte."


def service_types(session: Session, actor: Actor) -> list[ServiceType]:
    """The boservice interventions of the code list, by name."""
    require(actor, Permission.DISTRIBUTE_ASSIGNMENT)
    rows = session.execute(
        select(InterventionType.code, InterventionType.name)
        .where(InterventionType.is_service_case.is_(True))
        .order_by(InterventionType.name)
    ).all()
    return [ServiceType(code, name) for code, name in rows]


def close_reasons(session: Session, actor: Actor) -> list[CloseReason]:
    """The active avslutsorsaker in the order the code list gives."""
    require(actor, Permission.END_EXECUTION)
    rows = session.execute(
        select(CaseCloseReason.code, CaseCloseReason.name)
        .where(CaseCloseReason.active.is_(True))
        .order_by(CaseCloseReason.sort_order, CaseCloseReason.name)
    ).all()
    return [CloseReason(code, name) for code, name in rows]


def service_units(
    session: Session, actor: Actor, *, near_unit_id: int | None = None
) -> tuple[UnitChoice, ...]:
    """The home-care performing units the actor may open a boservice case at (the same rule
    as Acceptera och fördela), those at or under `near_unit_id` first."""
    require(actor, Permission.DISTRIBUTE_ASSIGNMENT)
    choices = unit_choices(all_units(session), actor, BusinessArea.HOME_CARE, near_unit_id)
    return tuple(choice for choice in choices if choice.preferred)


def case_unit_ids(session: Session, case_id: int) -> list[int]:
    """The units a case's rows are performed at (a boservice case: the unit that opened it)."""
    rows = session.scalars(
        select(Execution.unit_id)
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(Decision, Decision.id == Intervention.decision_id)
        .where(Decision.case_id == case_id)
        .distinct()
    ).all()
    if rows:
        return sorted(rows)
    return sorted(
        session.scalars(
            select(Assignment.receiver_unit_id)
            .join(Decision, Decision.id == Assignment.decision_id)
            .where(Decision.case_id == case_id)
            .distinct()
        ).all()
    )


def load_service_case(session: Session, actor: Actor, case_id: int, permission: Permission) -> Case:
    """The boservice case, once the actor holds `permission` at every unit of its rows."""
    require(actor, permission)
    case = session.get(Case, case_id)
    if case is None or case.kind is not CaseKind.SERVICE:
        raise NotFound(NO_SUCH_CASE)
    for unit_id in case_unit_ids(session, case.id):
        require(actor, permission, unit_id)
    return case


def latest_decision(session: Session, case_id: int) -> Decision:
    decision = session.scalars(
        select(Decision).where(Decision.case_id == case_id).order_by(Decision.id.desc()).limit(1)
    ).first()
    if decision is None:
        raise NotFound(NO_SUCH_CASE)
    return decision


def _rows(session: Session, case_ids: list[int]) -> dict[int, list[ServiceRow]]:
    found: dict[int, list[ServiceRow]] = {case_id: [] for case_id in case_ids}
    rows = session.execute(
        select(Decision.case_id, Execution, InterventionType.name, OrgUnit.name)
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(Decision, Decision.id == Intervention.decision_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .join(OrgUnit, OrgUnit.id == Execution.unit_id)
        .where(Decision.case_id.in_(case_ids))
        .order_by(Execution.start_date, InterventionType.name, Execution.id)
    ).all()
    for case_id, row, type_name, unit_name in rows:
        found[case_id].append(
            ServiceRow(
                execution_id=row.id,
                type_name=type_name,
                unit_name=unit_name,
                start_date=row.start_date,
                end_date=row.end_date,
                time_text=format_minutes(row.minutes, row.per),
                status=row.status,
            )
        )
    return found


def person_service_cases(session: Session, actor: Actor, person_id: int) -> list[ServiceCaseView]:
    """Ärenden (boservice): the person's boservice cases at units the actor may end rows at,
    open ones first, newest first; the read is audited."""
    require(actor, Permission.END_EXECUTION)
    require_person_access(session, actor, person_id)
    units = actor.units_with(Permission.END_EXECUTION)
    cases = session.execute(
        select(Case, Decision)
        .join(Decision, Decision.case_id == Case.id)
        .where(
            Case.person_id == person_id,
            Case.kind == CaseKind.SERVICE,
            Case.id.in_(
                select(Decision.case_id)
                .join(Assignment, Assignment.decision_id == Decision.id)
                .where(
                    Assignment.person_id == person_id, in_ids(Assignment.receiver_unit_id, units)
                )
            ),
        )
        .order_by(Case.id, Decision.id)
    ).all()
    latest: dict[int, tuple[Case, Decision]] = {}
    for case, decision in cases:
        latest[case.id] = (case, decision)
    rows = _rows(session, list(latest))
    views = [
        ServiceCaseView(
            id=case.id,
            version=case.version,
            person_id=case.person_id,
            opened_on=case.opened_on,
            closed_on=case.closed_on,
            close_reason=case.close_reason,
            decision_id=decision.id,
            period_start=decision.period_start,
            period_end=decision.period_end,
            unit_name=", ".join(sorted({row.unit_name for row in rows[case.id]})),
            rows=tuple(rows[case.id]),
        )
        for case, decision in latest.values()
    ]
    views.sort(key=lambda view: (not view.is_open, -view.opened_on.toordinal(), -view.id))
    audit.record_reads(
        session,
        actor,
        [audit.PersonRead(person_id, details={"service_cases": [view.id for view in views]})],
        view="service_cases",
    )
    return views


def personal_care_rows(session: Session, person_id: int) -> list[tuple[date, date | None]]:
    """The person's live personal-care rows (start, end), at any unit."""
    return [
        (start, end)
        for start, end in session.execute(
            select(Execution.start_date, Execution.end_date)
            .join(Intervention, Intervention.id == Execution.intervention_id)
            .join(InterventionType, InterventionType.code == Intervention.type_code)
            .where(
                Execution.person_id == person_id,
                Execution.status != ExecutionStatus.REVOKED,
                InterventionType.is_personal_care.is_(True),
            )
        ).all()
    ]


def service_case_summary(
    session: Session, actor: Actor, case_id: int, closed_on: date
) -> ServiceCaseSummary:
    """Sammanställ: the case's rows and the end each gets when the case closes on `closed_on`,
    and whether personal care still goes on then; the read is audited."""
    case = load_service_case(session, actor, case_id, Permission.END_EXECUTION)
    decision = latest_decision(session, case.id)
    rows = _rows(session, [case.id])[case.id]
    summary = ServiceCaseSummary(
        case_id=case.id,
        version=case.version,
        closed_on=closed_on,
        period_start=decision.period_start,
        period_end=decision.period_end,
        rows=tuple(
            SummaryRow(
                type_name=row.type_name,
                unit_name=row.unit_name,
                start_date=row.start_date,
                end_date=row.end_date,
                new_end=service_case_rules.row_end_on_closing(row.end_date, closed_on),
            )
            for row in rows
            if row.status is not ExecutionStatus.REVOKED
        ),
        personal_care_ongoing=service_case_rules.personal_care_goes_on(
            personal_care_rows(session, case.person_id), closed_on
        ),
    )
    audit.record_reads(
        session,
        actor,
        [audit.PersonRead(case.person_id, details={"service_case": case.id})],
        view="service_case_summary",
    )
    return summary
