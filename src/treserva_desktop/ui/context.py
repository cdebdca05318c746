"""The explicit context handed to every window, handler and loader (no globals)."""

from __future__ import annotations

from dataclasses import dataclass

from treserva_desktop.clock import Clock
from treserva_desktop.db.database import Database
from treserva_desktop.domain.rules import Actor
from treserva_desktop.settings import Settings
from treserva_desktop.ui.events import AppEvents
from treserva_desktop.ui.preferences import Preferences


@dataclass(frozen=True, slots=True)
class AppContext:
    """Everything a logged-in session needs: where the data is, who acts, how to notify."""

    database: Database
    settings: Settings
    actor: Actor
    events: AppEvents
    preferences: Preferences
    # Filled by the demo generator: the main window's title says so.
    is_demo: bool = False

    @classmethod
    def create(
        cls,
        database: Database,
        settings: Settings,
        actor: Actor,
        *,
        events: AppEvents | None = None,
        preferences: Preferences | None = None,
        is_demo: bool = False,
    ) -> AppContext:
        return cls(
            database=database,
            settings=settings,
            actor=actor,
            events=events or AppEvents(),
            preferences=(preferences or Preferences.for_settings(settings)).for_user(actor.user_id),
            is_demo=is_demo,
        )

    @property
    def clock(self) -> Clock:
        """The one clock of this session: the database's, so the UI and services agree."""
        return self.database.clock

    @property
    def role_label(self) -> str:
        role = self.actor.primary_role
        return role.label if role else "Ingen roll"

    @property
    def database_label(self) -> str:
        """'SQLite: /path/file' or 'PostgreSQL: host/db' (never a password)."""
        return database_label(self.database)


def database_label(database: Database) -> str:
    if database.is_sqlite:
        return f"SQLite: {database.display_location}"
    url = database.url
    host = url.host or "localhost"
    if url.port:
        host = f"{host}:{url.port}"
    name = "PostgreSQL" if database.dialect == "postgresql" else database.dialect
    return f"{name}: {host}/{url.database or ''}"
