"""Rätta anteckning (W7): only a verksamhetschef of the unit, only locked notes, a selection
inside the text not overlapping an earlier correction, a reason; audited without text."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from tests.helpers.assignment_world import World, build_world
from tests.helpers.journal_notes import BODY, add_journal, add_note, engaged_person

from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, JournalCorrection, JournalEntry
from treserva_desktop.db.queries.journal_corrections import (
    corrected_entry_ids,
    corrected_note_view,
)
from treserva_desktop.domain.changes import ChangeKind, change_set_of
from treserva_desktop.domain.commands.journal_corrections import CorrectEntry
from treserva_desktop.domain.enums import AuditAction
from treserva_desktop.domain.errors import PermissionDenied, ValidationError
from treserva_desktop.domain.journal_text import SegmentKind, current_text
from treserva_desktop.services.journal_corrections import correct_entry

START = BODY.index("kl 8")


def _command(entry_id: int, **overrides: object) -> CorrectEntry:
    values: dict[str, object] = {
        "start": START,
        "end": START + 4,
        "replacement": "kl 9",
        "reason": "Fel klockslag angivet",
    }
    values.update(overrides)
    return CorrectEntry.of_range(entry_id, **values)  # type: ignore[arg-type]


def _correct(world: World, username: str, command: CorrectEntry) -> object:
    with world.db.transaction() as session:
        return correct_entry(session, world.actor(username), command)


@pytest.fixture
def note(world: World) -> int:
    person_id = engaged_person(world)
    return add_note(world, add_journal(world, person_id))


def test_operations_manager_corrects_a_locked_note(any_db: Database) -> None:
    world = build_world(any_db)
    person_id = engaged_person(world)
    entry_id = add_note(world, add_journal(world, person_id))
    result = _correct(world, "chef", _command(entry_id))
    change = change_set_of(correct_entry, _command(entry_id), result)
    assert change.kinds == {ChangeKind.JOURNALS}
    assert change.persons == {person_id}
    with any_db.read() as session:
        entry = session.get(JournalEntry, entry_id)
        assert entry is not None
        assert entry.body == BODY, "the note itself is never changed"
        row = session.scalars(select(JournalCorrection)).one()
        assert (row.original_text, row.replacement_text) == ("kl 8", "kl 9")
        assert row.corrected_by == world.users["chef"]
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "journal_correction")
        ).one()
        assert event.action is AuditAction.CREATE
        assert event.person_id == person_id
        assert "kl" not in str(event.details), "no journal text in the audit trail"
    with any_db.read() as session:
        view = corrected_note_view(session, world.actor("chef"), entry_id)
        assert corrected_entry_ids(session, [entry_id, entry_id + 1000]) == {entry_id}
    assert current_text(view.body, view.corrections) == BODY.replace("kl 8", "kl 9")
    kinds = [segment.kind for segment in view.segments]
    assert kinds.count(SegmentKind.ORIGINAL) == 1
    assert view.corrections[0].corrected_by == "Karin Lundqvist"


@pytest.mark.parametrize("username", ["gruppchef", "personal", "handlaggare", "soder"])
def test_other_roles_are_refused_with_a_clear_message(
    world: World, note: int, username: str
) -> None:
    with pytest.raises(PermissionDenied) as caught:
        _correct(world, username, _command(note))
    assert "rätta" in caught.value.message
    with world.db.read() as session:
        assert session.scalars(select(JournalCorrection)).first() is None


def test_an_open_note_is_not_corrected(world: World) -> None:
    person_id = engaged_person(world)
    entry_id = add_note(world, add_journal(world, person_id), locked=False)
    with pytest.raises(ValidationError, match="inte skrivskyddad"):
        _correct(world, "chef", _command(entry_id))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end": START}, "selection"),
        ({"end": len(BODY) + 5}, "selection"),
        ({"reason": "  "}, "reason"),
        ({"replacement": "kl 8"}, "replacement"),
    ],
)
def test_bad_corrections_change_nothing(
    world: World, note: int, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _correct(world, "chef", _command(note, **overrides))
    assert caught.value.field == field
    with world.db.read() as session:
        assert session.scalars(select(JournalCorrection)).first() is None
        assert not session.scalars(
            select(AuditEvent).where(AuditEvent.entity_type == "journal_correction")
        ).all()


def test_a_second_correction_may_not_overlap_the_first(world: World, note: int) -> None:
    _correct(world, "chef", _command(note))
    with pytest.raises(ValidationError, match="redan rättats"):
        _correct(world, "chef", _command(note, start=START + 2, end=START + 8))
    _correct(world, "chef", _command(note, start=0, end=5, replacement="Maria"))
    with world.db.read() as session:
        view = corrected_note_view(session, world.actor("chef"), note)
    expected = BODY.replace("kl 8", "kl 9").replace("Märta", "Maria")
    assert current_text(view.body, view.corrections) == expected


def test_the_correction_view_is_audited_and_scoped(world: World, note: int) -> None:
    with world.db.transaction() as session:
        corrected_note_view(session, world.actor("personal"), note)
    with world.db.read() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == AuditAction.READ_JOURNAL)
        ).one()
        assert event.entity_id == note
    with pytest.raises(PermissionDenied), world.db.read() as session:
        corrected_note_view(session, world.actor("personal_soder"), note)
