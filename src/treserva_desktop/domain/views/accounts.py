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
class UnlockOutcome:
    """The lock screen's answer: unlocked, or the message to show (wrong password, locked)."""

    unlocked: bool
    message: str = ""
