"""The command line: database commands, demo generation and its refusals, error exits."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from tests.helpers.example_import import example_records
from tests.helpers.postgres import scratch_postgres_url

from treserva_desktop.cli import main
from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import Person, User


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRESERVA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TRESERVA_DATABASE_URL", raising=False)
    return tmp_path


def _count_persons(url: str) -> int:
    database = Database(url)
    try:
        with database.read() as session:
            return session.scalar(select(func.count()).select_from(Person)) or 0
    finally:
        database.dispose()


def test_db_upgrade_then_current(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade"]) == 0
    assert "schemaversion" in capsys.readouterr().out
    assert main(["db", "current"]) == 0
    assert "(aktuell)" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert "redan uppdaterad" in capsys.readouterr().out


def test_demo_fills_then_refuses_without_force(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{data_dir / 'treserva.sqlite3'}"
    assert main(["demo", "--persons", "12", "--seed", "3"]) == 0
    assert _count_persons(url) == 12
    assert main(["demo", "--persons", "5"]) == 1
    assert "--force" in capsys.readouterr().err
    assert _count_persons(url) == 12
    assert main(["demo", "--persons", "5", "--force"]) == 0
    assert _count_persons(url) == 5


def test_demo_never_overwrites_real_data(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{data_dir / 'treserva.sqlite3'}"
    assert main(["db", "upgrade"]) == 0
    database = Database(url)
    with database.transaction() as session:
        session.add(User(username="riktig", display_name="Riktig Användare", password_hash="x"))
    database.dispose()
    assert main(["demo", "--force"]) == 1
    err = capsys.readouterr().err
    assert "ingen demodatabas" in err
    assert "1 användare som inte är demoanvändare" in err
    assert _count_persons(url) == 0


def test_unreachable_postgres_is_a_swedish_message_without_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--database-url", "postgresql+psycopg://u:hemligt@127.0.0.1:1/x", "db", "current"])
    err = capsys.readouterr().err
    assert code == 1
    assert "Det gick inte att ansluta" in err
    assert "Traceback" not in err
    assert "hemligt" not in err


def test_database_from_newer_version_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from treserva_desktop.app import open_database
    from treserva_desktop.settings import Settings

    assert main(["db", "upgrade"]) == 0
    engine = create_engine(f"sqlite:///{data_dir / 'treserva.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    engine.dispose()
    from treserva_desktop.domain.errors import DomainError

    with pytest.raises(DomainError, match="nyare version"):
        open_database(Settings(data_dir=data_dir))


def test_bad_screenshot_size_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["screenshot", "x.png", "--size", "stor"])
    assert "BREDDxHÖJD" in capsys.readouterr().err


def _analyzed(url: str, table: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return bool(
                connection.scalar(
                    text(
                        "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables "
                        "WHERE relname = :table"
                    ),
                    {"table": table},
                )
            )
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_demo_on_postgres_fills_an_empty_database_only(capsys: pytest.CaptureFixture[str]) -> None:
    """--force never drops a PostgreSQL database (tests/demo/test_demo_safety.py)."""
    with scratch_postgres_url("treserva_cli") as url:
        assert main(["--database-url", url, "demo", "--persons", "8"]) == 0
        assert main(["--database-url", url, "demo", "--persons", "4", "--force"]) == 1
        assert _count_persons(url) == 8
        assert _analyzed(url, "persons"), "the planner's statistics are refreshed after a demo"
        assert main(["--database-url", url, "db", "current"]) == 0
        assert "(aktuell)" in capsys.readouterr().out


def test_import_assignments_all_or_nothing(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    url = f"sqlite:///{data_dir / 'treserva.sqlite3'}"
    assert main(["demo", "--persons", "6"]) == 0
    before = _count_persons(url)
    records = example_records(SYSTEM_CLOCK.today())
    example = data_dir / "example.json"
    example.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    broken = data_dir / "broken.json"
    container = records if isinstance(records, list) else records.get("uppdrag", records)
    first = container[0] if isinstance(container, list) else None
    assert first is not None, "the example file holds a list of records"
    number = first["person"]["personnummer"]
    first["person"]["personnummer"] = number[:-1] + str((int(number[-1]) + 1) % 10)
    broken.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    assert main(["import-assignments", str(broken)]) == 1
    err = capsys.readouterr().err
    assert "Inget har importerats" in err
    assert _count_persons(url) == before
    assert _change_log(url) == []
    assert main(["import-assignments", str(example)]) == 0
    assert _count_persons(url) > before
    # The workstations are told, with the import's transaction (live updates, issue 16).
    [payload] = _change_log(url)
    assert json.loads(payload)["k"] == ["assignments", "messages", "persons"]


def _change_log(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return list(connection.scalars(text("SELECT payload FROM change_log ORDER BY id")))
    finally:
        engine.dispose()


def test_import_of_a_missing_file_is_a_swedish_message(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-assignments", str(data_dir / "finns-inte.json")]) == 1
    assert "kan inte läsas" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--help"], ["demo", "--help"], ["db", "upgrade", "--help"]])
def test_help_is_swedish(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Användning: ")
    assert out.count("Användning:") == 1
    assert "visa den här hjälpen" in out
    assert "show this help" not in out
    assert "options" not in out


def test_screenshot_of_an_unknown_user_lists_the_demo_users(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--persons", "4"]) == 0
    assert main(["screenshot", str(data_dir / "x.png"), "--user", "ingen"]) == 1
    err = capsys.readouterr().err
    assert "ingen aktiv användare" in err
    assert "gruppchef" in err
    assert not (data_dir / "x.png").exists()


def test_screenshot_renders_a_png(data_dir: Path) -> None:
    assert main(["demo", "--persons", "6"]) == 0
    out = data_dir / "shot.png"
    assert main(["screenshot", str(out), "--select", "Mitt skrivbord/Nya uppdrag"]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_readme_screenshot_commands_work_on_the_demo(data_dir: Path) -> None:
    """The README says how its screenshots were made; the paths it selects must still be in
    the demo database (a renamed demo person once made the command fail)."""
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"`treserva-desktop (screenshot [^`]+)`", readme.split("## Kom igång")[0])
    assert len(commands) == 2, commands
    assert main(["demo"]) == 0
    for number, command in enumerate(commands):
        arguments = shlex.split(command)
        out = data_dir / f"readme-{number}.png"
        arguments[1] = str(out)
        assert main(arguments) == 0, command
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
