"""Svara…: answer the sender of an Inkorg message, with the original quoted underneath."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain import inbox_rules
from treserva_desktop.domain.assignment_rules import reply_subject
from treserva_desktop.domain.commands.inbox import ReplyToMessage
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import max_length
from treserva_desktop.domain.views.inbox import MessageView
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import icon_heading, muted_label, value_label


class ReplyDialog(QDialog):
    """`command` holds the ReplyToMessage after OK."""

    def __init__(self, message: MessageView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = message
        self.command: ReplyToMessage | None = None
        self.setObjectName("reply_dialog")
        self.setWindowTitle("Svara på meddelande")
        self.setWindowIcon(icon("reply"))
        header, _icon, _title = icon_heading(icon("reply"), f"Svar till {message.sender_name}")

        self.subject = QLineEdit(reply_subject(message.subject))
        self.subject.setObjectName("subject")
        self.subject.setMaxLength(max_length("subject"))
        self.subject.setAccessibleName("Rubrik")
        form = QFormLayout()
        form.addRow("Till:", value_label(message.sender_name))
        if message.person_name:
            form.addRow("Gäller:", value_label(message.person_name))
        form.addRow("&Rubrik:", self.subject)

        self.body = QPlainTextEdit()
        self.body.setObjectName("body")
        self.body.setAccessibleName("Svar")
        self.body.setPlaceholderText("Skriv ditt svar här.")
        self.body.setTabChangesFocus(True)

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#b00020;")
        self.error.hide()

        original_heading = muted_label(
            f"Ursprungligt meddelande från {message.sender_name}, "
            f"{date_time_text(message.sent_at)}: {message.subject}"
        )
        self.original = QPlainTextEdit(message.body)
        self.original.setObjectName("original")
        self.original.setReadOnly(True)
        self.original.setStyleSheet("QPlainTextEdit { background:#f4f5f7; color:#333333; }")
        self.original.setMaximumHeight(160)

        buttons = QDialogButtonBox()
        self.send_button = buttons.addButton("Skicka svar", QDialogButtonBox.ButtonRole.AcceptRole)
        self.send_button.setObjectName("send_button")
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(form)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.error)
        layout.addWidget(original_heading)
        layout.addWidget(self.original)
        layout.addWidget(buttons)
        self.resize(620, 520)
        self.send_button.setDefault(True)
        self.body.setFocus()
        self.body.textChanged.connect(self.error.hide)

    def accept(self) -> None:
        body = self.body.toPlainText()
        subject = self.subject.text().strip()
        try:
            inbox_rules.check_reply(subject, body)
        except ValidationError as problem:
            (self.subject if problem.field == "subject" else self.body).setFocus()
            self.error.setText(problem.message)
            self.error.show()
            return
        self.command = ReplyToMessage(message_id=self.message.id, body=body, subject=subject)
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, message: MessageView) -> ReplyToMessage | None:
        dialog = cls(message, parent)
        return run_modal(dialog, lambda: dialog.command)
