"""Where the program keeps its files, known without loading the settings (pydantic takes
~140 ms to import, which the login window must not wait for)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

DATA_DIR_ENV = "TRESERVA_DATA_DIR"
APP_FOLDER = "treserva-desktop"
DATABASE_FILE = "treserva.sqlite3"


def default_data_dir() -> Path:
    """The user's local (not roaming) data folder: on Windows %LOCALAPPDATA%\\treserva-desktop,
    since a SQLite database and its logs do not belong in a roaming profile that is copied at
    every log-on and log-off. A database an earlier version made in the roaming folder
    (%APPDATA%) stays in use there while the local folder holds none."""
    local = user_data_path(APP_FOLDER, appauthor=False, roaming=False)
    roaming = user_data_path(APP_FOLDER, appauthor=False, roaming=True)
    if (
        local != roaming
        and not (local / DATABASE_FILE).exists()
        and (roaming / DATABASE_FILE).exists()
    ):
        return roaming
    return local


def log_dir_from_environment() -> Path:
    """The log directory as Settings will have it: TRESERVA_DATA_DIR, else the default."""
    configured = os.environ.get(DATA_DIR_ENV)
    return (Path(configured) if configured else default_data_dir()) / "logs"
