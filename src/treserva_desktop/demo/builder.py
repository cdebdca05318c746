"""The state one demo run shares: session, random source, dates, reserved ids and new rows."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from treserva_desktop.db.models import (
    AppSetting,
    Assignment,
    AssignmentItem,
    AuditEvent,
    Base,
    Case,
    Decision,
    Deviation,
    DeviationEvent,
    Execution,
    HousingContract,
    HousingObject,
    ImplementationPlan,
    ImplementationPlanActivity,
    ImplementationPlanFollowUp,
    ImplementationPlanGoal,
    Intervention,
    InterventionType,
    Journal,
    JournalEntry,
    JournalEntryKeyword,
    JournalEntryVersion,
    Message,
    MessageRecipient,
    MyPerson,
    OrgUnit,
    Person,
    Relation,
    RoleAssignment,
    User,
)

# Insert order: every table after the tables its foreign keys point to (both the small demo
# and the scale demo write in it); a new feature's tables go in here.
WRITE_ORDER: tuple[type[Base], ...] = (
    AppSetting,
    OrgUnit,
    User,
    RoleAssignment,
    Person,
    Relation,
    Case,
    Decision,
    Intervention,
    Assignment,
    AssignmentItem,
    Execution,
    Message,
    MessageRecipient,
    MyPerson,
    AuditEvent,
    Journal,
    JournalEntry,
    JournalEntryVersion,
    JournalEntryKeyword,
    HousingObject,
    HousingContract,
    Deviation,
    DeviationEvent,
    ImplementationPlan,
    ImplementationPlanGoal,
    ImplementationPlanActivity,
    ImplementationPlanFollowUp,
)
# The tables whose rows get their ids here (the others have a composite key or none).
ID_MODELS: tuple[type[Base], ...] = tuple(m for m in WRITE_ORDER if "id" in m.__table__.c)


def advance_id_sequences(session: Session) -> None:
    """On PostgreSQL, move each id sequence past the ids a demo run assigned itself."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in ID_MODELS:
        table = model.__tablename__
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )
        )


class DemoBuilder:
    """What every demo feature module reads and adds to; rows are written only by `flush`.

    Every random draw goes through `rng`, in the order the feature functions are called, so
    the same seed and day give the same municipality.
    """

    def __init__(self, session: Session, persons: int, seed: int, today: date) -> None:
        self.session = session
        self.count = persons
        self.seed = seed
        self.today = today
        self.now = datetime.combine(today, time(9, 0), UTC)
        self.rng = random.Random(seed)
        self.units: dict[str, OrgUnit] = {}
        self.users: dict[str, User] = {}
        self.types: dict[str, InterventionType] = {}
        self.billing_codes: set[str] = set()
        # Identity numbers already handed out, so no two persons share one.
        self.used_numbers: set[str] = set()
        # New rows per table, inserted table by table in this (foreign-key) order.
        self.rows: dict[type[Base], list[Base]] = {model: [] for model in WRITE_ORDER}
        self.last_id: dict[type[Base], int] = {}

    def reserve_ids(self) -> None:
        """Primary keys are assigned here, so inserts batch without fetching ids back."""
        for model in ID_MODELS:
            column = model.__table__.c.id
            self.last_id[model] = self.session.scalar(select(func.max(column))) or 0

    def next_id(self, model: type[Base]) -> int:
        self.last_id[model] += 1
        return self.last_id[model]

    def keep(self, row: Base) -> None:
        self.rows[type(row)].append(row)

    def user_id(self, username: str | None) -> int | None:
        return self.users[username].id if username else None

    def at(self, day: date, earliest_hour: int = 7, latest_hour: int = 16) -> datetime:
        """A working-hours moment on `day`, never after `now`."""
        if day >= self.today:
            latest_hour = min(latest_hour, self.now.hour - 1)
            earliest_hour = min(earliest_hour, latest_hour)
        moment = datetime.combine(
            day,
            time(self.rng.randint(earliest_hour, latest_hour), self.rng.randrange(0, 60, 5)),
            UTC,
        )
        return min(moment, self.now - timedelta(minutes=30))

    def later(self, moment: datetime, max_hours: int) -> datetime:
        """A moment up to `max_hours` after `moment`, never after `now`."""
        later = moment + timedelta(minutes=self.rng.randint(20, max_hours * 60))
        return min(later, self.now - timedelta(minutes=10))

    def weighted_sample(self, weighted: Sequence[tuple[str, int]], k: int) -> list[str]:
        """Up to `k` distinct values, each draw weighted among those not yet chosen."""
        pool = list(weighted)
        chosen: list[str] = []
        for _ in range(min(k, len(pool))):
            pick = self.rng.choices(range(len(pool)), weights=[w for _, w in pool])[0]
            chosen.append(pool.pop(pick)[0])
        return chosen

    def flush(self) -> None:
        """Insert table by table (foreign keys first), each as one batched statement."""
        for model in WRITE_ORDER:
            if self.rows[model]:
                self.session.add_all(self.rows[model])
                self.session.flush()
        advance_id_sequences(self.session)

    def count_of(self, model: type[Base]) -> int:
        """How many new rows of `model` this run added."""
        return len(self.rows[model])
