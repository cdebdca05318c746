"""Runs alembic programmatically: upgrade, current revision, and the start-up check."""

from __future__ import annotations

import logging
from importlib.resources import files
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from treserva_desktop.db import app_role, backup
from treserva_desktop.db.database import Database, commit_durably, wait_for_locks
from treserva_desktop.domain.errors import DomainError

log = logging.getLogger(__name__)


class SchemaMismatch(DomainError):
    """The database is behind (needs upgrade) or ahead (made by a newer version)."""


def alembic_config(database: Database) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("treserva_desktop.migrations")))
    config.set_main_option(
        "sqlalchemy.url", database.url.render_as_string(hide_password=False).replace("%", "%%")
    )
    return config


def head_revision(database: Database) -> str | None:
    return ScriptDirectory.from_config(alembic_config(database)).get_current_head()


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Database, revision: str = "head") -> None:
    """Migrate to `revision`. On PostgreSQL only the tables' owner may, and the recorded
    application roles get their rights on every table again, new ones included."""
    config = alembic_config(database)
    with database.engine.begin() as connection:
        # A schema change waits for the running clients' locks instead of giving up.
        wait_for_locks(connection)
        commit_durably(connection)
        if database.dialect == "postgresql":
            app_role.ensure_owner(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
        if database.dialect == "postgresql":
            granted = app_role.regrant_app_roles(connection)
            log.info("rights re-applied to %d application role(s)", len(granted))
    log.info("database upgraded to %s", head_revision(database))


def needs_upgrade(database: Database) -> bool:
    """True when the schema is behind this version (or the database has none yet)."""
    return current_revision(database) != head_revision(database)


def _known_revisions(database: Database) -> set[str]:
    script = ScriptDirectory.from_config(alembic_config(database))
    return {rev.revision for rev in script.walk_revisions()}


def check_schema(database: Database) -> None:
    """Raise SchemaMismatch with a Swedish explanation unless the database is at head."""
    current = current_revision(database)
    head = head_revision(database)
    if current == head:
        return
    if current is not None and current not in _known_revisions(database):
        raise SchemaMismatch(
            "Databasen har skapats av en nyare version av Treserva Desktop "
            f"(schemaversion {current}). Uppdatera programmet innan du fortsätter."
        )
    raise SchemaMismatch(
        "Databasens schema är inte uppdaterat för den här versionen av programmet. "
        "Be systemadministratören köra: treserva-desktop db upgrade"
    )


def backup_sqlite(database: Database) -> Path | None:
    """Copy the SQLite file into backups/ next to itself (before a migration or a demo
    replace); None when there is nothing to copy."""
    if not database.is_sqlite or not database.url.database:
        return None
    source = Path(database.url.database)
    if not source.exists() or source.stat().st_size == 0:
        return None
    backup_dir = source.parent / "backups"
    backup_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{source.stem}-{database.clock.local_now():%Y%m%d-%H%M%S}"
    target = backup_dir / f"{stem}{source.suffix}"
    number = 1
    while target.exists():  # a second copy within the same second
        number += 1
        target = backup_dir / f"{stem}-{number}{source.suffix}"
    # The SQLite online backup API copies a consistent snapshot even in WAL mode.
    backup.backup(database, target)
    log.info("sqlite backup written before a schema or demo change")
    return target


def known_revisions(database: Database) -> set[str]:
    """Every schema revision this version knows (a database at any other is newer)."""
    return _known_revisions(database)


def ensure_local_schema(database: Database) -> None:
    """Local SQLite: back up and upgrade when behind. PostgreSQL: only check."""
    if not database.is_sqlite:
        check_schema(database)
        return
    try:
        check_schema(database)
    except SchemaMismatch:
        current = current_revision(database)
        if current is not None and current not in _known_revisions(database):
            raise
        if current is not None:
            # A brand-new file holds nothing worth a copy.
            backup_sqlite(database)
        upgrade(database)


def downgrade(database: Database, revision: str) -> None:
    config = alembic_config(database)
    with database.engine.begin() as connection:
        commit_durably(connection)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def reset_schema(database: Database) -> None:
    """Remove the local SQLite file, WAL included (a demo database only, backed up first: the
    caller, demo.safety, checks both). Records are not deleted one by one: the database
    refuses that, by design. A PostgreSQL database is never dropped by the application."""
    if not (database.is_sqlite and database.url.database):
        raise DomainError("Bara en lokal SQLite-databas kan ersättas av programmet.")
    database.dispose()
    path = Path(database.url.database)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
