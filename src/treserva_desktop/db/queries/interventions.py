"""Insats GF: a person's interventions with every execution row, and the row columns and
view the person overview and the distribution dialog share."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.audit import acting_unit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Execution, Intervention, InterventionType, OrgUnit
from treserva_desktop.db.queries._access import require_person_access
from treserva_desktop.db.queries.person_record import person_unit_ids
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.rules import Actor, execution_phase
from treserva_desktop.domain.views import ExecutionRowView, InterventionGroupView


def person_interventions(
    session: Session,
    actor: Actor,
    person_id: int,
    *,
    unit_id: int | None = None,
    today: date | None = None,
) -> list[InterventionGroupView]:
    """Insats GF: the person's interventions with every execution row (history included)."""
    today = today or clock_of(session).today()
    require_person_access(session, actor, person_id)
    audited_unit = (
        unit_id if unit_id is not None else acting_unit(actor, person_unit_ids(session, person_id))
    )
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "person",
        person_id,
        person_id=person_id,
        unit_id=audited_unit,
        details={"view": "interventions"},
    )
    query = (
        execution_rows()
        .where(Execution.person_id == person_id)
        .order_by(InterventionType.name, Execution.start_date, Execution.id)
    )
    if unit_id is not None:
        query = query.where(Execution.unit_id == unit_id)
    groups: dict[int, list[ExecutionRowView]] = defaultdict(list)
    names: dict[int, str] = {}
    for row in session.execute(query).all():
        names[row.intervention_id] = row.type_name
        groups[row.intervention_id].append(execution_view(row, row.type_name, row.unit_name, today))
    return [
        InterventionGroupView(intervention_id, names[intervention_id], tuple(rows))
        for intervention_id, rows in groups.items()
    ]


def execution_rows() -> Select[*tuple[Any, ...]]:
    """A person's execution rows as the columns execution_view reads, with the intervention
    type's and the unit's names joined in: one query whatever the number of rows."""
    return (
        select(
            Execution.id,
            Execution.intervention_id,
            Execution.unit_id,
            Execution.start_date,
            Execution.end_date,
            Execution.minutes,
            Execution.per,
            Execution.status,
            InterventionType.name.label("type_name"),
            OrgUnit.name.label("unit_name"),
        )
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .join(OrgUnit, OrgUnit.id == Execution.unit_id)
    )


def execution_view(execution: Any, type_name: str, unit_name: str, today: date) -> ExecutionRowView:
    """From an Execution, or a row that selected its columns under their own names."""
    return ExecutionRowView(
        id=execution.id,
        intervention_id=execution.intervention_id,
        intervention_name=type_name,
        unit_id=execution.unit_id,
        unit_name=unit_name,
        start_date=execution.start_date,
        end_date=execution.end_date,
        minutes=execution.minutes,
        per=execution.per,
        status=execution.status,
        phase=execution_phase(execution.start_date, execution.end_date, today),
    )
