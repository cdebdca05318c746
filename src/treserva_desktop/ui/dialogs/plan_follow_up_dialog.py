"""Följ upp genomförandeplan: the date, what came of it and the next follow-up."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QFormLayout, QPlainTextEdit, QVBoxLayout, QWidget

from treserva_desktop.domain import plan_rules
from treserva_desktop.domain.commands.plans import FollowUpPlan
from treserva_desktop.domain.views.plans import PlanResult, PlanView
from treserva_desktop.ui.dialogs.plan_form import PlanDialog, ask_modal, ok_cancel
from treserva_desktop.ui.runner import Submit, Submitted
from treserva_desktop.ui.widgets.common import heading, muted_label
from treserva_desktop.ui.widgets.date_field import DateField

FollowUpSubmit = Submit[FollowUpPlan, PlanResult]


class PlanFollowUpDialog(PlanDialog[FollowUpPlan, PlanResult]):
    """`command` holds a FollowUpPlan after OK."""

    def __init__(
        self,
        parent: QWidget | None,
        view: PlanView,
        *,
        today: date,
        follow_up_months: int = plan_rules.DEFAULT_FOLLOW_UP_MONTHS,
        submit: FollowUpSubmit | None = None,
    ) -> None:
        super().__init__(parent, title="Följ upp genomförandeplan", submit=submit)
        self.setObjectName("plan_follow_up_dialog")
        self.view = view
        self.today = today
        self.months = follow_up_months
        errors = self.errors
        self.followed_up_on = DateField("followed_up_on", "Uppföljd datum", today)
        self.comment = QPlainTextEdit()
        self.comment.setObjectName("comment")
        self.comment.setAccessibleName("Resultat")
        self.comment.setTabChangesFocus(True)
        self.comment.setPlaceholderText(
            "Hur har det gått med målen och aktiviteterna? Vad tycker personen?"
        )
        self.comment.setMinimumHeight(110)
        self.plan_next = QCheckBox("&Planera nästa uppföljning")
        self.plan_next.setObjectName("plan_next")
        self.plan_next.setChecked(True)
        self.next_follow_up = DateField(
            "next_follow_up_on",
            "Nästa uppföljning",
            plan_rules.default_next_follow_up(today, follow_up_months),
        )
        self.plan_next.toggled.connect(self.next_follow_up.setEnabled)
        self.followed_up_on.dateChanged.connect(self._followed_up_changed)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.addRow("&Uppföljd datum:", errors.wrap(self.followed_up_on, "followed_up_on"))
        form.addRow("&Resultat:", errors.wrap(self.comment, "comment"))
        form.addRow("", self.plan_next)
        form.addRow("&Nästa uppföljning:", errors.wrap(self.next_follow_up, "next_follow_up_on"))
        buttons, self.ok_button = ok_cancel(self, "&OK")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(view.title, scale=1.2))
        layout.addWidget(
            muted_label(f"{view.person_name}, {view.identity_display} · {view.unit_name}")
        )
        due = (
            f"Uppföljningen var planerad till {view.next_follow_up_on:%Y-%m-%d}."
            if view.next_follow_up_on
            else "Ingen uppföljning var planerad."
        )
        layout.addWidget(
            muted_label(
                f"{due} Behöver målen eller aktiviteterna ändras? Avsluta planen och upprätta "
                "en ny tillsammans med personen: en upprättad plan ändras inte i efterhand."
            )
        )
        layout.addLayout(form)
        layout.addWidget(errors.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        self.comment.setFocus()

    def _followed_up_changed(self, *_args: object) -> None:
        self.next_follow_up.set_value(
            plan_rules.default_next_follow_up(self.followed_up_on.value(), self.months)
        )

    def build(self) -> FollowUpPlan:
        comment = self.comment.toPlainText().strip()
        next_on = self.next_follow_up.value() if self.plan_next.isChecked() else None
        followed_up_on = self.followed_up_on.value()
        plan_rules.check_follow_up(
            established_on=self.view.established_on,
            last_follow_up_on=self.view.follow_ups[-1].followed_up_on
            if self.view.follow_ups
            else None,
            ended_on=self.view.ended_on,
            followed_up_on=followed_up_on,
            today=self.today,
            comment=comment,
            next_follow_up_on=next_on,
        )
        return FollowUpPlan(
            plan_id=self.view.id,
            followed_up_on=followed_up_on,
            comment=comment,
            next_follow_up_on=next_on,
            expected_version=self.view.version,
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        view: PlanView,
        *,
        today: date,
        follow_up_months: int,
        submit: FollowUpSubmit,
    ) -> Submitted[FollowUpPlan, PlanResult] | None:
        return ask_modal(
            cls(parent, view, today=today, follow_up_months=follow_up_months, submit=submit)
        )
