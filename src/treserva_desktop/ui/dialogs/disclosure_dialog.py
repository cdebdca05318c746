"""Skriv ut för utlämnande (W13): before an HSL journal leaves the unit, the person's consent
or a menprövning is recorded — which one, and how it was given or what it found."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QPlainTextEdit, QVBoxLayout, QWidget

from treserva_desktop.domain import hsl_rules
from treserva_desktop.domain.commands.journal_closing import RecordDisclosure
from treserva_desktop.domain.enums import DisclosureBasis
from treserva_desktop.ui.dialogs.plan_form import PlanDialog, ask_modal, ok_cancel
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.common import heading, muted_label

DisclosureSubmit = Submit[RecordDisclosure, int]
EXPLAINED = (
    "Utskrift av journalhandling för utlämnande kräver personens samtycke eller en "
    "menprövning. Det du anger registreras och utskriften loggas."
)


class DisclosureDialog(PlanDialog[RecordDisclosure, int]):
    """`submitted` holds the recorded basis's id after OK."""

    def __init__(
        self, parent: QWidget | None, *, journal_id: int, submit: DisclosureSubmit | None = None
    ) -> None:
        super().__init__(parent, title="Skriv ut för utlämnande", submit=submit)
        self.setObjectName("disclosure_dialog")
        self.setWindowIcon(icon("print"))
        self.journal_id = journal_id
        self.basis = QComboBox()
        self.basis.setObjectName("basis")
        self.basis.setAccessibleName("Grund")
        for basis in DisclosureBasis:
            self.basis.addItem(basis.label, basis)
        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setAccessibleName("Beskrivning")
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        form = QFormLayout()
        form.addRow("&Grund:", self.basis)
        form.addRow("&Beskrivning:", self.errors.wrap(self.note, "note"))
        buttons, self.ok_button = ok_cancel(self, "&OK")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Skriv ut för utlämnande", scale=1.2))
        layout.addWidget(muted_label(EXPLAINED))
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.basis.setFocus()

    def build(self) -> RecordDisclosure:
        note = hsl_rules.check_disclosure_note(self.note.toPlainText())
        # Qt hands the item's data back as a plain str.
        basis = DisclosureBasis(str(self.basis.currentData()))
        return RecordDisclosure(journal_id=self.journal_id, basis=basis, note=note)

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, journal_id: int, submit: DisclosureSubmit
    ) -> Submitted[RecordDisclosure, int] | None:
        return ask_modal(cls(parent, journal_id=journal_id, submit=submit))
