"""Internal messages and their recipients (Inkorg)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from treserva_desktop.db.models.base import Base
from treserva_desktop.db.models.organisation import User
from treserva_desktop.domain.field_lengths import MAX_LENGTHS


class Message(Base):
    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    sender_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    subject: Mapped[str] = mapped_column(String(MAX_LENGTHS["subject"]))
    body: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id"))
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignments.id"))
    reply_to_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))

    sender: Mapped[User | None] = relationship()
    recipients: Mapped[list[MessageRecipient]] = relationship(back_populates="message")


class MessageRecipient(Base):
    """A message in one user's Inkorg. `sent_at` is the message's own (never changed), kept
    here too so that a user's Inkorg is read newest first from one index and stops at its
    limit, however many messages the user has had (migration 0028)."""

    __tablename__ = "message_recipients"
    __table_args__ = (
        UniqueConstraint("message_id", "user_id"),
        Index("ix_message_recipients_user_sent", "user_id", "sent_at", "message_id"),
        Index("ix_message_recipients_user_read", "user_id", "read_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    message: Mapped[Message] = relationship(back_populates="recipients")
