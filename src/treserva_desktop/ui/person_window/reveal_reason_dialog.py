"""Visa skyddade uppgifter: the user states why before a protected person's data is shown."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.person_rules import check_reason
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.widgets.field_errors import error_label

INTRO = (
    "{name} har skyddad identitet. Adress och kontaktuppgifter visas bara när du har angett "
    "varför du behöver dem.\n\nSkälet, vem du är och när du öppnade uppgifterna loggas."
)


class RevealReasonDialog(QDialog):
    """`reason` holds the stated reason after OK."""

    def __init__(self, person_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reveal_reason_dialog")
        self.setWindowTitle("Visa skyddade uppgifter")
        self.reason: str | None = None
        intro = QLabel(INTRO.format(name=person_name))
        intro.setWordWrap(True)
        caption = QLabel("&Skäl:")
        self.text = QPlainTextEdit()
        self.text.setObjectName("reason")
        self.text.setAccessibleName("Skäl")
        self.text.setPlaceholderText("t.ex. Ska skicka kallelse till vårdplanering")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        caption.setBuddy(self.text)
        self.error = error_label("reason_error")

        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton("Visa uppgifter", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("ok_button")
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addWidget(caption)
        layout.addWidget(self.text)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.ok_button.setDefault(True)
        self.text.setFocus()

    def accept(self) -> None:
        try:
            reason = check_reason(self.text.toPlainText())
        except ValidationError as refusal:
            self.error.setText(refusal.message)
            self.error.show()
            self.text.setFocus()
            return
        self.reason = reason
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, person_name: str) -> str | None:
        dialog = cls(person_name, parent)
        return run_modal(dialog, lambda: dialog.reason)
