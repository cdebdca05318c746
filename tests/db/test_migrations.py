"""Migrations build the schema the models describe, on SQLite and PostgreSQL, both ways."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import DBAPIError
from tests.helpers.postgres import scratch_postgres_url

from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.migrate import SchemaMismatch
from treserva_desktop.db.models import AuditEvent, Base
from treserva_desktop.domain.enums import AuditAction


def downgrade(database: Database, revision: str) -> None:
    config = migrate.alembic_config(database)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def revision_before_head(database: Database) -> str:
    script = ScriptDirectory.from_config(migrate.alembic_config(database))
    head = script.get_revision(migrate.head_revision(database))
    if head is None or not isinstance(head.down_revision, str):
        pytest.skip("there is only one migration, so no older schema version to start from")
    return head.down_revision


def schema_differences(database: Database) -> list[object]:
    with database.engine.connect() as connection:
        return list(compare_metadata(MigrationContext.configure(connection), Base.metadata))


def table_names(database: Database) -> set[str]:
    return set(inspect(database.engine).get_table_names())


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A database with nothing in it at all, not even alembic's version table."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
        yield database
        database.dispose()
        return
    with scratch_postgres_url() as url:
        database = Database(url)
        try:
            yield database
        finally:
            database.dispose()


def test_upgrade_head_on_an_empty_database(empty_db: Database) -> None:
    assert migrate.current_revision(empty_db) is None
    migrate.upgrade(empty_db)
    assert migrate.current_revision(empty_db) == migrate.head_revision(empty_db)
    assert set(Base.metadata.tables) <= table_names(empty_db)
    migrate.check_schema(empty_db)


def test_migrations_and_models_agree(any_db: Database) -> None:
    assert schema_differences(any_db) == []


def test_downgrade_to_base_and_upgrade_again(any_db: Database) -> None:
    downgrade(any_db, "base")
    assert migrate.current_revision(any_db) is None
    assert table_names(any_db) <= {"alembic_version"}

    migrate.upgrade(any_db)
    assert migrate.current_revision(any_db) == migrate.head_revision(any_db)
    assert schema_differences(any_db) == []


def test_every_step_downgrades_and_upgrades(any_db: Database) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config(any_db))
    steps = len(list(script.walk_revisions()))
    for _ in range(steps):
        downgrade(any_db, "-1")
    assert migrate.current_revision(any_db) is None
    for _ in range(steps):
        migrate.upgrade(any_db, "+1")
    assert migrate.current_revision(any_db) == migrate.head_revision(any_db)


def _add_audit_event(database: Database) -> int:
    with database.transaction() as session:
        event = AuditEvent(
            occurred_at=SYSTEM_CLOCK.now(),
            action=AuditAction.READ_PERSON,
            entity_type="person",
            entity_id=1,
            details={"fields": ["identity_number"]},
        )
        session.add(event)
        session.flush()
        return event.id


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET entity_type = 'changed' WHERE id = :id",
        "DELETE FROM audit_events WHERE id = :id",
    ],
    ids=["update", "delete"],
)
def test_audit_events_refuse_update_and_delete(any_db: Database, statement: str) -> None:
    event_id = _add_audit_event(any_db)

    with pytest.raises(DBAPIError, match="append-only"), any_db.transaction() as session:
        session.execute(text(statement), {"id": event_id})

    with any_db.read() as session:
        rows = session.execute(select(AuditEvent.entity_type)).scalars().all()
    assert rows == ["person"]


def test_audit_events_accept_inserts(any_db: Database) -> None:
    _add_audit_event(any_db)
    _add_audit_event(any_db)
    with any_db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == 2


def test_check_schema_passes_at_head(any_db: Database) -> None:
    migrate.check_schema(any_db)


def test_check_schema_refuses_a_database_that_is_behind(any_db: Database) -> None:
    downgrade(any_db, "-1")
    assert migrate.current_revision(any_db) != migrate.head_revision(any_db)
    with pytest.raises(SchemaMismatch) as caught:
        migrate.check_schema(any_db)
    assert "inte uppdaterat" in caught.value.message
    assert "treserva-desktop db upgrade" in caught.value.message


def test_check_schema_refuses_an_unmigrated_database(empty_db: Database) -> None:
    with pytest.raises(SchemaMismatch, match="inte uppdaterat"):
        migrate.check_schema(empty_db)


def test_check_schema_refuses_a_database_from_a_newer_version(any_db: Database) -> None:
    with any_db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    with pytest.raises(SchemaMismatch) as caught:
        migrate.check_schema(any_db)
    assert "nyare version" in caught.value.message
    assert "ffff9999" in caught.value.message


@pytest.mark.postgres
def test_postgres_is_only_checked_never_upgraded_at_start(postgres_db: Database) -> None:
    downgrade(postgres_db, "-1")
    behind = migrate.current_revision(postgres_db)
    with pytest.raises(SchemaMismatch):
        migrate.ensure_local_schema(postgres_db)
    assert migrate.current_revision(postgres_db) == behind


# --- local SQLite: automatic upgrade with a backup first -----------------------------------


def sqlite_at(path: Path, revision: str | None) -> Database:
    database = Database(f"sqlite:///{path}")
    if revision is not None:
        migrate.upgrade(database, revision)
    return database


def test_ensure_local_schema_backs_up_and_upgrades_an_old_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "treserva.sqlite3"
    probe = sqlite_at(tmp_path / "probe.sqlite3", None)
    old = revision_before_head(probe)
    probe.dispose()

    database = sqlite_at(path, old)
    with database.engine.begin() as connection:
        connection.execute(text("INSERT INTO app_settings (key, value) VALUES ('marker', 'kvar')"))

    migrate.ensure_local_schema(database)

    assert migrate.current_revision(database) == migrate.head_revision(database)
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1
    assert backups[0].name.startswith("treserva-")
    assert backups[0].suffix == ".sqlite3"
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(old,)]
        assert copy.execute("SELECT value FROM app_settings WHERE key = 'marker'").fetchall() == [
            ("kvar",)
        ]
    with database.read() as session:
        kept = session.execute(text("SELECT value FROM app_settings WHERE key = 'marker'"))
        assert kept.scalar_one() == "kvar"
    database.dispose()


def test_ensure_local_schema_leaves_a_current_file_alone(tmp_path: Path) -> None:
    database = sqlite_at(tmp_path / "treserva.sqlite3", "head")
    migrate.ensure_local_schema(database)
    assert not (tmp_path / "backups").exists()
    database.dispose()


def test_ensure_local_schema_creates_a_new_file(tmp_path: Path) -> None:
    database = sqlite_at(tmp_path / "new.sqlite3", None)
    migrate.ensure_local_schema(database)
    assert migrate.current_revision(database) == migrate.head_revision(database)
    database.dispose()


def test_ensure_local_schema_writes_no_backup_for_a_new_file(tmp_path: Path) -> None:
    database = sqlite_at(tmp_path / "new.sqlite3", None)
    migrate.ensure_local_schema(database)
    database.dispose()
    assert not (tmp_path / "backups").exists()


def test_ensure_local_schema_refuses_a_newer_sqlite_file(tmp_path: Path) -> None:
    database = sqlite_at(tmp_path / "treserva.sqlite3", "head")
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    with pytest.raises(SchemaMismatch, match="nyare version"):
        migrate.ensure_local_schema(database)
    assert not (tmp_path / "backups").exists()
    database.dispose()
