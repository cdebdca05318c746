"""Application-wide events: what changed after a user action, so views reload only that."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from treserva_desktop.domain.changes import UNKNOWN, ChangeKind, ChangeSet, Touched


class AppEvents(QObject):
    """One instance per logged-in session, carried in the AppContext."""

    # Emitted after commit with a ChangeSet (the kinds, and the ids touched when known).
    data_changed = Signal(object)
    # Emitted after data_changed for a ChangeSet committed on another workstation (the live
    # updates): open dialogs say what changed under them.
    remote_changed = Signal(object)

    def changed(self, *kinds: ChangeKind, touched: Touched = UNKNOWN) -> None:
        self.data_changed.emit(ChangeSet.of(kinds, touched))
