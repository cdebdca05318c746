"""Visa skyddade uppgifter: the user chooses why (a code list) before a protected person's
data is shown, with an optional short comment."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.commands.persons import RevealReasonChoice
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import MAX_LENGTHS
from treserva_desktop.domain.person_rules import check_reveal_reason
from treserva_desktop.domain.views.persons import RevealReasonOption
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.widgets.field_errors import error_label

INTRO = (
    "{name} har skyddad identitet. Adress och kontaktuppgifter visas bara när du har valt "
    "varför du behöver dem.\n\nSkälet, vem du är, från vilken enhet och när du öppnade "
    "uppgifterna loggas."
)
CHOOSE = "Välj skäl…"


class RevealReasonDialog(QDialog):
    """`choice` holds the chosen reason and comment after OK."""

    def __init__(
        self,
        person_name: str,
        reasons: Sequence[RevealReasonOption],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reveal_reason_dialog")
        self.setWindowTitle("Visa skyddade uppgifter")
        self.choice: RevealReasonChoice | None = None
        self._codes = [option.code for option in reasons]
        intro = QLabel(INTRO.format(name=person_name))
        intro.setWordWrap(True)

        self.reason = QComboBox()
        self.reason.setObjectName("reason_code")
        self.reason.setAccessibleName("Skäl")
        self.reason.addItem(CHOOSE, "")
        for option in reasons:
            self.reason.addItem(option.name, option.code)
        self.comment = QLineEdit()
        self.comment.setObjectName("comment")
        self.comment.setAccessibleName("Kommentar")
        self.comment.setMaxLength(MAX_LENGTHS["reveal_comment"])
        self.comment.setPlaceholderText("Frivillig, kort – skriv inga känsliga uppgifter")
        self.error = error_label("reason_error")

        form = QFormLayout()
        form.addRow("&Skäl:", self.reason)
        form.addRow("&Kommentar:", self.comment)

        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Visa uppgifter", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("ok_button")
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.ok_button.setDefault(True)
        self.reason.setFocus()

    def accept(self) -> None:
        code = str(self.reason.currentData() or "")
        try:
            code, comment = check_reveal_reason(code, self.comment.text(), self._codes)
        except ValidationError as refusal:
            self.error.setText(refusal.message)
            self.error.show()
            (self.comment if refusal.field == "comment" else self.reason).setFocus()
            return
        self.choice = RevealReasonChoice(code=code, comment=comment)
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, person_name: str, reasons: Sequence[RevealReasonOption]
    ) -> RevealReasonChoice | None:
        dialog = cls(person_name, reasons, parent)
        return run_modal(dialog, lambda: dialog.choice)
