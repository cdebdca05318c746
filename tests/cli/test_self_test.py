"""`--self-test`: the whole test in a subprocess as IT and the build server run it, and a
failing step's Swedish reason with a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from treserva_desktop import self_test
from treserva_desktop.cli import main


def test_self_test_passes_in_a_subprocess(tmp_path: Path) -> None:
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the self-test goes offscreen by itself
    env["TRESERVA_DATA_DIR"] = str(tmp_path / "data")
    result = subprocess.run(
        [sys.executable, "-m", "treserva_desktop", "--self-test"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Självtestet lyckades." in result.stdout
    assert result.stdout.count("  OK  ") == 3
    assert "QtPdf" in result.stdout
    assert "Traceback" not in result.stderr
    # No database of its own is left behind, and none in the user's data folder.
    assert not (tmp_path / "data" / "treserva.sqlite3").exists()


def test_a_failing_step_exits_non_zero_with_a_swedish_reason(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("TRESERVA_DATA_DIR", str(tmp_path / "data"))

    def broken(_data_dir: Path) -> str:
        raise self_test.SelfTestFailed("schemat nådde inte den senaste versionen")

    monkeypatch.setattr(self_test, "_migrate_and_fill", broken)
    assert main(["--self-test"]) == 1
    captured = capsys.readouterr()
    assert "  FEL Databas: migreringar och demokommun" in captured.out
    assert "Självtestet misslyckades: Databas" in captured.err
    assert "schemat nådde inte" in captured.err
