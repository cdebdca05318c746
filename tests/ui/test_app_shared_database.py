"""The login window with a machine-wide shared database that cannot be reached: a Swedish
message naming where the setting came from, and no local demo database behind it."""

from __future__ import annotations

from pathlib import Path

import pytest

from treserva_desktop import app, configuration
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs.login_dialog import LoginDialog


def test_login_window_says_the_shared_database_is_unreachable(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine = tmp_path / "machine"
    machine.mkdir()
    (machine / configuration.CONFIG_FILE).write_text(
        f"[{configuration.SECTION}]\n"
        "database_url = postgresql+psycopg://treserva_app@127.0.0.1:1/treserva\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(configuration.MACHINE_DIR_ENV, str(machine))
    monkeypatch.delenv("TRESERVA_DATABASE_URL", raising=False)
    monkeypatch.setenv("TRESERVA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(app, "configure_logging", lambda _settings: None)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        messages, "error", lambda _parent, text, **kw: shown.append((text, kw.get("title", "")))
    )

    def exec_(dialog: LoginDialog) -> int:
        dialog.show()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=15_000)
        assert not dialog.ready
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", exec_)
    assert app.run_gui(configuration.load_settings) == 1
    [(text, title)] = shown
    assert title == "Databasen kunde inte öppnas"
    assert "Det gick inte att ansluta" in text
    assert "maskingemensamma inställningsfilen" in text
    assert "ingen lokal demodatabas" in text
    assert not (tmp_path / "data" / "treserva.sqlite3").exists()
