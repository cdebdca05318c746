"""The demo's current care per person and unit, read back from the rows written (the plans
are drawn from it), in pages by person so memory stays bounded at any scale."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import case, func, insert, or_, select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import Base, Execution, Intervention, InterventionType
from treserva_desktop.demo.builder import WRITE_ORDER
from treserva_desktop.demo.implementation_plans import Care, cycle_states, draw_plan, plan_rows
from treserva_desktop.domain.enums import BusinessArea, ExecutionStatus
from treserva_desktop.domain.plan_rules import (
    DEFAULT_ESTABLISH_DAYS,
    DEFAULT_ESTABLISH_DAYS_SHORT_TERM,
)

PAGE = 5_000


def current_care(session: Session, today: date, page: int = PAGE) -> Iterator[Care]:
    """Per person and unit with a row (not revoked) running today or planned: the first
    start there and whether any row is short-term care; by person id."""
    after = 0
    last = session.scalar(select(func.max(Execution.person_id))) or 0
    while after < last:
        rows = session.execute(
            select(
                Execution.person_id,
                Execution.unit_id,
                func.min(Execution.start_date),
                func.max(
                    case((InterventionType.business_area == BusinessArea.SHORT_TERM, 1), else_=0)
                ),
            )
            .join(Intervention, Intervention.id == Execution.intervention_id)
            .join(InterventionType, InterventionType.code == Intervention.type_code)
            .where(
                Execution.person_id > after,
                Execution.person_id <= after + page,
                Execution.status != ExecutionStatus.REVOKED,
                or_(Execution.end_date.is_(None), Execution.end_date >= today),
            )
            .group_by(Execution.person_id, Execution.unit_id)
            .order_by(Execution.person_id, Execution.unit_id)
        ).all()
        for person_id, unit_id, first_start, short_term in rows:
            yield Care(person_id, unit_id, first_start, bool(short_term))
        after += page


def write_small_demo_plans(
    session: Session,
    today: date,
    seed: int,
    signer_id: int,
    next_id: Callable[[type[Base]], int],
) -> int:
    """The small demo's plans: every state in turn over the current care (so the dashboard
    and the compilation show each), from a random source of their own so the rest of the
    demo draws as before. Returns how many plans were written."""
    rng = random.Random(seed * 7_919 + 17)
    states = cycle_states()
    moment = datetime.combine(today, time(8, 0), UTC)
    by_model: dict[type[Base], list[dict[str, object]]] = defaultdict(list)
    written = 0
    for care in list(current_care(session, today)):
        # Care that began within its deadline has no plan yet (Saknas); the rest take the
        # states in turn.
        due = DEFAULT_ESTABLISH_DAYS_SHORT_TERM if care.short_term else DEFAULT_ESTABLISH_DAYS
        if care.first_start + timedelta(days=due) >= today:
            continue
        plan = draw_plan(rng, today, care.first_start, care.short_term, next(states))
        if plan is None:
            continue
        for model, row in plan_rows(plan, care, signer_id, next_id, moment):
            by_model[model].append(row)
        written += 1
    for model in WRITE_ORDER:
        if by_model.get(model):
            session.execute(insert(Base.metadata.tables[model.__tablename__]), by_model[model])
    return written
