"""Import of assignments from an authority system's JSON file: all or nothing.

Every record is checked first and every problem is collected with its place in the file
("post 57, insatser[2].timmar: ..."). Only a file without any problem is written, through the
same service the Myndighet dialog uses.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import OrgUnit, Person, User
from treserva_desktop.domain.changes import ChangeKind, changes
from treserva_desktop.domain.commands.authority import (
    DecisionInput,
    InterventionInput,
    PersonInput,
    SendNewAssignment,
)
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.errors import AuthenticationFailed, DomainError, ValidationError
from treserva_desktop.domain.person_rules import check_new_person
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.assignment_import import ImportProblem, ImportReport
from treserva_desktop.services import authority
from treserva_desktop.services._common import parse_number
from treserva_desktop.services.assignment_import_schema import AssignmentFile, AssignmentRecord
from treserva_desktop.services.auth import load_actor

log = logging.getLogger(__name__)

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


class ImportFailed(DomainError):
    """The file has problems; nothing was imported. `problems` lists every one of them."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        super().__init__(f"Importfilen innehåller {len(problems)} fel. Inget har importerats.")
        self.problems = tuple(problems)

    @property
    def details(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


# --- pydantic errors in Swedish -------------------------------------------------------------


def _location(loc: tuple[int | str, ...]) -> str:
    """('uppdrag', 56, 'insatser', 1, 'timmar') -> 'post 57, insatser[2].timmar' (1-based)."""
    parts = list(loc)
    prefix = ""
    if len(parts) >= 2 and parts[0] == "uppdrag" and isinstance(parts[1], int):
        prefix = f"post {parts[1] + 1}"
        parts = parts[2:]
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part + 1}]"
        else:
            path += f".{part}" if path else str(part)
    if prefix and path:
        return f"{prefix}, {path}"
    return prefix or path


_MESSAGES: dict[str, str] = {
    "missing": "saknas",
    "extra_forbidden": "okänt fält",
    "string_type": "ska vara text",
    "int_type": "ska vara ett heltal",
    "int_parsing": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "decimal_parsing": "ska vara ett tal, t.ex. 12.5",
    "decimal_type": "ska vara ett tal, t.ex. 12.5",
    "finite_number": "ska vara ett ändligt tal",
    "bool_type": "ska vara true eller false",
    "bool_parsing": "ska vara true eller false",
    "date_type": "ska vara ett datum på formen ÅÅÅÅ-MM-DD",
    "date_parsing": "ska vara ett datum på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "ska vara ett datum på formen ÅÅÅÅ-MM-DD",
    "date_from_datetime_inexact": "ska vara ett datum på formen ÅÅÅÅ-MM-DD",
    "list_type": "ska vara en lista",
    "model_type": "ska vara ett objekt",
    "model_attributes_type": "ska vara ett objekt",
    "dict_type": "ska vara ett objekt",
}


def _translate(error: Any) -> str:
    kind = str(error.get("type", ""))
    context = error.get("ctx") or {}
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "literal_error":
        return f"ska vara {context.get('expected', 'ett tillåtet värde')}".replace(
            " or ", " eller "
        )
    if kind == "too_short":
        return "får inte vara tom"
    if kind == "value_error":
        return str(context.get("error", "ogiltigt värde"))
    if kind == "json_invalid":
        return f"filen är inte giltig JSON ({context.get('error', '')})"
    return "ogiltigt värde"


def _schema_problems(error: PydanticValidationError) -> list[ImportProblem]:
    return [ImportProblem(_location(tuple(e["loc"])), _translate(e)) for e in error.errors()]


# --- checks against the database ------------------------------------------------------------


@dataclass
class _Checked:
    """One record that passed every check, with what the write step needs."""

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


def _person_input(record: AssignmentRecord) -> PersonInput:
    person = record.person
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


def _same_name(first_a: str, last_a: str, first_b: str, last_b: str) -> bool:
    return (first_a.casefold(), last_a.casefold()) == (first_b.casefold(), last_b.casefold())


class _Checker:
    def __init__(self, session: Session, actor: Actor | None) -> None:
        self.session = session
        self.today = clock_of(session).today()
        self.actor = actor
        self.senders: dict[str, Actor | None] = {}
        # Numbers seen earlier in the file -> (first name, last name), to catch mix-ups.
        self.numbers_in_file: dict[str, tuple[str, str]] = {}

    def check(
        self, index: int, record: AssignmentRecord
    ) -> tuple[_Checked | None, list[ImportProblem]]:
        collect = _Collector(index + 1)
        person = _person_input(record)
        existing_id = self._check_person(collect, person)
        decision = DecisionInput(
            decided_on=record.beslut.beslutsdatum,
            period_start=record.beslut.fran,
            period_end=record.beslut.till,
            legal_basis=record.beslut.lagrum,
        )
        collect.run(lambda: authority.validate_decision(decision, today=self.today), _decision_path)
        self._check_interventions(collect, record)
        collect.run(lambda: authority.validate_goals(record.mal), lambda _field: "mal")
        receiver_id = self._check_receiver(collect, record)
        sender = self._check_sender(collect, record)
        if collect.problems or sender is None or receiver_id is None:
            return None, collect.problems
        return _Checked(record, sender, receiver_id, existing_id), []

    def _check_person(self, collect: _Collector, person: PersonInput) -> int | None:
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
            collect.add(
                "person.personnummer",
                f"{number.display()} tillhör redan {existing.full_name}, men filen anger "
                f"{person.first_name} {person.last_name}. Kontrollera personnumret.",
            )
        earlier = self.numbers_in_file.get(number.value)
        if earlier is not None and not _same_name(*earlier, person.first_name, person.last_name):
            collect.add(
                "person.personnummer",
                f"{number.display()} förekommer tidigare i filen med ett annat namn "
                f"({earlier[0]} {earlier[1]}).",
            )
        self.numbers_in_file.setdefault(number.value, (person.first_name, person.last_name))
        return existing.id if existing is not None else None

    def _check_interventions(self, collect: _Collector, record: AssignmentRecord) -> None:
        seen: set[str] = set()
        for index, item in enumerate(record.insatser):
            path = _intervention_path(index)
            intervention = InterventionInput(
                type_code=item.typ,
                hours=item.timmar,
                per=item.time_per,
                description=item.beskrivning,
            )

            def validate(i: InterventionInput = intervention) -> authority.GrantedIntervention:
                return authority.validate_intervention(self.session, i, prefix="")

            granted = collect.run(validate, path)
            if granted is None:
                continue
            if granted.type.code in seen:
                collect.add(
                    path("type_code"), f"insatsen {granted.type.name} förekommer två gånger"
                )
            seen.add(granted.type.code)

    def _check_receiver(self, collect: _Collector, record: AssignmentRecord) -> int | None:
        receiver = record.mottagare
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
            lambda: authority.validate_receiver(self.session, unit_id), lambda _f: path
        )
        return unit_id if result is not None else None

    def _check_sender(self, collect: _Collector, record: AssignmentRecord) -> Actor | None:
        username = (record.avsandare or "").strip()
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


# --- the service ----------------------------------------------------------------------------


def parse_file(data: bytes) -> AssignmentFile:
    """The file as the schema reads it, or ImportFailed listing every schema problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed([ImportProblem("", "Filen är inte sparad som UTF-8.")]) from None
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        raise ImportFailed(
            [
                ImportProblem(
                    f"rad {error.lineno}, kolumn {error.colno}",
                    f"filen är inte giltig JSON ({error.msg})",
                )
            ]
        ) from None
    try:
        return AssignmentFile.model_validate_json(text)
    except PydanticValidationError as error:
        raise ImportFailed(_schema_problems(error)) from None


@changes(ChangeKind.ASSIGNMENTS, ChangeKind.PERSONS, ChangeKind.MESSAGES)
def import_assignments(session: Session, actor: Actor | None, data: bytes) -> ImportReport:
    """Import every assignment in the file, or none.

    `actor` is the logged-in handläggare (who then sends every record), or None for a system
    import (the CLI), where each record names its sender in `avsandare`. Raises ImportFailed
    with every problem found; the caller's transaction must then be rolled back (nothing has
    been written when the checks fail, since they run before any write).
    """
    if actor is not None:
        require(actor, Permission.SEND_ASSIGNMENTS)
    parsed = parse_file(data)
    checker = _Checker(session, actor)
    checked: list[_Checked] = []
    problems: list[ImportProblem] = []
    for index, record in enumerate(parsed.uppdrag):
        result, record_problems = checker.check(index, record)
        problems.extend(record_problems)
        if result is not None:
            checked.append(result)
    if problems:
        log.info(
            "assignment import refused: %s problems in %s records",
            len(problems),
            len(parsed.uppdrag),
        )
        raise ImportFailed(problems)
    return _write(session, checked)


def _write(session: Session, checked: list[_Checked]) -> ImportReport:
    created = existing = 0
    assignment_ids: list[int] = []
    notified: set[int] = set()
    for index, item in enumerate(checked):
        record = item.record
        person_id = item.existing_person_id
        if person_id is None:
            # An earlier record of this file may have created the person.
            number = parse_number(record.person.personnummer, today=clock_of(session).today())
            person_id = session.scalar(
                select(Person.id).where(Person.identity_number == number.value)
            )
        command = SendNewAssignment(
            person=_person_input(record),
            existing_person_id=person_id,
            decision=DecisionInput(
                decided_on=record.beslut.beslutsdatum,
                period_start=record.beslut.fran,
                period_end=record.beslut.till,
                legal_basis=record.beslut.lagrum,
            ),
            interventions=tuple(
                InterventionInput(
                    type_code=i.typ, hours=i.timmar, per=i.time_per, description=i.beskrivning
                )
                for i in record.insatser
            ),
            goals=record.mal,
            receiver_unit_id=item.receiver_unit_id,
        )
        try:
            sent = authority.send_new_assignment(session, item.sender, command)
        except DomainError as error:
            raise ImportFailed([ImportProblem(f"post {index + 1}", error.message)]) from error
        if person_id is None:
            created += 1
        else:
            existing += 1
        assignment_ids.append(sent.assignment_id)
        notified.update(sent.notified_user_ids)
    log.info("imported %s assignments (%s new persons)", len(assignment_ids), created)
    return ImportReport(
        records=len(checked),
        persons_created=created,
        persons_existing=existing,
        assignment_ids=tuple(assignment_ids),
        notified_user_ids=tuple(sorted(notified)),
    )
