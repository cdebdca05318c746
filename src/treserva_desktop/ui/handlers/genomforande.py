"""Handler of the toolbar action Genomförande: the window where staff acknowledge (Kvittera)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treserva_desktop.ui.genomforande.genomforande_window import GenomforandeWindow

if TYPE_CHECKING:
    from treserva_desktop.ui.actions import ActionContext


def open_genomforande(actx: ActionContext) -> None:
    """Open Genomförande (or bring it forward) for the logged-in user's units."""
    GenomforandeWindow.show_for(actx.parent, actx.ctx)
