"""Shared fixtures. Qt runs offscreen; any real message box fails the test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.queries.ui_support import user_id_for_username
from treserva_desktop.domain.rules import Actor
from treserva_desktop.services.auth import load_actor
from treserva_desktop.settings import Settings
from treserva_desktop.ui.context import AppContext

PG_URL_ENV = "TRESERVA_TEST_DATABASE_URL"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(PG_URL_ENV):
        return
    skip = pytest.mark.skip(reason=f"{PG_URL_ENV} is not set (no PostgreSQL server)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _no_real_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that would block on a real modal message box fails instead."""
    try:
        from PySide6.QtWidgets import QMessageBox
    except ImportError:  # pragma: no cover - PySide6 is a hard dependency
        return

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a real QMessageBox was opened; patch ui.messages instead")

    for name in ("critical", "warning", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(refuse))
    monkeypatch.setattr(QMessageBox, "exec", refuse)


def _sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> Database:
    path = tmp_path_factory.mktemp("db") / "test.sqlite3"
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database)
    return database


@pytest.fixture
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """A fresh, migrated, empty SQLite database."""
    database = _sqlite_database(tmp_path_factory)
    yield database
    database.dispose()


@pytest.fixture
def postgres_db() -> Iterator[Database]:
    """A fresh, migrated, empty PostgreSQL database, created and dropped around the test."""
    base_url = os.environ.get(PG_URL_ENV)
    if not base_url:
        pytest.skip(f"{PG_URL_ENV} is not set")
    name = f"treserva_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(make_url(base_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database = Database(make_url(base_url).set(database=name).render_as_string(False))
    try:
        migrate.upgrade(database)
        yield database
    finally:
        database.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest) -> Database:
    """Runs the test once on SQLite and once on PostgreSQL (when configured)."""
    fixture = "sqlite_db" if request.param == "sqlite" else "postgres_db"
    return request.getfixturevalue(fixture)


@pytest.fixture
def demo_db(sqlite_db: Database) -> Database:
    """SQLite with a small demo municipality (seed 7, 24 persons)."""
    from treserva_desktop.demo import generate_demo

    with sqlite_db.transaction() as session:
        generate_demo(session, persons=24, seed=7)
    return sqlite_db


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
