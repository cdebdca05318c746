"""`db provider-change-backdate`: how far back Byt utförare may date a takeover, shown,
changed within bounds and audited."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from treserva_desktop.cli import main
from treserva_desktop.domain.provider_change_rules import DEFAULT_MAX_BACKDATE_DAYS


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


def test_shows_changes_and_audits(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "provider-change-backdate"]) == 0
    assert f"högst {DEFAULT_MAX_BACKDATE_DAYS} dagar bakåt" in capsys.readouterr().out
    assert main(["db", "provider-change-backdate", "0"]) == 0
    assert main(["db", "provider-change-backdate"]) == 0
    assert "högst 0 dagar bakåt" in capsys.readouterr().out
    (details,) = _audited(data_dir)
    assert '"to": 0' in details


@pytest.mark.parametrize("days", ["-1", "91"])
def test_refuses_out_of_bounds(
    data_dir: Path, capsys: pytest.CaptureFixture[str], days: str
) -> None:
    assert main(["db", "provider-change-backdate", days]) == 1
    assert "Antalet dagar ska vara 0–90." in capsys.readouterr().err
    assert _audited(data_dir) == []
