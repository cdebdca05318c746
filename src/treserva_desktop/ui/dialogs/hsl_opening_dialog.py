"""Öppna HSL-journal (W13): a verksamhetschef states why they need to read the health record
and which licensed colleague reads it with them; both are required and recorded."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from treserva_desktop.domain import hsl_rules
from treserva_desktop.domain.commands.journal_closing import OpenHslJournal
from treserva_desktop.domain.field_lengths import MAX_LENGTHS
from treserva_desktop.ui.dialogs.plan_form import PlanDialog, ask_modal, ok_cancel
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.common import heading, muted_label

OpeningSubmit = Submit[OpenHslJournal, int]
EXPLAINED = (
    "Verksamhetschefen läser HSL-journalen tillsammans med en legitimerad kollega "
    "(sjuksköterska, fysioterapeut, arbetsterapeut eller logoped). Skälet och kollegan "
    "registreras, och öppningen loggas."
)


class HslOpeningDialog(PlanDialog[OpenHslJournal, int]):
    """`submitted` holds the opening's id after Öppna."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        journal_id: int,
        journal_text: str,
        submit: OpeningSubmit | None = None,
    ) -> None:
        super().__init__(parent, title="Öppna HSL-journal", submit=submit)
        self.setObjectName("hsl_opening_dialog")
        self.setWindowIcon(icon("journal"))
        self.journal_id = journal_id
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName("Skäl")
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(90)
        self.colleague = QLineEdit()
        self.colleague.setObjectName("licensed_colleague")
        self.colleague.setAccessibleName("Legitimerad kollega")
        self.colleague.setPlaceholderText("Namn och yrke, t.ex. Maria Sandberg, sjuksköterska")
        self.colleague.setMaxLength(MAX_LENGTHS["licensed_colleague"])
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Skäl:", self.errors.wrap(self.reason, "reason"))
        form.addRow("&Legitimerad kollega:", self.errors.wrap(self.colleague, "licensed_colleague"))
        buttons, self.ok_button = ok_cancel(self, "Ö&ppna")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Öppna HSL-journal", scale=1.2))
        layout.addWidget(muted_label(journal_text))
        layout.addWidget(muted_label(EXPLAINED))
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(500)
        self.reason.setFocus()

    def build(self) -> OpenHslJournal:
        reason, colleague = hsl_rules.check_opening(
            self.reason.toPlainText(), self.colleague.text()
        )
        return OpenHslJournal(
            journal_id=self.journal_id, reason=reason, licensed_colleague=colleague
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, journal_id: int, journal_text: str, submit: OpeningSubmit
    ) -> Submitted[OpenHslJournal, int] | None:
        return ask_modal(
            cls(parent, journal_id=journal_id, journal_text=journal_text, submit=submit)
        )
