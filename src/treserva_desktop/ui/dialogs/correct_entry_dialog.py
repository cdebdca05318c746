"""Rätta anteckning (W7) and Visa rättning: the upper pane shows the locked note with its
corrections (the original struck through, the new text and who corrected it when); the user
marks text there › Välj › edits it in the lower pane › Orsak › Spara, and the upper pane shows
the correction at once. Opened read-only it only shows the note and its corrections."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import journal_text
from treserva_desktop.domain.commands.journal_corrections import CorrectEntry
from treserva_desktop.domain.errors import DomainError, ValidationError
from treserva_desktop.domain.journal_text import SegmentKind
from treserva_desktop.domain.views.journal_corrections import CorrectedNoteView, CorrectionResult
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Submit
from treserva_desktop.ui.widgets.common import heading, muted_label
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents

CorrectSubmit = Submit[CorrectEntry, CorrectionResult]
Reload = Callable[[], CorrectedNoteView | None]
CONFIRM = (
    "Vill du spara rättningen? Den kan inte tas bort. Originaltexten finns kvar överstruken "
    "och det syns vem som rättade, när och varför."
)
CORRECTED_COLOUR = QColor("#1F4E79")
NOTE_COLOUR = QColor("#555555")


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _python_index(text: str, utf16_offset: int) -> int:
    """The index into `text` of a position a Qt text cursor counts in UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        if units >= utf16_offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


@dataclass(frozen=True, slots=True)
class _Span:
    """Where one unchanged piece of the body sits in the upper pane's document."""

    doc_start: int
    doc_end: int
    body_start: int
    text: str


def _stamp(fix: journal_text.Correction) -> str:
    return f" [rättad {fix.corrected_at:%Y-%m-%d %H:%M} av {fix.corrected_by}]"


def render_note(editor: QTextEdit, view: CorrectedNoteView) -> list[_Span]:
    """Write the composed note into the editor; return where its unchanged text lies."""
    editor.clear()
    cursor = QTextCursor(editor.document())
    plain = QTextCharFormat()
    struck = QTextCharFormat()
    struck.setFontStrikeOut(True)
    replaced = QTextCharFormat()
    replaced.setForeground(CORRECTED_COLOUR)
    replaced.setFontWeight(QFont.Weight.Bold)
    note = QTextCharFormat()
    note.setForeground(NOTE_COLOUR)
    note.setFontItalic(True)
    spans: list[_Span] = []
    body_position = 0
    for segment in view.segments:
        if segment.kind is SegmentKind.UNCHANGED:
            start = cursor.position()
            cursor.insertText(segment.text, plain)
            spans.append(_Span(start, cursor.position(), body_position, segment.text))
            body_position += len(segment.text)
        elif segment.kind is SegmentKind.ORIGINAL:
            cursor.insertText(segment.text, struck)
            body_position += len(segment.text)
            fix = segment.correction
            if fix is not None and not fix.replacement:
                cursor.insertText(_stamp(fix), note)
            else:
                cursor.insertText(" ", plain)  # between the original and the new text
        else:
            cursor.insertText(segment.text, replaced)
            if segment.correction is not None:
                cursor.insertText(_stamp(segment.correction), note)
    return spans


def body_range(spans: list[_Span], start: int, end: int) -> tuple[int, int] | None:
    """The body range [start, end) of a selection in the upper pane, when it lies inside one
    unchanged piece (a selection over a correction or its note has none)."""
    for span in spans:
        if span.doc_start <= start and end <= span.doc_end:
            first = _python_index(span.text, start - span.doc_start)
            last = _python_index(span.text, end - span.doc_start)
            return span.body_start + first, span.body_start + last
    return None


class CorrectEntryDialog(QDialog):
    """`corrected` counts the corrections saved while it was open."""

    def __init__(
        self,
        parent: QWidget | None,
        view: CorrectedNoteView,
        *,
        submit: CorrectSubmit | None = None,
        reload: Reload | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("correct_entry_dialog")
        self.setWindowTitle("Visa rättning" if read_only else "Rätta anteckning")
        self.setWindowIcon(icon("note_corrected"))
        self.view = view
        self._submit = submit
        self._reload = reload
        self.read_only = read_only
        self.corrected = 0
        self.selection: tuple[int, int] | None = None
        self.errors = FieldErrors("error_general")

        self.title = heading(view.heading, scale=1.2)
        self.meta = muted_label()
        self.original = QTextEdit()
        self.original.setObjectName("original_text")
        self.original.setAccessibleName("Anteckningen")
        self.original.setReadOnly(True)
        self.original.setMinimumHeight(180)
        self.spans: list[_Span] = []
        self.corrections_list = muted_label()
        self.corrections_list.setObjectName("corrections_list")
        self.corrections_list.setWordWrap(True)

        self.choose_button = QPushButton("&Välj")
        self.choose_button.setObjectName("choose_button")
        self.choose_button.setToolTip("Flytta den markerade texten till rutan nedan")
        self.chosen = muted_label()
        self.chosen.setObjectName("chosen_text")
        self.replacement = QPlainTextEdit()
        self.replacement.setObjectName("replacement")
        self.replacement.setAccessibleName("Rättad text")
        self.replacement.setMaximumHeight(110)
        self.replacement.setEnabled(False)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName("Orsak")
        self.reason.setMaxLength(journal_text.MAX_REASON)
        self.save_button = QPushButton("&Spara")
        self.save_button.setObjectName("save_button")
        self.save_button.setEnabled(False)
        self.close_button = QPushButton("S&täng")
        self.close_button.setObjectName("close_button")

        buttons = QDialogButtonBox()
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        original_label = QLabel(
            "&Anteckningen:" if read_only else "&Anteckningen (markera texten som ska rättas):"
        )
        original_label.setBuddy(self.original)
        layout.addWidget(original_label)
        layout.addWidget(self.original, 1)
        layout.addWidget(self.corrections_list)
        if not read_only:
            form = QFormLayout()
            form.addRow("", self.choose_button)
            form.addRow("Markerat:", self.chosen)
            form.addRow("&Rättad text:", self.errors.wrap(self.replacement, "replacement"))
            form.addRow("&Orsak:", self.errors.wrap(self.reason, "reason"))
            layout.addLayout(form)
            layout.addWidget(self.errors.label("selection"))
            buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.choose_button.clicked.connect(self.choose)
            self.save_button.clicked.connect(self.save)
        layout.addWidget(self.errors.general)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        if read_only:
            self.close_button.setDefault(True)  # nothing to edit: Enter closes
        else:
            # Enter never presses Välj or Stäng: it is Spara once there is a correction.
            self.choose_button.setAutoDefault(False)
            self.close_button.setAutoDefault(False)
        self.show_view(view)
        self.resize(720, 620)
        self.original.setFocus()

    def show_view(self, view: CorrectedNoteView) -> None:
        self.view = view
        self.meta.setText(
            f"{view.author_name}, {view.author_role_label} · {view.event_at:%Y-%m-%d %H:%M}"
        )
        self.spans = render_note(self.original, view)
        if view.corrections:
            lines = [
                f"Rättad {fix.corrected_at:%Y-%m-%d %H:%M} av {fix.corrected_by}: "
                f"”{fix.original}” → ”{fix.replacement}”. Orsak: {fix.reason}"
                for fix in view.corrections
            ]
            self.corrections_list.setText("\n".join(lines))
        else:
            self.corrections_list.setText("Anteckningen har inte rättats.")

    def choose(self) -> None:
        """Välj: the marked text to the lower pane."""
        self.errors.clear()
        cursor = self.original.textCursor()
        found = (
            body_range(self.spans, cursor.selectionStart(), cursor.selectionEnd())
            if cursor.hasSelection()
            else None
        )
        if found is None:
            message = journal_text.OVERLAPS if cursor.hasSelection() else journal_text.NO_SELECTION
            self.errors.show("selection", message)
            fit_to_contents(self)
            return
        self.selection = found
        selected = self.view.body[found[0] : found[1]]
        self.chosen.setText(f"”{selected}”")
        self.replacement.setEnabled(True)
        self.replacement.setPlainText(selected)
        self.replacement.setFocus()
        self.replacement.selectAll()
        self.save_button.setEnabled(True)
        self.save_button.setDefault(True)

    def build(self) -> CorrectEntry:
        if self.selection is None:
            raise ValidationError(journal_text.NO_SELECTION, field="selection")
        start, end = self.selection
        replacement = self.replacement.toPlainText()
        reason = self.reason.text()
        journal_text.check_correction(
            self.view.body, start, end, replacement, reason, self.view.corrections
        )
        return CorrectEntry.of_range(self.view.entry_id, start, end, replacement, reason.strip())

    def save(self) -> bool:
        """Spara: checked here as the service checks, confirmed, saved; the upper pane then
        shows the correction and the dialog stays open for another or Stäng."""
        self.errors.clear()
        try:
            command = self.build()
        except DomainError as error:
            self.errors.show(error.field, error.message)
            fit_to_contents(self)
            return False
        if not messages.confirm(self, CONFIRM, title="Rätta anteckning", default_yes=False):
            return False
        if self._submit is not None:
            outcome = self._submit(self, command)
            if outcome.refused is not None:
                self.errors.show(outcome.refused.field, outcome.refused.message)
                fit_to_contents(self)
                return False
            if outcome.busy:
                return False
        self.corrected += 1
        self.selection = None
        self.chosen.clear()
        self.replacement.clear()
        self.replacement.setEnabled(False)
        self.reason.clear()
        self.save_button.setEnabled(False)
        refreshed = self._reload() if self._reload is not None else None
        if refreshed is not None:
            self.show_view(refreshed)
        return True

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        view: CorrectedNoteView,
        *,
        submit: CorrectSubmit | None = None,
        reload: Reload | None = None,
        read_only: bool = False,
    ) -> int:
        """Shown modally; how many corrections were saved."""
        dialog = cls(parent, view, submit=submit, reload=reload, read_only=read_only)
        saved = run_modal(dialog, lambda: dialog.corrected)
        return saved if saved is not None else dialog.corrected
