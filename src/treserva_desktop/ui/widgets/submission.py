"""Submitting a dialog that stays open on a refusal at one of its fields."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

from treserva_desktop.ui import messages
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents

C = TypeVar("C")
R = TypeVar("R")


def submit_or_stay(
    dialog: QWidget, errors: FieldErrors, submit: Submit[C, R], command: C
) -> Submitted[C, R] | None:
    """Run `submit` for the dialog. None keeps the dialog open: the database was busy (the
    input is kept for another try) or the refusal names one of its fields (shown there).
    Otherwise what the dialog closes with; a refusal without a field is shown in a box
    first (the dialog cannot help with it)."""
    outcome = submit(dialog, command)
    if outcome.busy:
        return None
    refused = outcome.refused
    if refused is not None and refused.field:
        errors.show(refused.field, refused.message)
        fit_to_contents(dialog)
        return None
    if refused is not None:
        messages.error(dialog, refused.message)
    return Submitted(command, outcome)
