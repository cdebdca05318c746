"""Pure rules for messages in the Inkorg: recipients, subject and body."""

from __future__ import annotations

from collections.abc import Collection

from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.field_lengths import check_fits

NO_RECIPIENTS = "Välj minst en mottagare."
NO_SUBJECT = "Ange en rubrik för meddelandet."
NO_REPLY = "Skriv ett svar."
NOT_REPLYABLE = "Meddelandet kommer från systemet och kan inte besvaras."


def check_recipients(recipient_ids: Collection[int]) -> None:
    if not recipient_ids:
        raise ValidationError(NO_RECIPIENTS, field="recipient_ids")


def check_subject_and_body(subject: str, body: str) -> None:
    """A subject that is given and fits its column, and a body that fits."""
    if not subject.strip():
        raise ValidationError(NO_SUBJECT, field="subject")
    check_fits("subject", subject, "Rubriken")
    check_fits("body", body, "Meddelandet")


def check_replyable(sender_user_id: int | None) -> int:
    """The sender to answer; a message the system sent (no sender) has no one to answer."""
    if sender_user_id is None:
        raise ValidationError(NOT_REPLYABLE, field="message_id")
    return sender_user_id


def check_reply(subject: str, body: str) -> None:
    """A reply says something; its subject (prefilled 'Sv: ...') follows the message rules."""
    if not body.strip():
        raise ValidationError(NO_REPLY, field="body")
    check_subject_and_body(subject, body)
