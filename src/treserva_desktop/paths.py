"""Where the program keeps its files, known without loading the settings (pydantic takes
~140 ms to import, which the login window must not wait for)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

DATA_DIR_ENV = "TRESERVA_DATA_DIR"


def default_data_dir() -> Path:
    return user_data_path("treserva-desktop", appauthor=False, roaming=True)


def log_dir_from_environment() -> Path:
    """The log directory as Settings will have it: TRESERVA_DATA_DIR, else the default."""
    configured = os.environ.get(DATA_DIR_ENV)
    return (Path(configured) if configured else default_data_dir()) / "logs"
