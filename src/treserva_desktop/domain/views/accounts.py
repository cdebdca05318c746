"""Read models for accounts: users as the administrator sees them, and the units to grant at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from treserva_desktop.domain.enums import Role


@dataclass(frozen=True, slots=True)
class GrantView:
    role: Role
    unit_id: int
    unit_name: str

    @property
    def label(self) -> str:
        return f"{self.role.label}, {self.unit_name}"


@dataclass(frozen=True, slots=True)
class UserView:
    id: int
    username: str
    display_name: str
    title: str
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    grants: tuple[GrantView, ...]


@dataclass(frozen=True, slots=True)
class UnitChoice:
    """A unit the administrator may grant roles at, indented by its depth in the tree."""

    id: int
    name: str
    depth: int


@dataclass(frozen=True, slots=True)
class PasswordAnswer:
    """How a password the user typed was taken (lock screen, Byt lösenord): accepted, or the
    message to show at `field` (wrong password, account locked). A refusal is an answer, not
    an error, because its failed attempt is counted and must be committed."""

    ok: bool
    message: str = ""
    field: str | None = None


@dataclass(frozen=True, slots=True)
class UserList:
    """One page of users; `more` when the filter matches more than are shown."""

    users: tuple[UserView, ...]
    more: bool = False
