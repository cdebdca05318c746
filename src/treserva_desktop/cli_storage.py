"""Commands that keep the data safe: backup, restore, the PostgreSQL application role and the
follow-up time that bounds who sees a person.

Registered on the parser by cli.build_parser and run by cli._dispatch; kept apart so cli.py
stays about the program's everyday commands.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from treserva_desktop.domain.errors import DomainError

if TYPE_CHECKING:
    from treserva_desktop.db.database import Database
    from treserva_desktop.settings import Settings

Subparser = Callable[..., argparse.ArgumentParser]


def add_db_commands(db_commands: Any, subparser: Subparser) -> None:
    role = subparser(
        db_commands,
        "create-app-role",
        help="skapa programmets egen PostgreSQL-roll med bara de rättigheter det behöver "
        "(körs som databasens ägare)",
    )
    role.add_argument("name", metavar="NAMN", help="rollens namn, t.ex. treserva_app")
    role.add_argument(
        "--sql",
        action="store_true",
        help="skriv bara ut SQL-satserna (för databasadministratören) i stället för att köra dem",
    )


def add_follow_up_days_command(db_commands: Any, subparser: Subparser) -> None:
    follow_up = subparser(
        db_commands,
        "follow-up-days",
        help="visa eller ändra uppföljningstiden: hur många dagar efter den sista insatsens "
        "slut en enhet fortfarande når personen (standard 30; körs som databasens ägare)",
    )
    follow_up.add_argument(
        "days", type=int, nargs="?", metavar="DAGAR", help="ny uppföljningstid i dagar (0–365)"
    )


def follow_up_days_command(args: argparse.Namespace, database: Database) -> int:
    from treserva_desktop.db.queries.reach import follow_up_days, store_follow_up_days

    if args.days is None:
        with database.read() as session:
            days = follow_up_days(session)
        print(f"Uppföljningstid: {days} dagar efter den sista insatsens slut.")
        return 0
    with database.transaction() as session:
        store_follow_up_days(session, args.days)
    print(
        f"Uppföljningstiden är nu {args.days} dagar. Den gäller för varje arbetsplats från "
        "nästa inloggning."
    )
    return 0


def add_journal_lock_hours_command(db_commands: Any, subparser: Subparser) -> None:
    lock = subparser(
        db_commands,
        "journal-lock-hours",
        help="visa eller ändra hur många timmar efter första sparningen en journalanteckning "
        "blir skrivskyddad (standard 24; körs som databasens ägare)",
    )
    lock.add_argument(
        "hours", type=int, nargs="?", metavar="TIMMAR", help="ny låstid i timmar (1–720)"
    )


def journal_lock_hours_command(args: argparse.Namespace, database: Database) -> int:
    from treserva_desktop.db.queries.journals import lock_hours, store_lock_hours

    if args.hours is None:
        with database.read() as session:
            hours = lock_hours(session)
        print(f"Låstid: {hours} timmar efter anteckningens första sparning.")
        return 0
    with database.transaction() as session:
        store_lock_hours(session, args.hours)
    print(
        f"Låstiden är nu {args.hours} timmar. Den gäller för anteckningar som sparas första "
        "gången från och med nu."
    )
    return 0


def add_backdate_command(db_commands: Any, subparser: Subparser) -> None:
    backdate = subparser(
        db_commands,
        "provider-change-backdate",
        help="visa eller ändra hur många dagar bakåt datum för övertagandet får sättas vid Byt "
        "utförare (standard 7; körs som databasens ägare)",
    )
    backdate.add_argument(
        "days", type=int, nargs="?", metavar="DAGAR", help="antal dagar bakåt (0–90)"
    )


def backdate_command(args: argparse.Namespace, database: Database) -> int:
    from treserva_desktop.db.queries.provider_change import (
        max_backdate_days,
        store_max_backdate_days,
    )

    if args.days is None:
        with database.read() as session:
            days = max_backdate_days(session)
        print(f"Byt utförare: datum för övertagandet får vara högst {days} dagar bakåt.")
        return 0
    with database.transaction() as session:
        store_max_backdate_days(session, args.days)
    print(f"Datum för övertagandet får nu vara högst {args.days} dagar bakåt.")
    return 0


def add_commands(commands: Any, subparser: Subparser) -> None:
    backup = subparser(
        commands,
        "backup",
        help="säkerhetskopiera den lokala SQLite-databasen (går bra medan programmet körs)",
    )
    backup.add_argument(
        "out",
        type=Path,
        nargs="?",
        metavar="UT",
        help="fil att skriva kopian till (standard: backups/ i datamappen)",
    )
    restore = subparser(
        commands,
        "restore",
        help="återställ den lokala SQLite-databasen från en säkerhetskopia "
        "(den ersatta databasen sparas bredvid)",
    )
    restore.add_argument("file", type=Path, metavar="FIL", help="säkerhetskopian att återställa")


def backup_command(args: argparse.Namespace, database: Database) -> int:
    from treserva_desktop.db import backup, migrate

    if args.out is None:
        backup.local_file(database)  # PostgreSQL: the advice on pg_dump
        target = migrate.backup_sqlite(database)
        if target is None:
            raise DomainError("Det finns ingen lokal databas att säkerhetskopiera ännu.")
    else:
        target = backup.backup(database, args.out)
    print(f"Säkerhetskopia sparad: {target}")
    return 0


def restore_command(args: argparse.Namespace, database: Database) -> int:
    from treserva_desktop.db import backup, migrate

    stamp = f"{database.clock.local_now():%Y%m%d-%H%M%S}"
    done = backup.restore(database, args.file, migrate.known_revisions(database), stamp)
    if done.replaced_kept_at is not None:
        print(f"Den ersatta databasen är sparad: {done.replaced_kept_at}")
    print(f"Databasen är återställd från {args.file} (schemaversion {done.revision}).")
    if migrate.needs_upgrade(database):
        migrate.ensure_local_schema(database)  # backs up the restored copy, then upgrades
        print(f"Schemat är uppgraderat till {migrate.current_revision(database)}.")
    return 0


def create_app_role_command(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy.engine import make_url

    from treserva_desktop.db import app_role
    from treserva_desktop.db.database import Database, commit_durably
    from treserva_desktop.db.models import Base

    role = app_role.checked_role_name(args.name)
    if args.sql:
        # No connection needed: the tables of this version (and alembic's).
        tables = [*Base.metadata.tables, "alembic_version"]
        url = make_url(settings.resolved_database_url())
        postgresql = url.get_backend_name() == "postgresql"
        database_name = url.database if postgresql and url.database else "treserva"
        print(f"-- Efter db upgrade, som ägaren eller en superanvändare i {database_name}:")
        for statement in app_role.create_app_role_sql(role, database_name, tables):
            print(f"{statement};")
        print("-- Så att db upgrade ger rollen dess rättigheter även i nya tabeller:")
        print(f"{app_role.record_role_sql(role)};")
        print(f"-- Lösenordet sätts av administratören i psql: \\password {role}")
        return 0
    database = Database(settings.resolved_database_url())
    try:
        if database.dialect != "postgresql":
            raise DomainError("Programmets egen databasroll finns bara för PostgreSQL.")
        database.check_connection()
        from treserva_desktop.db import migrate

        migrate.check_schema(database)
        with database.engine.begin() as connection:
            commit_durably(connection)
            created = app_role.create_app_role(connection, role)
    finally:
        database.dispose()
    if created:
        print(f"Rollen {role} är skapad med programmets rättigheter.")
        print(f"Sätt dess lösenord i psql som ägaren: \\password {role}")
    else:
        print(f"Rollen {role} fanns redan; dess rättigheter är satta på nytt.")
    print("Arbetsstationerna ansluter som den rollen (se docs/security.md).")
    return 0
