"""Frozen pydantic input models: what a dialog hands to a service (one module per area)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from treserva_desktop.domain.bounds import check_value
from treserva_desktop.domain.field_lengths import MAX_LENGTHS


class Command(BaseModel):
    """Base for every command: immutable and strict about unknown fields.

    Every field of every command, in subclasses too, keeps domain.bounds: ids within
    1..2^31 - 1, text without NUL or control characters and at most 20 000 characters, dates
    between 1900 and 2199, finite hours. A value outside fails validation here, before any
    service or database sees it; the services give the field-specific messages within.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _within_bounds(cls, value: Any) -> Any:
        return check_value(value)


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
