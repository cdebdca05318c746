"""Commands for Genomförande: Kvittera."""

from __future__ import annotations

from treserva_desktop.domain.commands import Command


class AcknowledgeAssignment(Command):
    """Kvittera in Genomförande, optionally with Flytta till Mina personer."""

    assignment_id: int
    move_to_my_persons: bool = False
