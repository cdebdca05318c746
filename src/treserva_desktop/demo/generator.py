"""The demo municipality: organisation, users, persons, decisions, assignments and rows.

`generate_demo` fills an already-migrated, empty database (the code lists come from the
migrations) through the ORM. It never commits: the caller owns the transaction. Everything is
drawn from one `random.Random(seed)` and dated relative to `today`, so the same seed and day give
the same municipality. Objects are added in a few batched flushes, so it scales to thousands of
persons. Only counts are logged, never personal data.

Each feature lives in its own module as functions of a `DemoBuilder`; `_build` calls them in a
fixed order, which is also the order of the random draws.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    AppSetting,
    Assignment,
    BillingArea,
    Case,
    Decision,
    Execution,
    Intervention,
    InterventionType,
    Message,
    MyPerson,
    OrgUnit,
    Person,
    Relation,
    User,
)
from treserva_desktop.demo.builder import DemoBuilder, advance_id_sequences
from treserva_desktop.demo.deviations import write_deviations
from treserva_desktop.demo.housing import write_housing
from treserva_desktop.demo.journals import lock_demo_notes, write_journals
from treserva_desktop.demo.manifest import record_generated
from treserva_desktop.demo.messages import write_messages, write_my_persons
from treserva_desktop.demo.organisation import (
    BILLING_AREA_OF,
    DEMO_PASSWORD,
    add_org_tree,
    add_users,
)
from treserva_desktop.demo.plan import OVERDUE_WORKING_DAYS, REQUIRED_TYPES, waited
from treserva_desktop.demo.plan_care import write_small_demo_plans
from treserva_desktop.demo.write import add_persons, write_persons
from treserva_desktop.domain.enums import AssignmentStatus
from treserva_desktop.domain.errors import DomainError

log = logging.getLogger(__name__)

DEMO_FLAG_KEY = "demo_data"
DEMO_SEED_KEY = "demo_seed"


class DemoError(DomainError):
    """Demo data cannot be generated into this database."""


class DemoAlreadyPresent(DemoError):
    """The database already holds persons or users (demo or real); nothing was written."""


class CodeListsMissing(DemoError):
    """The code lists from the migrations are missing: the database is not upgraded."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What was generated, as counts (safe to log and to show)."""

    seed: int
    today: date
    org_units: int
    users: int
    persons: int
    relations: int
    cases: int
    decisions: int
    interventions: int
    assignments: int
    received_assignments: int
    overdue_assignments: int
    executions: int
    messages: int
    my_persons: int

    def __str__(self) -> str:
        return (
            f"{self.persons} personer, {self.assignments} uppdrag "
            f"({self.received_assignments} nya, varav {self.overdue_assignments} försenade), "
            f"{self.executions} verkställigheter, {self.messages} meddelanden, "
            f"{self.users} användare (lösenord {DEMO_PASSWORD!r}); frö {self.seed}"
        )


def is_demo_database(session: Session) -> bool:
    """True when the database was filled by the demo generator."""
    value = session.scalar(select(AppSetting.value).where(AppSetting.key == DEMO_FLAG_KEY))
    return value == "1"


def has_any_data(session: Session) -> bool:
    """True when any person or user exists (a database one must not overwrite lightly)."""
    return bool(
        session.scalar(select(exists().where(Person.id.is_not(None))))
        or session.scalar(select(exists().where(User.id.is_not(None))))
    )


def _load_code_lists(b: DemoBuilder) -> None:
    b.types = {t.code: t for t in b.session.scalars(select(InterventionType))}
    b.billing_codes = set(b.session.scalars(select(BillingArea.code)))
    missing = REQUIRED_TYPES - b.types.keys()
    if missing or not set(BILLING_AREA_OF.values()) <= b.billing_codes:
        raise CodeListsMissing(
            "Kodlistorna för insatser och debiteringsområden saknas. "
            "Uppgradera databasen innan demodata skapas."
        )


def _add_settings(b: DemoBuilder) -> None:
    b.keep(AppSetting(key=DEMO_FLAG_KEY, value="1"))
    b.keep(AppSetting(key=DEMO_SEED_KEY, value=str(b.seed)))


def _build(b: DemoBuilder) -> DemoSummary:
    """Every feature in draw order, then one flush; a new feature adds its call here."""
    _load_code_lists(b)
    b.reserve_ids()
    _add_settings(b)
    add_org_tree(b)
    add_users(b)
    plans = add_persons(b)
    write_persons(b, plans)
    write_messages(b, plans)
    write_my_persons(b, plans)
    write_journals(b, plans)
    write_deviations(b, plans)
    b.flush()
    lock_demo_notes(b.session, datetime.combine(b.today, time(0, 0), UTC))
    # Contracts follow the housing rows just written, so they are drawn from the database.
    write_housing(b.session, b.today, b.seed)
    signer = b.users.get("samordnare") or next(iter(b.users.values()), None)
    if signer is not None:
        write_small_demo_plans(b.session, b.today, b.seed, signer.id, b.next_id)
        advance_id_sequences(b.session)
    received = [p for p in plans if p.status is AssignmentStatus.RECEIVED]
    overdue = [p for p in received if waited(p, b.today) >= OVERDUE_WORKING_DAYS]
    return DemoSummary(
        seed=b.seed,
        today=b.today,
        org_units=b.count_of(OrgUnit),
        users=b.count_of(User),
        persons=b.count_of(Person),
        relations=b.count_of(Relation),
        cases=b.count_of(Case),
        decisions=b.count_of(Decision),
        interventions=b.count_of(Intervention),
        assignments=b.count_of(Assignment),
        received_assignments=len(received),
        overdue_assignments=len(overdue),
        executions=b.count_of(Execution),
        messages=b.count_of(Message),
        my_persons=b.count_of(MyPerson),
    )


def generate_demo(
    session: Session, *, persons: int = 60, seed: int = 1, today: date | None = None
) -> DemoSummary:
    """Fill an empty, migrated database with a demo municipality. The caller commits.

    Raises DemoAlreadyPresent when any person or user exists, CodeListsMissing when the
    database lacks the code lists of the migrations. Deterministic for a given seed and today.
    """
    if persons < 0:
        raise ValueError("persons must be zero or more")
    if has_any_data(session):
        raise DemoAlreadyPresent(
            "Databasen innehåller redan personer eller användare. "
            "Demodata kan bara skapas i en tom databas."
        )
    day = today or clock_of(session).today()
    summary = _build(DemoBuilder(session, persons, seed, day))
    record_generated(session)
    log.info(
        "demo data generated: seed %d, %d persons, %d assignments (%d received), "
        "%d executions, %d messages",
        summary.seed,
        summary.persons,
        summary.assignments,
        summary.received_assignments,
        summary.executions,
        summary.messages,
    )
    return summary
