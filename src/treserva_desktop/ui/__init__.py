"""The PySide6 user interface: main window, tree, panes, dialogs and the action registry."""

from treserva_desktop.ui.qt_compat import guard_singletons

# Before any other UI code runs: see qt_compat for the PySide6 defect this guards against.
guard_singletons()
