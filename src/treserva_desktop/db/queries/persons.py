"""The person overview shown top right when a person is selected. Reads are audited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from treserva_desktop.db import audit
from treserva_desktop.db.audit import acting_unit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    BillingArea,
    Execution,
    Relation,
)
from treserva_desktop.db.queries._access import require_person_access
from treserva_desktop.db.queries.interventions import execution_rows, execution_view
from treserva_desktop.db.queries.person_record import person_unit_ids
from treserva_desktop.domain.enums import AuditAction, ExecutionStatus, Permission
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.person_rules import phone_display
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views import PROTECTED_TEXT, PersonOverview, RelationView
from treserva_desktop.domain.views.persons import address_text


def person_overview(
    session: Session, actor: Actor, person_id: int, *, today: date | None = None
) -> PersonOverview:
    today = today or clock_of(session).today()
    person = require_person_access(session, actor, person_id)
    relations = session.execute(
        select(
            Relation.id,
            Relation.kind,
            Relation.name,
            Relation.phone,
            Relation.street,
            Relation.postal_code,
            Relation.city,
            Relation.is_invoice_recipient,
        )
        .where(Relation.person_id == person_id, Relation.active.is_(True))
        .order_by(Relation.kind, Relation.name, Relation.id)
    ).all()
    units = actor.units_with(Permission.VIEW_PERSONS)
    # Columns with the type and unit names joined in: one query whatever the number of rows.
    ongoing_query = (
        execution_rows()
        .where(
            Execution.person_id == person_id,
            Execution.status != ExecutionStatus.REVOKED,
            Execution.start_date <= today,
            or_(Execution.end_date.is_(None), Execution.end_date >= today),
        )
        .order_by(Execution.start_date, Execution.id)
    )
    # The person's few rows come from the person_id index; the actor's units are tested here,
    # not in SQL, where the unit list would lead the planner to read those units' rows.
    every_unit = actor.can(Permission.SEND_ASSIGNMENTS)
    ongoing = tuple(
        execution_view(row, row.type_name, row.unit_name, today)
        for row in session.execute(ongoing_query).all()
        if every_unit or row.unit_id in units
    )
    billing = (
        session.get(BillingArea, person.billing_area_code) if person.billing_area_code else None
    )
    protected = person.protected_identity
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "person",
        person.id,
        person_id=person.id,
        unit_id=acting_unit(actor, person_unit_ids(session, person.id)),
        details={"view": "overview"},
    )
    return PersonOverview(
        id=person.id,
        name=person.full_name,
        identity_display=from_stored(person.identity_number, person.identity_kind).display(),
        identity_kind=person.identity_kind,
        protected_identity=protected,
        is_test_data=person.is_test_data,
        address=PROTECTED_TEXT
        if protected
        else address_text(person.street, person.postal_code, person.city),
        phone=PROTECTED_TEXT if protected else phone_display(person.phone),
        billing_area=f"{billing.code} – {billing.name}" if billing else "",
        relations=tuple(
            RelationView(
                id=relation.id,
                kind=relation.kind,
                name=relation.name,
                phone=PROTECTED_TEXT if protected else phone_display(relation.phone),
                address=PROTECTED_TEXT
                if protected
                else address_text(relation.street, relation.postal_code, relation.city),
                is_invoice_recipient=relation.is_invoice_recipient,
            )
            for relation in relations
        ),
        ongoing=ongoing,
    )
