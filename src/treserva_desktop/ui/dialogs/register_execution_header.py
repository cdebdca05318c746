"""Registrera's header: the intervention, the person and the decision, and the yellow note
when the person lacks a billing area."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from treserva_desktop.domain.enums import ExecutionStatus
from treserva_desktop.domain.views import ExecutionRowView, period_text
from treserva_desktop.domain.views.distribution import (
    AssignmentDistributionView,
    DistributionIntervention,
)
from treserva_desktop.ui.widgets.common import heading, muted_label, protected_badge

SET_BILLING_AREA = "Ange &debiteringsområde…"
BILLING_MISSING = (
    "Personen saknar debiteringsområde. Insatsen kan inte skickas till genomförande förrän "
    "debiteringsområde är angivet."
)
BILLING_MISSING_CAN_SET = BILLING_MISSING + " Ange det här, så kan du skicka den direkt."
BILLING_MISSING_NO_RIGHT = (
    BILLING_MISSING + " Du har inte behörighet att ange det, så raden sparas som Under "
    "fördelning tills någon har angett debiteringsområde."
)
WARNING_STYLE = (
    "#billing_box { background:#fff3c4; border:1px solid #d9b84a; border-radius:3px; }"
    "#billing_warning { color:#6b5200; }"
)


class BillingBox(QFrame):
    """The note that the person lacks a billing area, with Ange debiteringsområde… (`button`,
    shown only when the user may set it)."""

    def __init__(self, *, can_set: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("billing_box")
        self.setStyleSheet(WARNING_STYLE)
        warning = QLabel(BILLING_MISSING_CAN_SET if can_set else BILLING_MISSING_NO_RIGHT)
        warning.setObjectName("billing_warning")
        warning.setWordWrap(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.setSpacing(10)
        row.addWidget(warning, 1)
        self.button = QPushButton(SET_BILLING_AREA)
        self.button.setObjectName("set_billing_area_button")
        self.button.setAutoDefault(False)
        self.button.setVisible(can_set)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignVCenter)


def header(
    view: AssignmentDistributionView,
    intervention: DistributionIntervention,
    row: ExecutionRowView | None,
    billing_box: BillingBox | None,
) -> QVBoxLayout:
    """Intervention name, person (with the protected badge), decision; for a row Under
    fördelning what is left to do; the billing note when given."""
    title = heading(intervention.name, scale=1.25)
    title.setObjectName("intervention_name")
    person = view.person
    who = QHBoxLayout()
    who.setSpacing(8)
    who_label = muted_label(f"{person.name}, {person.identity_display}")
    who_label.setWordWrap(False)
    who_label.setObjectName("person")
    who.addWidget(who_label)
    if person.protected_identity:
        who.addWidget(protected_badge())
    who.addStretch(1)
    decision = muted_label(
        f"Beslut {view.decided_on:%Y-%m-%d}, period "
        f"{period_text(view.decision_start, view.decision_end)}"
    )
    decision.setObjectName("decision")
    layout = QVBoxLayout()
    layout.setSpacing(2)
    layout.addWidget(title)
    layout.addLayout(who)
    layout.addWidget(decision)
    if row is not None:
        note = muted_label(
            f"Raden har status {ExecutionStatus.UNDER_DISTRIBUTION.label}. Ange tidsåtgång "
            "och skicka den till genomförande."
        )
        layout.addWidget(note)
    if billing_box is not None:
        layout.addSpacing(4)
        layout.addWidget(billing_box)
    return layout
