"""Commands for accounts: the own password, the idle lock and the administrator's user changes."""

from __future__ import annotations

from pydantic import Field

from treserva_desktop.domain.account_rules import SessionEnding
from treserva_desktop.domain.commands import Command, PasswordCommand
from treserva_desktop.domain.enums import Role
from treserva_desktop.domain.field_lengths import MAX_LENGTHS

_PASSWORD = MAX_LENGTHS["password"]


class ChangePassword(PasswordCommand):
    """Byt lösenord: the current password, the new one and the new one again."""

    current_password: str = Field(max_length=_PASSWORD)
    new_password: str = Field(max_length=_PASSWORD)
    repeated_password: str = Field(max_length=_PASSWORD)


class UnlockSession(PasswordCommand):
    """The password of the logged-in user, typed on the lock screen."""

    password: str = Field(max_length=_PASSWORD)


class Logout(Command):
    """The end of a session, and how it ended."""

    ending: SessionEnding


class CreateUser(PasswordCommand):
    """A new personal account with its first password (the user changes it with Byt lösenord)."""

    username: str = Field(max_length=MAX_LENGTHS["username"])
    display_name: str = Field(max_length=MAX_LENGTHS["display_name"])
    title: str = Field(default="", max_length=MAX_LENGTHS["title"])
    password: str = Field(max_length=_PASSWORD)
    repeated_password: str = Field(max_length=_PASSWORD)


class GrantRole(Command):
    user_id: int
    role: Role
    unit_id: int


class RevokeRole(Command):
    user_id: int
    role: Role
    unit_id: int


class SetUserActive(Command):
    """Inaktivera (active False) or Återaktivera (True): accounts are never deleted."""

    user_id: int
    active: bool


class SetPassword(PasswordCommand):
    """The administrator gives a user a new password (forgotten, or an account without one)."""

    user_id: int
    password: str = Field(max_length=_PASSWORD)
    repeated_password: str = Field(max_length=_PASSWORD)
