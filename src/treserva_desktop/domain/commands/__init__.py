"""Frozen pydantic input models: what a dialog hands to a service (one module per area)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from treserva_desktop.domain.field_lengths import MAX_LENGTHS


class Command(BaseModel):
    """Base for every command: immutable and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class PasswordCommand(Command):
    """A command carrying a password: kept exactly as typed (spaces are part of a password),
    so every password command, the login included, sees the same characters."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


class Login(PasswordCommand):
    username: str = Field(min_length=1, max_length=MAX_LENGTHS["username"])
    password: str = Field(min_length=1, max_length=MAX_LENGTHS["password"])


class RemoveFromMyPersons(Command):
    person_id: int


class MarkMessageRead(Command):
    message_id: int
