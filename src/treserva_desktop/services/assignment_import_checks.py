"""The rule checks of an import file's records, against the rules and the database.

Each record is checked as far as it could be read (assignment_import_parse.RecordParts), so a
record with a schema problem in one part still has the rules of its other parts checked. No
check writes anything, and no message names a person the database holds.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import OrgUnit, Person, User
from treserva_desktop.domain import assignment_rules
from treserva_desktop.domain.commands.authority import InterventionInput, PersonInput
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.errors import AuthenticationFailed, ValidationError
from treserva_desktop.domain.person_rules import check_new_person
from treserva_desktop.domain.rules import Actor
from treserva_desktop.domain.views.assignment_import import ImportProblem
from treserva_desktop.services import authority_validation
from treserva_desktop.services._common import parse_number
from treserva_desktop.services.assignment_import_parse import RecordParts
from treserva_desktop.services.assignment_import_schema import (
    AssignmentRecord,
    DecisionRecord,
    InterventionRecord,
    PersonRecord,
    ReceiverRecord,
)
from treserva_desktop.services.auth import load_actor

T = TypeVar("T")

_PERSON_FIELDS = {
    "identity_number": "personnummer",
    "first_name": "fornamn",
    "last_name": "efternamn",
    "street": "gatuadress",
    "postal_code": "postnummer",
    "city": "ort",
    "phone": "telefon",
}
_DECISION_FIELDS = {
    "decided_on": "beslutsdatum",
    "period_start": "fran",
    "period_end": "till",
    "legal_basis": "lagrum",
}
_INTERVENTION_FIELDS = {"type_code": "typ", "hours": "timmar", "per": "per"}

HOLDER_MISMATCH = (
    "personnumret finns redan i registret med ett annat namn än i filen. Kontrollera "
    "personnummer och namn."
)


@dataclass
class Checked:
    """One record that passed every check, with what the write step needs."""

    number: int
    record: AssignmentRecord
    sender: Actor
    receiver_unit_id: int
    existing_person_id: int | None


class _Collector:
    """Collects problems of one record, turning service field names into file paths."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.problems: list[ImportProblem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(ImportProblem(f"post {self.number}, {path}", message))

    def run(self, check: Callable[[], T], path_of: Callable[[str | None], str]) -> T | None:
        try:
            return check()
        except ValidationError as error:
            self.add(path_of(error.field), error.message)
            return None


def _person_path(field: str | None) -> str:
    return f"person.{_PERSON_FIELDS.get(field or '', 'personnummer')}"


def _decision_path(field: str | None) -> str:
    return f"beslut.{_DECISION_FIELDS.get(field or '', 'beslutsdatum')}"


def _intervention_path(index: int) -> Callable[[str | None], str]:
    def path(field: str | None) -> str:
        last = (field or "").rsplit(".", 1)[-1]
        return f"insatser[{index + 1}].{_INTERVENTION_FIELDS.get(last, 'typ')}"

    return path


def person_input(person: PersonRecord) -> PersonInput:
    return PersonInput(
        identity_number=person.personnummer,
        first_name=person.fornamn,
        last_name=person.efternamn,
        street=person.gatuadress,
        postal_code=person.postnummer,
        city=person.ort,
        phone=person.telefon,
        protected_identity=person.skyddad_identitet,
    )


def intervention_input(item: InterventionRecord) -> InterventionInput:
    return InterventionInput(
        type_code=item.typ, hours=item.timmar, per=item.time_per, description=item.beskrivning
    )


def _same_name(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    return (first_a.casefold(), last_a.casefold()) == (first_b.casefold(), last_b.casefold())


class Checker:
    def __init__(self, session: Session, actor: Actor | None) -> None:
        self.session = session
        self.today = clock_of(session).today()
        self.actor = actor
        self.senders: dict[str, Actor | None] = {}
        # Numbers seen earlier in the file -> (first name, last name), to catch mix-ups.
        self.numbers_in_file: dict[str, tuple[str, str]] = {}

    def check(self, parts: RecordParts) -> tuple[Checked | None, list[ImportProblem]]:
        collect = _Collector(parts.number)
        existing_id = self._check_person(collect, parts.person) if parts.person else None
        if parts.beslut is not None:
            self._check_decision(collect, parts.beslut)
        if parts.insatser is not None:
            self._check_interventions(collect, parts.insatser)
        if parts.mal is not None:
            goals = parts.mal
            collect.run(lambda: authority_validation.validate_goals(goals), lambda _field: "mal")
        receiver_id = self._check_receiver(collect, parts.mottagare) if parts.mottagare else None
        sender = self._check_sender(collect, parts.avsandare) if parts.avsandare_valid else None
        if parts.record is None or collect.problems or sender is None or receiver_id is None:
            return None, collect.problems
        return Checked(parts.number, parts.record, sender, receiver_id, existing_id), []

    def _check_person(self, collect: _Collector, record: PersonRecord) -> int | None:
        person = person_input(record)
        number = collect.run(
            lambda: parse_number(person.identity_number, today=self.today), _person_path
        )
        for problem in check_new_person(person)[1]:
            collect.add(_person_path(problem.field), problem.message)
        if number is None:
            return None
        existing = self.session.scalars(
            select(Person).where(Person.identity_number == number.value)
        ).one_or_none()
        if existing is not None and not _same_name(
            existing.first_name, existing.last_name, person.first_name, person.last_name
        ):
            # Never the holder's name: the importer has not been granted a look at them.
            collect.add("person.personnummer", f"{number.display()}: {HOLDER_MISMATCH}")
        earlier = self.numbers_in_file.get(number.value)
        if earlier is not None and not _same_name(*earlier, person.first_name, person.last_name):
            collect.add(
                "person.personnummer",
                f"{number.display()} förekommer tidigare i filen med ett annat namn "
                f"({earlier[0]} {earlier[1]}).",
            )
        self.numbers_in_file.setdefault(number.value, (person.first_name, person.last_name))
        return existing.id if existing is not None else None

    def _check_decision(self, collect: _Collector, decision: DecisionRecord) -> None:
        for problem in assignment_rules.decision_problems(
            decision.beslutsdatum, decision.fran, decision.till, self.today
        ):
            collect.add(_decision_path(problem.field), problem.message)
        legal_basis = decision.lagrum
        collect.run(lambda: assignment_rules.check_legal_basis(legal_basis), _decision_path)

    def _check_interventions(
        self, collect: _Collector, items: list[InterventionRecord | None]
    ) -> None:
        seen: set[str] = set()
        for index, item in enumerate(items):
            if item is None:
                continue
            path = _intervention_path(index)
            intervention = intervention_input(item)

            def validate(
                i: InterventionInput = intervention,
            ) -> authority_validation.GrantedIntervention:
                return authority_validation.validate_intervention(self.session, i, prefix="")

            granted = collect.run(validate, path)
            if granted is None:
                continue
            if granted.type.code in seen:
                collect.add(
                    path("type_code"), f"insatsen {granted.type.name} förekommer två gånger"
                )
            seen.add(granted.type.code)

    def _check_receiver(self, collect: _Collector, receiver: ReceiverRecord) -> int | None:
        if receiver.enhet_id is not None:
            unit_id = receiver.enhet_id
            path = "mottagare.enhet_id"
        else:
            name = (receiver.enhet or "").strip()
            path = "mottagare.enhet"
            # Compared in Python: SQLite's lower() leaves Å, Ä and Ö alone.
            matches = [
                unit_id
                for unit_id, unit_name in self.session.execute(select(OrgUnit.id, OrgUnit.name))
                if unit_name.casefold() == name.casefold()
            ]
            if not matches:
                collect.add(path, f"det finns ingen enhet som heter '{name}'")
                return None
            if len(matches) > 1:
                collect.add(path, f"flera enheter heter '{name}'; ange enhet_id i stället")
                return None
            unit_id = matches[0]
        result = collect.run(
            lambda: authority_validation.validate_receiver(self.session, unit_id), lambda _f: path
        )
        return unit_id if result is not None else None

    def _check_sender(self, collect: _Collector, name: str | None) -> Actor | None:
        username = (name or "").strip()
        if self.actor is not None:
            if username and username.lower() != self.actor.username.lower():
                collect.add(
                    "avsandare",
                    f"uppdrag du importerar skickas av dig ({self.actor.username}); "
                    "ta bort avsandare eller ange ditt användarnamn",
                )
                return None
            return self.actor
        if not username:
            collect.add("avsandare", "saknas (användarnamnet på handläggaren som skickar)")
            return None
        key = username.lower()
        if key not in self.senders:
            self.senders[key] = self._load_sender(username)
        sender = self.senders[key]
        if sender is None:
            collect.add(
                "avsandare",
                f"'{username}' är ingen aktiv användare med behörighet att skicka uppdrag",
            )
        return sender

    def _load_sender(self, username: str) -> Actor | None:
        user_id = self.session.scalar(
            select(User.id).where(func.lower(User.username) == username.lower())
        )
        if user_id is None:
            return None
        try:
            sender = load_actor(self.session, user_id)
        except AuthenticationFailed:
            return None
        return sender if sender.can(Permission.SEND_ASSIGNMENTS) else None
