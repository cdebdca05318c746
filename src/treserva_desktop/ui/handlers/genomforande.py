"""Handler of the toolbar action Genomförande: the window where staff acknowledge (Kvittera)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treserva_desktop.domain.enums import Permission
from treserva_desktop.ui.action_ids import ActionId, MenuId, Section
from treserva_desktop.ui.action_spec import ActionSpec
from treserva_desktop.ui.genomforande.genomforande_window import GenomforandeWindow

if TYPE_CHECKING:
    from treserva_desktop.ui.action_spec import ActionContext


def open_genomforande(actx: ActionContext) -> None:
    """Open Genomförande (or bring it forward) for the logged-in user's units."""
    GenomforandeWindow.show_for(actx.parent, actx.ctx)


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        ActionId.GENOMFORANDE,
        "Genomförande",
        open_genomforande,
        section=Section.GENOMFORANDE,
        shortcut="Ctrl+G",
        menu=MenuId.SHORTCUTS,
        toolbar=True,
        permission=Permission.ACKNOWLEDGE_ASSIGNMENT,
        icon="genomforande",
        status_tip="Öppna Genomförande och kvittera nya uppdrag för dina enheter (Ctrl+G)",
    ),
)
