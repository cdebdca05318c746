"""Commands for Läs uppdrag: reading and printing or saving the document."""

from __future__ import annotations

from treserva_desktop.domain.commands import Command


class AssignmentRef(Command):
    assignment_id: int


class AssignmentOutput(Command):
    """The assignment document was printed (Skriv ut) or saved to a file (Spara som)."""

    assignment_id: int
    saved_to_file: bool = False
