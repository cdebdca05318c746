"""The 1/100 scale demo municipality, generated once for every test module that reads it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from treserva_desktop.clock import FixedClock
from treserva_desktop.db.database import Database
from treserva_desktop.demo.municipal import MUNICIPAL, generate_municipal

TODAY = date(2026, 11, 25)
SPEC = MUNICIPAL.scaled(0.01)


@pytest.fixture(scope="session")
def municipal(
    tmp_path_factory: pytest.TempPathFactory, _empty_sqlite_template: Path
) -> Iterator[Database]:
    """A migrated SQLite database holding the 1/100 municipality, shared by the
    read-only tests of this folder."""
    path = tmp_path_factory.mktemp("municipal") / "m.sqlite3"
    shutil.copyfile(_empty_sqlite_template, path)
    database = Database(f"sqlite:///{path}", clock=FixedClock(TODAY))
    with database.transaction() as session:
        generate_municipal(session, SPEC, seed=3, today=TODAY)
    yield database
    database.dispose()
