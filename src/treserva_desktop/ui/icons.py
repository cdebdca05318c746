"""Icons drawn for the application, loaded from the package resources."""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files

from PySide6.QtGui import QIcon


@cache
def icon(name: str) -> QIcon:
    """The icon `resources/icons/<name>.svg`; an empty icon when it is missing."""
    resource = files("treserva_desktop.resources") / "icons" / f"{name}.svg"
    if not resource.is_file():
        return QIcon()
    # as_file gives a real path even from a zipped or frozen build; QIcon reads it at once.
    with as_file(resource) as path:
        result = QIcon(str(path))
        # Render now so the temporary file (if any) may go away.
        result.pixmap(16, 16)
        return result


def app_icon() -> QIcon:
    return icon("app")
