"""Confirm a person found by identity number: name, number and address before acting on them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from treserva_desktop.domain.views.authority import PersonMatch
from treserva_desktop.ui.dialogs import run_modal
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.widgets.common import badge, heading, icon_heading, value_label

QUESTION = "Är det här rätt person? Jämför namn och nummer med beslutsunderlaget."


class PersonConfirmDialog(QDialog):
    """Shows who the number belongs to; only Välj personen uses them."""

    def __init__(
        self, match: PersonMatch, parent: QWidget | None = None, *, number_label: str = ""
    ) -> None:
        super().__init__(parent)
        self.match = match
        self.setObjectName("person_confirm_dialog")
        self.setWindowTitle("Bekräfta person")
        kind_icon = icon("person_protected" if match.protected_identity else "person")
        header, _icon_label, _title = icon_heading(kind_icon, "Personen finns redan registrerad")

        question = QLabel(QUESTION)
        question.setWordWrap(True)

        card = QFrame()
        card.setObjectName("person_card")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setStyleSheet(
            "#person_card { background:#f6f8fb; border:1px solid #b7c4d1; border-radius:4px; }"
        )
        self.name = heading(match.name, scale=1.2)
        self.name.setObjectName("confirm_name")
        self.number = value_label(match.identity_display)
        self.number.setObjectName("confirm_number")
        number_font = self.number.font()
        number_font.setPointSizeF(number_font.pointSizeF() * 1.15)
        number_font.setBold(True)
        self.number.setFont(number_font)
        self.address = value_label(match.address or "Ingen adress registrerad")
        self.address.setObjectName("confirm_address")
        form = QFormLayout()
        form.addRow("Namn:", self.name)
        form.addRow(f"{number_label or 'Personnummer'}:", self.number)
        form.addRow("Adress:", self.address)
        card_layout = QVBoxLayout(card)
        card_layout.addLayout(form)
        if match.protected_identity:
            card_layout.addWidget(
                badge("Skyddad identitet – lämna inte ut uppgifter om personen", "protected"),
                0,
                Qt.AlignmentFlag.AlignLeft,
            )

        buttons = QDialogButtonBox()
        self.confirm_button = buttons.addButton(
            "&Välj personen", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.confirm_button.setObjectName("confirm_button")
        self.cancel_button = buttons.addButton(
            "&Fel person – sök igen", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.cancel_button.setObjectName("cancel_button")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(question)
        layout.addWidget(card)
        layout.addSpacing(4)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.confirm_button.setDefault(True)

    @classmethod
    def ask(
        cls, parent: QWidget | None, match: PersonMatch, *, number_label: str = ""
    ) -> PersonMatch | None:
        """The person when the user confirms them, None otherwise."""
        dialog = cls(match, parent, number_label=number_label)
        return run_modal(dialog, lambda: match)
