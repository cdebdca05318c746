"""Command line: the GUI by default, plus database, demo, screenshot and import commands."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from treserva_desktop import __version__, cli_storage
from treserva_desktop.domain.errors import DomainError
from treserva_desktop.incidents import configure_file_logging, log_incident
from treserva_desktop.paths import log_dir_from_environment

if TYPE_CHECKING:
    # Imported when used: reading the settings loads pydantic, which the GUI start does in
    # its start-up thread after the login window is painted.
    from treserva_desktop.db.database import Database
    from treserva_desktop.settings import Settings

log = logging.getLogger(__name__)

# `demo --scale small`: the small demo municipality at this many persons.
SMALL_SCALE_PERSONS = 2_000


def _size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError("storleken anges som BREDDxHÖJD, t.ex. 1400x900") from None
    if not (200 <= width <= 8000 and 200 <= height <= 8000):
        raise argparse.ArgumentTypeError("storleken ska vara mellan 200 och 8000 bildpunkter")
    return width, height


class _SwedishHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "Användning: " if prefix is None else prefix)


def _swedish(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """argparse's own headings and -h text in Swedish (the rest of the help already is)."""
    parser._positionals.title = "argument"
    parser._optionals.title = "flaggor"
    parser.add_argument("-h", "--help", action="help", help="visa den här hjälpen och avsluta")
    return parser


def _subparser(commands: Any, name: str, **kwargs: Any) -> argparse.ArgumentParser:
    return _swedish(
        commands.add_parser(name, add_help=False, formatter_class=_SwedishHelpFormatter, **kwargs)
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        add_help=False,
        formatter_class=_SwedishHelpFormatter,
        prog="treserva-desktop",
        description="Treserva Desktop – ärendehantering för utförare inom äldreomsorgen. "
        "Utan kommando startas programmet.",
    )
    _swedish(parser)
    parser.add_argument(
        "--version",
        action="version",
        version=f"%(prog)s {__version__}",
        help="visa programmets version och avsluta",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="prova programmet utan fönster mot en tillfällig demodatabas (för IT och "
        "byggservern) och avsluta: 0 om allt fungerar, annars 1 och orsaken",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="databas att använda, t.ex. postgresql+psycopg://anv@server/treserva "
        "(går före TRESERVA_DATABASE_URL, användarens och datorns treserva.ini; "
        "utan någon av dem: en lokal SQLite-fil med demodata)",
    )
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO")

    db = _subparser(commands, "db", help="databasens schema")
    db_commands = db.add_subparsers(dest="db_command", metavar="DB-KOMMANDO", required=True)
    _subparser(db_commands, "upgrade", help="uppgradera schemat till den här versionen")
    _subparser(db_commands, "current", help="visa databasens schemaversion")
    cli_storage.add_db_commands(db_commands, _subparser)
    cli_storage.add_follow_up_days_command(db_commands, _subparser)
    cli_storage.add_backdate_command(db_commands, _subparser)
    cli_storage.add_journal_lock_hours_command(db_commands, _subparser)

    demo = _subparser(commands, "demo", help="fyll databasen med en demokommun")
    size = demo.add_mutually_exclusive_group()
    size.add_argument(
        "--persons", type=int, metavar="N", help="antal personer i den lilla demokommunen (60)"
    )
    size.add_argument(
        "--scale",
        choices=("small", "municipal"),
        help="small: 2 000 personer; municipal: en kommun i Stockholms storlek "
        "(150 000 personer, 30 000 med insatser, massinläsning med förloppsindikator)",
    )
    demo.add_argument("--seed", type=int, default=1, metavar="S", help="slumpfrö (samma ger samma)")
    demo.add_argument(
        "--force", action="store_true", help="ersätt en befintlig demodatabas (aldrig riktiga data)"
    )

    shot = _subparser(commands, "screenshot", help="spara en bild av huvudfönstret (demodata)")
    shot.add_argument("out", type=Path, metavar="UT.png", help="PNG-fil att spara bilden i")
    shot.add_argument(
        "--user",
        default="verksamhetschef",
        metavar="ANVÄNDARNAMN",
        help="demoanvändare att visa fönstret för, t.ex. gruppchef (standard: verksamhetschef)",
    )
    shot.add_argument(
        "--select", metavar="SÖKVÄG", help='nod att visa, t.ex. "Mitt skrivbord/Nya uppdrag"'
    )
    shot.add_argument(
        "--size",
        type=_size,
        default=(1400, 900),
        metavar="BxH",
        help="fönstrets storlek i bildpunkter (standard: 1400x900)",
    )

    importer = _subparser(
        commands, "import-assignments", help="importera uppdrag från en JSON-fil (allt eller inget)"
    )
    importer.add_argument("file", type=Path, metavar="FIL.json")

    cli_storage.add_commands(commands, _subparser)
    return parser


UNEXPECTED_ERROR = (
    "Ett oväntat fel inträffade (incident {incident}) och kommandot avbröts. Uppge "
    "incidentnumret till systemadministratören; tekniska detaljer finns i programmets loggfil"
    "{where}."
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command. Never a traceback: a refusal is a Swedish message (exit 1), anything
    unexpected a Swedish message with an incident id (exit 2), logged without personal data."""
    args = build_parser().parse_args(argv)
    log_file = _start_logging()
    try:
        if args.self_test:
            from treserva_desktop.self_test import run_self_test

            return run_self_test()
        if args.command is None:
            from treserva_desktop.app import run_gui

            return run_gui(partial(_settings, args))
        return _dispatch(args, _settings(args))
    except DomainError as exc:
        print(f"Fel: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        incident = log_incident(log, f"command {args.command}", exc)
        where = f" ({log_file})" if log_file else ""
        print(UNEXPECTED_ERROR.format(incident=incident, where=where), file=sys.stderr)
        return 2


def _start_logging() -> Path | None:
    """The log file in the data directory's logs/ (TRESERVA_DATA_DIR or the default), found
    without loading the settings, so the login window does not wait for pydantic."""
    return configure_file_logging(log_dir_from_environment())


def _settings(args: argparse.Namespace) -> Settings:
    """Command line › environment › user's file › machine-wide configuration › local demo."""
    from treserva_desktop.configuration import load_settings

    return load_settings(database_url=args.database_url)


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "db":
        return _db_command(args, settings)
    if args.command == "demo":
        return _demo_command(args, settings)
    if args.command == "screenshot":
        from treserva_desktop.screenshot import render_screenshot

        path = [part for part in args.select.split("/") if part] if args.select else None
        render_screenshot(settings, args.out, username=args.user, select_path=path, size=args.size)
        print(f"Skärmbild sparad: {args.out}")
        return 0
    if args.command == "import-assignments":
        return _import_command(args, settings)
    if args.command == "backup":
        return cli_storage.backup_command(args, _connect(settings))
    if args.command == "restore":
        return cli_storage.restore_command(args, _connect(settings))
    raise AssertionError(args.command)


def _connect(settings: Settings):  # type: ignore[no-untyped-def]
    from treserva_desktop.db.database import Database, DatabaseUnavailable

    if settings.is_local_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    database = Database(settings.resolved_database_url())
    try:
        database.check_connection()
    except DatabaseUnavailable as exc:
        database.dispose()
        raise DatabaseUnavailable(
            f"{exc.message} Databasen är vald i {settings.database_origin}."
        ) from exc
    return database


def _db_command(args: argparse.Namespace, settings: Settings) -> int:
    from treserva_desktop.db import migrate

    if args.db_command == "create-app-role":
        return cli_storage.create_app_role_command(args, settings)
    database = _connect(settings)
    if args.db_command == "follow-up-days":
        return cli_storage.follow_up_days_command(args, database)
    if args.db_command == "provider-change-backdate":
        return cli_storage.backdate_command(args, database)
    if args.db_command == "journal-lock-hours":
        return cli_storage.journal_lock_hours_command(args, database)
    if args.db_command == "upgrade":
        before = migrate.current_revision(database)
        if database.is_sqlite and before is not None and migrate.needs_upgrade(database):
            # Only a schema with something to upgrade: a new file holds nothing to copy.
            migrate.backup_sqlite(database)
        migrate.upgrade(database)
        after = migrate.current_revision(database)
        if before == after:
            print(f"Databasen är redan uppdaterad (schemaversion {after}).")
        else:
            print(f"Databasen uppgraderad från {before or 'tom'} till schemaversion {after}.")
        return 0
    current = migrate.current_revision(database)
    head = migrate.head_revision(database)
    state = "aktuell" if current == head else f"programmet förväntar sig {head}"
    print(f"Schemaversion: {current or 'ingen (tom databas)'} ({state})")
    print(f"Databas: {database.dialect} {database.display_location}")
    return 0


def _demo_command(args: argparse.Namespace, settings: Settings) -> int:
    from treserva_desktop.db import migrate
    from treserva_desktop.demo import generate_demo, has_any_data
    from treserva_desktop.demo.safety import DemoReplaceRefused, demo_contents

    persons = SMALL_SCALE_PERSONS if args.scale == "small" else args.persons or 60
    if not 1 <= persons <= 200_000:
        raise DomainError("Antalet personer ska vara mellan 1 och 200 000.")
    if settings.database_from_installation:
        # An empty shared database before go-live must not get users whose password is demo.
        raise DomainError(
            f"Demokommunen skapas inte i databasen som är vald i {settings.database_origin}. "
            "Ange demodatabasen uttryckligen med --database-url."
        )
    database = _connect(settings)
    if database.is_sqlite:
        migrate.ensure_local_schema(database)  # backed up first when it was behind
    else:
        migrate.upgrade(database)
    with database.read() as session:
        occupied = has_any_data(session)
        # Only a database holding nothing but the generator's rows is ever replaced.
        contents = demo_contents(session) if occupied else None
    if contents is not None and not contents.only_generated:
        message = contents.refusal()
        if database.is_sqlite and contents.flagged and not contents.recorded:
            message += (
                f" Behövs den inte längre: flytta filen {database.display_location} till en "
                "annan mapp, så skapas en ny demodatabas nästa gång programmet startar."
            )
        raise DemoReplaceRefused(message)
    if occupied and not args.force:
        raise DomainError(
            "Databasen innehåller redan en demokommun. Använd --force för att ersätta den."
        )
    if occupied:
        _replace_demo_database(database)
    if args.scale == "municipal":
        from treserva_desktop.demo.municipal import MUNICIPAL, Progress, generate_municipal

        print(f"Skapar en kommun i Stockholms storlek (frö {args.seed}) …")
        with database.transaction() as session:
            summary: object = generate_municipal(
                session, MUNICIPAL, seed=args.seed, progress=Progress(sys.stderr)
            )
    else:
        print(f"Skapar demokommun med {persons} personer (frö {args.seed}) …")
        with database.transaction() as session:
            summary = generate_demo(session, persons=persons, seed=args.seed)
    database.refresh_statistics()
    database.dispose()
    print(f"Klart: {summary}")
    return 0


def _replace_demo_database(database: Database) -> None:
    """A local demo file is backed up, then removed and made again; a PostgreSQL database is
    never dropped by the application (it cannot back it up, and its role may not)."""
    from treserva_desktop.db import migrate

    if not database.is_sqlite:
        raise DomainError(
            "En PostgreSQL-databas ersätts aldrig av programmet, inte heller en demodatabas: "
            "det kan inte säkerhetskopiera den först. Skapa en ny, tom databas för demokommunen "
            "(eller låt databasadministratören tömma den här efter en säkerhetskopia med "
            "pg_dump) och kör demo mot den."
        )
    backup = migrate.backup_sqlite(database)
    if backup is not None:
        print(f"Den tidigare demodatabasen är säkerhetskopierad: {backup}")
    migrate.reset_schema(database)
    migrate.upgrade(database)


def _import_command(args: argparse.Namespace, settings: Settings) -> int:
    from treserva_desktop.app import open_database
    from treserva_desktop.db import live
    from treserva_desktop.domain.changes import change_set_of
    from treserva_desktop.services.assignment_import import ImportFailed, import_assignments

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise DomainError(f"Filen kan inte läsas: {args.file} ({exc.strerror}).") from None
    database = open_database(settings)
    try:
        with database.transaction() as session:
            report = import_assignments(session, None, data)
            # The workstations see the imported assignments at once (one refresh each).
            change = change_set_of(import_assignments, None, report)
            live.publish(session, change, database.client_id)
    except ImportFailed as exc:
        print(f"Fel: {exc.message}", file=sys.stderr)
        print(exc.details, file=sys.stderr)
        return 1
    print(report.summary)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
