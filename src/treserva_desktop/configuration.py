"""The settings an installation gives, in layers, and where each came from.

Precedence, highest first: the command line, the environment (TRESERVA_*), the user's file,
the machine-wide configuration, and last the built-in local demo database. The machine-wide
layer is the policy key HKLM\\Software\\Policies\\Treserva Desktop (Windows only; it wins over
the file) and the file treserva.ini in %ProgramData%\\Treserva Desktop (elsewhere
/etc/treserva-desktop, or the folder TRESERVA_MACHINE_CONFIG_DIR names). The user's file is
treserva.ini in the user's configuration folder (TRESERVA_USER_CONFIG_DIR overrides it).

A file or key that is there but cannot be read, names an unknown setting or holds a password
is an error, never silently skipped: skipping it could open the local demo database on a
workstation meant to use the shared one.
"""

from __future__ import annotations

import configparser
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_config_path
from pydantic import ValidationError as PydanticValidationError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from treserva_desktop.domain.errors import DomainError
from treserva_desktop.settings import Settings

CONFIG_FILE = "treserva.ini"
SECTION = "Treserva Desktop"
MACHINE_DIR_ENV = "TRESERVA_MACHINE_CONFIG_DIR"
USER_DIR_ENV = "TRESERVA_USER_CONFIG_DIR"
POLICY_KEY = r"Software\Policies\Treserva Desktop"
ENV_PREFIX = "TRESERVA_"
# What a configuration file or the policy key may set (the data folder is per user).
CONFIGURABLE = frozenset(Settings.model_fields) - {"data_dir"}


class ConfigurationError(DomainError):
    """The installation's configuration cannot be used as it is."""


@dataclass(frozen=True)
class Layer:
    """One source of settings: its Swedish description and the values it sets."""

    name: str
    values: Mapping[str, str]


BUILT_IN = "den inbyggda lokala demodatabasen"
COMMAND_LINE = "kommandoraden (--database-url)"
ENVIRONMENT = "miljövariabeln TRESERVA_DATABASE_URL"


def machine_config_dir() -> Path:
    configured = os.environ.get(MACHINE_DIR_ENV)
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        return Path(os.environ.get("PROGRAMDATA", r"C:\ProgramData")) / "Treserva Desktop"
    return Path("/etc/treserva-desktop")


def user_config_dir() -> Path:
    configured = os.environ.get(USER_DIR_ENV)
    if configured:
        return Path(configured)
    return user_config_path("treserva-desktop", appauthor=False, roaming=True)


def _decode(raw: bytes) -> str:
    """UTF-16 with a BOM (what the installer writes), UTF-8, or the Windows ANSI page."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_file_layer(path: Path, description: str) -> Layer | None:
    """The [Treserva Desktop] section of an INI file; None when the file does not exist."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigurationError(
            f"Inställningsfilen {path} kan inte läsas ({exc.strerror}). "
            "Kontrollera behörigheten eller kontakta IT."
        ) from None
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(_decode(raw), source=str(path))
    except configparser.Error:
        raise ConfigurationError(
            f"Inställningsfilen {path} har fel format. Den ska ha avsnittet [{SECTION}] "
            "med en inställning per rad, t.ex. database_url = postgresql+psycopg://…"
        ) from None
    if not parser.has_section(SECTION):
        if parser.sections():
            raise ConfigurationError(f"Inställningsfilen {path} saknar avsnittet [{SECTION}].")
        return Layer(f"{description} ({path})", {})
    values = {key.lower(): value.strip() for key, value in parser.items(SECTION)}
    return _checked(Layer(f"{description} ({path})", values))


def read_policy_layer() -> Layer | None:
    """HKLM\\Software\\Policies\\Treserva Desktop on Windows; None elsewhere or when absent."""
    if sys.platform != "win32":
        return None
    import winreg

    try:
        key = winreg.OpenKey(
            winreg.HKEY_LOCAL_MACHINE, POLICY_KEY, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY
        )
    except FileNotFoundError:
        return None
    except OSError:
        raise ConfigurationError(
            f"Registernyckeln HKLM\\{POLICY_KEY} kan inte läsas. Kontakta IT."
        ) from None
    values: dict[str, str] = {}
    with key:
        index = 0
        while True:
            try:
                name, value, _kind = winreg.EnumValue(key, index)
            except OSError:
                break
            values[str(name).lower()] = str(value).strip()
            index += 1
    return _checked(Layer(f"registret (HKLM\\{POLICY_KEY})", values))


def _checked(layer: Layer) -> Layer:
    unknown = sorted(set(layer.values) - CONFIGURABLE)
    if unknown:
        raise ConfigurationError(
            f"Okänd inställning {', '.join(unknown)} i {layer.name}. "
            f"Tillåtna: {', '.join(sorted(CONFIGURABLE))}."
        )
    url = layer.values.get("database_url")
    if url:
        try:
            password = make_url(url).password
        except ArgumentError:
            raise ConfigurationError(f"Databasadressen i {layer.name} är ogiltig.") from None
        if password:
            raise ConfigurationError(
                f"Databasadressen i {layer.name} innehåller ett lösenord, som alla som kan "
                "läsa inställningen då kan se. Ta bort lösenordet och använd PostgreSQL:s "
                "lösenordsfil (inställningen database_passfile) eller Windows-inloggning."
            )
    return layer


def machine_layers() -> list[Layer]:
    """The machine-wide layers, highest precedence first (the policy key, then the file)."""
    layers = [
        read_policy_layer(),
        read_file_layer(
            machine_config_dir() / CONFIG_FILE, "den maskingemensamma inställningsfilen"
        ),
    ]
    return [layer for layer in layers if layer is not None]


def user_layers() -> list[Layer]:
    layer = read_file_layer(user_config_dir() / CONFIG_FILE, "användarens inställningsfil")
    return [layer] if layer is not None else []


def _set_in_environment(field: str, environ: Mapping[str, str]) -> bool:
    wanted = (ENV_PREFIX + field).upper()
    return any(name.upper() == wanted for name in environ)


def load_settings(
    *,
    database_url: str | None = None,
    layers: list[Layer] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """The settings with every layer applied; `layers` (highest first) default to the user's
    file, then the machine-wide ones. Records where the database URL came from."""
    environment = os.environ if environ is None else environ
    stack = layers if layers is not None else [*user_layers(), *machine_layers()]
    values: dict[str, Any] = {}
    origin = BUILT_IN
    from_layer = False
    for layer in reversed(stack):  # lowest first, so a higher layer overwrites
        for field, value in layer.values.items():
            if value and not _set_in_environment(field, environment):
                values[field] = value
                if field == "database_url":
                    origin, from_layer = layer.name, True
    if _set_in_environment("database_url", environment):
        origin, from_layer = ENVIRONMENT, False
    if database_url:
        values["database_url"] = database_url
        origin, from_layer = COMMAND_LINE, False
    try:
        settings = Settings(**values)
    except PydanticValidationError as exc:
        fields = sorted({str(error["loc"][0]) for error in exc.errors() if error["loc"]})
        where = ", ".join(layer.name for layer in stack if set(fields) & set(layer.values))
        raise ConfigurationError(
            f"Inställningen {', '.join(fields)} har ett ogiltigt värde"
            + (f" i {where}." if where else " (miljövariabel).")
        ) from None
    settings.set_database_origin(origin, installation=from_layer)
    return settings
