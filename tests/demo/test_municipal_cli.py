"""`treserva-desktop demo --scale`: the scale demo from the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from treserva_desktop import cli
from treserva_desktop.db.database import Database
from treserva_desktop.db.models import AuditEvent, Person
from treserva_desktop.demo import municipal


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRESERVA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("TRESERVA_DATABASE_URL", raising=False)
    return tmp_path


def _counts(directory: Path) -> tuple[int, int]:
    database = Database(f"sqlite:///{directory / 'treserva.sqlite3'}")
    try:
        with database.read() as session:
            persons = session.scalar(select(func.count()).select_from(Person)) or 0
            events = session.scalar(select(func.count()).select_from(AuditEvent)) or 0
            return persons, events
    finally:
        database.dispose()


def test_municipal_scale_shows_progress_and_a_summary_then_refuses_a_second_run(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = municipal.MUNICIPAL.scaled(0.002)
    monkeypatch.setattr(municipal, "MUNICIPAL", spec)
    assert cli.main(["demo", "--scale", "municipal", "--seed", "2"]) == 0
    out, err = capsys.readouterr()
    assert "Klart:" in out
    assert f"{spec.persons} personer" in out
    for stage in ("Organisation", "Personer och uppdrag", "Meddelanden", "Loggposter"):
        assert f"{stage} " in err
    assert "100.0 %" in err
    assert _counts(data_dir) == (spec.persons, spec.audit_events)
    assert cli.main(["demo", "--scale", "municipal"]) == 1
    assert "--force" in capsys.readouterr().err


def test_scale_and_persons_exclude_each_other(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["demo", "--scale", "small", "--persons", "5"])
    assert exit_info.value.code == 2
    assert "--persons" in capsys.readouterr().err


def test_small_scale_is_the_small_demo_at_two_thousand_persons(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "SMALL_SCALE_PERSONS", 40)
    assert cli.main(["demo", "--scale", "small"]) == 0
    assert _counts(data_dir)[0] == 40
