"""The e2e driver on the demo database."""

from __future__ import annotations

import pytest
from tests.e2e.driver import E2EDriver

from treserva_desktop.db.database import Database
from treserva_desktop.settings import Settings


@pytest.fixture
def driver(
    qtbot, qapp: object, demo_db: Database, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> E2EDriver:
    return E2EDriver(qtbot, demo_db, settings, monkeypatch)
