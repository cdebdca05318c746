"""Läsa HSL-journal som verksamhetschef (W13): reason and licensed colleague first, every
opening audited and shown in the log extract; printing for disclosure needs consent or a
menprövning recorded first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from tests.helpers.assignment_world import TODAY, World, build_world
from tests.helpers.journal_notes import add_journal, add_note, add_nurse, engaged_person

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, HslOpening, JournalDisclosure
from treserva_desktop.db.queries.hsl_openings import needs_opening
from treserva_desktop.db.queries.journal_corrections import corrected_note_view
from treserva_desktop.domain.commands.journal_closing import (
    OpenHslJournal,
    PrintJournal,
    RecordDisclosure,
)
from treserva_desktop.domain.commands.log_extract import ProduceLogExtract
from treserva_desktop.domain.enums import AuditAction, DisclosureBasis, JournalKind
from treserva_desktop.domain.errors import PermissionDenied, ValidationError
from treserva_desktop.services.hsl_openings import open_hsl_journal, record_disclosure
from treserva_desktop.services.journal_closing import open_journal_document
from treserva_desktop.services.log_extract import produce_log_extract


def _hsl(world: World) -> tuple[int, int, int]:
    """(person, HSL journal, a note in it) written by the unit's nurse."""
    nurse = add_nurse(world)
    person_id = engaged_person(world)
    journal_id = add_journal(world, person_id, JournalKind.HSL)
    entry_id = add_note(world, journal_id, author=nurse, body="Blodtryck 135/85.")
    return person_id, journal_id, entry_id


def _open(world: World, username: str, journal_id: int, **overrides: str) -> int:
    values = {"reason": "Utredning av fall", "licensed_colleague": "Siv Sjöberg, sjuksköterska"}
    values.update(overrides)
    with world.db.transaction() as session:
        return open_hsl_journal(
            session, world.actor(username), OpenHslJournal(journal_id=journal_id, **values)
        )


def test_the_manager_reads_only_after_stating_reason_and_colleague(any_db: Database) -> None:
    world = build_world(any_db)
    person_id, journal_id, entry_id = _hsl(world)
    chef = world.actor("chef")
    with any_db.read() as session:
        assert needs_opening(session, chef, journal_id)
        assert not needs_opening(session, world.actor("sjukskoterska"), journal_id)
    with pytest.raises(PermissionDenied, match="skäl"), any_db.read() as session:
        corrected_note_view(session, chef, entry_id)
    opening_id = _open(world, "chef", journal_id)
    with any_db.transaction() as session:
        assert not needs_opening(session, chef, journal_id)
        view = corrected_note_view(session, chef, entry_id)
    assert view.body == "Blodtryck 135/85."
    with any_db.read() as session:
        opening = session.get(HslOpening, opening_id)
        assert opening is not None
        assert opening.licensed_colleague == "Siv Sjöberg, sjuksköterska"
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "hsl_opening")
        ).one()
        assert event.action is AuditAction.READ_JOURNAL
        assert event.details == {"journal_id": journal_id, "hsl_opening_id": opening_id}
    with any_db.transaction() as session:
        extract = produce_log_extract(
            session,
            chef,
            ProduceLogExtract(
                person_id=person_id, period_start=TODAY - timedelta(days=1), period_end=TODAY
            ),
        )
    assert any("Utredning av fall (med Siv Sjöberg" in row.reason for row in extract.rows)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"reason": " "}, "reason"), ({"licensed_colleague": ""}, "licensed_colleague")],
)
def test_reason_and_colleague_are_required(
    world: World, overrides: dict[str, str], field: str
) -> None:
    _person, journal_id, _entry = _hsl(world)
    with pytest.raises(ValidationError) as caught:
        _open(world, "chef", journal_id, **overrides)
    assert caught.value.field == field
    with world.db.read() as session:
        assert session.scalars(select(HslOpening)).first() is None


@pytest.mark.parametrize("username", ["gruppchef", "personal", "handlaggare"])
def test_other_roles_may_not_open_it(world: World, username: str) -> None:
    _person, journal_id, _entry = _hsl(world)
    with pytest.raises(PermissionDenied):
        _open(world, username, journal_id)


def test_a_social_journal_is_not_opened_this_way(world: World) -> None:
    journal_id = add_journal(world, engaged_person(world))
    with pytest.raises(ValidationError, match="HSL"):
        _open(world, "chef", journal_id)


def test_printing_for_disclosure_needs_consent_or_harm_assessment(world: World) -> None:
    _person, journal_id, _entry = _hsl(world)
    _open(world, "chef", journal_id)
    chef = world.actor("chef")
    with pytest.raises(PermissionDenied, match="samtycke"), world.db.transaction() as session:
        open_journal_document(session, chef, PrintJournal(journal_id=journal_id))
    with pytest.raises(ValidationError, match="Beskriv"), world.db.transaction() as session:
        record_disclosure(
            session,
            chef,
            RecordDisclosure(journal_id=journal_id, basis=DisclosureBasis.CONSENT, note=""),
        )
    with world.db.transaction() as session:
        disclosure_id = record_disclosure(
            session,
            chef,
            RecordDisclosure(
                journal_id=journal_id,
                basis=DisclosureBasis.HARM_ASSESSMENT,
                note="Menprövning gjord: inget men för personen eller närstående.",
            ),
        )
    with world.db.transaction() as session:
        view = open_journal_document(
            session,
            chef,
            PrintJournal(journal_id=journal_id, for_disclosure=True, disclosure_id=disclosure_id),
        )
    assert view.disclosure_basis == "Menprövning"
    assert [note.body for note in view.notes] == ["Blodtryck 135/85."]
    with world.db.read() as session:
        assert session.get(JournalDisclosure, disclosure_id) is not None
    # The nurse prints for the unit's own archive without a disclosure basis.
    with world.db.transaction() as session:
        own = open_journal_document(
            session, world.actor("sjukskoterska"), PrintJournal(journal_id=journal_id)
        )
    assert own.disclosure_basis == ""
