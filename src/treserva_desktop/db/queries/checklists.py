"""Checklistor (W19): the facts behind a person's two checklists, in a fixed number of
queries whatever the number of rows, assignments or messages; the read is audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from treserva_desktop.db import audit
from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    Assignment,
    BillingArea,
    Case,
    Decision,
    Execution,
    HousingContract,
    HousingObject,
    Journal,
    Message,
    MessageRecipient,
    OrgUnit,
    Person,
    Relation,
    User,
)
from treserva_desktop.db.queries.ending import provider_units
from treserva_desktop.db.queries.plans import plan_status
from treserva_desktop.db.queries.reach import require_person_access
from treserva_desktop.domain import rules
from treserva_desktop.domain.checklist_rules import (
    AssignmentFacts,
    ChecklistFacts,
    ContractFacts,
    InvoiceRecipientFacts,
    JournalFacts,
    PlanFacts,
    RowFacts,
    checklist,
)
from treserva_desktop.domain.enums import (
    AssignmentStatus,
    AuditAction,
    CaseKind,
    JournalKind,
    Permission,
)
from treserva_desktop.domain.errors import PermissionDenied
from treserva_desktop.domain.identity import from_stored
from treserva_desktop.domain.plan_rules import PlanState
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.checklists import (
    ChecklistKind,
    HandlaggareView,
    PersonChecklistsView,
)


def _local_day(value: datetime | None) -> date | None:
    """Stored times are UTC (SQLite returns them without a zone); the day is the local one."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone().date()


def _assignments(session: Session, person_id: int) -> list[Any]:
    reader = aliased(User)
    return list(
        session.execute(
            select(
                Assignment.id,
                Assignment.status,
                Assignment.receiver_unit_id,
                Assignment.sent_at,
                Assignment.first_read_at,
                Assignment.awaiting_distribution,
                Assignment.sender_user_id,
                Case.responsible_user_id,
                reader.display_name.label("reader_name"),
            )
            .join(Decision, Decision.id == Assignment.decision_id)
            .join(Case, Case.id == Decision.case_id)
            .outerjoin(reader, reader.id == Assignment.first_read_by_user_id)
            .where(Assignment.person_id == person_id)
        ).all()
    )


def _rows(session: Session, person_id: int) -> list[RowFacts]:
    acknowledger = aliased(User)
    result = session.execute(
        select(
            Execution.assignment_id,
            Execution.unit_id,
            OrgUnit.name,
            Execution.status,
            Execution.start_date,
            Execution.end_date,
            Execution.acknowledged_at,
            acknowledger.display_name,
            Execution.ended_at,
        )
        .join(OrgUnit, OrgUnit.id == Execution.unit_id)
        .outerjoin(acknowledger, acknowledger.id == Execution.acknowledged_by_user_id)
        .where(Execution.person_id == person_id)
    ).all()
    return [
        RowFacts(
            assignment_id=row[0],
            unit_id=row[1],
            unit_name=row[2],
            status=row[3],
            start_date=row[4],
            end_date=row[5],
            acknowledged_on=_local_day(row[6]),
            acknowledged_by=row[7] or "",
            ended_on=_local_day(row[8]),
        )
        for row in result
    ]


def _chosen_assignment(
    assignments: Iterable[Any], rows: list[RowFacts], unit_id: int | None
) -> Any | None:
    """The newest assignment (not stopped) the receiving list is about: one received by the
    unit or distributed to it when a unit is given, else the newest at the actor's units."""
    live = [a for a in assignments if a.status is not AssignmentStatus.STOPPED]
    if unit_id is not None:
        at_unit = {row.assignment_id for row in rows if row.unit_id == unit_id}
        preferred = [a for a in live if a.receiver_unit_id == unit_id or a.id in at_unit]
        live = preferred or live
    return max(live, key=lambda a: (a.sent_at, a.id), default=None)


def _billing_area(session: Session, person_id: int) -> str | None:
    row = session.execute(
        select(BillingArea.code, BillingArea.name)
        .join(Person, Person.billing_area_code == BillingArea.code)
        .where(Person.id == person_id)
    ).first()
    return f"{row.code} {row.name}" if row is not None else None


def _invoice_recipient(session: Session, person_id: int) -> InvoiceRecipientFacts | None:
    row = session.execute(
        select(Relation.name, Relation.street, Relation.postal_code, Relation.city).where(
            Relation.person_id == person_id,
            Relation.is_invoice_recipient.is_(True),
            Relation.active.is_(True),
        )
    ).first()
    if row is None:
        return None
    complete = all(part.strip() for part in (row.street, row.postal_code, row.city))
    return InvoiceRecipientFacts(row.name, complete)


def _open_service_cases(session: Session, person_id: int) -> tuple[date, ...]:
    return tuple(
        session.scalars(
            select(Case.opened_on)
            .where(
                Case.person_id == person_id,
                Case.kind == CaseKind.SERVICE,
                Case.closed_on.is_(None),
            )
            .order_by(Case.opened_on)
        ).all()
    )


def _handlaggare(session: Session, user_ids: set[int]) -> tuple[HandlaggareView, ...]:
    if not user_ids:
        return ()
    rows = session.execute(
        select(User.id, User.display_name).where(User.id.in_(user_ids)).order_by(User.id)
    ).all()
    return tuple(HandlaggareView(row.id, row.display_name) for row in rows)


def _last_message_on(session: Session, person_id: int, user_ids: set[int]) -> date | None:
    if not user_ids:
        return None
    sent = session.scalar(
        select(func.max(Message.sent_at))
        .join(MessageRecipient, MessageRecipient.message_id == Message.id)
        .where(Message.person_id == person_id, MessageRecipient.user_id.in_(user_ids))
    )
    return _local_day(sent)


def _plan(session: Session, actor: Actor, person_id: int, unit_id: int | None) -> PlanFacts | None:
    """The person's genomförandeplan at the unit; None under Mina personer (no unit) or when
    the person is not engaged at that very unit, so the plan items are left out."""
    if unit_id is None:
        return None
    try:
        status = plan_status(session, actor, person_id, unit_id)
    except PermissionDenied:
        return None
    return PlanFacts(
        established_on=status.established_on,
        open=status.state in (PlanState.ESTABLISHED, PlanState.FOLLOW_UP_OVERDUE),
    )


def _journals(session: Session, person_id: int, unit_ids: set[int]) -> tuple[JournalFacts, ...]:
    """The person's genomförandejournaler at the units (ix_journals_person_unit)."""
    rows = session.execute(
        select(Journal.unit_id, Journal.created_at, Journal.closed_at).where(
            Journal.person_id == person_id, Journal.kind == JournalKind.SOCIAL
        )
    ).all()
    return tuple(
        JournalFacts(created_on=_local_day(row.created_at) or date.min, closed=bool(row.closed_at))
        for row in rows
        if row.unit_id in unit_ids
    )


def _contracts(session: Session, person_id: int, unit_ids: set[int]) -> tuple[ContractFacts, ...]:
    """The person's housing contracts on objects of the units (ix_housing_contracts_person)."""
    rows = session.execute(
        select(HousingObject.unit_id, HousingContract.start_date, HousingContract.move_out_on)
        .join(HousingObject, HousingObject.id == HousingContract.object_id)
        .where(HousingContract.person_id == person_id)
    ).all()
    return tuple(
        ContractFacts(start_date=row.start_date, move_out_on=row.move_out_on)
        for row in rows
        if row.unit_id in unit_ids
    )


def person_checklists(
    session: Session, actor: Actor, person_id: int, unit_id: int | None = None
) -> PersonChecklistsView:
    """The receiving and ending checklists for a person at `unit_id` (None: at every unit of
    the actor's), computed from the data. Provider roles only; the person must be in reach
    and the unit in the actor's scope."""
    rules.require(actor, Permission.VIEW_PERSONS, unit_id)
    person = require_person_access(session, actor, person_id)
    scope = actor.units_with(Permission.VIEW_PERSONS)
    # The person's assignments and rows are few; the actor's units (hundreds for a manager of
    # an area) are tested here rather than sent to the database as a list.
    assignments = [a for a in _assignments(session, person_id) if a.receiver_unit_id in scope]
    all_rows = [row for row in _rows(session, person_id) if row.unit_id in scope]
    unit_rows = [row for row in all_rows if unit_id is None or row.unit_id == unit_id]
    chosen = _chosen_assignment(assignments, all_rows, unit_id)
    handlaggare_ids: set[int] = set()
    assignment_facts = None
    if chosen is not None:
        responsible = chosen.responsible_user_id or chosen.sender_user_id
        if responsible is not None:
            handlaggare_ids.add(responsible)
        assignment_facts = AssignmentFacts(
            id=chosen.id,
            status=chosen.status,
            awaiting_distribution=chosen.awaiting_distribution,
            read_on=_local_day(chosen.first_read_at),
            read_by=chosen.reader_name or "",
        )
    handlaggare = _handlaggare(session, handlaggare_ids)
    # Journals and contracts are kept at the provider unit or one of its sub-units.
    provider = set(provider_units(session, unit_id)[1]) if unit_id is not None else set(scope)
    facts = ChecklistFacts(
        today=clock_of(session).today(),
        assignment=assignment_facts,
        assignment_rows=tuple(
            row for row in all_rows if chosen is not None and row.assignment_id == chosen.id
        ),
        rows=tuple(unit_rows),
        billing_area=_billing_area(session, person_id),
        invoice_recipient=_invoice_recipient(session, person_id),
        open_service_cases_since=_open_service_cases(session, person_id),
        handlaggare_names=tuple(h.name for h in handlaggare),
        last_message_to_handlaggare_on=_last_message_on(session, person_id, handlaggare_ids),
        plan=_plan(session, actor, person_id, unit_id),
        journals=_journals(session, person_id, provider),
        contracts=_contracts(session, person_id, provider),
    )
    person_units = {a.receiver_unit_id for a in assignments} | {row.unit_id for row in all_rows}
    audit.record(
        session,
        actor,
        AuditAction.READ_PERSON,
        "person",
        person_id,
        person_id=person_id,
        unit_id=unit_id if unit_id is not None else audit.acting_unit(actor, person_units),
        details={"view": "checklists"},
    )
    return PersonChecklistsView(
        person_id=person_id,
        unit_id=unit_id,
        person_name=f"{person.last_name}, {person.first_name}",
        identity_display=from_stored(person.identity_number, person.identity_kind).display(),
        assignment_id=chosen.id if chosen is not None else None,
        handlaggare=handlaggare,
        receiving=checklist(ChecklistKind.RECEIVING, facts),
        ending=checklist(ChecklistKind.ENDING, facts),
    )
