"""Import of assignments from an authority system's JSON file: all or nothing, once.

Every record is read and checked first, and every problem is collected with its place in the
file ("post 57, insatser[2].timmar: ..."): schema problems and rule problems together, so one
run lists them all. Only a file without any problem is written, through the same service the
Myndighet dialog uses. Each record carries the authority system's id (`uppdrag_id`); a record
whose id was imported before is reported and skipped, so importing a file again imports
nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from treserva_desktop.db.database import clock_of
from treserva_desktop.db.models import Assignment, Person
from treserva_desktop.domain.changes import ChangeKind, changes
from treserva_desktop.domain.commands.authority import DecisionInput, SendNewAssignment
from treserva_desktop.domain.enums import Permission
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.assignment_import import (
    DuplicateRecord,
    ImportProblem,
    ImportReport,
)
from treserva_desktop.services import authority
from treserva_desktop.services._common import parse_number
from treserva_desktop.services.assignment_import_checks import (
    Checked,
    Checker,
    intervention_input,
    person_input,
)
from treserva_desktop.services.assignment_import_parse import RecordParts, read_file

log = logging.getLogger(__name__)

# Ids looked up per query (well below SQLite's limit on bound parameters).
_LOOKUP_CHUNK = 500

CONCURRENT_IMPORT = (
    "uppdraget eller personen registrerades samtidigt från en annan arbetsstation (t.ex. samma "
    "fil importerad två gånger samtidigt). Kör importen igen: det som redan finns hoppas över."
)


class ImportFailed(DomainError):
    """The file has problems; nothing was imported. `problems` lists every one of them."""

    def __init__(self, problems: Sequence[ImportProblem]) -> None:
        super().__init__(f"Importfilen innehåller {len(problems)} fel. Inget har importerats.")
        self.problems = tuple(problems)

    @property
    def details(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def _imported_before(session: Session, ids: Iterable[str]) -> set[str]:
    """The external ids among `ids` that an earlier import stored."""
    wanted = sorted(set(ids))
    found: set[str] = set()
    for start in range(0, len(wanted), _LOOKUP_CHUNK):
        chunk = wanted[start : start + _LOOKUP_CHUNK]
        found.update(
            value
            for value in session.scalars(
                select(Assignment.external_id).where(Assignment.external_id.in_(chunk))
            )
            if value is not None
        )
    return found


def _repeated_in_file(records: list[RecordParts]) -> dict[int, ImportProblem]:
    """A second record with the same uppdrag_id is an error at that record."""
    first_at: dict[str, int] = {}
    problems: dict[int, ImportProblem] = {}
    for parts in records:
        if parts.uppdrag_id is None:
            continue
        earlier = first_at.setdefault(parts.uppdrag_id, parts.number)
        if earlier != parts.number:
            problems[parts.index] = ImportProblem(
                f"post {parts.number}, uppdrag_id",
                f"'{parts.uppdrag_id}' förekommer redan i post {earlier}; varje uppdrag får "
                "finnas en gång i filen",
            )
    return problems


@changes(ChangeKind.ASSIGNMENTS, ChangeKind.PERSONS, ChangeKind.MESSAGES)
def import_assignments(session: Session, actor: Actor | None, data: bytes) -> ImportReport:
    """Import every assignment in the file that was not imported before, or none.

    `actor` is the logged-in handläggare (who then sends every record), or None for a system
    import (the CLI), where each record names its sender in `avsandare`. Raises ImportFailed
    with every problem found; the caller's transaction must then be rolled back (nothing has
    been written when the checks fail, since they run before any write).
    """
    if actor is not None:
        require(actor, Permission.SEND_ASSIGNMENTS)
    records, problems = read_file(data)
    existing = _imported_before(session, (r.uppdrag_id for r in records if r.uppdrag_id))
    repeated = _repeated_in_file(records)
    checker = Checker(session, actor)
    checked: list[Checked] = []
    duplicates: list[DuplicateRecord] = []
    for parts in records:
        problems.extend(parts.problems)
        if parts.index in repeated:
            problems.append(repeated[parts.index])
            continue
        if parts.uppdrag_id is not None and parts.uppdrag_id in existing:
            # Imported before: reported, not checked again and not imported twice.
            duplicates.append(DuplicateRecord(parts.number, parts.uppdrag_id))
            continue
        result, record_problems = checker.check(parts)
        problems.extend(record_problems)
        if result is not None:
            checked.append(result)
    if problems:
        log.info(
            "assignment import refused: %s problems in %s records", len(problems), len(records)
        )
        raise ImportFailed(problems)
    return _write(session, checked, tuple(duplicates))


def _write(
    session: Session, checked: list[Checked], duplicates: tuple[DuplicateRecord, ...]
) -> ImportReport:
    created = existing = 0
    assignment_ids: list[int] = []
    notified: set[int] = set()
    for item in checked:
        record = item.record
        person_id = item.existing_person_id
        if person_id is None:
            # An earlier record of this file may have created the person.
            number = parse_number(record.person.personnummer, today=clock_of(session).today())
            person_id = session.scalar(
                select(Person.id).where(Person.identity_number == number.value)
            )
        command = SendNewAssignment(
            person=person_input(record.person),
            existing_person_id=person_id,
            decision=DecisionInput(
                decided_on=record.beslut.beslutsdatum,
                period_start=record.beslut.fran,
                period_end=record.beslut.till,
                legal_basis=record.beslut.lagrum,
            ),
            interventions=tuple(intervention_input(i) for i in record.insatser),
            goals=record.mal,
            receiver_unit_id=item.receiver_unit_id,
            external_id=record.uppdrag_id,
        )
        try:
            sent = authority.send_new_assignment(session, item.sender, command)
        except DomainError as error:
            raise ImportFailed([ImportProblem(f"post {item.number}", error.message)]) from error
        except IntegrityError as error:
            # Another workstation imported the same uppdrag_id (or registered the same person)
            # between the checks and this write; the unique index refused the second one.
            raise ImportFailed([ImportProblem(f"post {item.number}", CONCURRENT_IMPORT)]) from error
        if person_id is None:
            created += 1
        else:
            existing += 1
        assignment_ids.append(sent.assignment_id)
        notified.update(sent.notified_user_ids)
    log.info(
        "imported %s assignments (%s new persons, %s imported before)",
        len(assignment_ids),
        created,
        len(duplicates),
    )
    return ImportReport(
        records=len(checked),
        persons_created=created,
        persons_existing=existing,
        assignment_ids=tuple(assignment_ids),
        notified_user_ids=tuple(sorted(notified)),
        duplicates=duplicates,
    )
