"""What is still live for a person at a provider unit, pointed out before a row is ended."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.id_lists import in_ids
from treserva_desktop.db.models import (
    Execution,
    HousingContract,
    HousingObject,
    ImplementationPlan,
    Intervention,
    InterventionType,
    OrgUnit,
)
from treserva_desktop.db.queries.organisation import all_units, unit_and_ancestors
from treserva_desktop.domain.enums import AuditAction, ExecutionStatus, OrgUnitKind, Permission
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views import period_text


def provider_units(session: Session, unit_id: int) -> tuple[int, list[int]]:
    """The provider unit a row belongs to (its own unit, or the unit above a sub-unit), and
    that unit with its sub-units: where "nothing left at the provider" is asked."""
    # Plain rows, not ORM objects: Rätta/Avsluta asks on every OK.
    units = all_units(session)
    chain = unit_and_ancestors(units, unit_id)
    provider = next((unit.id for unit in chain if unit.kind is OrgUnitKind.UNIT), unit_id)
    return provider, [provider] + [unit.id for unit in units.values() if unit.parent_id == provider]


def live_commitments(
    session: Session,
    actor: Actor,
    person_id: int,
    unit_id: int,
    *,
    except_execution_id: int | None = None,
) -> list[str]:
    """Sentences for the warning before Rätta/Avsluta: the person's other planned or ongoing
    rows at the provider unit (and its sub-units), rows still under distribution and rows
    not yet acknowledged in Genomförande, and open genomförandeplaner there (the manual ends
    the plan with a stop date first), and live housing contracts on the provider's objects
    (the manual ends the intervention and the contract together)."""
    require(actor, Permission.END_EXECUTION, unit_id)
    today = clock_of(session).today()
    _provider, unit_ids = provider_units(session, unit_id)
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "person",
        person_id,
        person_id=person_id,
        unit_id=unit_id,
        details={"view": "live_commitments"},
    )
    query = (
        select(
            Execution.id,
            Execution.start_date,
            Execution.end_date,
            Execution.status,
            InterventionType.name,
            OrgUnit.name.label("unit_name"),
        )
        .join(Intervention, Intervention.id == Execution.intervention_id)
        .join(InterventionType, InterventionType.code == Intervention.type_code)
        .join(OrgUnit, OrgUnit.id == Execution.unit_id)
        .where(
            Execution.person_id == person_id,
            in_ids(Execution.unit_id, unit_ids),
            Execution.status != ExecutionStatus.REVOKED,
            or_(Execution.end_date.is_(None), Execution.end_date >= today),
        )
        .order_by(InterventionType.name, Execution.start_date, Execution.id)
    )
    sentences: list[str] = []
    for row in session.execute(query).all():
        period = period_text(row.start_date, row.end_date)
        state = "är planerad" if row.start_date > today else "pågår"
        if row.id == except_execution_id:
            if row.status is ExecutionStatus.SENT_TO_EXECUTION:
                sentences.append(
                    f"{row.name} har ännu inte kvitterats i Genomförande av {row.unit_name}."
                )
            continue
        if row.status is ExecutionStatus.UNDER_DISTRIBUTION:
            sentences.append(
                f"{row.name} ({period}) är under fördelning och har inte registrerats."
            )
        elif row.status is ExecutionStatus.SENT_TO_EXECUTION:
            sentences.append(
                f"{row.name} ({period}) {state} hos {row.unit_name} och har ännu inte "
                "kvitterats i Genomförande."
            )
        else:
            sentences.append(f"{row.name} ({period}) {state} hos {row.unit_name}.")
    sentences.extend(_open_plans(session, person_id, unit_ids))
    sentences.extend(_live_contracts(session, person_id, unit_ids))
    return sentences


def _live_contracts(session: Session, person_id: int, unit_ids: list[int]) -> list[str]:
    """The person's boendekontrakt and korttidsplatser at the provider with no utflyttning
    before today: ending the housing intervention ends them too (Boende › Avsluta)."""
    today = clock_of(session).today()
    query = (
        select(HousingContract.start_date, HousingObject.label, OrgUnit.name)
        .join(HousingObject, HousingObject.id == HousingContract.object_id)
        .join(OrgUnit, OrgUnit.id == HousingObject.unit_id)
        .where(
            HousingContract.person_id == person_id,
            in_ids(HousingObject.unit_id, unit_ids),
            or_(HousingContract.move_out_on.is_(None), HousingContract.move_out_on >= today),
        )
        .order_by(HousingContract.start_date)
    )
    return [
        f"Kontraktet på {label} hos {unit_name} (från {start:%Y-%m-%d}) är inte avslutat: "
        "avsluta det med uppsägnings- och utflyttningsdatum under Boende."
        for start, label, unit_name in session.execute(query).all()
    ]


def _open_plans(session: Session, person_id: int, unit_ids: list[int]) -> list[str]:
    """The person's genomförandeplaner at the provider that have no stop date yet."""
    query = (
        select(ImplementationPlan.established_on, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == ImplementationPlan.unit_id)
        .where(
            ImplementationPlan.person_id == person_id,
            in_ids(ImplementationPlan.unit_id, unit_ids),
            ImplementationPlan.ended_on.is_(None),
        )
        .order_by(ImplementationPlan.established_on)
    )
    return [
        f"Genomförandeplanen från {established_on:%Y-%m-%d} hos {unit_name} är inte avslutad: "
        "sätt ett stoppdatum med Avsluta genomförandeplan… under Dokument GF."
        for established_on, unit_name in session.execute(query).all()
    ]
