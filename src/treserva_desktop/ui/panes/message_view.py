"""An Inkorg message selected: sender, date, concerned person and the text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.db.queries.inbox import message_detail
from treserva_desktop.domain.views.inbox import MessageView
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.formatting import date_time_text
from treserva_desktop.ui.handlers import inbox as inbox_handlers
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import fetch
from treserva_desktop.ui.tree.nodes import Node
from treserva_desktop.ui.widgets.common import icon_heading, muted_label, value_label


class MessageViewPane(QWidget):
    """Shows one message and marks it read; Svara… and Visa uppdrag act on it."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_view")
        self.ctx = ctx
        self.detail: MessageView | None = None
        header, self.icon_label, self.subject = icon_heading(icon("message"), "")
        self.subject.setObjectName("message_subject")
        self.sender_label = value_label()
        self.sender_label.setObjectName("message_sender")
        self.sent_at = value_label()
        self.sent_at.setObjectName("message_sent_at")
        self.person = value_label()
        self.person.setObjectName("message_person")
        self.state = value_label()
        form = QFormLayout()
        form.addRow("Från:", self.sender_label)
        form.addRow("Skickat:", self.sent_at)
        form.addRow("Gäller:", self.person)
        form.addRow("Status:", self.state)
        self.body = QTextBrowser()
        self.body.setObjectName("message_body")
        self.body.setOpenLinks(False)
        self.error = muted_label()
        self.error.hide()
        self.reply_button = QPushButton(icon("reply"), "Svara…")
        self.reply_button.setObjectName("reply_button")
        self.reply_button.clicked.connect(self._reply)
        self.assignment_button = QPushButton(icon("assignment"), "Visa uppdrag")
        self.assignment_button.setObjectName("show_assignment_button")
        self.assignment_button.setToolTip("Öppna uppdraget som meddelandet gäller (Läs uppdrag)")
        self.assignment_button.clicked.connect(self._show_assignment)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reply_button)
        buttons.addWidget(self.assignment_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.error)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.body, 1)

    def show_node(self, node: Node) -> None:
        if node.message_id is not None:
            self.show_message(node.message_id, node.title)

    def show_message(self, message_id: int, fallback_subject: str = "") -> None:
        fetched = fetch(self.ctx, message_detail, message_id)
        detail = fetched.value
        self.detail = detail
        if detail is None:
            self.subject.setText(fallback_subject or "Meddelandet kan inte visas")
            self.error.setText(fetched.error or "")
            self.error.show()
            for label in (self.sender_label, self.sent_at, self.person, self.state):
                label.setText("–")
            self.body.clear()
            self.reply_button.hide()
            self.assignment_button.hide()
            return
        self.error.hide()
        self.icon_label.setPixmap(
            icon("message_read" if detail.read_at else "message").pixmap(32, 32)
        )
        self.subject.setText(detail.subject)
        self.sender_label.setText(detail.sender_name)
        self.sent_at.setText(date_time_text(detail.sent_at))
        self.person.setText(detail.person_name or "Ingen person")
        self.state.setText(f"Läst {date_time_text(detail.read_at)}" if detail.read_at else "Oläst")
        self.body.setPlainText(detail.body or "(Meddelandet saknar text.)")
        self.reply_button.setVisible(detail.can_reply)
        self.assignment_button.setVisible(detail.assignment_id is not None)
        if detail.read_at is None:
            # Last: the change event shows this message again, now as read.
            inbox_handlers.mark_message_read(self.ctx, self, detail.id)

    def _reply(self) -> None:
        if self.detail is not None:
            inbox_handlers.reply_to_message(self.ctx, self, self.detail.id)

    def _show_assignment(self) -> None:
        if self.detail is not None and self.detail.assignment_id is not None:
            inbox_handlers.show_assignment(self.ctx, self, self.detail.assignment_id)
