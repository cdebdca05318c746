"""One user per role of DOMAIN.md's role table, and for each kind of target (person,
assignment, row, message, unit) one inside every role user's reach and one outside it.

Kommunen › ÄO Utförare › ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1
                                      › Hemtjänst Söder
                       › ÄO Vårdboende › Lindgården
         › Myndighet › Biståndsenheten
                     › Biståndsenheten Syd

The in-scope targets are made by the handläggare of Biståndsenheten and live at Norr grupp 1
(ongoing rows, so "engaged" by any rule); the out-of-scope ones are made by the handläggare
of Biståndsenheten Syd and live only at Lindgården. Everything is made through the services,
so the targets carry whatever the services record (cases, responsible users, audit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Assignment,
    Case,
    Decision,
    Execution,
    Intervention,
    Message,
    MessageRecipient,
    OrgUnit,
    Person,
    RoleAssignment,
    User,
)
from treserva_desktop.domain.commands.authority import (
    DecisionInput,
    InterventionInput,
    PersonInput,
    SendNewAssignment,
)
from treserva_desktop.domain.commands.distribution import DistributeIntervention
from treserva_desktop.domain.enums import BusinessArea, OrgUnitKind, Role, TimePer
from treserva_desktop.domain.identity import make_personal_number
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services.auth import load_actor
from treserva_desktop.services.authority import send_new_assignment
from treserva_desktop.services.distribution import distribute_intervention

TODAY = SYSTEM_CLOCK.today()
PERIOD_START = TODAY - timedelta(days=60)
PERIOD_END = TODAY + timedelta(days=300)

_UNITS: tuple[tuple[str, OrgUnitKind, str | None, BusinessArea | None, bool], ...] = (
    ("Kommunen", OrgUnitKind.MUNICIPALITY, None, None, True),
    ("ÄO Utförare", OrgUnitKind.DEPARTMENT, "Kommunen", None, True),
    ("ÄO Hemtjänst", OrgUnitKind.BRANCH, "ÄO Utförare", BusinessArea.HOME_CARE, True),
    ("Hemtjänst Norr", OrgUnitKind.UNIT, "ÄO Hemtjänst", BusinessArea.HOME_CARE, True),
    ("Norr grupp 1", OrgUnitKind.SUBUNIT, "Hemtjänst Norr", BusinessArea.HOME_CARE, True),
    ("Hemtjänst Söder", OrgUnitKind.UNIT, "ÄO Hemtjänst", BusinessArea.HOME_CARE, True),
    ("ÄO Vårdboende", OrgUnitKind.BRANCH, "ÄO Utförare", BusinessArea.NURSING_HOME, True),
    ("Lindgården", OrgUnitKind.UNIT, "ÄO Vårdboende", BusinessArea.NURSING_HOME, True),
    ("Myndighet", OrgUnitKind.DEPARTMENT, "Kommunen", BusinessArea.AUTHORITY, False),
    ("Biståndsenheten", OrgUnitKind.UNIT, "Myndighet", BusinessArea.AUTHORITY, False),
    ("Biståndsenheten Syd", OrgUnitKind.UNIT, "Myndighet", BusinessArea.AUTHORITY, False),
)

# The role users (one per row of DOMAIN.md's role table) and where they work.
ROLE_USERS: dict[Role, tuple[str, str]] = {
    Role.CARE_STAFF: ("omvardnad", "Norr grupp 1"),
    Role.COORDINATOR: ("samordnare", "Hemtjänst Norr"),
    Role.GROUP_MANAGER: ("gruppchef", "Hemtjänst Norr"),
    Role.OPERATIONS_MANAGER: ("verksamhetschef", "ÄO Hemtjänst"),
    Role.NEEDS_ASSESSOR: ("handlaggare", "Biståndsenheten"),
    Role.NURSE: ("sjukskoterska", "Hemtjänst Norr"),
    Role.ADMINISTRATOR: ("admin", "Kommunen"),
}
# Users who make the out-of-scope targets; no role user reaches their units' persons.
_HELPERS: dict[str, tuple[Role, str] | None] = {
    "handlaggare_syd": (Role.NEEDS_ASSESSOR, "Biståndsenheten Syd"),
    "chef_vard": (Role.OPERATIONS_MANAGER, "ÄO Vårdboende"),
    "utomstaende": None,  # no role: sends and receives the messages of no role user
}


@dataclass(frozen=True, slots=True)
class Pair:
    """One target inside the role users' reach and one outside it."""

    inside: int
    outside: int

    def of(self, in_scope: bool) -> int:
        return self.inside if in_scope else self.outside


@dataclass
class RoleWorld:
    db: Database
    units: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    targets: dict[str, Pair] = field(default_factory=dict)
    numbers: dict[int, str] = field(default_factory=dict)
    # Every person made by the other authority unit: outside every role user's reach.
    outside_persons: set[int] = field(default_factory=set)
    _serial: int = 300

    def actor(self, role: Role) -> Actor:
        return self.actor_of(ROLE_USERS[role][0])

    def actor_of(self, username: str) -> Actor:
        with self.db.read() as session:
            return load_actor(session, self.users[username])

    def unit_pair(self) -> Pair:
        return Pair(self.units["Norr grupp 1"], self.units["Lindgården"])

    # -- building -------------------------------------------------------------------------

    def _send(self, sender: str, receiver: str, *interventions: InterventionInput) -> Any:
        self._serial += 1
        number = make_personal_number(datetime(1936, 3, 14).date(), self._serial)
        command = SendNewAssignment(
            person=PersonInput(
                identity_number=number,
                first_name="Test",
                last_name=f"Person{self._serial}",
                street="Storgatan 1",
                postal_code="12345",
                city="Åby",
            ),
            decision=DecisionInput(
                decided_on=PERIOD_START - timedelta(days=5),
                period_start=PERIOD_START,
                period_end=PERIOD_END,
            ),
            interventions=interventions,
            goals="Trygghet i vardagen.",
            receiver_unit_id=self.units[receiver],
        )
        with self.db.transaction() as session:
            sent = send_new_assignment(session, self.actor_of(sender), command)
            person = session.get(Person, sent.person_id)
            assert person is not None
            person.billing_area_code = "HT-N"
            self.numbers[sent.person_id] = person.identity_number
            if sender == "handlaggare_syd":
                self.outside_persons.add(sent.person_id)
        return sent

    def _distribute(
        self, manager: str, sent: Any, type_code: str, unit: str, *, to_execution: bool
    ) -> int:
        with self.db.transaction() as session:
            intervention = session.scalars(
                select(Intervention).where(
                    Intervention.id.in_(sent.intervention_ids),
                    Intervention.type_code == type_code,
                )
            ).one()
            assignment = session.get(Assignment, sent.assignment_id)
            assert assignment is not None
            timed = type_code in ("personal_care", "service")
            result = distribute_intervention(
                session,
                self.actor_of(manager),
                DistributeIntervention(
                    assignment_id=sent.assignment_id,
                    intervention_id=intervention.id,
                    unit_id=self.units[unit],
                    start_date=PERIOD_START,
                    end_date=PERIOD_END,
                    hours=Decimal(10) if timed else None,
                    per=TimePer.MONTH if timed else None,
                    to_execution=to_execution,
                    expected_version=assignment.version,
                ),
            )
        return result.execution_id

    def _ended_row(self, sender: str, receiver: str, type_code: str, unit: str) -> int:
        """A person whose only row, at `unit`, ended ten days ago. Returns the person id."""
        timed = type_code in ("personal_care", "service")
        care = InterventionInput(
            type_code=type_code,
            hours=Decimal(10) if timed else None,
            per=TimePer.MONTH if timed else None,
        )
        sent = self._send(sender, receiver, care)
        manager = "gruppchef" if unit == "Norr grupp 1" else "chef_vard"
        execution_id = self._distribute(manager, sent, type_code, unit, to_execution=True)
        with self.db.transaction() as session:
            row = session.get(Execution, execution_id)
            assert row is not None
            row.end_date = TODAY - timedelta(days=10)
        return int(sent.person_id)

    def _message(self, sender: str, recipients: list[str], person_id: int | None) -> int:
        with self.db.transaction() as session:
            message = Message(
                sender_user_id=self.users[sender],
                subject="Om planeringen",
                body="Ring mig.",
                sent_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
                person_id=person_id,
            )
            session.add(message)
            session.flush()
            for name in recipients:
                session.add(
                    MessageRecipient(
                        message_id=message.id, user_id=self.users[name], sent_at=message.sent_at
                    )
                )
            return message.id


def build_role_world(db: Database) -> RoleWorld:
    world = RoleWorld(db)
    with db.transaction() as session:
        for name, kind, parent, area, provider in _UNITS:
            unit = OrgUnit(
                name=name,
                kind=kind,
                parent_id=world.units[parent] if parent else None,
                business_area=area,
                is_provider=provider,
            )
            session.add(unit)
            session.flush()
            world.units[name] = unit.id
        grants: dict[str, tuple[Role, str] | None] = {
            username: (role, unit) for role, (username, unit) in ROLE_USERS.items()
        }
        grants.update(_HELPERS)
        for username, grant in grants.items():
            user = User(username=username, display_name=username.title(), password_hash="x")
            session.add(user)
            session.flush()
            world.users[username] = user.id
            if grant is not None:
                role, unit_name = grant
                session.add(
                    RoleAssignment(user_id=user.id, role=role, unit_id=world.units[unit_name])
                )

    care = InterventionInput(type_code="personal_care", hours=Decimal(10), per=TimePer.MONTH)
    alarm = InterventionInput(type_code="safety_alarm")
    housing = InterventionInput(type_code="special_housing")
    # Accepted and distributed: one row sent to execution, one still under distribution.
    accepted_in = world._send("handlaggare", "Hemtjänst Norr", care, alarm)
    row_in = world._distribute(
        "gruppchef", accepted_in, "personal_care", "Norr grupp 1", to_execution=True
    )
    pending_in = world._distribute(
        "gruppchef", accepted_in, "safety_alarm", "Norr grupp 1", to_execution=False
    )
    accepted_out = world._send("handlaggare_syd", "Lindgården", housing)
    row_out = world._distribute(
        "chef_vard", accepted_out, "special_housing", "Lindgården", to_execution=True
    )
    pending_source = world._send("handlaggare_syd", "Lindgården", housing)
    pending_out = world._distribute(
        "chef_vard", pending_source, "special_housing", "Lindgården", to_execution=False
    )
    # Received, untouched: waiting in Nya uppdrag.
    received_in = world._send("handlaggare", "Hemtjänst Norr", care, alarm)
    received_out = world._send("handlaggare_syd", "Lindgården", housing)

    world.targets["person"] = Pair(accepted_in.person_id, accepted_out.person_id)
    world.targets["assignment"] = Pair(accepted_in.assignment_id, accepted_out.assignment_id)
    world.targets["received"] = Pair(received_in.assignment_id, received_out.assignment_id)
    world.targets["received_person"] = Pair(received_in.person_id, received_out.person_id)
    world.targets["execution"] = Pair(row_in, row_out)
    world.targets["pending_execution"] = Pair(pending_in, pending_out)
    world.targets["ended_person"] = Pair(
        world._ended_row("handlaggare", "Hemtjänst Norr", "personal_care", "Norr grupp 1"),
        world._ended_row("handlaggare_syd", "Lindgården", "special_housing", "Lindgården"),
    )
    everyone = [username for username, _unit in ROLE_USERS.values()]
    world.targets["person_message"] = Pair(
        world._message("utomstaende", everyone, accepted_in.person_id),
        world._message("utomstaende", everyone, accepted_out.person_id),
    )
    # Own message: in every role user's inbox, or in nobody's but an outsider's.
    world.targets["message"] = Pair(
        world._message("utomstaende", everyone, None),
        world._message("handlaggare_syd", ["utomstaende"], None),
    )
    with db.read() as session:
        person = world.targets["person"]
        case_in = session.scalars(select(Case.id).where(Case.person_id == person.inside)).one()
        case_out = session.scalars(select(Case.id).where(Case.person_id == person.outside)).one()
        world.targets["case"] = Pair(case_in, case_out)
        decision_in = session.scalars(select(Decision.id).where(Decision.case_id == case_in)).one()
        decision_out = session.scalars(
            select(Decision.id).where(Decision.case_id == case_out)
        ).one()
        world.targets["decision"] = Pair(decision_in, decision_out)
    return world
