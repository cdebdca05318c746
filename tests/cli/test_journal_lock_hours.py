"""`db journal-lock-hours`: the installation's lock time for journal notes, shown, changed
within bounds and audited."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from treserva_desktop.cli import main


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRESERVA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TRESERVA_DATABASE_URL", raising=False)
    assert main(["db", "upgrade"]) == 0
    return tmp_path / "data"


def _audited(data_dir: Path) -> list[str]:
    with sqlite3.connect(data_dir / "treserva.sqlite3") as connection:
        return [
            row[0]
            for row in connection.execute(
                "SELECT details FROM audit_events WHERE entity_type = 'setting' ORDER BY id"
            )
        ]


def test_shows_changes_and_audits_the_lock_time(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "journal-lock-hours"]) == 0
    assert "Låstid: 24 timmar" in capsys.readouterr().out
    assert main(["db", "journal-lock-hours", "48"]) == 0
    assert main(["db", "journal-lock-hours"]) == 0
    assert "Låstid: 48 timmar" in capsys.readouterr().out
    (details,) = _audited(data_dir)
    assert '"from": 24' in details
    assert '"to": 48' in details


@pytest.mark.parametrize("hours", ["0", "721"])
def test_refuses_a_lock_time_out_of_bounds(
    data_dir: Path, capsys: pytest.CaptureFixture[str], hours: str
) -> None:
    assert main(["db", "journal-lock-hours", hours]) == 1
    assert "Låstiden ska vara 1–720 timmar." in capsys.readouterr().err
    assert _audited(data_dir) == []
