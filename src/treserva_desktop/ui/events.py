"""Application-wide events: what changed after a user action, so views reload only that."""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QObject, Signal

from treserva_desktop.ui.qt_compat import emit


class ChangeKind(StrEnum):
    """What a committed action changed; the tree maps each kind to the folders it affects."""

    ASSIGNMENTS = "assignments"
    EXECUTIONS = "executions"
    PERSONS = "persons"
    MESSAGES = "messages"
    MY_PERSONS = "my_persons"
    JOURNALS = "journals"
    PLANS = "plans"
    CONTRACTS = "contracts"
    DEVIATIONS = "deviations"
    UNITS = "units"
    VIEW_SETTINGS = "view_settings"


class AppEvents(QObject):
    """One instance per logged-in session, carried in the AppContext."""

    # Emitted after commit with a frozenset[ChangeKind].
    data_changed = Signal(object)

    def changed(self, *kinds: ChangeKind) -> None:
        emit(self.data_changed, frozenset(kinds))
