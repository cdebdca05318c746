"""The default data folder: local, not roaming, except for a database an earlier version put
in the roaming folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from treserva_desktop import paths


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    local, roaming = (
        tmp_path / "Local" / "treserva-desktop",
        tmp_path / "Roaming" / "treserva-desktop",
    )

    def user_data_path(_name: str, *, appauthor: bool, roaming: bool) -> Path:
        assert appauthor is False
        return roaming_dir if roaming else local

    roaming_dir = roaming
    monkeypatch.setattr(paths, "user_data_path", user_data_path)
    return local, roaming


def test_new_installations_keep_their_data_locally(folders: tuple[Path, Path]) -> None:
    local, _roaming = folders
    assert paths.default_data_dir() == local


def test_a_database_in_the_roaming_folder_stays_in_use(folders: tuple[Path, Path]) -> None:
    local, roaming = folders
    roaming.mkdir(parents=True)
    (roaming / paths.DATABASE_FILE).write_bytes(b"")
    assert paths.default_data_dir() == roaming
    local.mkdir(parents=True)
    (local / paths.DATABASE_FILE).write_bytes(b"")
    assert paths.default_data_dir() == local
