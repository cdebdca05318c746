"""Avsluta genomförandeplan: the stop date (when the interventions end) and why."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QFormLayout, QVBoxLayout, QWidget

from treserva_desktop.domain import plan_rules
from treserva_desktop.domain.commands.plans import EndPlan
from treserva_desktop.domain.field_lengths import MAX_LENGTHS
from treserva_desktop.domain.views.plans import PlanResult, PlanView
from treserva_desktop.ui import messages
from treserva_desktop.ui.dialogs.plan_form import PlanDialog, ask_modal, ok_cancel
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.common import heading, muted_label
from treserva_desktop.ui.widgets.date_field import DateField

EndSubmit = Submit[EndPlan, PlanResult]
# Offered in the list; any other reason may be typed.
REASONS = (
    "Insatserna har avslutats",
    "Ny genomförandeplan upprättas",
    "Personen har flyttat",
    "Personen har avlidit",
    "Byte av utförare",
)
CONFIRM = (
    "Vill du avsluta genomförandeplanen med stoppdatum {day}? En avslutad plan kan inte "
    "följas upp eller öppnas igen."
)


class PlanEndDialog(PlanDialog[EndPlan, PlanResult]):
    """`command` holds an EndPlan after OK and a Ja to the question."""

    def __init__(
        self,
        parent: QWidget | None,
        view: PlanView,
        *,
        today: date,
        submit: EndSubmit | None = None,
    ) -> None:
        super().__init__(parent, title="Avsluta genomförandeplan", submit=submit)
        self.setObjectName("plan_end_dialog")
        self.view = view
        errors = self.errors
        self.ended_on = DateField("ended_on", "Stoppdatum", max(today, view.latest_date))
        self.reason = QComboBox()
        self.reason.setObjectName("reason")
        self.reason.setAccessibleName("Orsak")
        self.reason.setEditable(True)
        self.reason.addItems(REASONS)
        line = self.reason.lineEdit()
        if line is not None:
            line.setMaxLength(MAX_LENGTHS["end_reason"])
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Stoppdatum:", errors.wrap(self.ended_on, "ended_on"))
        form.addRow("&Orsak:", errors.wrap(self.reason, "reason"))
        buttons, self.ok_button = ok_cancel(self, "&OK")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(view.title, scale=1.2))
        layout.addWidget(
            muted_label(f"{view.person_name}, {view.identity_display} · {view.unit_name}")
        )
        layout.addWidget(
            muted_label(
                "Stoppdatum är dagen då insatserna upphör. Planen finns kvar och kan skrivas "
                "ut, men den följs inte upp längre."
            )
        )
        layout.addLayout(form)
        layout.addWidget(errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.ended_on.setFocus()

    def build(self) -> EndPlan:
        reason = self.reason.currentText().strip()
        plan_rules.check_end(
            established_on=self.view.established_on,
            last_follow_up_on=self.view.follow_ups[-1].followed_up_on
            if self.view.follow_ups
            else None,
            ended_on=self.view.ended_on,
            stop_date=self.ended_on.value(),
            reason=reason,
        )
        return EndPlan(
            plan_id=self.view.id,
            ended_on=self.ended_on.value(),
            reason=reason,
            expected_version=self.view.version,
        )

    def confirmed(self, command: EndPlan) -> bool:
        return messages.confirm(
            self,
            CONFIRM.format(day=f"{command.ended_on:%Y-%m-%d}"),
            title="Avsluta genomförandeplan",
            default_yes=False,
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, view: PlanView, *, today: date, submit: EndSubmit
    ) -> Submitted[EndPlan, PlanResult] | None:
        return ask_modal(cls(parent, view, today=today, submit=submit))
