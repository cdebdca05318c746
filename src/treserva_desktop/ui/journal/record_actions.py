"""What journal2 adds to the journal window: on a note Rätta anteckning… (W7) and Visa
rättning…; in Arkiv Skriv ut and Avsluta journal… (W12, printing offered first); and before an
HSL journal opens for a verksamhetschef, the reason and the licensed colleague (W13). The
journal window calls add_note_actions / add_archive_actions; the journal handler calls
ensure_hsl_opening before it reads the journal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget
from shiboken6 import isValid
from sqlalchemy.orm import Session

from treserva_desktop.db.queries.hsl_openings import is_nurse_at, needs_opening
from treserva_desktop.db.queries.journal_corrections import corrected_note_view
from treserva_desktop.db.queries.journal_document import unlocked_note_count
from treserva_desktop.domain import hsl_rules
from treserva_desktop.domain.commands.journal_closing import (
    CloseJournal,
    JournalOutput,
    PrintJournal,
)
from treserva_desktop.domain.enums import JournalKind, Permission
from treserva_desktop.domain.errors import PermissionDenied
from treserva_desktop.domain.journal_rules import check_writer
from treserva_desktop.domain.rules import Actor, require
from treserva_desktop.domain.views.journal_document import JournalDocumentView
from treserva_desktop.domain.views.journals import JournalView, NoteRow
from treserva_desktop.services import hsl_openings, journal_closing, journal_corrections
from treserva_desktop.ui import messages, runner
from treserva_desktop.ui.background import BackgroundOperation, Progress, run_in_background
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.dialogs.correct_entry_dialog import CorrectEntryDialog
from treserva_desktop.ui.dialogs.disclosure_dialog import DisclosureDialog
from treserva_desktop.ui.dialogs.hsl_opening_dialog import HslOpeningDialog

if TYPE_CHECKING:
    from collections.abc import Callable

    from treserva_desktop.ui.journal.journal_window import JournalWindow
    from treserva_desktop.ui.pdf_window import PdfWindow

PRINT_FIRST = (
    "Vill du skriva ut journalen innan den avslutas? Handlingarna ska skrivas ut och "
    "arkiveras enligt kommunens rutin."
)
CLOSE_QUESTION = (
    "Vill du avsluta journalen? En avslutad journal tar inte emot nya anteckningar och kan "
    "inte öppnas för skrivning igen."
)
UNLOCKED_WARNING = (
    "Journalen har {count} anteckningar som inte är signerade och ännu kan ändras. De låses "
    "när journalen avslutas och kan sedan inte ändras av någon. "
)
CLOSED = "Journalen är avslutad."
RENDER_FAILED = "Journalen kunde inte visas som dokument på grund av ett oväntat fel."
_ORPHANS: set[PdfWindow] = set()


# -- a note's menu --------------------------------------------------------------------------


def add_note_actions(window: JournalWindow, menu: QMenu, row: NoteRow) -> None:
    """Rätta anteckning… on a locked note, Visa rättning… on a corrected one."""
    correct = menu.addAction("&Rätta anteckning…")
    correct.setObjectName("correct_note")
    correct.setEnabled(row.locked)
    correct.triggered.connect(lambda: correct_note(window, row))
    show = menu.addAction("&Visa rättning…")
    show.setObjectName("show_correction")
    show.setEnabled(row.corrected)
    show.triggered.connect(lambda: show_correction(window, row))


def correct_note(window: JournalWindow, row: NoteRow) -> int:
    """Only a verksamhetschef of the unit corrects; anyone else is told so at once (the
    service refuses them regardless)."""
    ctx = window.ctx
    try:
        require(ctx.actor, Permission.CORRECT_JOURNAL, window.view.unit_id)
    except PermissionDenied as refused:
        messages.error(window, refused.message, title="Rätta anteckning")
        return 0
    fetched = runner.fetch(ctx, corrected_note_view, row.id)
    if fetched.value is None:
        messages.error(window, fetched.error or runner.GENERIC_READ_ERROR)
        return 0
    return CorrectEntryDialog.ask(
        window,
        fetched.value,
        submit=runner.submitter(ctx, journal_corrections.correct_entry),
        reload=lambda: runner.fetch(ctx, corrected_note_view, row.id).value,
    )


def show_correction(window: JournalWindow, row: NoteRow) -> None:
    fetched = runner.fetch(window.ctx, corrected_note_view, row.id)
    if fetched.value is None:
        messages.error(window, fetched.error or runner.GENERIC_READ_ERROR)
        return
    CorrectEntryDialog.ask(window, fetched.value, read_only=True)


# -- Arkiv ----------------------------------------------------------------------------------


def add_archive_actions(window: JournalWindow) -> None:
    """Skriv ut and Avsluta journal… in Arkiv, above Stäng; enabled as the menu opens."""
    menu = window.archive_menu
    print_action = QAction("Skriv &ut", window)
    print_action.setObjectName("print_journal")
    print_action.triggered.connect(lambda: print_journal(window))
    close_action = QAction("&Avsluta journal…", window)
    close_action.setObjectName("end_journal")
    close_action.triggered.connect(lambda: end_journal(window))
    menu.addAction(print_action)
    menu.addAction(close_action)
    menu.addSeparator()
    menu.aboutToShow.connect(lambda: close_action.setEnabled(may_close(window)))


def may_write(ctx: AppContext, view: JournalView) -> bool:
    """Whether the user writes in this journal (the rule the journal's service applies): a
    verksamhetschef reading an HSL journal, or anyone in a closed one, does not."""
    return not view.closed and hsl_rules.may(check_writer, ctx.actor, view.kind, view.unit_id)


def may_close(window: JournalWindow) -> bool:
    view = window.view
    return not view.closed and hsl_rules.may(
        hsl_rules.check_closer, window.ctx.actor, view.kind, view.unit_id
    )


def _disclosure_id(window: JournalWindow) -> int | bool | None:
    """The disclosure basis an HSL print by anyone but the unit's nurses needs: its id, None
    when none is needed, False when the user cancelled."""
    view = window.view
    if view.kind is not JournalKind.HSL or is_nurse_at(window.ctx.actor, view.unit_id):
        return None
    submitted = DisclosureDialog.ask(
        window,
        journal_id=view.id,
        submit=runner.submitter(window.ctx, hsl_openings.record_disclosure),
    )
    if submitted is None or submitted.value is None:
        return False
    return submitted.value


def print_journal(
    window: JournalWindow, then: Callable[[], object] | None = None
) -> BackgroundOperation[bytes] | None:
    """Skriv ut: the audited read, the PDF rendered in the background with Avbryt, shown in
    the PDF window (its Skriv ut / Spara som audited); `then` runs once it is shown."""
    disclosure = _disclosure_id(window)
    if disclosure is False:
        return None
    command = PrintJournal(
        journal_id=window.view.id,
        for_disclosure=disclosure is not None,
        disclosure_id=disclosure if isinstance(disclosure, int) else None,
    )
    ctx = window.ctx
    view = runner.run(ctx, window, journal_closing.open_journal_document, command)
    if view is None:
        return None
    printed_at = ctx.clock.local_now()

    def render(_session: Session, _actor: Actor, progress: Progress) -> bytes:
        from treserva_desktop.documents.journal_document import render_journal

        return render_journal(view, printed_at=printed_at, check=progress.check)

    def shown(pdf: bytes) -> None:
        pdf_window = _show(ctx, window, view, pdf)
        if then is not None:
            # Printed and archived first: the next step waits until the PDF window is closed.
            pdf_window.destroyed.connect(lambda _obj=None: then() if isValid(window) else None)

    return run_in_background(
        ctx,
        window,
        render,
        label=f"Journalen förbereds för utskrift ({len(view.notes)} anteckningar)…",
        title="Skriv ut",
        on_success=shown,
        on_failure=lambda _text: messages.error(window, RENDER_FAILED),
    )


def _show(ctx: AppContext, parent: QWidget, view: JournalDocumentView, pdf: bytes) -> PdfWindow:
    from treserva_desktop.ui.pdf_window import PdfWindow as Window

    window = Window(
        pdf,
        title=f"{view.title} – {view.person_name}",
        file_name=f"{view.title} {view.person_name}",
        parent=parent,
    )
    window.setObjectName("journal_pdf_window")

    def record_output(saved_to_file: bool) -> bool:
        command = JournalOutput(journal_id=view.journal_id, saved_to_file=saved_to_file)
        return runner.run(ctx, window, journal_closing.record_journal_output, command) is not None

    window.on_output = record_output
    _ORPHANS.add(window)
    window.destroyed.connect(lambda _obj=None, w=window: _ORPHANS.discard(w))
    window.show()
    window.activateWindow()
    return window


def end_journal(window: JournalWindow) -> None:
    """Arkiv › Avsluta journal…: print first (Ja), straight on (Nej) or not at all (Avbryt);
    then, confirmed, the journal is closed."""
    if window.view.closed:
        messages.info(window, CLOSED, title="Avsluta journal")
        return
    answer = messages.ask_save_changes(window, PRINT_FIRST, title="Avsluta journal")
    if answer is None:
        return
    if answer:
        print_journal(window, then=lambda: close_journal(window))
        return
    close_journal(window)


def close_journal(window: JournalWindow) -> bool:
    """Confirmed (told first how many notes it will lock), the journal is closed."""
    unlocked = runner.fetch(window.ctx, unlocked_note_count, window.view.id).value or 0
    warning = UNLOCKED_WARNING.format(count=unlocked) if unlocked else ""
    if not messages.confirm(
        window, warning + CLOSE_QUESTION, title="Avsluta journal", default_yes=False
    ):
        return False
    command = CloseJournal(journal_id=window.view.id, expected_version=window.view.version)
    if runner.run(window.ctx, window, journal_closing.close_journal, command) is None:
        return False
    messages.info(window, CLOSED, title="Avsluta journal")
    return True


# -- before an HSL journal opens ---------------------------------------------------------------


def ensure_hsl_opening(ctx: AppContext, parent: QWidget | None, journal_id: int) -> bool:
    """True when the journal may be read now: no opening needed, or the reason and the
    colleague given and recorded (a verksamhetschef on an HSL journal)."""
    fetched = runner.fetch(ctx, needs_opening, journal_id)
    if fetched.value is None:
        messages.error(parent, fetched.error or runner.GENERIC_READ_ERROR)
        return False
    if not fetched.value:
        return True
    submitted = HslOpeningDialog.ask(
        parent,
        journal_id=journal_id,
        journal_text="HSL-journal",
        submit=runner.submitter(ctx, hsl_openings.open_hsl_journal),
    )
    return submitted is not None and submitted.value is not None
