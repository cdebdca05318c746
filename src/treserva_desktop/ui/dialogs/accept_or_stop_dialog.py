"""Acceptera/Stoppa: a provider change received at the new unit, shown with where it comes
from and the takeover date; Acceptera leads into Acceptera och fördela, Stoppa into Stoppa
uppdrag (the reason goes back to the sender)."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.views.distribution import AssignmentDistributionView
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import heading, muted_label, value_label

TITLE = "Acceptera/Stoppa"


def header_text(view: AssignmentDistributionView) -> str:
    """What happens and from when: the takeover date, not the day the change was sent."""
    if view.change_date is None:
        return view.title
    source = (view.previous_unit_name or "").rsplit(" › ", 1)[-1]
    origin = f" från {source}" if source else ""
    return f"Byte av utförare{origin} den {view.change_date:%Y-%m-%d}"


class Choice(StrEnum):
    ACCEPT = "accept"
    STOP = "stop"


class AcceptOrStopDialog(QDialog):
    """`choice` is set by Acceptera or Stoppa; Avbryt leaves it None."""

    def __init__(self, view: AssignmentDistributionView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice: Choice | None = None
        self.setObjectName("accept_or_stop_dialog")
        self.setWindowTitle(TITLE)
        self.setWindowIcon(icon("assignment"))
        person = muted_label(f"{view.person.name}, {view.person.identity_display}")
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        rows = [
            ("Insatser:", "\n".join(item.name for item in view.interventions)),
            ("Från:", view.previous_unit_name or "–"),
            ("Till:", view.receiver_unit_name),
        ]
        if view.change_date is not None:
            rows.append(("Datum för övertagandet:", f"{view.change_date:%Y-%m-%d}"))
        for label, text in rows:
            form.addRow(label, value_label(text))
        ends = (
            f" den {view.change_date - timedelta(days=1):%Y-%m-%d}"
            if view.change_date is not None
            else ""
        )
        explanation = value_label(
            "Acceptera: fördela insatserna hos er. Raderna hos den tidigare utföraren avslutas "
            f"då automatiskt{ends}.\nStoppa: ange orsak. Avsändaren får ett meddelande och "
            "ingenting ändras hos den tidigare utföraren."
        )
        explanation.setObjectName("explanation")

        buttons = QDialogButtonBox()
        self.accept_button: QPushButton = buttons.addButton(
            "&Acceptera…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button.setObjectName("accept_button")
        self.stop_button: QPushButton = buttons.addButton(
            "&Stoppa…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.stop_button.setObjectName("stop_button")
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        self.accept_button.clicked.connect(lambda: self._choose(Choice.ACCEPT))
        self.stop_button.clicked.connect(lambda: self._choose(Choice.STOP))
        buttons.rejected.connect(self.reject)

        self.header = heading(header_text(view), scale=1.2)
        self.header.setObjectName("header")
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(person)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(explanation)
        layout.addWidget(buttons)
        # The wrapped labels take their height for the dialog's width; without a fixed size the
        # extra height went to them as empty gaps around the heading.
        # (SetFixedSize ignores the dialog's minimum width, so the text sets the width.)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        explanation.setMinimumWidth(540)
        self.accept_button.setDefault(True)

    def _choose(self, choice: Choice) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, view: AssignmentDistributionView) -> Choice | None:
        dialog = cls(view, parent)
        return run_modal(dialog, lambda: dialog.choice)
