"""Demo persons and their relations, and the ORM rows built from the plans.

Persons, cases, decisions, interventions, assignments and execution rows are kept on the
builder; nothing reaches the database before `DemoBuilder.flush`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Case,
    Decision,
    Execution,
    Intervention,
    Person,
    Relation,
)
from treserva_desktop.demo import names
from treserva_desktop.demo.builder import DemoBuilder
from treserva_desktop.demo.organisation import BILLING_AREA_OF, BISTAND, HANDLAGGARE
from treserva_desktop.demo.plan import InterventionPlan, PersonPlan, plan_person, years_before
from treserva_desktop.demo.spread import place_persons
from treserva_desktop.domain.enums import (
    AssignmentKind,
    CaseKind,
    ExecutionStatus,
    IdentityKind,
    RelationKind,
)
from treserva_desktop.domain.identity import luhn_check_digit, make_personal_number

LEGAL_BASIS = "4 kap. 1 § SoL"

_RELATION_KIND_WEIGHTS: tuple[tuple[RelationKind, int], ...] = (
    (RelationKind.NEXT_OF_KIN, 75),
    (RelationKind.GUARDIAN, 10),
    (RelationKind.ADMINISTRATOR, 2),
    (RelationKind.REFERENCE_PERSON, 8),
    (RelationKind.CONTACT_PERSON, 5),
)


def make_coordination_number(born: date, serial3: int) -> str:
    """A valid 12-digit samordningsnummer (birth day + 60) for demo data."""
    day = born.day + 60
    nine = f"{born:%y%m}{day:02d}{serial3:03d}"
    return f"{born:%Y%m}{day:02d}{serial3:03d}{luhn_check_digit(nine)}"


def add_persons(b: DemoBuilder) -> list[PersonPlan]:
    """Every demo person with relations, and the plan for each, in person order."""
    plans: list[PersonPlan] = []
    for placement in place_persons(b):
        # Drawn person by person: the person first, then their plan.
        person = _make_person(b, placement.receiver)
        plans.append(plan_person(b, person, placement))
    return plans


def _phone(b: DemoBuilder) -> str:
    if b.rng.random() < 0.5:
        low, high = names.MOBILE_RANGE
        return f"{names.MOBILE_PREFIX} {b.rng.randint(low, high):02d}"
    return f"{b.rng.choice(names.LANDLINE_PREFIXES)} {b.rng.randint(0, 99):02d}"


def _street(b: DemoBuilder) -> str:
    number = str(b.rng.randint(1, 64))
    if b.rng.random() < 0.1:
        number += b.rng.choice("AB")
    return f"{b.rng.choice(names.STREETS)} {number}"


def _make_person(b: DemoBuilder, receiver: str) -> Person:
    rng = b.rng
    woman = rng.random() < 0.62
    first = rng.choice(names.WOMEN_FIRST_NAMES if woman else names.MEN_FIRST_NAMES)
    last = rng.choice(names.LAST_NAMES)
    age = min(102, int(rng.triangular(65, 103, 86)))
    latest = years_before(b.today, age)
    earliest = years_before(b.today, age + 1) + timedelta(days=1)
    born = date.fromordinal(rng.randint(earliest.toordinal(), latest.toordinal()))
    coordination = rng.random() < 0.03
    while True:
        gender_digit = rng.choice((0, 2, 4, 6, 8) if woman else (1, 3, 5, 7, 9))
        # Birth number 000 is never issued: the otherwise unused 990 takes its place.
        serial = rng.randint(0, 99) * 10 + gender_digit or 990
        number = (
            make_coordination_number(born, serial)
            if coordination
            else make_personal_number(born, serial)
        )
        if number not in b.used_numbers:
            b.used_numbers.add(number)
            break
    billing = None if rng.random() < 0.15 else BILLING_AREA_OF[receiver]
    person = Person(
        id=b.next_id(Person),
        identity_number=number,
        identity_kind=IdentityKind.COORDINATION if coordination else IdentityKind.PERSONAL,
        first_name=first,
        last_name=last,
        protected_identity=rng.random() < 0.02,
        street=_street(b),
        postal_code=(f"{rng.choice(names.TOWN_POSTAL_PREFIXES)} {rng.randint(20, 79):02d}"),
        city=names.TOWN,
        phone=_phone(b) if rng.random() < 0.92 else "",
        billing_area_code=billing,
        is_test_data=True,
    )
    b.keep(person)
    _add_relations(b, person)
    return person


def _add_relations(b: DemoBuilder, person: Person) -> None:
    rng = b.rng
    count = rng.choices((0, 1, 2), weights=(25, 45, 30))[0]
    has_invoice_recipient = False
    kinds = [kind for kind, _ in _RELATION_KIND_WEIGHTS]
    weights = [weight for _, weight in _RELATION_KIND_WEIGHTS]
    for _ in range(count):
        kind = rng.choices(kinds, weights=weights)[0]
        woman = rng.random() < 0.5
        first = rng.choice(
            names.RELATION_WOMEN_FIRST_NAMES if woman else names.RELATION_MEN_FIRST_NAMES
        )
        same_family = kind is RelationKind.NEXT_OF_KIN and rng.random() < 0.6
        last = person.last_name if same_family else rng.choice(names.LAST_NAMES)
        legal = kind in (RelationKind.GUARDIAN, RelationKind.ADMINISTRATOR)
        invoice = not has_invoice_recipient and rng.random() < (0.7 if legal else 0.15)
        with_address = invoice or legal or rng.random() < 0.85
        street = postal_code = city = ""
        if with_address:
            city, prefix = rng.choice(names.RELATION_PLACES)
            street = _street(b)
            postal_code = f"{prefix} {rng.randint(10, 89):02d}"
        has_invoice_recipient = has_invoice_recipient or invoice
        b.keep(
            Relation(
                id=b.next_id(Relation),
                person_id=person.id,
                kind=kind,
                name=f"{first} {last}",
                phone=_phone(b),
                street=street,
                postal_code=postal_code,
                city=city,
                is_invoice_recipient=invoice,
                active=True,
            )
        )


def write_persons(b: DemoBuilder, plans: list[PersonPlan]) -> None:
    """Case, decision, assignment, interventions and rows for every plan."""
    assessor_id = b.users[HANDLAGGARE].id
    authority_unit_id = b.units[BISTAND].id
    for plan in plans:
        case = Case(
            id=b.next_id(Case),
            person_id=plan.person.id,
            kind=CaseKind.SOL_DECISION,
            opened_on=plan.case_opened,
            closed_on=plan.case_closed,
            close_reason=plan.close_reason,
            responsible_user_id=assessor_id,
            authority_unit_id=authority_unit_id,
        )
        decision = Decision(
            id=b.next_id(Decision),
            case_id=case.id,
            decided_on=plan.decided_on,
            period_start=plan.period_start,
            period_end=plan.period_end,
            legal_basis=LEGAL_BASIS,
            decided_by_user_id=assessor_id,
        )
        assignment = Assignment(
            id=b.next_id(Assignment),
            person_id=plan.person.id,
            decision_id=decision.id,
            receiver_unit_id=b.units[plan.receiver].id,
            sender_user_id=assessor_id,
            kind=AssignmentKind.NEW,
            status=plan.status,
            sent_at=plan.sent_at,
            goals=plan.goals,
            first_read_at=plan.first_read_at,
            first_read_by_user_id=b.user_id(plan.first_read_by),
            accepted_at=plan.accepted_at,
            accepted_by_user_id=b.user_id(plan.accepted_by),
        )
        plan.assignment_id = assignment.id
        for row in (case, decision, assignment):
            b.keep(row)
        for spec in plan.interventions:
            intervention = Intervention(
                id=b.next_id(Intervention),
                decision_id=decision.id,
                type_code=spec.type_code,
                granted_minutes=spec.granted_minutes,
                granted_per=spec.granted_per,
                description=spec.description,
            )
            b.keep(intervention)
            b.keep(
                AssignmentItem(
                    id=b.next_id(AssignmentItem),
                    assignment_id=assignment.id,
                    intervention_id=intervention.id,
                )
            )
            _write_executions(b, plan, spec, intervention.id)


def _write_executions(
    b: DemoBuilder, plan: PersonPlan, spec: InterventionPlan, intervention_id: int
) -> None:
    previous_id: int | None = None
    for row in spec.rows:
        acknowledged_at = plan.acknowledged_at
        created_at = plan.accepted_at or plan.sent_at
        if row.replaces_previous:
            # Registered on the day of the change, acknowledged a little later.
            created_at = datetime.combine(row.start - timedelta(days=1), time(13), UTC)
            if acknowledged_at is not None:
                acknowledged_at = created_at + timedelta(hours=3)
        acknowledged = acknowledged_at is not None and row.status in (
            ExecutionStatus.ACKNOWLEDGED,
            ExecutionStatus.REVOKED,
        )
        execution = Execution(
            id=b.next_id(Execution),
            assignment_id=plan.assignment_id,
            intervention_id=intervention_id,
            person_id=plan.person.id,
            unit_id=b.units[plan.performer].id,
            start_date=row.start,
            end_date=row.end,
            minutes=row.minutes,
            per=spec.granted_per if row.minutes is not None else None,
            status=row.status,
            end_reason=row.end_reason,
            replaces_execution_id=previous_id if row.replaces_previous else None,
            created_at=min(created_at, b.now),
            created_by_user_id=b.user_id(plan.accepted_by),
            acknowledged_at=acknowledged_at if acknowledged else None,
            acknowledged_by_user_id=(b.user_id(plan.acknowledged_by) if acknowledged else None),
        )
        b.keep(execution)
        previous_id = execution.id
