"""Machine-wide and user configuration: precedence, refusals, and no demo fallback when a
shared database is configured."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from treserva_desktop import app, configuration
from treserva_desktop.cli import main
from treserva_desktop.configuration import ConfigurationError, Layer, load_settings
from treserva_desktop.db.database import Database, DatabaseUnavailable
from treserva_desktop.db.models import User

# Nothing listens on port 1: the connection is refused at once.
UNREACHABLE = "postgresql+psycopg://treserva_app@127.0.0.1:1/treserva"


@pytest.fixture
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    machine, user = tmp_path / "machine", tmp_path / "user"
    machine.mkdir()
    user.mkdir()
    monkeypatch.setenv(configuration.MACHINE_DIR_ENV, str(machine))
    monkeypatch.setenv(configuration.USER_DIR_ENV, str(user))
    monkeypatch.setenv("TRESERVA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TRESERVA_DATABASE_URL", raising=False)
    monkeypatch.delenv("TRESERVA_SUPPORT_PHONE", raising=False)
    return machine, user


def _write(folder: Path, text: str, encoding: str = "utf-8") -> Path:
    path = folder / configuration.CONFIG_FILE
    path.write_text(f"[{configuration.SECTION}]\n{text}", encoding=encoding)
    return path


def test_without_configuration_the_local_demo_database_is_used(dirs: tuple[Path, Path]) -> None:
    settings = load_settings()
    assert settings.database_url is None
    assert settings.may_fill_demo
    assert settings.database_origin == configuration.BUILT_IN


def test_precedence_command_line_environment_user_machine(
    dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    machine, user = dirs
    _write(machine, "database_url = postgresql+psycopg://m@db/treserva\nsupport_phone = 1\n")
    settings = load_settings()
    assert settings.database_url == "postgresql+psycopg://m@db/treserva"
    assert "maskingemensamma" in settings.database_origin
    assert settings.support_phone == "1"

    _write(user, "database_url = postgresql+psycopg://u@db/treserva\n")
    settings = load_settings()
    assert settings.database_url == "postgresql+psycopg://u@db/treserva"
    assert "användarens" in settings.database_origin
    assert settings.support_phone == "1"  # the machine's value where the user sets none

    monkeypatch.setenv("TRESERVA_DATABASE_URL", "postgresql+psycopg://e@db/treserva")
    monkeypatch.setenv("TRESERVA_SUPPORT_PHONE", "2")
    settings = load_settings()
    assert settings.database_url == "postgresql+psycopg://e@db/treserva"
    assert settings.database_origin == configuration.ENVIRONMENT
    assert settings.support_phone == "2"

    settings = load_settings(database_url="postgresql+psycopg://c@db/treserva")
    assert settings.database_url == "postgresql+psycopg://c@db/treserva"
    assert settings.database_origin == configuration.COMMAND_LINE


def test_policy_layer_wins_over_the_machine_file() -> None:
    policy = Layer("registret", {"idle_lock_minutes": "5", "support_name": "Policy"})
    machine_file = Layer("filen", {"idle_lock_minutes": "30", "support_email": "it@x.se"})
    settings = load_settings(layers=[policy, machine_file], environ={})
    assert settings.idle_lock_minutes == 5
    assert settings.support_name == "Policy"
    assert settings.support_email == "it@x.se"


def test_installer_written_utf16_and_ansi_files_are_read(dirs: tuple[Path, Path]) -> None:
    machine, _user = dirs
    _write(machine, "support_name = Användarstöd Äldreomsorg\n", encoding="utf-16")
    assert load_settings().support_name == "Användarstöd Äldreomsorg"
    _write(machine, "support_name = Användarstöd Äldreomsorg\n", encoding="cp1252")
    assert load_settings().support_name == "Användarstöd Äldreomsorg"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("databse_url = postgresql+psycopg://m@db/t\n", "Okänd inställning databse_url"),
        ("database_url = postgresql+psycopg://m:hemligt@db/t\n", "lösenord"),
        ("idle_lock_minutes = aldrig\n", "idle_lock_minutes"),
        ("database_url\n", "fel format"),
    ],
)
def test_a_bad_configuration_is_refused_not_skipped(
    dirs: tuple[Path, Path], text: str, expected: str
) -> None:
    machine, _user = dirs
    _write(machine, text)
    with pytest.raises(ConfigurationError, match=expected) as caught:
        load_settings()
    assert "hemligt" not in caught.value.message


def test_passfile_goes_to_libpq_not_into_the_url(dirs: tuple[Path, Path]) -> None:
    machine, _user = dirs
    _write(
        machine,
        "database_url = postgresql+psycopg://treserva_app@db/treserva\n"
        "database_passfile = C:\\ProgramData\\Treserva Desktop\\pgpass.conf\n",
    )
    settings = load_settings()
    database = Database(settings.resolved_database_url())
    try:
        assert database.url.query["passfile"] == "C:\\ProgramData\\Treserva Desktop\\pgpass.conf"
        assert database.url.password is None
    finally:
        database.dispose()


def test_unreachable_shared_database_never_falls_back_to_demo(
    dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    machine, _user = dirs
    _write(machine, f"database_url = {UNREACHABLE}\n")
    settings = load_settings()
    with pytest.raises(DatabaseUnavailable) as caught:
        app.open_database(settings)
    assert "maskingemensamma" in caught.value.message
    assert "ingen lokal demodatabas" in caught.value.message
    assert not settings.sqlite_path.exists()
    assert not (tmp_path / "data" / "treserva.sqlite3").exists()


def test_cli_says_so_in_swedish_without_traceback(
    dirs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    machine, _user = dirs
    _write(machine, f"database_url = {UNREACHABLE}\n")
    assert main(["import-assignments", str(tmp_path / "saknas.json")]) == 1
    assert main(["db", "current"]) == 1
    err = capsys.readouterr().err
    assert "Det gick inte att ansluta" in err
    assert "Traceback" not in err
    assert not (tmp_path / "data" / "treserva.sqlite3").exists()


def test_an_empty_sqlite_file_named_by_the_installation_gets_no_demo(
    dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    machine, _user = dirs
    named = tmp_path / "named.sqlite3"
    _write(machine, f"database_url = sqlite:///{named}\n")
    database = app.open_database(load_settings())
    try:
        with database.read() as session:
            assert session.scalar(select(func.count()).select_from(User)) == 0
    finally:
        database.dispose()


def test_the_built_in_local_database_still_gets_the_demo(dirs: tuple[Path, Path]) -> None:
    database = app.open_database(load_settings())
    try:
        with database.read() as session:
            assert (session.scalar(select(func.count()).select_from(User)) or 0) > 0
    finally:
        database.dispose()


class _FakeKey:
    def __init__(self, values: list[tuple[str, object, int]]) -> None:
        self.values = values

    def __enter__(self) -> _FakeKey:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None


def _fake_winreg(values: list[tuple[str, object, int]] | None) -> SimpleNamespace:
    opened: list[tuple[object, str, int]] = []

    def open_key(root: object, path: str, _reserved: int, access: int) -> _FakeKey:
        opened.append((root, path, access))
        if values is None:
            raise FileNotFoundError(path)
        return _FakeKey(values)

    def enum_value(key: _FakeKey, index: int) -> tuple[str, object, int]:
        if index >= len(key.values):
            raise OSError("no more data")
        return key.values[index]

    return SimpleNamespace(
        HKEY_LOCAL_MACHINE="HKLM",
        KEY_READ=0x20019,
        KEY_WOW64_64KEY=0x100,
        OpenKey=open_key,
        EnumValue=enum_value,
        opened=opened,
    )


def test_policy_key_is_read_on_windows_and_wins_over_the_file(
    dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    machine, _user = dirs
    _write(machine, "database_url = postgresql+psycopg://fil@db/treserva\nsupport_phone = 1\n")
    winreg = _fake_winreg(
        [
            ("Database_Url", "postgresql+psycopg://policy@db/treserva", 1),
            ("idle_lock_minutes", 5, 4),
        ]
    )
    monkeypatch.setitem(sys.modules, "winreg", winreg)
    monkeypatch.setattr(configuration, "sys", SimpleNamespace(platform="win32"))
    settings = load_settings()
    assert settings.database_url == "postgresql+psycopg://policy@db/treserva"
    assert "HKLM\\Software\\Policies\\Treserva Desktop" in settings.database_origin
    assert settings.idle_lock_minutes == 5  # a REG_DWORD
    assert settings.support_phone == "1"  # from the file, which the key does not set
    [(_root, path, access)] = winreg.opened
    assert path == configuration.POLICY_KEY
    assert access & winreg.KEY_WOW64_64KEY


def test_no_policy_key_leaves_the_file(
    dirs: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    machine, _user = dirs
    _write(machine, "database_url = postgresql+psycopg://fil@db/treserva\n")
    monkeypatch.setitem(sys.modules, "winreg", _fake_winreg(None))
    monkeypatch.setattr(configuration, "sys", SimpleNamespace(platform="win32"))
    assert load_settings().database_url == "postgresql+psycopg://fil@db/treserva"


def test_demo_is_never_written_to_the_installation_s_database(
    dirs: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    machine, _user = dirs
    named = tmp_path / "shared.sqlite3"
    _write(machine, f"database_url = sqlite:///{named}\n")
    assert main(["demo", "--persons", "4"]) == 1
    assert "--database-url" in capsys.readouterr().err
    assert not named.exists()
    assert main(["--database-url", f"sqlite:///{named}", "demo", "--persons", "4"]) == 0


def test_the_installer_s_empty_file_is_no_configuration(dirs: tuple[Path, Path]) -> None:
    machine, _user = dirs
    (machine / configuration.CONFIG_FILE).write_bytes(b"\xff\xfe")  # /S without options
    settings = load_settings()
    assert settings.database_url is None
    assert settings.may_fill_demo
