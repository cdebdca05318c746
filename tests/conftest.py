"""Shared fixtures. Qt runs offscreen; any real message box fails the test."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

import pytest
from hypothesis import settings as hypothesis_settings
from tests.helpers import actor_for
from tests.helpers.postgres import (
    PG_URL_ENV,
    scratch_postgres_url,
)

from treserva_desktop.clock import SYSTEM_CLOCK, Clock
from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.settings import Settings
from treserva_desktop.ui.context import AppContext

# The live-update tests' two workstations on one database (SQLite file, scratch PostgreSQL).
pytest_plugins = ["tests.helpers.live_fixtures"]

# HYPOTHESIS_PROFILE=long for a longer local run of every property test (the fuzz tests take
# their number of examples from tests/helpers/fuzz.py's FUZZ_EXAMPLES for the same profile).
hypothesis_settings.register_profile("ci", max_examples=100)
hypothesis_settings.register_profile("long", max_examples=1000, deadline=None)
if os.environ.get("HYPOTHESIS_PROFILE"):
    hypothesis_settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(PG_URL_ENV):
        return
    skip = pytest.mark.skip(reason=f"{PG_URL_ENV} is not set (no PostgreSQL server)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _no_installation_configuration(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The machine's and the user's treserva.ini (if any) never reach a test: both folders
    point at an empty one (tests of the configuration set their own)."""
    empty = tmp_path_factory.mktemp("no-config")
    monkeypatch.setenv("TRESERVA_MACHINE_CONFIG_DIR", str(empty))
    monkeypatch.setenv("TRESERVA_USER_CONFIG_DIR", str(empty))


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


def _copy_sqlite(template: Path, target: Path) -> None:
    """A byte-for-byte copy through SQLite's backup API (it reads the WAL too, if any)."""
    source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def _close_template(database: Database) -> None:
    """Fold the WAL into the file and close every connection, so the file alone is the data."""
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()


@pytest.fixture(scope="session")
def _empty_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrated once per run; every test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    database = Database(f"sqlite:///{path}")
    migrate.upgrade(database)
    _close_template(database)
    return path


@pytest.fixture(scope="session")
def _demo_sqlite_template(
    tmp_path_factory: pytest.TempPathFactory, _empty_sqlite_template: Path
) -> Path:
    """The demo municipality (seed 7, 24 persons), generated once per run on the system clock."""
    from treserva_desktop.demo import generate_demo

    path = tmp_path_factory.mktemp("template") / "demo.sqlite3"
    _copy_sqlite(_empty_sqlite_template, path)
    database = Database(f"sqlite:///{path}", clock=SYSTEM_CLOCK)
    with database.transaction() as session:
        generate_demo(session, persons=24, seed=7)
    _close_template(database)
    return path


@pytest.fixture
def new_sqlite_db(
    tmp_path_factory: pytest.TempPathFactory, _empty_sqlite_template: Path
) -> Iterator[Callable[..., Database]]:
    """Factory: a fresh, migrated, empty SQLite database in its own file, on the given clock."""
    opened: list[Database] = []

    def factory(clock: Clock = SYSTEM_CLOCK) -> Database:
        path = tmp_path_factory.mktemp("db") / "test.sqlite3"
        _copy_sqlite(_empty_sqlite_template, path)
        database = Database(f"sqlite:///{path}", clock=clock)
        opened.append(database)
        return database

    yield factory
    for database in opened:
        database.dispose()


@pytest.fixture
def sqlite_db(new_sqlite_db: Callable[..., Database]) -> Database:
    """A fresh, migrated, empty SQLite database (a copy of the run's template)."""
    return new_sqlite_db()


@pytest.fixture
def postgres_db() -> Iterator[Database]:
    """A fresh, migrated, empty PostgreSQL database, created and dropped around the test."""
    with scratch_postgres_url(migrated=True) as url:
        database = Database(url)
        try:
            yield database
        finally:
            database.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest) -> Database:
    """Runs the test once on SQLite and once on PostgreSQL (when configured)."""
    fixture = "sqlite_db" if request.param == "sqlite" else "postgres_db"
    return request.getfixturevalue(fixture)


@pytest.fixture
def demo_db(
    tmp_path_factory: pytest.TempPathFactory, _demo_sqlite_template: Path
) -> Iterator[Database]:
    """SQLite with a small demo municipality (seed 7, 24 persons), in this test's own file."""
    path = tmp_path_factory.mktemp("db") / "test.sqlite3"
    _copy_sqlite(_demo_sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def make_ctx(qapp: object, demo_db: Database, settings: Settings) -> Callable[[str], AppContext]:
    """AppContext for a demo user on the demo database (the QApplication exists first)."""

    def factory(username: str) -> AppContext:
        return AppContext.create(demo_db, settings, actor_for(demo_db, username))

    return factory
