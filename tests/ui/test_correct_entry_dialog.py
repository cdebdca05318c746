"""The correction dialog's upper pane: what is marked there maps to the right characters of
the note's body — also after earlier corrections and characters Qt counts twice (UTF-16) —
and a selection over an earlier correction is refused at once."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtGui import QTextCursor

from treserva_desktop.domain.journal_text import OVERLAPS, Correction
from treserva_desktop.domain.views.journal_corrections import CorrectedNoteView
from treserva_desktop.ui.dialogs.correct_entry_dialog import CorrectEntryDialog

AT = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
BODY = "Glad 😀 i dag. Besök kl 8, åt gröt.\nDottern Eva ringde."


def _view(corrections: tuple[Correction, ...] = ()) -> CorrectedNoteView:
    return CorrectedNoteView(
        entry_id=7,
        journal_id=1,
        person_id=1,
        unit_id=1,
        heading="Morgonbesök",
        author_name="Amina Hassan",
        author_role_label="Omvårdnadspersonal",
        event_at=AT,
        body=BODY,
        corrections=corrections,
        locked=True,
    )


def _mark(dialog: CorrectEntryDialog, text: str) -> None:
    found = dialog.original.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(dialog.original.document())
    cursor.setPosition(found.selectionStart())
    cursor.setPosition(found.selectionEnd(), QTextCursor.MoveMode.KeepAnchor)
    dialog.original.setTextCursor(cursor)


def test_a_marked_word_maps_to_the_body_after_an_emoji_and_a_correction(qtbot) -> None:
    start = BODY.index("kl 8")
    earlier = Correction(
        start=0,
        end=4,
        original="Glad",
        replacement="Nöjd",
        reason="Fel ord",
        corrected_by="Karin Lundqvist",
        corrected_at=AT,
    )
    dialog = CorrectEntryDialog(None, _view((earlier,)))
    qtbot.addWidget(dialog)
    _mark(dialog, "Eva")
    dialog.choose()
    assert dialog.selection == (BODY.index("Eva"), BODY.index("Eva") + 3)
    _mark(dialog, "kl 8")
    dialog.choose()
    assert dialog.selection == (start, start + 4)
    assert dialog.replacement.toPlainText() == "kl 8"
    dialog.replacement.setPlainText("kl 9")
    dialog.reason.setText("Fel klockslag")
    command = dialog.build()
    assert (command.start_offset, command.end_offset) == (start, start + 4)
    assert command.first_char == start + 1


def test_a_selection_over_an_earlier_correction_is_refused(qtbot) -> None:
    earlier = Correction(
        start=BODY.index("kl 8"),
        end=BODY.index("kl 8") + 4,
        original="kl 8",
        replacement="kl 9",
        reason="Fel klockslag",
        corrected_by="Karin Lundqvist",
        corrected_at=AT,
    )
    dialog = CorrectEntryDialog(None, _view((earlier,)))
    qtbot.addWidget(dialog)
    _mark(dialog, "kl 9")
    dialog.choose()
    assert dialog.selection is None
    assert dialog.errors.message("selection") == OVERLAPS
    assert not dialog.save_button.isEnabled()
