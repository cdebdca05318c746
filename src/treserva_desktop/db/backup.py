"""Backup and restore of the local SQLite database (PostgreSQL has pg_dump and pg_restore).

Both go through SQLite's online backup API, which copies a consistent snapshot page by page
while other connections, the running program's included, keep reading and writing: a backup
never holds half a transaction. A copy is written under a temporary name and renamed only once
it is complete and its integrity checked, so a file under the chosen name is always whole.

A restore refuses a file that is not a whole Treserva Desktop database, or one from a newer
version, and keeps the file it replaces next to it.
"""

from __future__ import annotations

import logging
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from treserva_desktop.db.database import Database
from treserva_desktop.domain.errors import DomainError

log = logging.getLogger(__name__)

POSTGRESQL_ADVICE = (
    "En PostgreSQL-databas säkerhetskopieras och återställs med PostgreSQL:s egna verktyg, "
    "som databasens ägare: pg_dump --format=custom --file=treserva.dump --host=SERVER "
    "--username=ÄGARE treserva, och pg_restore --clean --if-exists --single-transaction "
    "--dbname=treserva treserva.dump. Se docs/security.md."
)


class BackupError(DomainError):
    """A backup or restore cannot be made; nothing was changed."""


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore did: the file that now holds the restored data, where the replaced
    data was kept, and the schema version of the restored copy."""

    database: Path
    replaced_kept_at: Path | None
    revision: str


def local_file(database: Database) -> Path:
    """The SQLite file of `database`; a Swedish refusal for PostgreSQL or an in-memory one."""
    if not database.is_sqlite:
        raise BackupError(POSTGRESQL_ADVICE)
    location = database.url.database
    if not location or location == ":memory:":
        raise BackupError("Databasen finns bara i minnet och kan inte säkerhetskopieras.")
    return Path(location)


def _check_whole(path: Path) -> str | None:
    """The schema revision of a complete, consistent Treserva Desktop database at `path`.

    Raises BackupError (in Swedish) for anything else. Returns None for a database without
    alembic's version table (a file that is not ours)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        raise BackupError(f"Filen kan inte öppnas som en databas: {path}") from None
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError(f"Filen är skadad och används inte: {path}")
        if connection.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise BackupError(f"Filen har rader som saknar sitt sammanhang: {path}")
        has_version = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).fetchone()[0]
        if not has_version:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    except sqlite3.DatabaseError as exc:
        log.info("not a usable sqlite file (%s)", type(exc).__name__)
        raise BackupError(
            f"Filen är skadad eller ingen databas från Treserva Desktop: {path}"
        ) from None
    finally:
        connection.close()


def _copy(source: Path, target: Path) -> None:
    """A consistent snapshot of `source` at `target` (a new file), via a temporary name."""
    partial = target.with_name(f".{target.name}.ofullständig")
    partial.unlink(missing_ok=True)
    try:
        with (
            closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
            closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
            # One self-contained file (the live database is in WAL mode).
            dst.execute("PRAGMA journal_mode=DELETE")
        _check_whole(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def backup(database: Database, target: Path) -> Path:
    """Copy the live database to `target` (which must not exist yet)."""
    source = local_file(database)
    if not source.exists() or source.stat().st_size == 0:
        raise BackupError("Det finns ingen lokal databas att säkerhetskopiera ännu.")
    if target.exists():
        raise BackupError(f"Filen finns redan och skrivs inte över: {target}")
    if not target.parent.is_dir():
        raise BackupError(f"Mappen finns inte: {target.parent}")
    if target.resolve() == source.resolve():
        raise BackupError("Säkerhetskopian kan inte skrivas över själva databasen.")
    _copy(source, target)
    log.info("sqlite backup written")
    return target


def restore(database: Database, source: Path, known_revisions: set[str], stamp: str) -> Restored:
    """Replace the live database with the copy at `source`.

    Refuses (BackupError, nothing changed) a missing, damaged or foreign file and one from a
    newer version (a revision this version does not know). The data replaced is first copied
    next to the database as '<name>-ersatt-<stamp><suffix>'. The caller upgrades a copy from
    an older version afterwards."""
    target = local_file(database)
    if not source.is_file():
        raise BackupError(f"Filen finns inte: {source}")
    if target.exists() and source.resolve() == target.resolve():
        raise BackupError("Filen är själva databasen; välj en säkerhetskopia.")
    revision = _check_whole(source)
    if revision is None:
        raise BackupError(f"Filen är ingen databas från Treserva Desktop: {source}")
    if revision not in known_revisions:
        raise BackupError(
            f"Säkerhetskopian kommer från en nyare version av Treserva Desktop (schemaversion "
            f"{revision}). Uppdatera programmet innan den återställs."
        )
    kept: Path | None = None
    database.dispose()
    if target.exists() and target.stat().st_size > 0:
        kept = target.with_name(f"{target.stem}-ersatt-{stamp}{target.suffix}")
        if kept.exists():
            raise BackupError(f"Filen finns redan och skrivs inte över: {kept}")
        _copy(target, kept)
    target.parent.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        # Into the live file, under SQLite's locks: other connections see the old data or
        # the restored data, never a mixture.
        src.backup(dst)
    _check_whole(target)
    log.info("sqlite database restored (schema %s)", revision)
    return Restored(database=target, replaced_kept_at=kept, revision=revision)
