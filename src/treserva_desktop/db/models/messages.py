"""Internal messages and their recipients (Inkorg)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
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
    __tablename__ = "message_recipients"
    __table_args__ = (UniqueConstraint("message_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    message: Mapped[Message] = relationship(back_populates="recipients")
