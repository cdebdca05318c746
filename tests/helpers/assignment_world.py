"""A tiny organisation with users for the assignment tests, and shortcuts to send and count.

Kommunen › ÄO Utförare › ÄO Hemtjänst › Hemtjänst Norr › Norr grupp 1
                                      › Hemtjänst Söder
                       › ÄO Vårdboende › Lindgården
         › Myndighet › Biståndsenheten
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import (
    Assignment,
    AuditEvent,
    Case,
    Decision,
    Execution,
    Intervention,
    Message,
    MessageRecipient,
    MyPerson,
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
from treserva_desktop.domain.views.authority import SentAssignment
from treserva_desktop.domain.views.distribution import DistributionResult
from treserva_desktop.services.auth import load_actor

TODAY = SYSTEM_CLOCK.today()
DECIDED = TODAY - timedelta(days=10)
PERIOD_START = TODAY - timedelta(days=5)
PERIOD_END = PERIOD_START + timedelta(days=364)

_UNITS: tuple[tuple[str, OrgUnitKind, str | None, BusinessArea | None, bool], ...] = (
    ("Kommunen", OrgUnitKind.MUNICIPALITY, None, None, True),
    ("ÄO Utförare", OrgUnitKind.DEPARTMENT, "Kommunen", None, True),
    ("ÄO Hemtjänst", OrgUnitKind.BRANCH, "ÄO Utförare", BusinessArea.HOME_CARE, True),
    ("Hemtjänst Norr", OrgUnitKind.UNIT, "ÄO Hemtjänst", BusinessArea.HOME_CARE, True),
    ("Norr grupp 1", OrgUnitKind.SUBUNIT, "Hemtjänst Norr", BusinessArea.HOME_CARE, True),
    ("Norr grupp 2", OrgUnitKind.SUBUNIT, "Hemtjänst Norr", BusinessArea.HOME_CARE, True),
    ("Hemtjänst Söder", OrgUnitKind.UNIT, "ÄO Hemtjänst", BusinessArea.HOME_CARE, True),
    ("ÄO Vårdboende", OrgUnitKind.BRANCH, "ÄO Utförare", BusinessArea.NURSING_HOME, True),
    ("Lindgården", OrgUnitKind.UNIT, "ÄO Vårdboende", BusinessArea.NURSING_HOME, True),
    ("Myndighet", OrgUnitKind.DEPARTMENT, "Kommunen", BusinessArea.AUTHORITY, False),
    ("Biståndsenheten", OrgUnitKind.UNIT, "Myndighet", BusinessArea.AUTHORITY, False),
)

_USERS: tuple[tuple[str, str, tuple[tuple[Role, str], ...]], ...] = (
    ("handlaggare", "Johan Ekström", ((Role.NEEDS_ASSESSOR, "Biståndsenheten"),)),
    (
        "chef",
        "Karin Lundqvist",
        ((Role.OPERATIONS_MANAGER, "ÄO Hemtjänst"), (Role.OPERATIONS_MANAGER, "ÄO Vårdboende")),
    ),
    ("gruppchef", "Anders Holmgren", ((Role.GROUP_MANAGER, "Hemtjänst Norr"),)),
    ("soder", "Sara Nyberg", ((Role.COORDINATOR, "Hemtjänst Söder"),)),
    ("personal", "Amina Hassan", ((Role.CARE_STAFF, "Norr grupp 1"),)),
    ("personal_soder", "Olle Berg", ((Role.CARE_STAFF, "Hemtjänst Söder"),)),
)


@dataclass
class World:
    db: Database
    units: dict[str, int] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    _serial: int = 100

    def actor(self, username: str) -> Actor:
        with self.db.read() as session:
            return load_actor(session, self.users[username])

    def next_number(self, born: date = date(1938, 4, 12)) -> str:
        self._serial += 1
        return make_personal_number(born, self._serial)

    def send(self, **overrides: Any) -> SentAssignment:
        """A handläggare sends a standard assignment (personal care 20 h/month and a safety
        alarm to Hemtjänst Norr) for a new person."""
        from treserva_desktop.services.authority import send_new_assignment

        with self.db.transaction() as session:
            return send_new_assignment(
                session, self.actor("handlaggare"), self.new_assignment(**overrides)
            )

    def send_billable(self, **overrides: Any) -> SentAssignment:
        """`send`, then give the new person a billing area so the assignment can be distributed."""
        sent = self.send(**overrides)
        self.set_billing_area(sent.person_id)
        return sent

    def new_assignment(self, **overrides: Any) -> SendNewAssignment:
        values: dict[str, Any] = {
            "person": PersonInput(
                identity_number=self.next_number(),
                first_name="Ingrid",
                last_name="Testsson",
                street="Storgatan 1",
                postal_code="12345",
                city="Åby",
            ),
            "decision": DecisionInput(
                decided_on=DECIDED, period_start=PERIOD_START, period_end=PERIOD_END
            ),
            "interventions": (
                InterventionInput(type_code="personal_care", hours=Decimal(20), per=TimePer.MONTH),
                InterventionInput(type_code="safety_alarm"),
            ),
            "goals": "Ingrid ska kunna bo kvar hemma och känna sig trygg.",
            "receiver_unit_id": self.units["Hemtjänst Norr"],
        }
        values.update(overrides)
        return SendNewAssignment(**values)

    def set_billing_area(self, person_id: int, code: str = "HT-N") -> None:
        with self.db.transaction() as session:
            person = session.get(Person, person_id)
            assert person is not None
            person.billing_area_code = code

    def version(self, assignment_id: int) -> int:
        with self.db.read() as session:
            assignment = session.get(Assignment, assignment_id)
            assert assignment is not None
            return assignment.version

    def intervention_id(self, sent: SentAssignment, type_code: str) -> int:
        with self.db.read() as session:
            found = session.scalar(
                select(Intervention.id).where(
                    Intervention.id.in_(sent.intervention_ids), Intervention.type_code == type_code
                )
            )
            assert found is not None
            return found

    def distribute(
        self,
        sent: SentAssignment,
        *,
        actor: str = "gruppchef",
        type_code: str = "personal_care",
        unit: str = "Norr grupp 1",
        **overrides: Any,
    ) -> DistributionResult:
        from treserva_desktop.services.distribution import distribute_intervention

        command = self.distribute_command(sent, type_code=type_code, unit=unit, **overrides)
        with self.db.transaction() as session:
            return distribute_intervention(session, self.actor(actor), command)

    def distribute_command(
        self,
        sent: SentAssignment,
        *,
        type_code: str = "personal_care",
        unit: str = "Norr grupp 1",
        **overrides: Any,
    ) -> DistributeIntervention:
        values: dict[str, Any] = {
            "assignment_id": sent.assignment_id,
            "intervention_id": self.intervention_id(sent, type_code),
            "unit_id": self.units[unit],
            "start_date": PERIOD_START,
            "end_date": PERIOD_END,
            "hours": Decimal(20) if type_code == "personal_care" else None,
            "per": TimePer.MONTH if type_code == "personal_care" else None,
            "to_execution": True,
            "expected_version": self.version(sent.assignment_id),
        }
        values.update(overrides)
        return DistributeIntervention(**values)


def build_world(db: Database) -> World:
    world = World(db)
    with db.transaction() as session:
        for name, kind, parent, area, provider in _UNITS:
            unit = OrgUnit(
                name=name,
                kind=kind,
                parent_id=world.units[parent] if parent else None,
                business_area=area,
                is_provider=provider,
                phone="08-123 45 67" if name == "Biståndsenheten" else "",
            )
            session.add(unit)
            session.flush()
            world.units[name] = unit.id
        for username, display_name, grants in _USERS:
            user = User(
                username=username,
                display_name=display_name,
                title="Biståndshandläggare" if username == "handlaggare" else "",
                password_hash="x",
            )
            session.add(user)
            session.flush()
            world.users[username] = user.id
            for role, unit_name in grants:
                session.add(
                    RoleAssignment(user_id=user.id, role=role, unit_id=world.units[unit_name])
                )
    return world


COUNTED = (
    Person,
    Case,
    Decision,
    Intervention,
    Assignment,
    Execution,
    Message,
    MessageRecipient,
    MyPerson,
    AuditEvent,
)


def counts(db: Database) -> dict[str, int]:
    """Rows per table, to assert that a refused action saved nothing."""
    with db.read() as session:
        return {model.__name__: _count(session, model) for model in COUNTED}


def _count(session: Session, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0
