"""UI preferences in an INI file in the data dir: window geometry per OS account, and per
logged-in user what Ej aktuella – att avsluta shows (look-back days, removed persons)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from treserva_desktop.settings import Settings

LOOKBACK_CHOICES: tuple[int, ...] = (30, 60, 90, 180, 365)


class Preferences:
    """A thin typed wrapper over QSettings. One file per data dir, so tests stay isolated."""

    def __init__(
        self, path: Path, *, default_lookback_days: int = 90, user_id: int | None = None
    ) -> None:
        self.path = path
        self.user_id = user_id
        self._default_lookback = default_lookback_days
        self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    def for_user(self, user_id: int) -> Preferences:
        """The same file, with the folder settings of this logged-in user: several users
        share a workstation's OS account, and each keeps their own look-back."""
        return Preferences(self.path, default_lookback_days=self._default_lookback, user_id=user_id)

    def _user_key(self, name: str) -> str:
        # Before per-user keys the look-back was one value per OS account (tree/...).
        return f"users/{self.user_id}/{name}" if self.user_id is not None else f"tree/{name}"

    @classmethod
    def for_settings(cls, settings: Settings) -> Preferences:
        return cls(
            settings.data_dir / "ui-preferences.ini",
            default_lookback_days=settings.not_current_lookback_days,
        )

    @property
    def not_current_lookback_days(self) -> int:
        value = self._qsettings.value(
            self._user_key("not_current_lookback_days"), self._default_lookback
        )
        try:
            days = int(str(value))
        except ValueError:
            return self._default_lookback
        return days if 1 <= days <= 3650 else self._default_lookback

    @not_current_lookback_days.setter
    def not_current_lookback_days(self, days: int) -> None:
        self._qsettings.setValue(self._user_key("not_current_lookback_days"), int(days))
        self._qsettings.sync()

    @property
    def not_current_show_removed(self) -> bool:
        """Visa borttagna i Ej aktuella: persons the user took out of the folder show too."""
        value = self._qsettings.value(self._user_key("not_current_show_removed"), False)
        return str(value).lower() in ("true", "1")

    @not_current_show_removed.setter
    def not_current_show_removed(self, show: bool) -> None:
        self._qsettings.setValue(self._user_key("not_current_show_removed"), bool(show))
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

    def user_window_geometry(self, name: str) -> QByteArray | None:
        """A secondary window's size and place (Genomförande), remembered per user."""
        return self._bytes(self._user_key(f"{name}/geometry"))

    def save_user_window_geometry(self, name: str, geometry: QByteArray) -> None:
        self._qsettings.setValue(self._user_key(f"{name}/geometry"), geometry)
        self._qsettings.sync()
