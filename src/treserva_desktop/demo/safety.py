"""Whether a database may be replaced by a new demo municipality: only when everything in it
was made by the demo generator.

The demo flag in app_settings alone proves nothing (one INSERT sets it). When the generator
has written a municipality it records, next to the flag, the last id it gave a person, a user
and an audit event. A database is the generator's own when, besides the flag:

- every person is marked as test data and was made by the generator (id at most the last
  one it recorded): a person registered or imported by hand is neither;
- every user was made by the generator: an account created afterwards is a real user;
- no audit event comes from a user the generator did not make (events of the demo users, who
  work in the demo municipality, are demo activity).

Without the recorded ids (a forged flag, or a demo database of an older version) nothing
counts as the generator's. Rows are never deleted (migration 0008), so an id once above the
recorded last id stays a row made afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from treserva_desktop.db.models import AuditEvent, Person, User
from treserva_desktop.demo.generator import DemoError, is_demo_database
from treserva_desktop.demo.manifest import RECORDED, recorded_last_ids
from treserva_desktop.domain.numbers import grouped


class DemoReplaceRefused(DemoError):
    """The database holds something the demo generator did not make; it is never replaced."""


@dataclass(frozen=True, slots=True)
class DemoContents:
    """What a database holds that the demo generator did not make (counts only)."""

    flagged: bool
    recorded: bool
    real_persons: int
    real_users: int
    real_audit_events: int

    @property
    def only_generated(self) -> bool:
        """True when the database is a demo municipality and nothing else."""
        return (
            self.flagged
            and self.recorded
            and not (self.real_persons or self.real_users or self.real_audit_events)
        )

    def refusal(self) -> str:
        """The Swedish reason the database is not replaced."""
        found = []
        if self.real_persons:
            found.append(f"{grouped(self.real_persons)} personer som inte är demopersoner")
        if self.real_users:
            found.append(f"{grouped(self.real_users)} användare som inte är demoanvändare")
        if self.real_audit_events:
            found.append(f"{grouped(self.real_audit_events)} loggposter av andra användare")
        if not self.flagged:
            what = "Databasen är ingen demodatabas"
        elif not self.recorded:
            what = (
                "Databasen är märkt som demodatabas, men det finns ingen uppgift om vad "
                "demogeneratorn har skapat i den (den är gjord av en äldre version eller "
                "märkt i efterhand)"
            )
        else:
            what = "Databasen innehåller uppgifter som demogeneratorn inte har skapat"
        details = f" ({', '.join(found)})" if found else ""
        return f"{what}{details} och skrivs aldrig över med demodata."


def demo_contents(session: Session) -> DemoContents:
    """Count what the generator did not make (everything, when it recorded nothing)."""
    last = recorded_last_ids(session)
    recorded = last is not None
    if last is None:
        last = dict.fromkeys(RECORDED, 0)
    real_persons = session.scalar(
        select(func.count())
        .select_from(Person)
        .where(or_(Person.is_test_data.is_(False), Person.id > last[Person]))
    )
    real_users = session.scalar(select(func.count()).select_from(User).where(User.id > last[User]))
    real_audit_events = session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.id > last[AuditEvent], AuditEvent.user_id > last[User])
    )
    return DemoContents(
        flagged=is_demo_database(session),
        recorded=recorded,
        real_persons=real_persons or 0,
        real_users=real_users or 0,
        real_audit_events=real_audit_events or 0,
    )


def check_replaceable(session: Session) -> None:
    """Raise DemoReplaceRefused unless the database holds only what the generator made."""
    contents = demo_contents(session)
    if not contents.only_generated:
        raise DemoReplaceRefused(contents.refusal())
