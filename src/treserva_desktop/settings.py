"""Application settings from the environment (TRESERVA_*) and the command line."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from pydantic import Field, PrivateAttr
from pydantic_settings import BaseSettings, SettingsConfigDict

from treserva_desktop.paths import default_data_dir


class Settings(BaseSettings):
    """Where the data lives and the few rules an installation may tune."""

    model_config = SettingsConfigDict(env_prefix="TRESERVA_", extra="ignore")

    database_url: str | None = None
    # PostgreSQL's password file (libpq's passfile), so no password stands in the URL.
    database_passfile: Path | None = None
    data_dir: Path = Field(default_factory=default_data_dir)
    overdue_working_days: int = Field(default=2, ge=0, le=60)
    not_current_lookback_days: int = Field(default=90, ge=1, le=3650)
    # Minutes without keyboard or mouse input before the windows are covered and the password
    # is asked for again (tests use a fraction of a minute).
    idle_lock_minutes: float = Field(default=15.0, gt=0, le=8 * 60)
    # Other workstations' changes shown within about a second (README, Live updates); off,
    # the user refreshes with Uppdatera (F5) as before.
    live_updates: bool = True
    # Where the live updates listen on PostgreSQL when database_url goes through PgBouncer in
    # transaction pooling: LISTEN needs a session of its own, so directly to the server
    # (docs/deployment-scale.md). None: database_url.
    live_database_url: str | None = None
    # Shown under Hjälp › Användarstöd; each installation sets its own support desk.
    support_name: str = "Användarstöd Vård och omsorg"
    support_phone: str = "08-465 004 99"
    support_hours: str = "vardagar 08.00–16.30"
    support_email: str = "anvandarstod@kommun.example"

    # Where database_url came from, in Swedish (set by configuration.load_settings).
    _database_origin: str = PrivateAttr(default="")
    # True when database_url came from a configuration file or the policy key: an empty
    # SQLite file named there is never filled with the demo municipality.
    _installation_database: bool = PrivateAttr(default=False)

    @property
    def database_origin(self) -> str:
        return self._database_origin or (
            "inställningarna" if self.database_url else "den inbyggda lokala demodatabasen"
        )

    def set_database_origin(self, origin: str, *, installation: bool) -> None:
        self._database_origin = origin
        self._installation_database = installation

    @property
    def database_from_installation(self) -> bool:
        """database_url came from a configuration file or the policy key."""
        return self._installation_database

    @property
    def may_fill_demo(self) -> bool:
        """Only a local SQLite database not named by the installation's configuration."""
        return self.is_local_sqlite and not self._installation_database

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "treserva.sqlite3"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self._with_passfile(self.database_url)
        return f"sqlite:///{self.sqlite_path}"

    def resolved_live_url(self) -> str | None:
        """The live updates' own address (with the password file), or None: the database's."""
        return self._with_passfile(self.live_database_url) if self.live_database_url else None

    def _with_passfile(self, url: str) -> str:
        if self.database_passfile and not url.startswith("sqlite"):
            separator = "&" if "?" in url else "?"
            return f"{url}{separator}passfile={quote(str(self.database_passfile))}"
        return url

    @property
    def uses_configured_database(self) -> bool:
        """A database was named (command line, environment, user or machine configuration):
        the program then never opens or fills a local demo database instead."""
        return bool(self.database_url)

    @property
    def is_local_sqlite(self) -> bool:
        return self.resolved_database_url().startswith("sqlite")
