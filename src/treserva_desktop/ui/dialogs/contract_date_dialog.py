"""Kontrakt › datum: the day the contract (or the change of object) applies from, then a
Ja/Nej to check the details before it is saved; a date the service would refuse is shown as
refused at OK, before the question."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QFormLayout, QVBoxLayout, QWidget

from treserva_desktop.domain.commands.housing import ChangeObject, CreateContract
from treserva_desktop.domain.views.housing import ContractResult, HousingObjectView
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs.plan_form import PlanDialog, ask_modal, ok_cancel
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Rehearse, Submit, Submitted
from treserva_desktop.ui.widgets.common import heading, muted_label
from treserva_desktop.ui.widgets.date_field import DateField

ContractCommand = CreateContract | ChangeObject
ContractSubmit = Submit[ContractCommand, ContractResult]


class ContractDateDialog(PlanDialog[ContractCommand, ContractResult]):
    """`command` holds the CreateContract or ChangeObject after OK and Ja."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        title: str,
        person_text: str,
        target: HousingObjectView,
        current_text: str,
        start: date,
        make: Callable[[date], ContractCommand],
        submit: ContractSubmit | None = None,
        rehearse: Rehearse[ContractCommand] | None = None,
    ) -> None:
        super().__init__(parent, title=title, submit=submit, rehearse=rehearse)
        self.setObjectName("contract_date_dialog")
        self.setWindowIcon(icon("housing"))
        self.title_text = title
        self.person_text = person_text
        self.target = target
        self.current_text = current_text
        self._make = make
        self.start = DateField("start_date", "Datum", start)
        form = QFormLayout()
        form.addRow("&Datum:", self.errors.wrap(self.start, "start_date"))
        buttons, self.ok_button = ok_cancel(self, "&OK")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(title, scale=1.2))
        layout.addWidget(muted_label(person_text))
        layout.addWidget(
            muted_label(
                f"Nytt objekt: {target.label} ({target.kind.label}) vid {target.unit_name}"
                + (f"\nNuvarande: {current_text}" if current_text else "")
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        self.start.setFocus()

    def build(self) -> ContractCommand:
        return self._make(self.start.value())

    def confirmed(self, command: ContractCommand) -> bool:
        day = f"{command.start_date:%Y-%m-%d}"
        text = (
            f"{self.person_text}\n\nObjekt: {self.target.label} ({self.target.kind.label}), "
            f"{self.target.unit_name}\nFrån och med: {day}"
        )
        if isinstance(command, ChangeObject):
            text += f"\nNuvarande kontrakt ({self.current_text}) avslutas dagen före."
        return messages.confirm(
            self, text + "\n\nStämmer uppgifterna?", title=self.title_text, default_yes=True
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        *,
        title: str,
        person_text: str,
        target: HousingObjectView,
        current_text: str,
        start: date,
        make: Callable[[date], ContractCommand],
        submit: ContractSubmit,
        rehearse: Rehearse[ContractCommand] | None = None,
    ) -> Submitted[ContractCommand, ContractResult] | None:
        return ask_modal(
            cls(
                parent,
                title=title,
                person_text=person_text,
                target=target,
                current_text=current_text,
                start=start,
                make=make,
                submit=submit,
                rehearse=rehearse,
            )
        )
