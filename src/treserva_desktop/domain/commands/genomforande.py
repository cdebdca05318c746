"""Commands for Genomförande: Kvittera, Ångra and Mina personer."""

from __future__ import annotations

from treserva_desktop.domain.commands import Command


class AcknowledgeAssignment(Command):
    """Kvittera in Genomförande, optionally with Flytta till Mina personer."""

    assignment_id: int
    move_to_my_persons: bool = False
    # The user answered Ja to "Du har inte läst uppdraget. Kvittera ändå?".
    unread_confirmed: bool = False


class UndoAcknowledgement(Command):
    """Ångra the last Kvittera: the rows it acknowledged go back to Skickad till genomförande,
    and the person leaves Mina personer if that Kvittera put them there."""

    assignment_id: int
    execution_ids: tuple[int, ...]
    remove_from_my_persons: bool = False


class RemoveFromMyPersons(Command):
    """Mina personer › Ta bort ur Mina personer."""

    person_id: int
