"""Fixtures for end-to-end tests: settings in a temp dir, actors on the demo database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.ui_support import user_id_for_username
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services.auth import load_actor
from treserva_desktop.settings import Settings
from treserva_desktop.ui.context import AppContext

# The offscreen platform plugin warns whenever a window's size constraints change; it means
# nothing on a real display. (A `qt_log_ignore` entry in pyproject.toml would cover all tests.)
OFFSCREEN_NOISE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(OFFSCREEN_NOISE)


def actor_for(database: Database, username: str) -> Actor:
    with database.transaction() as session:
        user_id = user_id_for_username(session, username)
        assert user_id is not None, username
        return load_actor(session, user_id)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def make_ctx(qapp: object, demo_db: Database, settings: Settings) -> Callable[[str], AppContext]:
    """AppContext for a demo user on the demo database (the QApplication exists first)."""

    def factory(username: str) -> AppContext:
        return AppContext.create(demo_db, settings, actor_for(demo_db, username))

    return factory
