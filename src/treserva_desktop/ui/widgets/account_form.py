"""What the account dialogs (Byt lösenord, Ny användare, Lösenord…, the lock screen) share:
password and text inputs with their length limits, and the intro · form · errors · buttons
layout with an action button and Avbryt."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from treserva_desktop.domain.field_lengths import max_length
from treserva_desktop.ui.widgets.field_errors import FieldErrors, fit_to_contents

if TYPE_CHECKING:
    from treserva_desktop.ui.runner import Attempt

C = TypeVar("C")
R = TypeVar("R")


def show_refusal(dialog: QDialog, errors: FieldErrors, field: str | None, message: str) -> None:
    """The reason at its field (or under the form), the dialog grown to show it."""
    errors.show(field, message)
    fit_to_contents(dialog)


def submit_shown(
    dialog: QDialog,
    errors: FieldErrors,
    submit: Callable[[QDialog, C], Attempt[R]],
    command: C,
) -> Attempt[R] | None:
    """Run `submit`; a refusal is shown at its field and an unexpected error was shown by the
    runner, and both give None: the dialog stays open."""
    outcome = submit(dialog, command)
    if outcome.refused is not None:
        show_refusal(dialog, errors, outcome.refused.field, outcome.refused.message)
        return None
    return outcome if outcome.ok else None


def password_field(name: str, accessible: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setAccessibleName(accessible)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(max_length("password"))
    return field


def text_field(name: str, accessible: str, length_field: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setAccessibleName(accessible)
    field.setMaxLength(max_length(length_field))
    return field


def account_form() -> QFormLayout:
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def lay_out_account_dialog(
    dialog: QDialog,
    intro_text: str,
    form: QFormLayout,
    errors: FieldErrors,
    *,
    action: str,
    action_name: str,
    width: int,
) -> QPushButton:
    """Intro, form, the general error line and [action] [Avbryt]; returns the action button
    (the default button; it accepts the dialog)."""
    intro = QLabel(intro_text)
    intro.setWordWrap(True)
    buttons = QDialogButtonBox()
    ok_button = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
    ok_button.setObjectName(action_name)
    buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(intro)
    layout.addLayout(form)
    layout.addWidget(errors.general)
    layout.addWidget(buttons)
    dialog.setMinimumWidth(width)
    ok_button.setDefault(True)
    return ok_button
