"""Frozen pydantic input models: what a dialog hands to a service (one module per area)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Command(BaseModel):
    """Base for every command: immutable and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Login(Command):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class RemoveFromMyPersons(Command):
    person_id: int


class MarkMessageRead(Command):
    message_id: int
