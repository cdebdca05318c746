"""`db follow-up-days`: the installation's follow-up time, shown, changed within bounds and
audited; the next login carries it (DOMAIN.md, "Engaged")."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from treserva_desktop.cli import main
from treserva_desktop.domain.rules import DEFAULT_FOLLOW_UP_DAYS


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TRESERVA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TRESERVA_DATABASE_URL", raising=False)
    assert main(["db", "upgrade"]) == 0
    return tmp_path / "data"


def _audited(data_dir: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(data_dir / "treserva.sqlite3") as connection:
        return connection.execute(
            "SELECT entity_type, details FROM audit_events WHERE action = 'update' ORDER BY id"
        ).fetchall()


def test_shows_the_default(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "follow-up-days"]) == 0
    assert f"{DEFAULT_FOLLOW_UP_DAYS} dagar" in capsys.readouterr().out


def test_changes_it_and_audits_the_change(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "follow-up-days", "45"]) == 0
    assert "45 dagar" in capsys.readouterr().out
    assert main(["db", "follow-up-days"]) == 0
    assert "Uppföljningstid: 45 dagar" in capsys.readouterr().out
    ((entity, details),) = _audited(data_dir)
    assert entity == "setting"
    assert '"from": 30' in details
    assert '"to": 45' in details


@pytest.mark.parametrize("days", ["-1", "366"])
def test_refuses_a_time_out_of_bounds(
    data_dir: Path, capsys: pytest.CaptureFixture[str], days: str
) -> None:
    assert main(["db", "follow-up-days", days]) == 1
    assert "Uppföljningstiden ska vara 0–365 dagar." in capsys.readouterr().err
    assert _audited(data_dir) == []
