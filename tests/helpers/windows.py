"""The main window as the UI tests open it: shown, exposed and closed with the test."""

from __future__ import annotations

from typing import Any

from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.main_window import MainWindow


def open_main_window(qtbot: Any, ctx: AppContext, *, remember_geometry: bool = False) -> MainWindow:
    window = MainWindow(ctx, remember_geometry=remember_geometry)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
