"""Commands of Ej aktuella – att avsluta: taking a person out of the folder and back."""

from __future__ import annotations

from treserva_desktop.domain.commands import Command


class RemoveFromNotCurrent(Command):
    """Ta bort ur mapp: the person leaves the actor's folder (documents printed)."""

    person_id: int


class ShowAgainInNotCurrent(Command):
    """Visa i mapp igen: a person the actor removed shows in the folder again."""

    person_id: int
