"""Per-user UI preferences (window geometry, look-back days) in an INI file in the data dir."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from treserva_desktop.settings import Settings

LOOKBACK_CHOICES: tuple[int, ...] = (30, 60, 90, 180, 365)


class Preferences:
    """A thin typed wrapper over QSettings. One file per data dir, so tests stay isolated."""

    def __init__(self, path: Path, *, default_lookback_days: int = 90) -> None:
        self.path = path
        self._default_lookback = default_lookback_days
        self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    @classmethod
    def for_settings(cls, settings: Settings) -> Preferences:
        return cls(
            settings.data_dir / "ui-preferences.ini",
            default_lookback_days=settings.not_current_lookback_days,
        )

    @property
    def not_current_lookback_days(self) -> int:
        value = self._qsettings.value("tree/not_current_lookback_days", self._default_lookback)
        try:
            days = int(str(value))
        except ValueError:
            return self._default_lookback
        return days if 1 <= days <= 3650 else self._default_lookback

    @not_current_lookback_days.setter
    def not_current_lookback_days(self, days: int) -> None:
        self._qsettings.setValue("tree/not_current_lookback_days", int(days))
        self._qsettings.sync()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._qsettings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_geometry(self) -> QByteArray | None:
        return self._bytes("main_window/geometry")

    def window_state(self) -> QByteArray | None:
        return self._bytes("main_window/state")

    def splitter_state(self) -> QByteArray | None:
        return self._bytes("main_window/splitter")

    def save_window(self, geometry: QByteArray, state: QByteArray, splitter: QByteArray) -> None:
        self._qsettings.setValue("main_window/geometry", geometry)
        self._qsettings.setValue("main_window/state", state)
        self._qsettings.setValue("main_window/splitter", splitter)
        self._qsettings.sync()
