"""Scale demo municipalities (`demo --scale municipal`): bulk-written, streaming, any size.

The generator is an ordered list of parts. Each part draws its rows from the shared random
source in a fixed order and hands them to the `BulkWriter` in chunks, keeping only compact
indexes for the parts after it. A later feature (journal notes, housing, deviations, plans)
adds a part to `PARTS` and its tables to `bulk.WRITE_ORDER`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import (
    AppSetting,
    Assignment,
    AuditEvent,
    BillingArea,
    Execution,
    InterventionType,
    Message,
    MessageRecipient,
    MyPerson,
    OrgUnit,
    Person,
    Relation,
    User,
)
from treserva_desktop.demo.generator import (
    DEMO_FLAG_KEY,
    DEMO_SEED_KEY,
    CodeListsMissing,
    DemoAlreadyPresent,
    has_any_data,
)
from treserva_desktop.demo.manifest import record_generated
from treserva_desktop.demo.municipal.activity import add_audit, add_messages, add_my_persons
from treserva_desktop.demo.municipal.bulk import BulkWriter, Progress, SilentProgress
from treserva_desktop.demo.municipal.context import Context
from treserva_desktop.demo.municipal.deviations import add_deviations
from treserva_desktop.demo.municipal.housing import add_housing
from treserva_desktop.demo.municipal.journals import add_journals
from treserva_desktop.demo.municipal.org import add_organisation, add_users
from treserva_desktop.demo.municipal.people import add_people
from treserva_desktop.demo.municipal.plans import add_plans
from treserva_desktop.demo.municipal.spec import MUNICIPAL, ScaleSpec
from treserva_desktop.demo.organisation import BILLING_AREA_OF, DEMO_PASSWORD
from treserva_desktop.demo.plan import REQUIRED_TYPES
from treserva_desktop.domain.numbers import grouped

log = logging.getLogger(__name__)

DEMO_SCALE_KEY = "demo_scale"


@dataclass(frozen=True, slots=True)
class Part:
    """One stage of the generator: a label for the progress bar and what it writes."""

    label: str
    write: Callable[[Context], None]


PARTS: tuple[Part, ...] = (
    Part("organisation", add_organisation),
    Part("users", add_users),
    Part("persons, cases, decisions, assignments, rows", add_people),
    Part("messages", add_messages),
    Part("my persons", add_my_persons),
    Part("audit events", add_audit),
    Part("journals", add_journals),
    Part("housing objects and contracts", add_housing),
    Part("deviations", add_deviations),
    Part("implementation plans", add_plans),
)


@dataclass(frozen=True, slots=True)
class ScaleSummary:
    """What a scale demo run wrote, as counts (safe to log and to show)."""

    seed: int
    today: date
    counts: dict[str, int]
    received: int
    overdue: int
    accepted_waiting: int
    largest_unit: int

    def __str__(self) -> str:
        c = {table: grouped(count) for table, count in self.counts.items()}
        return (
            f"{c['persons']} personer, {c['org_units']} enheter, {c['users']} användare "
            f"(demoanvändarna med lösenord {DEMO_PASSWORD!r}, övriga utan lösenord), "
            f"{c['assignments']} uppdrag "
            f"({grouped(self.received)} nya, varav {grouped(self.overdue)} försenade, och "
            f"{grouped(self.accepted_waiting)} accepterade men inte fördelade), "
            f"{c['executions']} verkställigheter, {c['messages']} meddelanden, "
            f"{c['audit_events']} loggposter, {c['journal_entries']} journalanteckningar; "
            "största enheten har "
            f"{grouped(self.largest_unit)} personer med pågående eller planerade rader; "
            f"frö {self.seed}"
        )


def _scale_name(spec: ScaleSpec) -> str:
    return "municipal" if spec == MUNICIPAL else f"{spec.persons} personer"


def _check_code_lists(session: Session) -> None:
    types = set(session.scalars(select(InterventionType.code)))
    billing = set(session.scalars(select(BillingArea.code)))
    if not types >= REQUIRED_TYPES or not set(BILLING_AREA_OF.values()) <= billing:
        raise CodeListsMissing(
            "Kodlistorna för insatser och debiteringsområden saknas. "
            "Uppgradera databasen innan demodata skapas."
        )


def generate_municipal(
    session: Session,
    spec: ScaleSpec = MUNICIPAL,
    *,
    seed: int = 1,
    today: date | None = None,
    progress: Progress | None = None,
) -> ScaleSummary:
    """Fill an empty, migrated database with a scale demo municipality. The caller commits.

    Deterministic for a given spec, seed and day. Raises DemoAlreadyPresent when any person
    or user exists and CodeListsMissing when the code lists of the migrations are missing.
    """
    if has_any_data(session):
        raise DemoAlreadyPresent(
            "Databasen innehåller redan personer eller användare. "
            "Demodata kan bara skapas i en tom databas."
        )
    _check_code_lists(session)
    day = today or clock_of(session).today()
    writer = BulkWriter(session)
    ctx = Context(session, spec, seed, day, writer, progress or SilentProgress())
    for key, value in (
        (DEMO_FLAG_KEY, "1"),
        (DEMO_SEED_KEY, str(seed)),
        (DEMO_SCALE_KEY, _scale_name(spec)),
    ):
        writer.add(AppSetting, {"key": key, "value": value})
    with _fast_sqlite(session):
        for part in PARTS:
            part.write(ctx)
            writer.flush()
            log.info("demo part %s done", part.label)
        writer.finish()
    record_generated(session)
    tables = {
        model.__tablename__: writer.counts[model]
        for model in (
            OrgUnit,
            User,
            Person,
            Relation,
            Assignment,
            Execution,
            Message,
            MessageRecipient,
            MyPerson,
            AuditEvent,
        )
    }
    for model, count in writer.counts.items():
        tables.setdefault(model.__tablename__, count)
    summary = ScaleSummary(
        seed=seed,
        today=day,
        counts=tables,
        received=ctx.tally.received,
        overdue=ctx.tally.overdue,
        accepted_waiting=ctx.tally.accepted_waiting,
        largest_unit=max(ctx.tally.current_by_leaf.values(), default=0),
    )
    log.info("scale demo generated: seed %d, %s", seed, sorted(tables.items()))
    return summary


class _fast_sqlite:  # noqa: N801 - used as a context manager
    """On SQLite, skip fsyncs and use a larger page cache while generating; restored after.

    Only demo generation does this: if the machine crashes mid-way the demo database is
    simply generated again. SQLite refuses to change `synchronous` inside a transaction, so
    it is set before the first write and put back when the caller's transaction ends."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.sqlite = session.get_bind().dialect.name == "sqlite"
        self.saved: dict[str, object] = {}

    def __enter__(self) -> None:
        if not self.sqlite:
            return
        connection = self.session.connection()
        for pragma, value in (("synchronous", "OFF"), ("cache_size", "-131072")):
            self.saved[pragma] = connection.exec_driver_sql(f"PRAGMA {pragma}").scalar()
            connection.exec_driver_sql(f"PRAGMA {pragma}={value}")
        raw = connection.connection.dbapi_connection
        synchronous = self.saved["synchronous"]

        def restore(_session: Session) -> None:
            if raw is not None:
                raw.execute(f"PRAGMA synchronous={synchronous}")

        event.listen(self.session, "after_commit", restore, once=True)
        event.listen(self.session, "after_rollback", restore, once=True)

    def __exit__(self, *_exc: object) -> None:
        if self.sqlite:
            cache_size = self.saved["cache_size"]
            self.session.connection().exec_driver_sql(f"PRAGMA cache_size={cache_size}")


__all__ = [
    "MUNICIPAL",
    "PARTS",
    "Part",
    "Progress",
    "ScaleSpec",
    "ScaleSummary",
    "generate_municipal",
]
