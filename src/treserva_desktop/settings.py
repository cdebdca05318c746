"""Application settings from the environment (TRESERVA_*) and the command line."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from treserva_desktop.paths import default_data_dir


class Settings(BaseSettings):
    """Where the data lives and the few rules an installation may tune."""

    model_config = SettingsConfigDict(env_prefix="TRESERVA_", extra="ignore")

    database_url: str | None = None
    data_dir: Path = Field(default_factory=default_data_dir)
    overdue_working_days: int = Field(default=2, ge=0, le=60)
    journal_lock_hours: int = Field(default=24, ge=1, le=24 * 30)
    not_current_lookback_days: int = Field(default=90, ge=1, le=3650)
    # Minutes without keyboard or mouse input before the windows are covered and the password
    # is asked for again (tests use a fraction of a minute).
    idle_lock_minutes: float = Field(default=15.0, gt=0, le=8 * 60)
    # Shown under Hjälp › Användarstöd; each installation sets its own support desk.
    support_name: str = "Användarstöd Vård och omsorg"
    support_phone: str = "08-465 004 99"
    support_hours: str = "vardagar 08.00–16.30"
    support_email: str = "anvandarstod@kommun.example"

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "treserva.sqlite3"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.sqlite_path}"

    @property
    def is_local_sqlite(self) -> bool:
        return self.resolved_database_url().startswith("sqlite")
