"""Open dialogs and panes told at once when their assignment changes on another workstation
(the version check at OK stays the guarantee): who did what, read with the user's own
permissions."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from treserva_desktop.db.queries.live import assignment_last_change
from treserva_desktop.domain.changes import ChangeKind, ChangeSet
from treserva_desktop.domain.views.live import AssignmentLastChange
from treserva_desktop.ui.context import AppContext
from treserva_desktop.ui.formatting import local_time
from treserva_desktop.ui.runner import fetch

CHANGED_ELSEWHERE = "Uppdraget har ändrats på en annan arbetsstation."
# The kinds a change of an assignment (its status, its rows) comes with.
WATCHED = frozenset({ChangeKind.ASSIGNMENTS, ChangeKind.EXECUTIONS})


def change_text(last: AssignmentLastChange | None) -> str:
    """'Uppdraget har fördelats av Anna Svensson kl. 10:42', as much of it as is known."""
    if last is None:
        return CHANGED_ELSEWHERE
    by = f" av {last.by}" if last.by else ""
    at = f" kl. {local_time(last.at):%H:%M}" if last.at is not None else ""
    return f"Uppdraget har {last.kind.verb}{by}{at}."


class AssignmentWatch(QObject):
    """While its parent (a dialog, a pane) lives: another workstation's change of the
    assignment `current()` names is said with `show`. Own changes never come here."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QObject,
        current: Callable[[], int | None],
        show: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._current = current
        self._show = show
        ctx.events.remote_changed.connect(self.on_remote_change)

    def on_remote_change(self, change: ChangeSet) -> None:
        assignment_id = self._current()
        if assignment_id is None or not change.any_of(WATCHED):
            return
        if not change.touches_assignment(assignment_id):
            return
        last = fetch(self._ctx, assignment_last_change, assignment_id)
        self._show(change_text(last.value) if last.ok else CHANGED_ELSEWHERE)
