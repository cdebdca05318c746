"""The PySide6 user interface: main window, tree, panes, dialogs and the action registry."""
