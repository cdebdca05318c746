"""Which desktop folders a role has: each folder needs the permission without which the
services and queries behind it refuse its content anyway, so a folder that could never hold
anything for the role is not offered."""

from __future__ import annotations

from collections.abc import Mapping

from treserva_desktop.domain.enums import Folder, Permission
from treserva_desktop.domain.rules import Actor

# Mina personer holds persons the user may read: adding one (Kvittera › Flytta till Mina
# personer) and taking one off need it (services/genomforande.py), and the list shows only
# persons within the user's reach. A systemadministratör reads no person records.
MY_PERSONS_PERMISSION = Permission.VIEW_PERSONS

# Inkorg is every role's; the folders not named here are too.
FOLDER_PERMISSION: Mapping[Folder, Permission] = {
    Folder.NEW_ASSIGNMENTS: Permission.VIEW_NEW_ASSIGNMENTS,
    Folder.SENT_ASSIGNMENTS: Permission.SEND_ASSIGNMENTS,
    Folder.MY_PERSONS: MY_PERSONS_PERMISSION,
    Folder.NOT_CURRENT: Permission.END_EXECUTION,
    Folder.MY_UNITS: Permission.VIEW_PERSONS,
    Folder.DEVIATIONS: Permission.REGISTER_DEVIATION,
}


def has_folder(actor: Actor, folder: Folder) -> bool:
    """Whether the actor's roles give the folder any content (else it is left out)."""
    needed = FOLDER_PERMISSION.get(folder)
    return needed is None or actor.can(needed)
