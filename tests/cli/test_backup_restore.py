"""`backup` and `restore` of the local SQLite database, and `db upgrade`'s own backup."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from tests.helpers.postgres import scratch_postgres_url

from treserva_desktop.cli import main
from treserva_desktop.clock import SYSTEM_CLOCK
from treserva_desktop.db import migrate
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent
from treserva_desktop.domain.enums import AuditAction


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRESERVA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TRESERVA_DATABASE_URL", raising=False)
    return tmp_path / "data"


def live(data_dir: Path) -> Path:
    return data_dir / "treserva.sqlite3"


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def integrity(path: Path) -> str:
    return str(rows(path, "PRAGMA integrity_check")[0][0])


def add_user(path: Path, username: str) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO users (username, display_name, title, password_hash, active, "
            "failed_logins) VALUES (?, 'Ny', '', 'x', 1, 0)",
            (username,),
        )


USERNAMES = "SELECT username FROM users ORDER BY id"


def test_backup_and_restore_round_trip(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--persons", "6"]) == 0
    copy = tmp_path / "kopia.sqlite3"
    assert main(["backup", str(copy)]) == 0
    assert f"Säkerhetskopia sparad: {copy}" in capsys.readouterr().out
    assert integrity(copy) == "ok"
    saved = rows(live(data_dir), USERNAMES)
    assert rows(copy, USERNAMES) == saved

    add_user(live(data_dir), "efter_kopian")
    changed = rows(live(data_dir), USERNAMES)

    assert main(["restore", str(copy)]) == 0
    out = capsys.readouterr().out
    assert "återställd" in out
    kept = [p for p in data_dir.iterdir() if "-ersatt-" in p.name]
    assert len(kept) == 1
    assert str(kept[0]) in out
    assert rows(live(data_dir), USERNAMES) == saved
    assert rows(kept[0], USERNAMES) == changed
    assert integrity(live(data_dir)) == "ok"
    assert main(["db", "current"]) == 0
    assert "(aktuell)" in capsys.readouterr().out


def test_backup_is_consistent_while_the_program_writes(data_dir: Path, tmp_path: Path) -> None:
    """A writer commits audit events one by one while five backups are taken: each copy is
    whole and holds a prefix of the commits (never half a transaction, never a later one
    without an earlier)."""
    assert main(["db", "upgrade"]) == 0
    database = Database(f"sqlite:///{live(data_dir)}")
    committed = 0
    stop = threading.Event()

    def write() -> None:
        nonlocal committed
        while not stop.is_set():
            with database.transaction() as session:
                for _ in range(3):  # three rows per transaction
                    session.add(
                        AuditEvent(
                            occurred_at=SYSTEM_CLOCK.now(),
                            action=AuditAction.READ_PERSON,
                            entity_type="person",
                            entity_id=committed,
                            details={},
                        )
                    )
            committed += 1
            # Let the main thread run: under libfaketime (the suite's awkward-day runs) the
            # interpreter's timed GIL hand-over never fires, and a writer that never sleeps
            # would starve the thread taking the backups.
            time.sleep(0.001)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        counts = []
        for number in range(5):
            while committed < 5 * (number + 1):
                time.sleep(0.01)
            before = committed
            copy = tmp_path / f"kopia-{number}.sqlite3"
            assert main(["backup", str(copy)]) == 0
            after = committed
            assert integrity(copy) == "ok"
            (count,) = rows(copy, "SELECT count(*) FROM audit_events")[0]
            assert isinstance(count, int)
            assert count % 3 == 0
            assert before <= count // 3 <= after + 1
            ids = [row[0] for row in rows(copy, "SELECT id FROM audit_events ORDER BY id")]
            assert ids == list(range(1, count + 1))
            counts.append(count)
    finally:
        stop.set()
        writer.join()
        database.dispose()
    assert counts == sorted(counts)


def test_backup_never_overwrites_a_file(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    existing = tmp_path / "finns.sqlite3"
    existing.write_bytes(b"annat")
    assert main(["backup", str(existing)]) == 1
    assert "skrivs inte över" in capsys.readouterr().err
    assert existing.read_bytes() == b"annat"


def test_backup_without_a_file_goes_to_the_backups_folder(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    assert main(["backup"]) == 0
    (copy,) = (data_dir / "backups").iterdir()
    assert str(copy) in capsys.readouterr().out
    assert integrity(copy) == "ok"


def _refused_restore(
    data_dir: Path, source: Path, capsys: pytest.CaptureFixture[str], expected: str
) -> None:
    before = rows(live(data_dir), USERNAMES)
    assert main(["restore", str(source)]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err
    assert rows(live(data_dir), USERNAMES) == before
    assert not [p for p in data_dir.iterdir() if "-ersatt-" in p.name]


def test_restore_refuses_a_copy_from_a_newer_version(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--persons", "3"]) == 0
    copy = tmp_path / "nyare.sqlite3"
    assert main(["backup", str(copy)]) == 0
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
    add_user(copy, "i_kopian")
    _refused_restore(data_dir, copy, capsys, "nyare version")


def test_restore_refuses_what_is_not_a_whole_treserva_database(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", "--persons", "3"]) == 0
    text_file = tmp_path / "text.sqlite3"
    text_file.write_text("inte en databas", encoding="utf-8")
    _refused_restore(data_dir, text_file, capsys, "skadad eller ingen databas")

    foreign = tmp_path / "annan.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE t (x)")
    _refused_restore(data_dir, foreign, capsys, "ingen databas från Treserva Desktop")

    damaged = tmp_path / "skadad.sqlite3"
    assert main(["backup", str(damaged)]) == 0
    data = bytearray(damaged.read_bytes())
    page = 4096
    data[3 * page : 6 * page] = b"\x5a" * (3 * page)
    damaged.write_bytes(bytes(data))
    _refused_restore(data_dir, damaged, capsys, "skadad")

    _refused_restore(data_dir, tmp_path / "saknas.sqlite3", capsys, "finns inte")


def test_restore_of_an_older_copy_upgrades_it(
    data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    older = tmp_path / "aldre.sqlite3"
    database = Database(f"sqlite:///{older}")
    head = migrate.head_revision(database)
    migrate.upgrade(database)
    migrate.downgrade(database, "-1")
    old_revision = migrate.current_revision(database)
    database.dispose()
    assert old_revision != head

    assert main(["db", "upgrade"]) == 0
    assert main(["restore", str(older)]) == 0
    out = capsys.readouterr().out
    assert f"schemaversion {old_revision}" in out
    assert f"uppgraderat till {head}" in out
    assert rows(live(data_dir), "SELECT version_num FROM alembic_version") == [(head,)]
    assert len(list((data_dir / "backups").iterdir())) == 1  # the restored copy, before


def test_db_upgrade_backs_up_only_when_there_is_something_to_upgrade(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0  # a new file: nothing worth a copy
    assert main(["db", "upgrade"]) == 0  # already at head
    assert "redan uppdaterad" in capsys.readouterr().out
    assert not (data_dir / "backups").exists()

    database = Database(f"sqlite:///{live(data_dir)}")
    migrate.downgrade(database, "-1")
    database.dispose()
    assert main(["db", "upgrade"]) == 0
    assert "uppgraderad från" in capsys.readouterr().out
    assert len(list((data_dir / "backups").iterdir())) == 1


@pytest.mark.postgres
@pytest.mark.parametrize("command", [["backup"], ["backup", "x.dump"], ["restore", "x.dump"]])
def test_postgresql_commands_explain_pg_dump_and_pg_restore(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with scratch_postgres_url("treserva_backup") as url:
        assert main(["--database-url", url, "db", "upgrade"]) == 0
        assert main(["--database-url", url, *command]) == 1
    err = capsys.readouterr().err
    assert "pg_dump" in err
    assert "pg_restore" in err
    assert "docs/security.md" in err


def test_restore_of_the_database_itself_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    _refused_restore(data_dir, live(data_dir), capsys, "själva databasen")
