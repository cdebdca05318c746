"""Avsluta kontrakt: uppsägningsdatum, utflyttningsdatum and orsak, then Spara."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QComboBox, QFormLayout, QVBoxLayout, QWidget

from treserva_desktop.domain import housing_rules
from treserva_desktop.domain.commands.housing import EndContract
from treserva_desktop.domain.errors import ValidationError
from treserva_desktop.domain.views.housing import ContractResult, ContractView
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs.plan_form import PlanDialog, ask_modal, ok_cancel
from treserva_desktop.ui.icons import icon
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.common import heading, muted_label
from treserva_desktop.ui.widgets.date_field import DateField

EndSubmit = Submit[EndContract, ContractResult]


class ContractEndDialog(PlanDialog[EndContract, ContractResult]):
    """`command` holds the EndContract after Spara and a Ja to the question."""

    def __init__(
        self,
        parent: QWidget | None,
        contract: ContractView,
        *,
        reasons: Sequence[tuple[str, str]],
        today: date,
        move_out_on: date | None = None,
        submit: EndSubmit | None = None,
    ) -> None:
        super().__init__(parent, title="Avsluta kontrakt", submit=submit)
        self.setObjectName("contract_end_dialog")
        self.setWindowIcon(icon("housing"))
        self.contract = contract
        start = max(today, contract.start_date)
        self.notice_on = DateField("notice_on", "Uppsägningsdatum", start)
        self.move_out_on = DateField(
            "move_out_on", "Utflyttningsdatum", max(move_out_on or start, start)
        )
        self.reason = QComboBox()
        self.reason.setObjectName("reason_code")
        self.reason.setAccessibleName("Orsak")
        self.reason.addItem("", "")
        for code, name in reasons:
            self.reason.addItem(name, code)
        form = QFormLayout()
        form.addRow("&Uppsägningsdatum:", self.errors.wrap(self.notice_on, "notice_on"))
        form.addRow("U&tflyttningsdatum:", self.errors.wrap(self.move_out_on, "move_out_on"))
        form.addRow("&Orsak:", self.errors.wrap(self.reason, "reason_code"))
        buttons, self.ok_button = ok_cancel(self, "&Spara")
        self.ok_button.setObjectName("save_button")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Avsluta kontrakt", scale=1.2))
        layout.addWidget(
            muted_label(
                f"{contract.person_name}, {contract.identity_display} · {contract.object_label} "
                f"({contract.kind.label}) vid {contract.unit_name}, från "
                f"{contract.start_date:%Y-%m-%d}"
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        self.notice_on.setFocus()

    def build(self) -> EndContract:
        housing_rules.check_end(
            start=self.contract.start_date,
            current_end=self.contract.move_out_on,
            notice_on=self.notice_on.value(),
            move_out_on=self.move_out_on.value(),
        )
        code = str(self.reason.currentData() or "")
        if not code:
            raise ValidationError("Välj en orsak i listan.", field="reason_code")
        return EndContract(
            contract_id=self.contract.id,
            notice_on=self.notice_on.value(),
            move_out_on=self.move_out_on.value(),
            reason_code=code,
            expected_version=self.contract.version,
        )

    def confirmed(self, command: EndContract) -> bool:
        return messages.confirm(
            self,
            f"Vill du avsluta kontraktet på {self.contract.object_label} med utflyttning "
            f"{command.move_out_on:%Y-%m-%d}? Objektet blir ledigt dagen efter.",
            title="Avsluta kontrakt",
            default_yes=False,
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        contract: ContractView,
        *,
        reasons: Sequence[tuple[str, str]],
        today: date,
        move_out_on: date | None = None,
        submit: EndSubmit,
    ) -> Submitted[EndContract, ContractResult] | None:
        return ask_modal(
            cls(
                parent,
                contract,
                reasons=reasons,
                today=today,
                move_out_on=move_out_on,
                submit=submit,
            )
        )
