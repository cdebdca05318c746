"""`demo` never replaces a database holding anything the demo generator did not make.

"Made by the generator" (demo/safety.py): the demo flag, the last ids the generator recorded,
every person marked as test data with an id up to the recorded one, every user up to the
recorded one, and no audit event by any other user. The flag alone (one INSERT) is not enough.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from tests.helpers.example_import import example_records
from tests.helpers.postgres import scratch_postgres_url

from treserva_desktop.cli import main
from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AppSetting, AuditEvent, Person, User
from treserva_desktop.demo import generate_demo
from treserva_desktop.demo.generator import DEMO_FLAG_KEY
from treserva_desktop.demo.manifest import RECORDED, last_id_key
from treserva_desktop.demo.safety import DemoReplaceRefused, check_replaceable, demo_contents
from treserva_desktop.domain.enums import AuditAction, IdentityKind


def contents(database: Database):  # type: ignore[no-untyped-def]
    with database.read() as session:
        return demo_contents(session)


def add_person(database: Database, *, test_data: bool = False, number: str) -> None:
    with database.transaction() as session:
        session.add(
            Person(
                identity_number=number,
                identity_kind=IdentityKind.PERSONAL,
                first_name="Hand",
                last_name="Registrerad",
                is_test_data=test_data,
            )
        )


def add_user(database: Database, username: str = "riktig") -> int:
    with database.transaction() as session:
        user = User(username=username, display_name="Riktig Användare", password_hash="x")
        session.add(user)
        session.flush()
        return user.id


def add_audit_event(database: Database, user_id: int | None) -> None:
    with database.transaction() as session:
        session.add(
            AuditEvent(
                occurred_at=SYSTEM_CLOCK.now(),
                user_id=user_id,
                action=AuditAction.READ_PERSON,
                entity_type="person",
                entity_id=1,
                details={},
            )
        )


def demo_user_id(database: Database) -> int:
    with database.read() as session:
        user_id = session.scalar(select(User.id).where(User.username == "gruppchef"))
    assert user_id is not None
    return user_id


def test_the_generator_records_its_last_ids_and_its_database_is_replaceable(
    demo_db: Database,
) -> None:
    with demo_db.read() as session:
        keys = set(session.scalars(select(AppSetting.key)))
        check_replaceable(session)
    assert {last_id_key(model) for model in RECORDED} <= keys
    assert contents(demo_db).only_generated


def test_audit_events_of_the_demo_users_are_demo_activity(demo_db: Database) -> None:
    add_audit_event(demo_db, demo_user_id(demo_db))
    add_audit_event(demo_db, None)
    assert contents(demo_db).only_generated


def test_a_person_registered_by_hand_is_real(demo_db: Database) -> None:
    add_person(demo_db, number="194003072388")
    found = contents(demo_db)
    assert (found.real_persons, found.real_users, found.real_audit_events) == (1, 0, 0)
    assert not found.only_generated
    assert "1 personer som inte är demopersoner" in found.refusal()


def test_a_person_added_after_the_generator_is_real_even_marked_as_test_data(
    demo_db: Database,
) -> None:
    add_person(demo_db, number="194003072388", test_data=True)
    assert contents(demo_db).real_persons == 1


def test_a_user_made_afterwards_and_their_audit_events_are_real(demo_db: Database) -> None:
    user_id = add_user(demo_db)
    add_audit_event(demo_db, user_id)
    add_audit_event(demo_db, user_id)
    found = contents(demo_db)
    assert (found.real_persons, found.real_users, found.real_audit_events) == (0, 1, 2)
    with demo_db.read() as session, pytest.raises(DemoReplaceRefused) as refused:
        check_replaceable(session)
    message = refused.value.message
    assert "1 användare som inte är demoanvändare" in message
    assert "2 loggposter av andra användare" in message
    assert "skrivs aldrig över med demodata" in message


def test_a_forged_demo_flag_is_not_enough(sqlite_db: Database) -> None:
    add_user(sqlite_db)
    with sqlite_db.transaction() as session:
        session.execute(
            text("INSERT INTO app_settings (key, value) VALUES (:k, '1')"), {"k": DEMO_FLAG_KEY}
        )
    found = contents(sqlite_db)
    assert found.flagged
    assert not found.recorded
    assert not found.only_generated
    assert "ingen uppgift om vad demogeneratorn har skapat" in found.refusal()


def test_forged_last_ids_do_not_make_real_persons_demo_persons(sqlite_db: Database) -> None:
    add_person(sqlite_db, number="194003072388")
    with sqlite_db.transaction() as session:
        for key in [DEMO_FLAG_KEY, *(last_id_key(model) for model in RECORDED)]:
            session.add(AppSetting(key=key, value="1" if key == DEMO_FLAG_KEY else "999999"))
    found = contents(sqlite_db)
    assert found.flagged
    assert found.recorded
    assert found.real_persons == 1
    assert not found.only_generated


# --- the command -------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRESERVA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TRESERVA_DATABASE_URL", raising=False)
    return tmp_path


def _persons(path: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT identity_number, is_test_data FROM persons ORDER BY id"
        ).fetchall()


def test_force_backs_up_the_demo_file_before_replacing_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_dir / "treserva.sqlite3"
    assert main(["demo", "--persons", "6", "--seed", "3"]) == 0
    before = _persons(path)
    assert main(["demo", "--persons", "4", "--force"]) == 0
    out = capsys.readouterr().out
    assert "säkerhetskopierad" in out
    backups = list((data_dir / "backups").iterdir())
    assert len(backups) == 1
    assert backups[0].name in out
    assert _persons(backups[0]) == before
    assert len(_persons(path)) == 4


def test_force_refuses_a_demo_file_with_imported_persons_and_leaves_it(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case: persons registered in a demo database are not test data."""
    path = data_dir / "treserva.sqlite3"
    assert main(["demo", "--persons", "6"]) == 0
    example = data_dir / "example.json"
    example.write_text(json.dumps(example_records(SYSTEM_CLOCK.today())), encoding="utf-8")
    assert main(["import-assignments", str(example)]) == 0
    before = _persons(path)
    assert any(not test_data for _number, test_data in before)
    capsys.readouterr()

    assert main(["demo", "--persons", "4", "--force"]) == 1
    err = capsys.readouterr().err
    assert "personer som inte är demopersoner" in err
    assert "skrivs aldrig över med demodata" in err
    assert "Traceback" not in err
    assert _persons(path) == before
    assert not (data_dir / "backups").exists()


def test_force_refuses_a_real_database_with_a_forged_flag(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = data_dir / "treserva.sqlite3"
    assert main(["db", "upgrade"]) == 0
    database = Database(f"sqlite:///{path}")
    add_user(database)
    with database.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO app_settings (key, value) VALUES (:k, '1')"), {"k": DEMO_FLAG_KEY}
        )
    database.dispose()
    assert main(["demo", "--force"]) == 1
    err = capsys.readouterr().err
    assert "skrivs aldrig över med demodata" in err
    assert "flytta filen" in err  # the way on for a demo file of an older version
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT username FROM users").fetchall() == [("riktig",)]


@pytest.mark.postgres
def test_postgresql_is_filled_when_empty_and_never_replaced(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with scratch_postgres_url("treserva_demo") as url:
        assert main(["--database-url", url, "demo", "--persons", "8"]) == 0
        capsys.readouterr()
        assert main(["--database-url", url, "demo", "--persons", "4", "--force"]) == 1
        err = capsys.readouterr().err
        assert "PostgreSQL-databas ersätts aldrig" in err
        assert "pg_dump" in err
        database = Database(url)
        try:
            with database.read() as session:
                assert session.scalar(select(func.count()).select_from(Person)) == 8
        finally:
            database.dispose()


def test_an_empty_local_database_is_still_filled_with_the_demo(data_dir: Path) -> None:
    from treserva_desktop.app import open_database
    from treserva_desktop.settings import Settings

    database = open_database(Settings(data_dir=data_dir))
    try:
        found = contents(database)
        with database.read() as session:
            persons = session.scalar(select(func.count()).select_from(Person))
    finally:
        database.dispose()
    assert persons
    assert found.only_generated


def test_the_demo_generator_refuses_a_database_with_data(sqlite_db: Database) -> None:
    add_user(sqlite_db)
    with sqlite_db.transaction() as session, pytest.raises(Exception, match="tom databas"):
        generate_demo(session, persons=2)


def test_a_forged_flag_does_not_allow_a_screenshot_without_password(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`screenshot` logs in without a password, so it too needs a real demo database."""
    path = data_dir / "treserva.sqlite3"
    assert main(["db", "upgrade"]) == 0
    database = Database(f"sqlite:///{path}")
    add_user(database, "anna")
    with database.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO app_settings (key, value) VALUES (:k, '1')"), {"k": DEMO_FLAG_KEY}
        )
    database.dispose()
    assert main(["screenshot", str(data_dir / "x.png"), "--user", "anna"]) == 1
    assert "bara tas i en demodatabas" in capsys.readouterr().err
    assert not (data_dir / "x.png").exists()
