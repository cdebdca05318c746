"""Application-wide events: what changed after a user action, so views reload only that."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from treserva_desktop.domain.changes import ChangeKind
from treserva_desktop.ui.qt_compat import emit


class AppEvents(QObject):
    """One instance per logged-in session, carried in the AppContext."""

    # Emitted after commit with a frozenset[ChangeKind].
    data_changed = Signal(object)

    def changed(self, *kinds: ChangeKind) -> None:
        emit(self.data_changed, frozenset(kinds))
