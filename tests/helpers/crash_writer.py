"""The writing side of the crash-safety test: a small fork server that imports the app once and
then, on each "go SEED" line, forks a writer that does real work through the services in a loop
– sends assignments, distributes them, sends messages, edits persons – and prints
"commit KIND ID [VERSION]" on stdout only after the commit has returned ("start" before each
action, "refused" or "idle" when one ends without a commit). The test kills the
writer with SIGKILL at a random moment and asks the server to reap it ("reap PID").

Run as `python -m tests.helpers.crash_writer DATABASE_PATH` from the repository root."""

from __future__ import annotations

import os
import random
import signal
import sys
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Assignment,
    AssignmentItem,
    Execution,
    Intervention,
    OrgUnit,
    Person,
    User,
)
from treserva_desktop.domain.commands.authority import (
    DecisionInput,
    InterventionInput,
    PersonInput,
    SendNewAssignment,
)
from treserva_desktop.domain.commands.distribution import DistributeIntervention
from treserva_desktop.domain.commands.inbox import SendMessage
from treserva_desktop.domain.commands.persons import UpdateContact
from treserva_desktop.domain.enums import AssignmentStatus, TimePer
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.identity import make_personal_number
from treserva_desktop.services import authority, distribution, inbox, persons
from treserva_desktop.services.auth import load_actor


def say(line: str) -> None:
    """One line, one write(2): whole before the process can be killed, never half of it."""
    os.write(1, (line + "\n").encode())


class Writer:
    def __init__(self, database: Database, seed: int) -> None:
        self.db = database
        self.rng = random.Random(seed)
        with database.read() as session:
            users = {u.username: u.id for u in session.scalars(select(User)).all()}
            self.units = {u.name: u.id for u in session.scalars(select(OrgUnit)).all()}
            self.handlaggare = load_actor(session, users["handlaggare"])
            self.gruppchef = load_actor(session, users["gruppchef"])
        self.recipients = (users["personal"], users["chef"])
        self.today = database.clock.today()

    def loop(self) -> None:
        steps = (
            (self.send_assignment, 3),
            (self.distribute, 4),
            (self.send_message, 2),
            (self.edit_person, 2),
        )
        actions = [step for step, weight in steps for _ in range(weight)]
        while True:
            say("start")
            try:
                self.rng.choice(actions)()
            except DomainError:
                # A refusal (a taken number, nothing left to distribute): rolled back.
                say("refused")

    def send_assignment(self) -> None:
        born = date(1925, 1, 1) + timedelta(days=self.rng.randrange(25_000))
        command = SendNewAssignment(
            person=PersonInput(
                identity_number=make_personal_number(born, self.rng.randrange(1, 999)),
                first_name="Krasch",
                last_name="Testperson",
                street="Provgatan 1",
                postal_code="12345",
                city="Åby",
            ),
            decision=DecisionInput(
                decided_on=self.today - timedelta(days=3),
                period_start=self.today,
                period_end=self.today + timedelta(days=200),
            ),
            interventions=(
                InterventionInput(type_code="personal_care", hours=Decimal(10), per=TimePer.WEEK),
                InterventionInput(type_code="safety_alarm"),
            ),
            goals="Kunna bo kvar hemma.",
            receiver_unit_id=self.units["Hemtjänst Norr"],
        )
        with self.db.transaction() as session:
            sent = authority.send_new_assignment(session, self.handlaggare, command)
        say(f"commit assignment {sent.assignment_id}")

    def _open_item(self, session: Session) -> tuple[Assignment, int] | None:
        """An assignment that still has an intervention without a row, and that intervention."""
        candidates = list(
            session.scalars(
                select(Assignment).where(
                    Assignment.status.in_((AssignmentStatus.RECEIVED, AssignmentStatus.ACCEPTED)),
                    Assignment.awaiting_distribution.is_(True),
                )
            ).all()
        )
        self.rng.shuffle(candidates)
        for assignment in candidates:
            done = set(
                session.scalars(
                    select(Execution.intervention_id).where(
                        Execution.assignment_id == assignment.id
                    )
                ).all()
            )
            for intervention_id in session.scalars(
                select(AssignmentItem.intervention_id).where(
                    AssignmentItem.assignment_id == assignment.id
                )
            ).all():
                if intervention_id not in done:
                    return assignment, intervention_id
        return None

    def distribute(self) -> None:
        with self.db.read() as session:
            found = self._open_item(session)
            if found is None:
                say("idle")
                return
            assignment, intervention_id = found
            intervention = session.get(Intervention, intervention_id)
            assert intervention is not None
            requires_time = intervention.type.requires_time
            command = DistributeIntervention(
                assignment_id=assignment.id,
                intervention_id=intervention_id,
                unit_id=self.units[self.rng.choice(("Norr grupp 1", "Norr grupp 2"))],
                start_date=assignment.decision.period_start,
                end_date=assignment.decision.period_end,
                hours=Decimal(8) if requires_time else None,
                per=TimePer.WEEK if requires_time else None,
                to_execution=False,
                expected_version=assignment.version,
            )
        with self.db.transaction() as session:
            result = distribution.distribute_intervention(session, self.gruppchef, command)
        say(f"commit execution {result.execution_id}")

    def send_message(self) -> None:
        with self.db.read() as session:
            person_ids = session.scalars(select(Execution.person_id)).all()
        command = SendMessage(
            recipient_ids=self.recipients,
            subject="Provmeddelande",
            body="Ett meddelande i krasch-testet.",
            person_id=self.rng.choice(person_ids) if person_ids else None,
        )
        with self.db.transaction() as session:
            message_id = inbox.send_message(session, self.gruppchef, command)
        say(f"commit message {message_id}")

    def edit_person(self) -> None:
        with self.db.read() as session:
            rows = session.execute(
                select(Person.id, Person.version).join(Execution, Execution.person_id == Person.id)
            ).all()
        if not rows:
            say("idle")
            return
        person_id, version = self.rng.choice(rows)
        command = UpdateContact(
            person_id=person_id,
            expected_version=version,
            phone=f"08-{self.rng.randrange(100, 999)} {self.rng.randrange(10, 99)} 00",
        )
        with self.db.transaction() as session:
            record = persons.update_contact(session, self.gruppchef, command)
        say(f"commit person {person_id} {record.version}")


def _write_forever(path: str, seed: int) -> None:
    try:
        database = Database(f"sqlite:///{path}")
        writer = Writer(database, seed)
        say("ready")
        writer.loop()
    except BaseException as exc:
        say(f"error {type(exc).__name__}")
        os._exit(1)


def serve(path: str) -> None:
    say("serving")
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command == "go":
            pid = os.fork()
            if pid == 0:
                _write_forever(path, int(argument))
            say(f"pid {pid}")
        elif command == "reap":
            os.waitpid(int(argument), 0)
            say(f"reaped {argument}")
        elif command == "quit":
            return


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    serve(sys.argv[1])
