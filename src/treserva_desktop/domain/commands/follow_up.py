"""Commands of Uppföljning: recording that a follow-up list left the application."""

from __future__ import annotations

from pydantic import Field

from treserva_desktop.domain.commands import Command


class ExportWaitingAssignments(Command):
    """Väntande uppdrag › Exportera…: the assignments written to the file (ids only)."""

    assignment_ids: tuple[int, ...] = Field(min_length=1)
    # The unit the list was filtered to, or None for every unit in the actor's scope.
    unit_id: int | None = None
